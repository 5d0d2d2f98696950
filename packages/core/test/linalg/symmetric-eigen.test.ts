import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError, isSymmetric, symmetricEigen, symmetricEigenImpl } from "../../src/index.js";
import { frobenius, orthogonalityError, randomOrthogonal, randomSymmetric, residual, testRng, withSpectrum } from "./random-matrices.js";

const EPS = 2 ** -52;

/** Asserts the decomposition of `a` is a valid one: residual, orthogonality, ascending order, trace. */
function expectDecomposition(n: number, a: Float64Array, values: Float64Array, vectors: Float64Array, resTol: number, orthTol: number) {
  const norm = frobenius(a);
  // Additive floor 1e-300: entries near the subnormal range lose relative precision in any float64 method.
  const allowed = resTol * norm + (resTol > 0 ? 1e-300 : 0);
  const res = residual(n, a, values, vectors);
  expect(res, `‖AV − VΛ‖max = ${res}, allowed ${resTol}·‖A‖ = ${allowed}`).toBeLessThanOrEqual(allowed);
  const orth = orthogonalityError(n, vectors);
  expect(orth, `‖VᵀV − I‖max = ${orth}`).toBeLessThanOrEqual(orthTol);
  for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  let tr = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    tr += a[i * n + i];
    sum += values[i];
  }
  expect(Math.abs(tr - sum)).toBeLessThanOrEqual(1e-12 * n * norm + 1e-300);
}

describe("symmetricEigen", () => {
  it("symmetricEigen: 1×1 matrix is its own eigenvalue with eigenvector [1]", () => {
    const r = symmetricEigen([-3.5], 1);
    expect(Array.from(r.values)).toEqual([-3.5]);
    expect(Math.abs(r.vectors[0])).toBe(1);
  });

  it("symmetricEigen: 2×2 closed form", () => {
    // [[2, 1], [1, 2]] has eigenvalues 1, 3 with eigenvectors (1, −1)/√2, (1, 1)/√2.
    const r = symmetricEigen([2, 1, 1, 2], 2);
    expect(r.values[0]).toBeCloseTo(1, 15);
    expect(r.values[1]).toBeCloseTo(3, 15);
    expect(Math.abs(r.vectors[0 * 2 + 1])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(r.vectors[0 * 2 + 0] * r.vectors[1 * 2 + 0]).toBeCloseTo(-0.5, 15);
  });

  it("symmetricEigen: diagonal input returns the sorted diagonal and a signed permutation", () => {
    const diag = [3, -1, 7, 0, 2, 2];
    const n = diag.length;
    const a = new Float64Array(n * n);
    diag.forEach((x, i) => (a[i * n + i] = x));
    const r = symmetricEigen(a, n);
    expect(Array.from(r.values)).toEqual([...diag].sort((x, y) => x - y));
    for (const x of r.vectors) expect([0, 1]).toContain(Math.abs(x));
    expectDecomposition(n, a, r.values, r.vectors, 0, 0);
  });

  it("symmetricEigen: zero matrix gives zero eigenvalues and an orthonormal basis", () => {
    const n = 4;
    const r = symmetricEigen(new Float64Array(n * n), n);
    expect(Array.from(r.values)).toEqual([0, 0, 0, 0]);
    expect(orthogonalityError(n, r.vectors)).toBe(0);
  });

  it("symmetricEigen: random symmetric matrices (seeded, n = 2..60) satisfy AV = VΛ to 1e-13·‖A‖ and VᵀV = I", () => {
    const rng = testRng(12345);
    for (const n of [2, 3, 4, 5, 7, 10, 16, 31, 60]) {
      const a = randomSymmetric(n, rng);
      const r = symmetricEigen(a, n);
      expectDecomposition(n, a, r.values, r.vectors, 1e-13, 1e-13);
    }
  });

  it("symmetricEigen: recovers a prescribed spectrum to n·ε·‖A‖", () => {
    const rng = testRng(7);
    for (const n of [3, 8, 25, 50]) {
      const lambda = Array.from({ length: n }, () => 10 * rng.normal()).sort((x, y) => x - y);
      const a = withSpectrum(randomOrthogonal(n, rng), lambda, n);
      const r = symmetricEigen(a, n);
      const norm = Math.max(...lambda.map(Math.abs));
      for (let i = 0; i < n; i++) expect(Math.abs(r.values[i] - lambda[i])).toBeLessThanOrEqual(16 * n * EPS * norm);
      expectDecomposition(n, a, r.values, r.vectors, 1e-13, 1e-13);
    }
  });

  it("symmetricEigen: repeated eigenvalues (clusters of multiplicity 3 and 5) still give an orthonormal basis", () => {
    const rng = testRng(99);
    const n = 12;
    const lambda = [-2, -2, -2, 1, 1, 1, 1, 1, 4, 5, 5, 9];
    const a = withSpectrum(randomOrthogonal(n, rng), lambda, n);
    const r = symmetricEigen(a, n);
    for (let i = 0; i < n; i++) expect(Math.abs(r.values[i] - lambda[i])).toBeLessThanOrEqual(1e-13 * 9);
    expectDecomposition(n, a, r.values, r.vectors, 1e-14, 1e-14);
  });

  it("symmetricEigen: identity multiple (all eigenvalues equal)", () => {
    const n = 9;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = 2.5;
    const r = symmetricEigen(a, n);
    for (const x of r.values) expect(x).toBe(2.5);
    expectDecomposition(n, a, r.values, r.vectors, 0, 0);
  });

  it("symmetricEigen: ill-conditioned SPD matrix (cond 1e12) — eigenvalues to absolute n·ε·‖A‖, residual 1e-13·‖A‖", () => {
    const rng = testRng(2024);
    const n = 20;
    const lambda = Array.from({ length: n }, (_, i) => 10 ** (-12 + (12 * i) / (n - 1)));
    const a = withSpectrum(randomOrthogonal(n, rng), lambda, n);
    const r = symmetricEigen(a, n);
    for (let i = 0; i < n; i++) expect(Math.abs(r.values[i] - lambda[i])).toBeLessThanOrEqual(16 * n * EPS);
    expectDecomposition(n, a, r.values, r.vectors, 1e-13, 1e-13);
  });

  it("symmetricEigen: tiny and huge scales (1e-150, 1e150) do not under/overflow", () => {
    const rng = testRng(5);
    const n = 6;
    const base = randomSymmetric(n, rng);
    const ref = symmetricEigen(base, n);
    for (const scale of [1e-150, 1e150]) {
      const a = base.map((x) => x * scale);
      const r = symmetricEigen(a, n);
      for (let i = 0; i < n; i++) expect(Math.abs(r.values[i] / scale - ref.values[i])).toBeLessThanOrEqual(1e-13 * frobenius(base));
      expectDecomposition(n, a, r.values, r.vectors, 1e-13, 1e-13);
    }
  });

  it("symmetricEigen: tridiagonal and already-reduced blocks (zero off-diagonal runs) are handled", () => {
    const n = 8;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = i % 3;
      if (i + 1 < n && i !== 3) {
        a[i * n + i + 1] = 1;
        a[(i + 1) * n + i] = 1;
      }
    }
    const r = symmetricEigen(a, n);
    expectDecomposition(n, a, r.values, r.vectors, 1e-15, 1e-15);
  });

  it("symmetricEigen: subnormal off-diagonal next to a zero diagonal deflates instead of overflowing the shift", () => {
    // Regression: with EISPACK's running deflation threshold this gave an eigenvalue of Infinity.
    const r = symmetricEigen([0, 5e-324, 5e-324, 0.25], 2);
    expect(Array.from(r.values)).toEqual([0, 0.25]);
    expect(orthogonalityError(2, r.vectors)).toBe(0);
  });

  it("symmetricEigen: n = 200 random symmetric matrix", () => {
    const rng = testRng(200);
    const n = 200;
    const a = randomSymmetric(n, rng);
    const r = symmetricEigen(a, n);
    expectDecomposition(n, a, r.values, r.vectors, 1e-13, 1e-12);
  });

  it("symmetricEigen: n = 1000 completes and is accurate (sampled residual columns)", () => {
    const rng = testRng(1000);
    const n = 1000;
    const a = randomSymmetric(n, rng);
    const r = symmetricEigen(a, n);
    const norm = frobenius(a);
    // Full residual is O(n³); check 20 columns of AV − VΛ and of VᵀV − I.
    for (let s = 0; s < 20; s++) {
      const j = Math.floor(rng.uniform() * n);
      let worst = 0;
      for (let i = 0; i < n; i++) {
        let t = 0;
        for (let k = 0; k < n; k++) t += a[i * n + k] * r.vectors[k * n + j];
        worst = Math.max(worst, Math.abs(t - r.vectors[i * n + j] * r.values[j]));
      }
      expect(worst).toBeLessThanOrEqual(1e-13 * norm);
      for (let jj = 0; jj < n; jj += 37) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += r.vectors[k * n + j] * r.vectors[k * n + jj];
        expect(Math.abs(dot - (jj === j ? 1 : 0))).toBeLessThanOrEqual(1e-12);
      }
    }
  }, 60_000);

  it("symmetricEigen: property — random symmetric matrices of any order 1..12 decompose (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n * n, maxLength: n * n })),
        ),
        ([n, entries]) => {
          const a = new Float64Array(n * n);
          for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = entries[i * n + j];
          const r = symmetricEigen(a, n);
          expectDecomposition(n, a, r.values, r.vectors, 1e-13, 1e-13);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it("symmetricEigenImpl: works in place (vectors === a) and matches the out-of-place result", () => {
    const rng = testRng(3);
    const n = 15;
    const a = randomSymmetric(n, rng);
    const ref = symmetricEigen(a, n);
    const inPlace = Float64Array.from(a);
    const values = new Float64Array(n);
    symmetricEigenImpl(n, inPlace, values, inPlace, new Float64Array(n));
    expect(Array.from(values)).toEqual(Array.from(ref.values));
    expect(Array.from(inPlace)).toEqual(Array.from(ref.vectors));
  });

  it("symmetricEigenImpl: uses the symmetric part of a slightly asymmetric input", () => {
    const a = new Float64Array([1, 2 + 1e-13, 2 - 1e-13, 1]);
    const values = new Float64Array(2);
    symmetricEigenImpl(2, a, values, new Float64Array(4), new Float64Array(2));
    expect(values[0]).toBeCloseTo(-1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
  });

  it("symmetricEigen: rejects non-symmetric, non-finite, wrong length and bad n with InvalidParameterError", () => {
    expect(() => symmetricEigen([1, 2, 3, 4], 2)).toThrow(/entry \[1\]\[0\] must be equal to entry \[0\]\[1\] = 2 \(symmetric\); got 3/);
    expect(() => symmetricEigen([1, NaN, NaN, 4], 2)).toThrow(InvalidParameterError);
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/length 3/);
    expect(() => symmetricEigen([1], 0)).toThrow(InvalidParameterError);
    expect(() => symmetricEigen([1], 1.5)).toThrow(InvalidParameterError);
  });

  it("isSymmetric: accepts rounding-level asymmetry and rejects larger", () => {
    expect(isSymmetric(2, [1, 2, 2 + 1e-15, 1])).toBe(true);
    expect(isSymmetric(2, [1, 2, 2 + 1e-9, 1])).toBe(false);
    expect(isSymmetric(2, [1, 2, 2 + 1e-9, 1], 1e-6)).toBe(true);
    expect(isSymmetric(2, [1, 2, NaN, 1])).toBe(false);
  });
});
