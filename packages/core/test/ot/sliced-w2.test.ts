import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { emdW1, emdW2, InvalidParameterError, randomDirections, slicedW1, slicedW2, sorted1dW1, sorted1dW2, type PointCloud } from "../../src/index.js";
import { expectClose, loadGolden } from "../golden.js";
import { cloudOf, normalCloud, thrown, translate } from "./clouds.js";

const golden = loadGolden("estimators.json");
const cases = golden.cases.filter((c: any) => c.expected.sw2 !== undefined);

describe("slicedW2: golden estimators.json (given projections)", () => {
  it("slicedW2: the golden file has sliced cases", () => expect(cases.length).toBeGreaterThanOrEqual(2));
  for (const c of cases) {
    it(`slicedW2: ${c.id} matches sw2 and per_projection_w2_squared`, () => {
      const r = slicedW2(cloudOf(c.inputs.x), cloudOf(c.inputs.y), { directions: c.inputs.projections_columns });
      expectClose(c.id, "sw2", r.w2, c.expected.sw2, c.tolerance);
      expectClose(c.id, "per_projection_w2_squared", r.per_projection_w2_squared, c.expected.per_projection_w2_squared, c.tolerance);
      expect(r.projections).toBe(c.inputs.projections_columns.length);
    });
  }
});

const cloud = (n: number, d: number) =>
  fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n * d, maxLength: n * d }).map((v): PointCloud => ({ n, d, data: Float64Array.from(v) }));

describe("slicedW2: laws", () => {
  it("slicedW2: sliced <= exact (emd) on random clouds, for W2 and W1, random and given directions", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.integer({ min: 2, max: 4 }).chain((d) => fc.tuple(cloud(n, d), cloud(n, d)))),
        fc.integer({ min: 0, max: 1000 }),
        ([x, y], seed) => {
          const exact2 = emdW2(x, y).w2;
          const exact1 = emdW1(x, y).w1;
          expect(slicedW2(x, y, { projections: 20, seed }).w2).toBeLessThanOrEqual(exact2 * (1 + 1e-12) + 1e-12);
          expect(slicedW1(x, y, { projections: 20, seed }).w1).toBeLessThanOrEqual(exact1 * (1 + 1e-12) + 1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("slicedW2: is symmetric, zero on identical clouds, and |⟨c, θ⟩|-rms on a translation", () => {
    const x = normalCloud(300, 4, 1, "x");
    const y = normalCloud(200, 4, 1, "y", 2);
    expect(slicedW2(x, y, { seed: 3 }).w2).toBeCloseTo(slicedW2(y, x, { seed: 3 }).w2, 13);
    expect(slicedW2(x, x, { projections: 17 }).w2).toBe(0);
    const c = [1, -2, 0.5, 0];
    const dirs = randomDirections(50, 4, 9);
    let ms = 0;
    for (let l = 0; l < 50; l++) {
      let dot = 0;
      for (let k = 0; k < 4; k++) dot += c[k] * dirs[l * 4 + k];
      ms += dot * dot;
    }
    expect(slicedW2(x, translate(x, c), { projections: 50, seed: 9 }).w2).toBeCloseTo(Math.sqrt(ms / 50), 12);
  });

  it("slicedW2: in one dimension with direction ±1 equals the exact 1-D distances", () => {
    const x = normalCloud(101, 1, 2, "x");
    const y = normalCloud(64, 1, 2, "y", 3, 1);
    expect(slicedW2(x, y, { directions: [[1]] }).w2).toBeCloseTo(sorted1dW2(x.data, y.data), 13);
    expect(slicedW2(x, y, { directions: [[-1]] }).w2).toBeCloseTo(sorted1dW2(x.data, y.data), 13);
    expect(slicedW1(x, y, { directions: [[1], [-1]] }).w1).toBeCloseTo(sorted1dW1(x.data, y.data), 13);
  });

  it("slicedW2: random directions are reproducible unit vectors; a prefix does not depend on the count", () => {
    const a = randomDirections(10, 7, 42);
    const b = randomDirections(25, 7, 42);
    expect(Array.from(b.subarray(0, 70))).toEqual(Array.from(a));
    expect(Array.from(randomDirections(10, 7, 43))).not.toEqual(Array.from(a));
    for (let l = 0; l < 25; l++) {
      let s = 0;
      for (let k = 0; k < 7; k++) s += b[l * 7 + k] ** 2;
      expect(Math.abs(Math.sqrt(s) - 1)).toBeLessThan(1e-15);
    }
    const x = normalCloud(50, 7, 3, "x");
    const y = normalCloud(60, 7, 3, "y");
    // The seeded estimate equals the estimate with the same directions given explicitly (any L, incl. not a multiple of 8).
    expect(slicedW2(x, y, { projections: 25, seed: 42 }).w2).toBe(slicedW2(x, y, { directions: b }).w2);
  });

  it("slicedW2: random directions are uniform on the sphere (mean of θθᵀ is I/d within 4 SE)", () => {
    const d = 3;
    const L = 20000;
    const dirs = randomDirections(L, d, 5);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let s = 0;
        let s2 = 0;
        for (let l = 0; l < L; l++) {
          const v = dirs[l * d + a] * dirs[l * d + b];
          s += v;
          s2 += v * v;
        }
        const mean = s / L;
        const se = Math.sqrt((s2 / L - mean * mean) / L);
        expect(Math.abs(mean - (a === b ? 1 / d : 0))).toBeLessThan(4 * se);
      }
    }
  });

  it("slicedW2: approaches the closed form E_θ of a Gaussian shift: SW2² of N(0,I) vs N(c,I) ≈ |c|²/d", () => {
    // For equal-variance Gaussians, W2²(⟨x,θ⟩, ⟨y,θ⟩) = ⟨c,θ⟩², whose sphere average is |c|²/d. With large samples and
    // many directions the estimate converges; the tolerance covers both the direction average (4 SE) and the 1-D
    // sampling floor (its measured value at c = 0, times 4).
    const d = 5;
    const n = 4000;
    const c = [1, 0.5, -0.5, 0, 0.25];
    const x = normalCloud(n, d, 6, "x");
    const y = translate(normalCloud(n, d, 6, "y"), c);
    const r = slicedW2(x, y, { projections: 400, seed: 1 });
    const c2 = c.reduce((s, v) => s + v * v, 0);
    const floor = slicedW2(x, normalCloud(n, d, 6, "z"), { projections: 400, seed: 1 }).w2_squared;
    const per = r.per_projection_w2_squared;
    let m = 0;
    let m2 = 0;
    for (const v of per) {
      m += v;
      m2 += v * v;
    }
    m /= per.length;
    const se = Math.sqrt((m2 / per.length - m * m) / per.length);
    expect(Math.abs(r.w2_squared - c2 / d)).toBeLessThan(4 * se + 4 * floor);
  });
});

describe("slicedW2: bad input", () => {
  const x = normalCloud(5, 2, 7, "x");
  it("slicedW2: rejects non-unit, mis-sized or empty directions and conflicting options", () => {
    let e = thrown(() => slicedW2(x, x, { directions: [[1, 1]] }));
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e.message).toBe(`slicedW2: options.directions[0] must be a unit vector (norm 1 within 1e-6); got norm ${Math.SQRT2}`);
    e = thrown(() => slicedW2(x, x, { directions: [[1, 0, 0]] }));
    expect(e.message).toBe("slicedW2: options.directions[0] must be a vector of length 2 (the dimension of the points); got [1,0,0]");
    e = thrown(() => slicedW2(x, x, { directions: [] }));
    expect(e.message).toBe("slicedW2: options.directions must be at least one direction; got an empty list");
    e = thrown(() => slicedW2(x, x, { directions: [[1, 0]], projections: 3 }));
    expect(e.message).toBe("slicedW2: options.projections must be omitted when options.directions is given; got 3");
    e = thrown(() => slicedW1(x, x, { projections: 0 }));
    expect(e.message).toBe("slicedW1: options.projections must be an integer >= 1; got 0");
    e = thrown(() => slicedW2(x, x, { seed: -1 }));
    expect(e.message).toBe("slicedW2: options.seed must be an integer >= 0; got -1");
  });
});
