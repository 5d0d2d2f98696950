/**
 * Noise floors of sample-based W2 estimators (REFERENCE.md "What Monte Carlo can resolve"): the value an estimator
 * returns between two independent samples of the target itself. An estimate at or below its floor says nothing
 * about the sampler; a bias correction W2²_debiased = W2² − floor² is sound when the estimator's error is additive
 * in W2² (gaussian_fit, to first order).
 *
 * Measured floors: {@link noiseFloor} runs the estimator on independent pairs of target samples from a sampler
 * callback, over replicates, with a 95% CI. Closed forms ({@link gaussianFitNoiseFloor}) exist only for
 * `gaussian_fit` on Gaussian targets (DERIVED, first order in 1/n; see below); none is known for sorted_1d, emd,
 * sliced or sinkhorn, whose floors decay like n^{-1/2}·log factors (d = 1) or n^{-1/d} (d ≥ 5) with
 * distribution-dependent constants (Fournier & Guillin, PTRF 162 (2015)) — measure those.
 */
import type { GaussianData } from "../data/gaussian-data.js";
import { invalid, requireInteger } from "../errors.js";
import { symmetricEigen } from "../linalg/symmetric-eigen.js";
import type { PointCloud } from "../ot/point-cloud.js";
import { w2Estimate, type W2Estimate, type W2EstimateOptions } from "../ot/w2-estimate.js";
import { confidenceInterval, type ConfidenceInterval } from "./confidence-interval.js";

/** A measured noise floor. */
export interface NoiseFloorResult {
  /** Estimator and distance (as in {@link W2Estimate}). */
  readonly estimator: W2Estimate["estimator"];
  readonly metric: "w2" | "w1";
  /** Floor value per replicate (coordinate units). */
  readonly values: Float64Array;
  /** Mean floor over replicates (coordinate units). */
  readonly mean: number;
  /** 95% Student t CI of the mean floor (null for a single replicate). */
  readonly ci95: ConfidenceInterval | null;
  /** Number of replicates. */
  readonly replicates: number;
}

/**
 * One noise-floor value: the estimator between two independent samples y1, y2 of the target (with the same options
 * — e.g. the same seeded directions for `sliced` — as the estimate it accompanies).
 */
export function noiseFloorFromSamples(y1: PointCloud, y2: PointCloud, options: W2EstimateOptions): W2Estimate {
  return w2Estimate(y1, y2, options);
}

/**
 * Measured noise floor over `replicates` independent pairs: replicate r compares `sample(r, 0)` with `sample(r, 1)`,
 * which must be independent samples of the target of the size used for the estimate (the callback owns its
 * randomness; key it by (r, half) for reproducibility, DESIGN §2).
 */
export function noiseFloor(
  sample: (replicate: number, half: 0 | 1) => PointCloud,
  options: W2EstimateOptions,
  replicates: number,
): NoiseFloorResult {
  if (typeof sample !== "function") invalid("noiseFloor", "sample", "a function (replicate, half) => point cloud", sample);
  const R = requireInteger("noiseFloor", "replicates", replicates, 1);
  const values = new Float64Array(R);
  let first: W2Estimate | null = null;
  for (let r = 0; r < R; r++) {
    const e = w2Estimate(sample(r, 0), sample(r, 1), options);
    first ??= e;
    values[r] = e.value;
  }
  let s = 0;
  for (let r = 0; r < R; r++) s += values[r];
  const est = first as W2Estimate;
  return { estimator: est.estimator, metric: est.metric, values, mean: s / R, ci95: R >= 2 ? confidenceInterval(values, 0.95) : null, replicates: R };
}

/** Closed-form (first-order) noise floor of `gaussian_fit`; squares in squared coordinate units. */
export interface GaussianFitNoiseFloor {
  /** E[W2²] of the full-covariance fit (first order in 1/n). */
  readonly w2_squared: number;
  /** √E[W2²]: the floor in W2 units (root mean square). */
  readonly w2: number;
  /** E[W2²] of the diagonal fit (`w2_diag_only`). */
  readonly w2_diag_only_squared: number;
  /** √ of the above. */
  readonly w2_diag_only: number;
}

/**
 * DERIVED closed form of the `gaussian_fit` floor for a Gaussian target N(m, Σ) (eigenvalues λ_a of Σ), to first
 * order in 1/n (relative corrections O(d/n), so n ≫ d):
 *
 *   fit of an n-sample vs the exact target:  E W2² ≈ (1/n) [ (5/4) tr Σ + ½ G ],   G = Σ_{a,b} λ_a λ_b/(λ_a + λ_b);
 *   fits of two independent samples n1, n2:  replace 1/n by 1/n1 + 1/n2;
 *   diagonal fit (w2_diag_only):             E W2² ≈ (1/n) (3/2) tr Σ   (same replacement).
 *
 * Derivation: |x̄ − m|² has mean tr Σ/n. The Bures distance near Σ is B(Σ, Σ + H) = ½ Σ_ab H_ab²/(λ_a + λ_b) + O(H³)
 * in Σ's eigenbasis (the Bures–Wasserstein metric tensor: ½ tr(L H) with ΣL + LΣ = H), and for Gaussian data
 * H = S − Σ has E H_ab² = (λ_a λ_b + δ_ab λ_a²)/n (Wishart), whatever the ddof to this order. Per coordinate,
 * Var(ŝ_a) ≈ Σ_aa/(2n). Checked by Monte Carlo in test/stats/noise-floor.test.ts. `nY` omitted = exact target.
 */
export function gaussianFitNoiseFloor(target: GaussianData, nX: number, nY?: number): GaussianFitNoiseFloor {
  const where = "gaussianFitNoiseFloor";
  if (target === null || typeof target !== "object") invalid(where, "target", "a Gaussian {dim, mean, std | cov}", target);
  const d = requireInteger(where, "target.dim", target.dim, 1);
  requireInteger(where, "nX", nX, 2);
  if (nY !== undefined) requireInteger(where, "nY", nY, 2);
  let lambda: Float64Array;
  if (target.std instanceof Float64Array && target.std.length === d) {
    lambda = target.std.map((s) => s * s);
  } else if (target.cov instanceof Float64Array && target.cov.length === d * d) {
    lambda = symmetricEigen(target.cov, d, `${where}: target.cov`).values.map((v) => Math.max(v, 0));
  } else {
    invalid(where, "target", `a Gaussian with std (length ${d}) or cov (${d}×${d})`, target);
  }
  let tr = 0;
  let G = 0;
  for (let a = 0; a < d; a++) {
    tr += lambda[a];
    for (let b = 0; b < d; b++) {
      const s = lambda[a] + lambda[b];
      if (s > 0) G += (lambda[a] * lambda[b]) / s;
    }
  }
  const inv = 1 / nX + (nY === undefined ? 0 : 1 / nY);
  const full = inv * (1.25 * tr + 0.5 * G);
  const diag = inv * 1.5 * tr;
  return { w2_squared: full, w2: Math.sqrt(full), w2_diag_only_squared: diag, w2_diag_only: Math.sqrt(diag) };
}

/**
 * Floor-corrected W2: √max(w2² − floor², 0) (coordinate units) — sound for estimators whose sampling error adds to
 * W2² (gaussian_fit); report it beside, never instead of, the raw estimate and its floor.
 */
export function debiasedW2(w2: number, floor: number): number {
  if (typeof w2 !== "number" || !Number.isFinite(w2) || w2 < 0) invalid("debiasedW2", "w2", "a finite number >= 0", w2);
  if (typeof floor !== "number" || !Number.isFinite(floor) || floor < 0) invalid("debiasedW2", "floor", "a finite number >= 0", floor);
  return Math.sqrt(Math.max(w2 * w2 - floor * floor, 0));
}
