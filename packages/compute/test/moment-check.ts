// Monte Carlo checks shared by the backend tests: per-coordinate sample moments and 4-standard-error comparisons
// (never hand-tuned tolerances). A failure names the coordinate, got, expected, difference and tolerance.
import { expect } from "vitest";
import { momentsOfExact, type ExactMomentStats, type PointSpec } from "@scoresweep/core";

/** Per-coordinate sample mean and (unbiased) variance, with n. */
export interface Moments {
  n: number;
  mean: Float64Array;
  variance: Float64Array;
}

/** Moments of n×d row-major particles (two-pass, float64). */
export function momentsOfParticles(x: Float64Array, n: number, d: number): Moments {
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let p = 0; p < n; p++) for (let i = 0; i < d; i++) mean[i] += x[p * d + i];
  for (let i = 0; i < d; i++) mean[i] /= n;
  for (let p = 0; p < n; p++) {
    for (let i = 0; i < d; i++) {
      const e = x[p * d + i] - mean[i];
      variance[i] += e * e;
    }
  }
  for (let i = 0; i < d; i++) variance[i] /= n - 1;
  return { n, mean, variance };
}

/** Per-coordinate moments from `ExactMomentStats` (core's `momentsOfExact`; variance = co-moment / (n − 1)). */
export function momentsOfStats(s: ExactMomentStats): Moments {
  const m = momentsOfExact(s);
  const d = m.d;
  const variance = new Float64Array(d);
  for (let i = 0; i < d; i++) variance[i] = m.comoment[i * d + i] / (m.count - 1);
  return { n: m.count, mean: m.mean, variance };
}

function check(label: string, i: number, got: number, expected: number, tol: number): void {
  const diff = Math.abs(got - expected);
  expect(diff <= tol, `${label}[${i}]: got ${got}, expected ${expected}, difference ${diff}, tolerance ${tol} (4 SE)`).toBe(true);
}

/** Sample moments vs exact Gaussian moments: mean within 4·√(V/n), variance within 4·V·√(2/(n−1)). */
export function expectMomentsMatchLaw(label: string, m: Moments, mean: ArrayLike<number>, variance: ArrayLike<number>): void {
  for (let i = 0; i < m.mean.length; i++) {
    check(`${label} mean`, i, m.mean[i], mean[i], 4 * Math.sqrt(variance[i] / m.n));
    check(`${label} variance`, i, m.variance[i], variance[i], 4 * variance[i] * Math.sqrt(2 / (m.n - 1)));
  }
}

/**
 * Two independent samples of one law: means within 4·√(V₁/n₁ + V₂/n₂); variances within 4·√(SE₁² + SE₂²) with
 * SE² = 2V²/(n−1) (the Gaussian formula — near enough for the mixtures used here, whose kurtosis is close to 3).
 */
export function expectSameLaw(label: string, a: Moments, b: Moments): void {
  for (let i = 0; i < a.mean.length; i++) {
    check(`${label} mean`, i, a.mean[i], b.mean[i], 4 * Math.sqrt(a.variance[i] / a.n + b.variance[i] / b.n));
    const se2 = (2 * a.variance[i] ** 2) / (a.n - 1) + (2 * b.variance[i] ** 2) / (b.n - 1);
    check(`${label} variance`, i, a.variance[i], b.variance[i], 4 * Math.sqrt(se2));
  }
}

/** A point in the DESIGN §1 schema with the given parts (steps set; `gaussian_fit` so kernels return moments). */
export function point(sde: PointSpec["sde"], data: PointSpec["data"], scheme: PointSpec["sampler"]["scheme"], steps: number, extra: Partial<PointSpec> = {}): PointSpec {
  return {
    sde,
    data,
    score: { kind: "exact" },
    sampler: { scheme, steps },
    metric: { estimator: "gaussian_fit", target: "p0" },
    ...extra,
  };
}
