import { describe, expect, it } from "vitest";
import { SDE_FAMILIES, type SdeFamily } from "@scoresweep/core";
import { GNZ_LOWER_BOUND, GNZ_ROWS, gnzRow } from "../../src/reproductions/gnz-table.js";

describe("GNZ_ROWS", () => {
  it("GNZ_ROWS: every row's family exists in core and carries the same GNZ label", () => {
    expect(GNZ_ROWS).toHaveLength(8);
    for (const r of GNZ_ROWS) expect(r.row.startsWith(SDE_FAMILIES[r.family as SdeFamily].gnzRow!)).toBe(true);
  });

  it("GNZ_ROWS: VE-4 at c = 1/2 is VE-3 (papers.md §1(e) note)", () => {
    expect(gnzRow("ve_power")!.exponents({ c: 0.5 })).toEqual(gnzRow("ve_sqrt")!.exponents({}));
  });

  it("GNZ_ROWS: every upper bound is at least the lower bound Ω(√d/ε)", () => {
    for (const r of GNZ_ROWS) {
      const e = r.exponents({ c: 1.5 });
      expect(e.d).toBeGreaterThanOrEqual(GNZ_LOWER_BOUND.d);
      expect(e.invEps).toBeGreaterThanOrEqual(GNZ_LOWER_BOUND.invEps);
    }
  });
});
