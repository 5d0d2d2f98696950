/**
 * The `gaussian_fit` estimator: fit N(mean, cov) to a sample by its moments and report the closed-form Bures W2
 * (papers.md §5.5) to another fitted Gaussian or to a known Gaussian target. It is exact when both laws are
 * Gaussian and the sample is infinite; for finite n its bias is the noise floor of stats/noise-floor.ts. The
 * moments come from stats/moment-stats.ts, so shards merge before the fit.
 */
import type { GaussianData } from "../data/gaussian-data.js";
import { invalid, requireInteger } from "../errors.js";
import { requireSymmetricPsd } from "../linalg/positive-definite.js";
import { covarianceOf, momentsImpl, type MomentStats } from "../stats/moment-stats.js";
import { gaussianW2Full } from "./gaussian-w2.js";
import { requireCloud, requireSameDimension, type PointCloud } from "./point-cloud.js";
import { invalidGot } from "./invalid-got.js";

/** ddof used when none is given: 1, the unbiased covariance (numpy.cov's default). */
export const DEFAULT_GAUSSIAN_FIT_DDOF = 1;

/** Options of {@link gaussianFitW2}. */
export interface GaussianFitOptions {
  /** Covariance normalisation: 0 divides the co-moments by n (maximum likelihood), 1 by n − 1 (default). */
  ddof?: 0 | 1;
}

/** Result of {@link gaussianFitW2}. */
export interface GaussianFitW2Result {
  /** Bures W2 between the fitted Gaussian of x and the other Gaussian (coordinate units, not squared). */
  readonly w2: number;
  /** |mean_x − mean_y|² (squared coordinate units). */
  readonly mean_part: number;
  /** Bures covariance term tr S1 + tr S2 − 2 tr(S1^{1/2} S2 S1^{1/2})^{1/2} (squared coordinate units). */
  readonly cov_part: number;
  /** W2 between the diagonal fits: √(Σ (mean_i − m_i)² + (std_i − s_i)²) with per-coordinate stds. */
  readonly w2_diag_only: number;
  /** ddof used. */
  readonly ddof: 0 | 1;
  /** The fitted mean of x (length d). */
  readonly sample_mean: Float64Array;
  /** The fitted covariance of x (row-major d×d). */
  readonly sample_cov: Float64Array;
}

/** A resolved Gaussian target N(mean, diag(std²)) or N(mean, cov) (see data/gaussian-data.ts). */
export type GaussianTarget = GaussianData;

function isCloud(v: unknown): v is PointCloud {
  return typeof v === "object" && v !== null && (v as PointCloud).data instanceof Float64Array;
}

function isMoments(v: unknown): v is MomentStats {
  return typeof v === "object" && v !== null && (v as MomentStats).comoment instanceof Float64Array;
}

/** Checks a Gaussian target against dimension d; returns its mean and full covariance. */
function resolveTarget(where: string, t: GaussianTarget, d: number): { mean: Float64Array; cov: Float64Array } {
  if (t === null || typeof t !== "object") invalid(where, "target", "a Gaussian {dim, mean, std | cov}", t);
  if (t.dim !== d) invalid(where, "target.dim", `the dimension of the points (${d})`, t.dim);
  if (!(t.mean instanceof Float64Array) || t.mean.length !== d) invalid(where, "target.mean", `a Float64Array of length ${d}`, t.mean);
  for (let k = 0; k < d; k++) if (!Number.isFinite(t.mean[k])) invalid(where, `target.mean[${k}]`, "a finite number", t.mean[k]);
  const cov = new Float64Array(d * d);
  if (t.std instanceof Float64Array) {
    if (t.std.length !== d) invalid(where, "target.std", `of length ${d}`, t.std.length);
    for (let k = 0; k < d; k++) {
      const s = t.std[k];
      if (!Number.isFinite(s) || s < 0) invalid(where, `target.std[${k}]`, "a finite number >= 0", s);
      cov[k * d + k] = s * s;
    }
  } else if (t.cov instanceof Float64Array) {
    if (t.cov.length !== d * d) invalidGot(where, "target.cov", `a row-major ${d}×${d} matrix`, `length ${t.cov.length}`);
    requireSymmetricPsd(where, "target.cov", t.cov, d);
    cov.set(t.cov);
  } else {
    invalid(where, "target", "a Gaussian with std or cov", t);
  }
  return { mean: t.mean, cov };
}

/**
 * Kernel: W2 of N(mean1, cov1) to N(mean2, cov2) (d-dimensional, trusted) in the result form of
 * {@link gaussianFitW2}, with the diagonal-only variant.
 */
export function gaussianFitResultImpl(d: number, mean1: Float64Array, cov1: Float64Array, mean2: Float64Array, cov2: Float64Array, ddof: 0 | 1): GaussianFitW2Result {
  const full = gaussianW2Full(d, mean1, cov1, mean2, cov2);
  let diag = 0;
  for (let k = 0; k < d; k++) {
    const dm = mean1[k] - mean2[k];
    const ds = Math.sqrt(Math.max(cov1[k * d + k], 0)) - Math.sqrt(Math.max(cov2[k * d + k], 0));
    diag += dm * dm + ds * ds;
  }
  return {
    w2: full.w2,
    mean_part: full.meanPart,
    cov_part: full.covPart,
    w2_diag_only: Math.sqrt(diag),
    ddof,
    sample_mean: mean1,
    sample_cov: cov1,
  };
}

function resolveDdof(where: string, options: GaussianFitOptions): 0 | 1 {
  if (options === null || typeof options !== "object") invalid(where, "options", "an object", options);
  if (options.ddof === undefined) return DEFAULT_GAUSSIAN_FIT_DDOF;
  if (options.ddof !== 0 && options.ddof !== 1) invalid(where, "options.ddof", "0 or 1", options.ddof);
  return options.ddof;
}

/**
 * Gaussian-fit W2 from merged moments: the fit of `mx` against the fit of `y` (moments) or a known Gaussian.
 * This is the aggregation step for sharded runs (merge the shards' {@link MomentStats} in block order first).
 */
export function gaussianFitW2FromMoments(mx: MomentStats, y: MomentStats | GaussianTarget, options: GaussianFitOptions = {}): GaussianFitW2Result {
  const where = "gaussianFitW2FromMoments";
  const ddof = resolveDdof(where, options);
  if (!isMoments(mx)) invalid(where, "mx", "a MomentStats object", mx);
  const d = mx.d;
  const covX = covarianceOf(mx, ddof);
  if (isMoments(y)) {
    if (y.d !== d) invalidGot(where, "x and y", "of the same dimension", `dimensions ${d} and ${y.d}`);
    return gaussianFitResultImpl(d, mx.mean.slice(), covX, y.mean.slice(), covarianceOf(y, ddof), ddof);
  }
  const t = resolveTarget(where, y, d);
  return gaussianFitResultImpl(d, mx.mean.slice(), covX, t.mean, t.cov, ddof);
}

/**
 * Gaussian-fit W2: fits N(mean, cov) to the points of x (covariance with `ddof`, default 1) and returns the Bures
 * W2 to the fit of the sample y, or to the known Gaussian target y. Needs n > ddof points per sample.
 */
export function gaussianFitW2(x: PointCloud, y: PointCloud | GaussianTarget, options: GaussianFitOptions = {}): GaussianFitW2Result {
  const where = "gaussianFitW2";
  requireCloud(where, "x", x);
  const ddof = resolveDdof(where, options);
  if (x.n <= ddof) invalidGot(where, "x", `at least ${ddof + 1} points for a covariance with ddof ${ddof}`, `${x.n} point`);
  const mx = momentsImpl(x.n, x.d, x.data);
  if (isCloud(y)) {
    requireCloud(where, "y", y);
    requireSameDimension(where, x, y);
    if (y.n <= ddof) invalidGot(where, "y", `at least ${ddof + 1} points for a covariance with ddof ${ddof}`, `${y.n} point`);
    const my = momentsImpl(y.n, y.d, y.data);
    return gaussianFitResultImpl(x.d, mx.mean, covarianceOf(mx, ddof), my.mean, covarianceOf(my, ddof), ddof);
  }
  requireInteger(where, "target.dim", (y as GaussianTarget)?.dim, 1);
  const t = resolveTarget(where, y, x.d);
  return gaussianFitResultImpl(x.d, mx.mean, covarianceOf(mx, ddof), t.mean, t.cov, ddof);
}
