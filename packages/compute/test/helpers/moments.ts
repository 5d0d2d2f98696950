/**
 * Monte Carlo checks for the kernel tests: sample moments from `ExactMomentStats` and comparisons with an exact
 * Gaussian law at 4 standard errors (never hand-tuned tolerances). Failures name the quantity, got, expected,
 * difference and tolerance.
 */
import { expect } from "vitest";
import { momentsOfExact, type ExactMomentStats } from "@scoresweep/core";

/** Sample mean and (population) covariance, full or diagonal, from moment sums. */
export interface SampleMoments {
  n: number;
  d: number;
  mean: Float64Array;
  /** Row-major d×d covariance (only the diagonal filled when the stats are diagonal-only). */
  cov: Float64Array;
}

/** The moments of `s` (see {@link SampleMoments}), through core's `momentsOfExact` (co-moments / n). */
export function momentsOf(s: ExactMomentStats): SampleMoments {
  const m = momentsOfExact(s);
  return { n: m.count, d: m.d, mean: m.mean, cov: m.comoment.map((v) => v / m.count) };
}

function check(label: string, got: number, expected: number, tol: number): void {
  const diff = Math.abs(got - expected);
  expect(diff <= tol, `${label}: got ${got}, expected ${expected}, difference ${diff}, tolerance ${tol} (4 SE)`).toBe(true);
}

/**
 * Sample moments vs the exact Gaussian law N(mean, cov) (cov row-major d×d; pass a diagonal as its variances via
 * {@link diagonalCov}): each mean within 4·√(Σ_ii/n), each covariance entry within 4·√((Σ_ii Σ_jj + Σ_ij²)/n) (the
 * standard error of a Gaussian sample covariance), diagonal-only stats checked on the diagonal.
 */
export function expectMomentsMatch(label: string, m: SampleMoments, mean: ArrayLike<number>, cov: ArrayLike<number>, diagonalOnly = false): void {
  const d = m.d;
  for (let i = 0; i < d; i++) {
    check(`${label} mean[${i}]`, m.mean[i], mean[i], 4 * Math.sqrt(cov[i * d + i] / m.n));
    for (let j = i; j < d; j++) {
      if (diagonalOnly && j !== i) continue;
      const se = Math.sqrt((cov[i * d + i] * cov[j * d + j] + cov[i * d + j] ** 2) / m.n);
      check(`${label} cov[${i}][${j}]`, m.cov[i * d + j], cov[i * d + j], 4 * se);
    }
  }
}

/** diag(v) as a row-major d×d matrix. */
export function diagonalCov(v: ArrayLike<number>): Float64Array {
  const d = v.length;
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) out[i * d + i] = v[i];
  return out;
}
