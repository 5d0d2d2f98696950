import { describe, expect, it } from "vitest";
import { countPoints, expandSpec } from "@scoresweep/sweep";
import { REPRODUCTIONS, getAvailableReproduction, getReproduction, loadReproductionSpec } from "../../src/reproductions/registry.js";
import { ReportError } from "../../src/report-error.js";

const available = REPRODUCTIONS.filter((r) => r.status === "available");

describe("REPRODUCTIONS", () => {
  it("REPRODUCTIONS: lists every reproduction of DESIGN §6, the Monte Carlo ones as not yet available", () => {
    expect(REPRODUCTIONS.map((r) => r.id)).toEqual(["gnz-complexity", "gnz-lower-bound", "gnz-schedules", "wup-robustness", "siem-proxy", "ou-score"]);
    expect(available.map((r) => r.id)).toEqual(["gnz-complexity", "gnz-lower-bound", "gnz-schedules"]);
    for (const r of REPRODUCTIONS) if (r.status !== "available") expect("analyze" in r).toBe(false);
  });

  for (const r of available) {
    it(`loadReproductionSpec: ${r.id} has a full and a smaller quick spec that expand, with distinct campaign names`, () => {
      const full = loadReproductionSpec(r.id, false).spec;
      const quick = loadReproductionSpec(r.id, true).spec;
      expect(expandSpec(full, { yes: true }).length).toBe(countPoints(full));
      expect(expandSpec(quick).length).toBe(countPoints(quick));
      expect(countPoints(quick)).toBeLessThanOrEqual(countPoints(full));
      expect(quick.name).toBe(`${full.name}-quick`);
      expect(full.name).toBe(r.id);
    });
  }

  it("getReproduction / getAvailableReproduction: unknown and not-yet-available ids are ReportErrors", () => {
    expect(getReproduction("gnz-schedules").id).toBe("gnz-schedules");
    expect(() => getReproduction("nope")).toThrow(ReportError);
    expect(() => getReproduction("nope")).toThrow(/must be one of gnz-complexity \| gnz-lower-bound/);
    expect(() => getAvailableReproduction("siem-proxy")).toThrow(/siem-proxy is not yet available/);
  });
});
