import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { emdW1, emdW2, InvalidParameterError, sorted1dW1, sorted1dW2, type PointCloud } from "../../src/index.js";
import { expectClose, loadGolden } from "../golden.js";
import { cloudOf, normalCloud, repeatPoints, thrown, translate } from "./clouds.js";

const golden = loadGolden("empirical_w2.json");

/** Exhaustive minimum over permutations of (1/n) Σ |x_i − y_σ(i)|^p. */
function bruteForce(x: PointCloud, y: PointCloud, p: 1 | 2): number {
  const n = x.n;
  const perm = Array.from({ length: n }, (_, i) => i);
  let best = Infinity;
  const dist = (i: number, j: number): number => {
    let s = 0;
    for (let k = 0; k < x.d; k++) s += (x.data[i * x.d + k] - y.data[j * x.d + k]) ** 2;
    return p === 2 ? s : Math.sqrt(s);
  };
  const visit = (k: number, acc: number): void => {
    if (acc >= best) return;
    if (k === n) {
      best = acc;
      return;
    }
    for (let i = k; i < n; i++) {
      [perm[k], perm[i]] = [perm[i], perm[k]];
      visit(k + 1, acc + dist(k, perm[k]));
      [perm[k], perm[i]] = [perm[i], perm[k]];
    }
  };
  visit(0, 0);
  return best / n;
}

const smallCloud = (n: number, d: number) =>
  fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n * d, maxLength: n * d }).map((v): PointCloud => ({ n, d, data: Float64Array.from(v) }));

/** Integer coordinates in a small box: many exactly tied costs (degenerate assignment and transport problems). */
const tiedCloud = (n: number, d: number) =>
  fc.array(fc.integer({ min: -2, max: 2 }), { minLength: n * d, maxLength: n * d }).map((v): PointCloud => ({ n, d, data: Float64Array.from(v) }));

describe("emdW2: golden empirical_w2.json", () => {
  for (const c of golden.cases) {
    const x = cloudOf(c.inputs.x);
    const y = cloudOf(c.inputs.y);
    const weights = c.inputs.a ? { weightsX: c.inputs.a, weightsY: c.inputs.b } : {};
    it(`emdW2: ${c.id} matches w2 and w2_squared`, () => {
      const r = emdW2(x, y, weights);
      expectClose(c.id, "w2", r.w2, c.expected.w2, c.tolerance);
      expectClose(c.id, "w2_squared", r.w2_squared, c.expected.w2_squared, c.tolerance);
      expect(r.method).toBe(c.inputs.a ? "network_simplex" : "assignment");
    });
    if (!c.inputs.a) {
      it(`emdW2: ${c.id} through the network simplex (explicit uniform weights) matches too`, () => {
        const r = emdW2(x, y, { weightsX: new Array(x.n).fill(1), weightsY: new Array(y.n).fill(2) });
        expect(r.method).toBe("network_simplex");
        expectClose(c.id, "w2 (network simplex)", r.w2, c.expected.w2, c.tolerance);
      });
    }
  }
});

describe("emdW2: agreement with brute force over all permutations (n <= 7)", () => {
  it("emdW2: equals the best permutation for random clouds, n in 1..7, d in 1..3", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).chain((n) => fc.integer({ min: 1, max: 3 }).chain((d) => fc.tuple(smallCloud(n, d), smallCloud(n, d)))),
        ([x, y]) => {
          const want2 = bruteForce(x, y, 2);
          expect(Math.abs(emdW2(x, y).w2_squared - want2)).toBeLessThanOrEqual(1e-12 * (1 + want2));
          const want1 = bruteForce(x, y, 1);
          expect(Math.abs(emdW1(x, y).w1 - want1)).toBeLessThanOrEqual(1e-12 * (1 + want1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("emdW2: equals the best permutation on degenerate integer clouds (ties), both solvers", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }).chain((n) => fc.tuple(tiedCloud(n, 2), tiedCloud(n, 2))),
        ([x, y]) => {
          const want = bruteForce(x, y, 2);
          expect(Math.abs(emdW2(x, y).w2_squared - want)).toBeLessThanOrEqual(1e-12 * (1 + want));
          const ns = emdW2(x, y, { weightsX: new Array(x.n).fill(1), weightsY: new Array(y.n).fill(1) });
          expect(Math.abs(ns.w2_squared - want)).toBeLessThanOrEqual(1e-12 * (1 + want));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("emdW2: laws", () => {
  it("emdW2: is symmetric and zero on identical clouds (permuted)", () => {
    const x = normalCloud(200, 3, 1, "x");
    const y = normalCloud(200, 3, 1, "y", 1.5, 0.3);
    expect(emdW2(x, y).w2).toBeCloseTo(emdW2(y, x).w2, 12);
    const perm = repeatPoints(x, 1);
    // Reverse the points: the same measure.
    for (let i = 0; i < x.n; i++) perm.data.set(x.data.subarray(i * 3, i * 3 + 3), (x.n - 1 - i) * 3);
    expect(emdW2(x, perm).w2).toBe(0);
    expect(emdW1(x, perm).w1).toBe(0);
  });

  it("emdW2: a translated cloud is at distance |c| (W2 and W1), equal and unequal sizes", () => {
    const x = normalCloud(150, 4, 2, "x");
    const c = [0.3, -1.2, 0.5, 2];
    const norm = Math.hypot(...c);
    const y = translate(x, c);
    expect(emdW2(x, y).w2).toBeCloseTo(norm, 10);
    expect(emdW1(x, y).w1).toBeCloseTo(norm, 10);
    // Unequal sizes: y = x shifted, each point twice (the same measure).
    expect(emdW2(x, repeatPoints(y, 2)).w2).toBeCloseTo(norm, 10);
  });

  it("emdW2: unequal uniform sizes equal the assignment on repeated atoms (n·m points each)", () => {
    const x = normalCloud(12, 2, 3, "x");
    const y = normalCloud(8, 2, 3, "y", 2);
    const direct = emdW2(x, y);
    expect(direct.method).toBe("network_simplex");
    const viaAssignment = emdW2(repeatPoints(x, 8), repeatPoints(y, 12));
    expect(viaAssignment.method).toBe("assignment");
    expect(direct.w2).toBeCloseTo(viaAssignment.w2, 12);
  });

  it("emdW2: integer weights equal duplicated points; zero weights drop points", () => {
    const x = normalCloud(10, 3, 4, "x");
    const y = normalCloud(6, 3, 4, "y");
    const wx = [1, 2, 3, 1, 1, 2, 1, 1, 3, 1];
    const dup: number[][] = [];
    wx.forEach((w, i) => {
      for (let r = 0; r < w; r++) dup.push(Array.from(x.data.subarray(i * 3, i * 3 + 3)));
    });
    const xd = cloudOf(dup);
    expect(emdW2(x, y, { weightsX: wx }).w2).toBeCloseTo(emdW2(xd, y).w2, 12);
    const wy = [1, 0, 1, 1, 0, 1];
    const yKept = cloudOf([0, 2, 3, 5].map((j) => Array.from(y.data.subarray(j * 3, j * 3 + 3))));
    const r = emdW2(x, y, { weightsY: wy });
    expect(r.w2).toBeCloseTo(emdW2(x, yKept).w2, 12);
    expect(Array.from(r.plan_cols).every((j) => wy[j] > 0)).toBe(true);
  });

  it("emdW2: the plan is a coupling (marginals a and b) whose cost is the reported W2²", () => {
    const x = normalCloud(30, 2, 5, "x");
    const y = normalCloud(45, 2, 5, "y", 1, 1);
    const a = Array.from({ length: 30 }, (_, i) => 1 + (i % 4));
    const b = Array.from({ length: 45 }, (_, j) => 1 + (j % 3));
    const r = emdW2(x, y, { weightsX: a, weightsY: b });
    const sa = a.reduce((s, v) => s + v, 0);
    const sb = b.reduce((s, v) => s + v, 0);
    const rowSum = new Float64Array(30);
    const colSum = new Float64Array(45);
    let cost = 0;
    for (let k = 0; k < r.plan_mass.length; k++) {
      const i = r.plan_rows[k];
      const j = r.plan_cols[k];
      rowSum[i] += r.plan_mass[k];
      colSum[j] += r.plan_mass[k];
      cost += r.plan_mass[k] * ((x.data[2 * i] - y.data[2 * j]) ** 2 + (x.data[2 * i + 1] - y.data[2 * j + 1]) ** 2);
    }
    for (let i = 0; i < 30; i++) expect(rowSum[i]).toBeCloseTo(a[i] / sa, 14);
    for (let j = 0; j < 45; j++) expect(colSum[j]).toBeCloseTo(b[j] / sb, 14);
    expect(cost).toBeCloseTo(r.w2_squared, 13);
    // A basic solution: at most n + m − 1 positive entries.
    expect(r.plan_mass.length).toBeLessThanOrEqual(30 + 45 - 1);
  });

  it("emdW2: the assignment and the network simplex agree on random clouds (n = 300, d = 5)", () => {
    const x = normalCloud(300, 5, 6, "x");
    const y = normalCloud(300, 5, 6, "y", 1.3, 0.2);
    const a = emdW2(x, y);
    const b = emdW2(x, y, { weightsX: new Array(300).fill(1), weightsY: new Array(300).fill(1) });
    expect(a.method).toBe("assignment");
    expect(Math.abs(a.w2 - b.w2)).toBeLessThanOrEqual(1e-12 * a.w2);
    // The assignment is a permutation.
    expect(new Set(a.plan_cols).size).toBe(300);
  });

  it("emdW2: in one dimension equals the sorted (quantile) formula, equal and unequal sizes", () => {
    const x = normalCloud(40, 1, 7, "x");
    const y = normalCloud(40, 1, 7, "y", 2);
    const z = normalCloud(25, 1, 7, "z", 0.5, 1);
    expect(emdW2(x, y).w2).toBeCloseTo(sorted1dW2(x.data, y.data), 12);
    expect(emdW2(x, z).w2).toBeCloseTo(sorted1dW2(x.data, z.data), 12);
    expect(emdW1(x, z).w1).toBeCloseTo(sorted1dW1(x.data, z.data), 12);
  });
});

describe("emdW2: bad input", () => {
  const x = normalCloud(4, 2, 8, "x");
  it("emdW2: rejects mismatched dimensions, empty clouds and non-finite coordinates", () => {
    let e = thrown(() => emdW2(x, normalCloud(4, 3, 8, "y")));
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e.message).toBe("emdW2: x and y must be of the same dimension; got dimensions 2 and 3");
    e = thrown(() => emdW2(x, { n: 0, d: 2, data: new Float64Array(0) }));
    expect(e.message).toBe("emdW2: y must be a non-empty point cloud (at least one point); got 0 points");
    const bad = { n: 4, d: 2, data: x.data.slice() };
    bad.data[5] = Number.POSITIVE_INFINITY;
    e = thrown(() => emdW1(bad, x));
    expect(e.message).toBe("emdW1: x coordinates must be finite numbers; got Infinity at point 2, coordinate 1");
  });

  it("emdW2: rejects bad weights", () => {
    expect(thrown(() => emdW2(x, x, { weightsX: [1, 2, 3] })).message).toBe(
      "emdW2: options.weightsX must be an array of 4 weights (one per point); got length 3",
    );
    expect(thrown(() => emdW2(x, x, { weightsY: [1, -1, 1, 1] })).message).toBe("emdW2: options.weightsY[1] must be a finite number >= 0; got -1");
    expect(thrown(() => emdW2(x, x, { weightsY: [0, 0, 0, 0] })).message).toBe("emdW2: options.weightsY must be weights with a positive sum; got 0");
  });
});
