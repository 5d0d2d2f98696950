import { describe, expect, it } from "vitest";
import {
  complexityOnCurve,
  complexitySearch,
  curveShape,
  exactCurve,
  geometricGrid,
  InvalidParameterError,
  optimizeHorizon,
  type PointSpec,
} from "../../src/index.js";
import { expectClose, loadGolden } from "../golden.js";

const golden = loadGolden("iteration_complexity.json");

const withTarget = (p: PointSpec, target: "p0" | "p_delta"): PointSpec => ({ ...p, metric: { ...p.metric, target } });

describe("geometricGrid", () => {
  it("geometricGrid: reproduces the golden k_grid (2:100000:1.25)", () => {
    for (const c of golden.cases) expect(geometricGrid(2, 100000, 1.25)).toEqual(c.inputs.k_grid);
  });
  it("geometricGrid: removes duplicates and stops at max", () => {
    expect(geometricGrid(1, 10, 1.1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(geometricGrid(5, 5, 2)).toEqual([5]);
  });
  it("geometricGrid: rejects bad ranges with the field name", () => {
    expect(() => geometricGrid(0, 10, 2)).toThrow(/^grid\.min: /);
    expect(() => geometricGrid(10, 5, 2)).toThrow(/^grid\.max: /);
    expect(() => geometricGrid(1, 10, 1)).toThrow(/^grid\.ratio: /);
  });
});

describe("complexitySearch: golden iteration_complexity.json", () => {
  for (const c of golden.cases) {
    for (const [key, target] of [
      ["p0", "p0"],
      ["pdelta", "p_delta"],
    ] as const) {
      it(`complexitySearch: ${c.id} (${target}) curve, K_min, K_min_stable and monotonicity`, () => {
        const tol = { rtol: c.tolerance.curve_rtol, atol: c.tolerance.curve_atol };
        const point = withTarget(c.point, target);
        const curve = exactCurve(point, c.inputs.k_grid);
        const w2 = curve.w2All();
        expectClose(c.id, `w2_${key}_curve`, w2, c.expected[`w2_${key}_curve`], tol);
        const exp = c.expected[key];
        const shape = curveShape(c.inputs.k_grid, w2);
        expect(shape.monotone_nonincreasing, `${c.id} monotone`).toBe(exp.monotone_nonincreasing);
        expect(shape.first_increase_K, `${c.id} first_increase_K`).toBe(exp.first_increase_K);
        const rows = complexityOnCurve(curve, c.inputs.eps_list, { stable: true });
        rows.forEach((row, i) => {
          const e = exp[String(c.inputs.eps_list[i])];
          expect(row.eps).toBe(c.inputs.eps_list[i]);
          expect(row.steps, `${c.id} eps=${row.eps} K_min`).toBe(e.K_min);
          expect(row.steps_stable, `${c.id} eps=${row.eps} K_min_stable`).toBe(e.K_min_stable);
          if (e.w2_at_K_min === null) expect(row.w2).toBeNull();
          else expectClose(c.id, `w2_at_K_min(${row.eps})`, row.w2, e.w2_at_K_min, tol);
        });
        // The public entry agrees with the curve-based search (lazy: no stable field unless asked).
        const direct = complexitySearch(point, c.inputs.eps_list, c.inputs.k_grid);
        expect(direct.map((r) => r.steps)).toEqual(rows.map((r) => r.steps));
        expect(direct.every((r) => !("steps_stable" in r))).toBe(true);
      });
    }
  }
});

describe("complexitySearch: laziness and validation", () => {
  const point = golden.cases[0].point as PointSpec;
  it("complexitySearch: stops evaluating once every eps is met", () => {
    const curve = exactCurve(point, golden.cases[0].inputs.k_grid);
    const rows = complexityOnCurve(curve, [0.5, 0.2]);
    expect(rows.map((r) => r.steps)).toEqual([5, 8]);
    const evaluated = (curve as unknown as { cache: unknown[] }).cache.filter((x) => x !== undefined).length;
    expect(evaluated).toBe(golden.cases[0].inputs.k_grid.indexOf(8) + 1);
  });
  it("complexitySearch: unreachable eps gives null", () => {
    expect(complexitySearch(point, [1e-9], [2, 4, 8])).toEqual([{ eps: 1e-9, steps: null, w2: null }]);
  });
  it("complexitySearch: bad eps and grids are rejected with the field name", () => {
    expect(() => complexitySearch(point, [0], [2])).toThrow(/^eps\[0\]: /);
    expect(() => complexitySearch(point, [], [2])).toThrow(InvalidParameterError);
    expect(() => complexitySearch(point, [0.1], [])).toThrow(/^grid: /);
    expect(() => complexitySearch(point, [0.1], [3, 2])).toThrow(/^grid\[1\]: .*strictly increasing/);
    expect(() => complexitySearch(point, [0.1], [0, 2])).toThrow(/^grid\[0\]: /);
  });
});

describe("optimizeHorizon", () => {
  const base: PointSpec = {
    sde: { family: "ve_const", a: 1 },
    data: { kind: "gaussian", dim: 4, mean: 3, std: 1 },
    score: { kind: "exact" },
    sampler: { scheme: "em_integral" },
    metric: { estimator: "exact" },
  };
  it("optimizeHorizon: picks the T of the grid with the fewest steps and reports every T", () => {
    const grid = geometricGrid(2, 20000, 1.25);
    const Tgrid = [0.5, 2, 8, 32, 128];
    const r = optimizeHorizon(base, 0.2, grid, Tgrid);
    expect(r.perT.map((x) => x.T)).toEqual(Tgrid);
    for (const x of r.perT) expect(x.steps).toBe(complexitySearch({ ...base, sde: { ...base.sde, T: x.T } }, [0.2], grid)[0].steps);
    const reached = r.perT.filter((x) => x.steps !== null).map((x) => x.steps as number);
    expect(r.steps).toBe(Math.min(...reached));
    expect(r.perT.find((x) => x.T === r.T)!.steps).toBe(r.steps);
    // VE-2: a small T cannot reach eps (the initialisation error decays only like 1/T, papers.md §1(e)), a
    // large T needs more steps at the same accuracy: the optimum is interior.
    expect(r.perT[0].steps).toBeNull();
    expect(r.T).toBe(32);
    expect(r.perT[4].steps).toBeGreaterThan(r.steps!);
  });
  it("optimizeHorizon: null when no T reaches eps; bad T rejected", () => {
    expect(optimizeHorizon(base, 1e-12, [2, 4], [1, 2]).T).toBeNull();
    expect(() => optimizeHorizon(base, 0.1, [2], [1, -1])).toThrow(/^Tgrid\[1\]: /);
  });
});
