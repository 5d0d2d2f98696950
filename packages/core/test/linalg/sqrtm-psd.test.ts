import { describe, expect, it } from "vitest";
import {
  eigenWorkspace,
  InvalidParameterError,
  isPositiveDefinite,
  matmul,
  psdTolerance,
  requireSymmetricPsd,
  sqrtmPsd,
  sqrtmPsdImpl,
} from "../../src/index.js";
import { frobenius, randomOrthogonal, randomSpd, testRng, withSpectrum } from "./random-matrices.js";

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("sqrtmPsd", () => {
  it("sqrtmPsd: (A^{1/2})² = A for random SPD matrices, n = 1..40", () => {
    const rng = testRng(17);
    for (const n of [1, 2, 3, 6, 13, 40]) {
      const a = randomSpd(n, rng);
      const r = sqrtmPsd(a, n);
      const sq = matmul(n, n, n, r, r, new Float64Array(n * n));
      expect(maxDiff(sq, a)).toBeLessThanOrEqual(1e-13 * frobenius(a));
    }
  });

  it("sqrtmPsd: known roots — diagonal, and V diag(λ) Vᵀ → V diag(√λ) Vᵀ", () => {
    expect(Array.from(sqrtmPsd([4, 0, 0, 9], 2))).toEqual([2, 0, 0, 3]);
    const rng = testRng(4);
    const n = 7;
    const q = randomOrthogonal(n, rng);
    const lambda = [0.01, 0.25, 1, 2, 4, 16, 100];
    const r = sqrtmPsd(withSpectrum(q, lambda, n), n);
    expect(maxDiff(r, withSpectrum(q, lambda.map(Math.sqrt), n))).toBeLessThanOrEqual(1e-13 * 10);
  });

  it("sqrtmPsd: the root is symmetric PSD (the principal root)", () => {
    const rng = testRng(5);
    const n = 10;
    const r = sqrtmPsd(randomSpd(n, rng), n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(r[i * n + j]).toBe(r[j * n + i]);
    expect(isPositiveDefinite(n, r)).toBe(true);
  });

  it("sqrtmPsd: singular PSD input — rounding-negative eigenvalues are clipped, the root is finite", () => {
    // [[1,1],[1,1]] = 2·uuᵀ, u = (1,1)/√2: root √2·uuᵀ = [[1,1],[1,1]]/√2.
    // The zero eigenvalue comes out as ±O(ε); √ turns that into O(√ε) — inherent to the matrix square root at
    // a singular matrix, so the root is accurate to ~√(ε‖A‖) ≈ 2e-8 here, while its square is accurate to ε.
    const r = sqrtmPsd([1, 1, 1, 1], 2);
    for (const x of r) expect(Math.abs(x - Math.SQRT1_2)).toBeLessThanOrEqual(2 * Math.sqrt(2 * 2 ** -52));
    const r2 = matmul(2, 2, 2, r, r, new Float64Array(4));
    for (const x of r2) expect(Math.abs(x - 1)).toBeLessThanOrEqual(1e-15);
    const rng = testRng(6);
    const n = 8;
    const lambda = [0, 0, 0, 1e-20, 0.5, 1, 2, 3];
    const a = withSpectrum(randomOrthogonal(n, rng), lambda, n);
    const root = sqrtmPsd(a, n);
    for (const x of root) expect(Number.isFinite(x)).toBe(true);
    const sq = matmul(n, n, n, root, root, new Float64Array(n * n));
    expect(maxDiff(sq, a)).toBeLessThanOrEqual(1e-13 * 3);
  });

  it("sqrtmPsdImpl: reuses a workspace, may write over its input, leaves the eigenvalues in the workspace", () => {
    const rng = testRng(9);
    const n = 5;
    const a = randomSpd(n, rng);
    const ref = sqrtmPsd(a, n);
    const ws = eigenWorkspace(n);
    const inout = Float64Array.from(a);
    sqrtmPsdImpl(n, inout, inout, ws);
    expect(maxDiff(inout, ref)).toBe(0);
    let tr = 0;
    for (let i = 0; i < n; i++) tr += a[i * n + i];
    expect(ws.values.reduce((s, x) => s + x, 0)).toBeCloseTo(tr, 13);
  });

  it("sqrtmPsd: rejects an indefinite matrix with InvalidParameterError naming `where`", () => {
    expect(() => sqrtmPsd([1, 2, 2, 1], 2, "cov")).toThrow(InvalidParameterError);
    expect(() => sqrtmPsd([1, 2, 2, 1], 2, "cov")).toThrow(/^cov: the matrix must be symmetric positive semi-definite/);
    expect(() => sqrtmPsd([1, 0.5, 0.4, 1], 2)).toThrow(/symmetric/);
  });
});

describe("definiteness checks", () => {
  it("isPositiveDefinite: SPD yes; singular, indefinite, negative diagonal no", () => {
    const rng = testRng(10);
    expect(isPositiveDefinite(6, randomSpd(6, rng))).toBe(true);
    expect(isPositiveDefinite(1, [2])).toBe(true);
    expect(isPositiveDefinite(2, [1, 1, 1, 1])).toBe(false);
    expect(isPositiveDefinite(2, [1, 2, 2, 1])).toBe(false);
    expect(isPositiveDefinite(2, [-1, 0, 0, 1])).toBe(false);
    expect(isPositiveDefinite(2, [1, 0, 0, NaN])).toBe(false);
    // cond 1e12 is still numerically positive definite.
    const ill = withSpectrum(randomOrthogonal(5, rng), [1e-12, 1e-9, 1e-6, 1e-3, 1], 5);
    expect(isPositiveDefinite(5, ill)).toBe(true);
  });

  it("requireSymmetricPsd: returns the eigendecomposition; tolerates rounding-level negatives only", () => {
    const r = requireSymmetricPsd("test", "S", [2, 0, 0, 3], 2);
    expect(Array.from(r.values)).toEqual([2, 3]);
    const tol = psdTolerance(2, 1);
    expect(() => requireSymmetricPsd("test", "S", [1, 0, 0, -tol / 2], 2)).not.toThrow();
    expect(() => requireSymmetricPsd("test", "S", [1, 0, 0, -2 * tol], 2)).toThrow(/^test: S must be symmetric positive semi-definite/);
  });
});
