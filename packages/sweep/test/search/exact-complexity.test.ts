import { describe, expect, it } from "vitest";
import type { PointSpec } from "@scoresweep/core";
import { exactComplexity, usesExactOracle } from "../../src/search/exact-complexity.js";
import { loadGolden } from "../../../core/test/golden.js";

const golden = loadGolden("iteration_complexity.json");

describe("exactComplexity: golden iteration_complexity.json", () => {
  for (const c of golden.cases) {
    for (const [key, target] of [
      ["p0", "p0"],
      ["pdelta", "p_delta"],
    ] as const) {
      it(`exactComplexity: ${c.id} (${target}) K_min, bracket and status for every eps`, () => {
        const point: PointSpec = { ...c.point, metric: { ...c.point.metric, target } };
        const grid: number[] = c.inputs.k_grid;
        const rows = exactComplexity(point, c.inputs.eps_list, grid);
        rows.forEach((r, i) => {
          const e = c.expected[key][String(c.inputs.eps_list[i])];
          expect(r.eps).toBe(c.inputs.eps_list[i]);
          expect(r.steps, `${c.id} ${target} eps=${r.eps}: got ${r.steps}, expected K_min ${e.K_min}`).toBe(e.K_min);
          expect(r.method).toBe("exact_oracle");
          expect(r.undecided).toEqual([]);
          if (e.K_min === null) {
            expect(r).toMatchObject({ status: "unreached", bracketLow: grid[grid.length - 1], bracketHigh: null, estimate: null });
          } else {
            const j = grid.indexOf(e.K_min);
            expect(r).toMatchObject({ status: "resolved", bracketHigh: e.K_min, bracketLow: j > 0 ? grid[j - 1] : null });
            expect(r.estimate).toBeLessThanOrEqual(r.eps);
          }
        });
      });
    }
  }
});

describe("exactComplexity: edges", () => {
  const point = golden.cases[0].point as PointSpec;
  it("exactComplexity: first grid K reached → no lower bracket", () => {
    expect(exactComplexity(point, [100], [2, 4])[0]).toMatchObject({ steps: 2, bracketLow: null, bracketHigh: 2, status: "resolved" });
  });
  it("exactComplexity: bad eps rejected with the field name (core's validation)", () => {
    expect(() => exactComplexity(point, [0.1, 0], [2, 4])).toThrow(/^eps\[1\]: /);
  });
  it("usesExactOracle: only the exact estimator", () => {
    expect(usesExactOracle(point)).toBe(true);
    expect(usesExactOracle({ ...point, metric: { estimator: "gaussian_fit" } })).toBe(false);
  });
});
