import { describe, expect, it } from "vitest";
import {
  gaussianFactorImpl,
  gaussianSampler,
  InvalidParameterError,
  resolveGaussianData,
  sampleGaussian,
  streamKey,
  type GaussianData,
} from "../../src/index.js";
import { bonferroniZ, columnMoments } from "../rng/stat-helpers.js";

const key = streamKey(11, "sample-gaussian-test", "target-A");

function expectInvalid(fn: () => unknown, message: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InvalidParameterError);
  expect((err as Error).message).toMatch(message);
}

/** Sample covariance (ddof 1) of columns i, j. */
function sampleCov(x: Float64Array, n: number, d: number, i: number, j: number): number {
  const mi = columnMoments(x, n, d, i).mean;
  const mj = columnMoments(x, n, d, j).mean;
  let s = 0;
  for (let p = 0; p < n; p++) s += (x[p * d + i] - mi) * (x[p * d + j] - mj);
  return s / (n - 1);
}

describe("sampleGaussian (diagonal)", () => {
  const law = resolveGaussianData({ kind: "gaussian", dim: 3, mean: [1, -2, 0.5], std: [0.5, 2, 1e-3] });
  const s = gaussianSampler(law);

  it("sampleGaussian: per-coordinate mean and variance match the law within Bonferroni SE bounds", () => {
    const n = 20_000;
    const x = sampleGaussian(s, n, key, 0);
    const z = bonferroniZ(6);
    for (let i = 0; i < 3; i++) {
      const m = columnMoments(x, n, 3, i);
      const v = law.std![i] ** 2;
      const seMean = Math.sqrt(v / n);
      const seVar = v * Math.sqrt(2 / (n - 1));
      expect(Math.abs(m.mean - law.mean[i]), `coord ${i} mean: got ${m.mean}, expected ${law.mean[i]}, tol ${z * seMean}`).toBeLessThanOrEqual(z * seMean);
      expect(Math.abs(m.var - v), `coord ${i} var: got ${m.var}, expected ${v}, tol ${z * seVar}`).toBeLessThanOrEqual(z * seVar);
    }
  });

  it("sampleGaussian: a draw does not depend on batching (bitwise)", () => {
    const all = sampleGaussian(s, 100, key, 2, 7);
    const a = sampleGaussian(s, 37, key, 2, 7);
    const b = sampleGaussian(s, 63, key, 2, 44);
    expect(Array.from(all.subarray(0, 37 * 3))).toEqual(Array.from(a));
    expect(Array.from(all.subarray(37 * 3))).toEqual(Array.from(b));
  });

  it("sampleGaussian: replicates and keys give different streams", () => {
    const a = sampleGaussian(s, 4, key, 0);
    const b = sampleGaussian(s, 4, key, 1);
    const c = sampleGaussian(s, 4, streamKey(11, "sample-gaussian-test", "target-B"), 0);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it("sampleGaussian: a zero standard deviation gives the mean exactly", () => {
    const z = gaussianSampler({ dim: 2, mean: Float64Array.of(3, 4), std: Float64Array.of(0, 1), cov: null });
    const x = sampleGaussian(z, 10, key, 0);
    for (let p = 0; p < 10; p++) expect(x[p * 2]).toBe(3);
  });
});

describe("sampleGaussian (full covariance)", () => {
  const cov = [
    [2, 0.8, -0.3],
    [0.8, 1, 0.2],
    [-0.3, 0.2, 0.5],
  ];
  const law = resolveGaussianData({ kind: "gaussian", dim: 3, mean: [0, 1, -1], cov });
  const s = gaussianSampler(law);

  it("gaussianFactorImpl: A Aᵀ = Σ to rounding", () => {
    const A = gaussianFactorImpl(3, law.cov!, new Float64Array(9));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s2 = 0;
        for (let k = 0; k < 3; k++) s2 += A[i * 3 + k] * A[j * 3 + k];
        expect(Math.abs(s2 - cov[i][j])).toBeLessThanOrEqual(1e-14);
      }
    }
  });

  it("sampleGaussian: mean and every covariance entry match Σ within Bonferroni SE bounds", () => {
    const n = 30_000;
    const x = sampleGaussian(s, n, key, 3);
    const z = bonferroniZ(3 + 6);
    for (let i = 0; i < 3; i++) {
      const m = columnMoments(x, n, 3, i).mean;
      const se = Math.sqrt(cov[i][i] / n);
      expect(Math.abs(m - law.mean[i]), `mean ${i}: got ${m}`).toBeLessThanOrEqual(z * se);
      for (let j = i; j < 3; j++) {
        const c = sampleCov(x, n, 3, i, j);
        // Var of a Gaussian sample covariance: (Σ_ij² + Σ_ii Σ_jj)/(n − 1).
        const seC = Math.sqrt((cov[i][j] ** 2 + cov[i][i] * cov[j][j]) / (n - 1));
        expect(Math.abs(c - cov[i][j]), `cov ${i},${j}: got ${c}, expected ${cov[i][j]}, tol ${z * seC}`).toBeLessThanOrEqual(z * seC);
      }
    }
  });

  it("sampleGaussian: a singular (rank-1) covariance gives points on its line", () => {
    const u = [0.6, 0.8];
    const law1: GaussianData = { dim: 2, mean: Float64Array.of(1, 2), std: null, cov: Float64Array.of(u[0] * u[0], u[0] * u[1], u[1] * u[0], u[1] * u[1]) };
    const x = sampleGaussian(gaussianSampler(law1), 50, key, 0);
    for (let p = 0; p < 50; p++) {
      // Component orthogonal to u vanishes up to the rounding of the factor.
      const r = -(x[2 * p] - 1) * u[1] + (x[2 * p + 1] - 2) * u[0];
      expect(Math.abs(r)).toBeLessThanOrEqual(1e-7);
    }
  });

  it("sampleGaussian: full covariance draws do not depend on batching (bitwise)", () => {
    const all = sampleGaussian(s, 20, key, 1);
    const tail = sampleGaussian(s, 5, key, 1, 15);
    expect(Array.from(all.subarray(45))).toEqual(Array.from(tail));
  });
});

describe("sampleGaussian (validation)", () => {
  const diag: GaussianData = { dim: 2, mean: Float64Array.of(0, 0), std: Float64Array.of(1, 1), cov: null };
  it.each([
    [{ ...diag, dim: 0 }, /^sampleGaussian: law\.dim must be an integer >= 1; got 0/],
    [{ ...diag, mean: Float64Array.of(0) }, /^sampleGaussian: law\.mean: a mean coordinate must be a Float64Array of length 2/],
    [{ ...diag, mean: Float64Array.of(0, NaN) }, /^sampleGaussian: law\.mean\[1\]: a mean coordinate must be a finite number; got NaN/],
    [{ ...diag, std: Float64Array.of(1, -1) }, /^sampleGaussian: law\.std\[1\]: a standard deviation must be a finite number >= 0; got -1/],
    [{ ...diag, std: null }, /^sampleGaussian: exactly one of law\.std and law\.cov must be non-null; got "neither"/],
    [{ ...diag, cov: new Float64Array(4) }, /^sampleGaussian: exactly one of law\.std and law\.cov must be non-null; got "both"/],
    [{ ...diag, std: null, cov: new Float64Array(3) }, /^sampleGaussian: law\.cov must be a row-major 2×2 Float64Array; got "length 3"/],
    [{ ...diag, std: null, cov: Float64Array.of(1, 0.5, 0, 1) }, /^sampleGaussian: law\.cov must be symmetric/],
    [{ ...diag, std: null, cov: Float64Array.of(1, 2, 2, 1) }, /^sampleGaussian: law\.cov must be symmetric positive semi-definite/],
    [{ ...diag, std: null, cov: Float64Array.of(1, Infinity, Infinity, 1) }, /^sampleGaussian: law\.cov\[0\]\[1\] must be a finite number/],
  ])("gaussianSampler: rejects a bad law (%#)", (law, message) => {
    expectInvalid(() => gaussianSampler(law as GaussianData), message);
  });

  it("sampleGaussian: rejects a bad n, replicate, particle0 or a short out", () => {
    const s = gaussianSampler(diag);
    expectInvalid(() => sampleGaussian(s, -1, key, 0), /^sampleGaussian: n must be an integer >= 0; got -1/);
    expectInvalid(() => sampleGaussian(s, 2, key, 0.5), /^sampleGaussian: replicate must be an integer >= 0; got 0\.5/);
    expectInvalid(() => sampleGaussian(s, 2, key, 0, -3), /^sampleGaussian: particle0 must be an integer >= 0; got -3/);
    expectInvalid(() => sampleGaussian(s, 2, key, 0, 0, new Float64Array(3)), /^sampleGaussian: out must be a Float64Array of length >= n·d = 4; got "length 3"/);
  });
});
