/**
 * Exact score of Gaussian data under the forward SDE (papers.md §5.2): for p_0 = N(μ, Σ),
 *
 *     p_t = N(a_t μ, C_t),   C_t = a_t² Σ + b_t² I,   ∇log p_t(x) = −C_t⁻¹ (x − a_t μ).
 *
 * Diagonal Σ = diag(s²) is coordinate-wise; a full Σ is handled with a Cholesky factor of C_t (computed
 * once per call, O(d³/3), then two triangular solves per particle, O(d²)), which needs no eigensolver and
 * is backward stable for the symmetric positive-definite C_t (b_t² > 0 makes it so even for singular Σ).
 * Also defines {@link BatchScoreFn}, the score contract of the samplers.
 */
import type { GaussianData } from "../data/gaussian-data.js";
import type { Schedule } from "../schedule/schedule.js";

/**
 * A score model evaluated on a batch: writes ŝ(x_p, t) for the n particles x (n×d row-major, time t in
 * [0, T]) into `out` (n×d). Must not retain `x` or `out`, and must not allocate per call in hot paths.
 */
export type BatchScoreFn = (n: number, d: number, x: Float64Array, t: number, out: Float64Array) => void;

/** Length of the `scratch` {@link gaussianDiagScore} needs in dimension d: 2·d. */
export function gaussianDiagScoreScratchLength(d: number): number {
  return 2 * d;
}

/**
 * Writes −(x_p,i − a m_i)/(a² s_i² + b2) for the n particles x (n×d row-major) into `out` (n×d): the exact
 * score of N(m, diag(s²)) at signal scale a = a_t and noise variance b2 = b_t². `scratch` has length ≥ 2d.
 * Trusts its input; allocates nothing. Returns `out`.
 */
export function gaussianDiagScore(
  n: number,
  d: number,
  x: Float64Array,
  a: number,
  b2: number,
  mean: Float64Array,
  std: Float64Array,
  scratch: Float64Array,
  out: Float64Array,
): Float64Array {
  // scratch: [0, d) a·m_i; [d, 2d) 1/σ_i², σ_i² = a² s_i² + b².
  for (let i = 0; i < d; i++) {
    scratch[i] = a * mean[i];
    scratch[d + i] = 1 / (a * a * std[i] * std[i] + b2);
  }
  for (let p = 0; p < n; p++) {
    const row = p * d;
    for (let i = 0; i < d; i++) out[row + i] = (scratch[i] - x[row + i]) * scratch[d + i];
  }
  return out;
}

/** Length of the `scratch` {@link gaussianFullScore} needs in dimension d: d² + d. */
export function gaussianFullScoreScratchLength(d: number): number {
  return d * d + d;
}

/**
 * Writes −C⁻¹(x_p − a μ), C = a² Σ + b2 I, for the n particles x (n×d row-major) into `out` (n×d): the
 * exact score of N(μ, Σ) (Σ row-major d×d, symmetric positive semi-definite) at a = a_t, b2 = b_t².
 * `scratch` has length ≥ d² + d (Cholesky factor L of C, then a·μ). If C is not positive definite the
 * output is NaN (the samplers report that as divergence). Trusts its input; allocates nothing. Returns `out`.
 */
export function gaussianFullScore(
  n: number,
  d: number,
  x: Float64Array,
  a: number,
  b2: number,
  mean: Float64Array,
  cov: Float64Array,
  scratch: Float64Array,
  out: Float64Array,
): Float64Array {
  const a2 = a * a;
  const am = d * d;
  // Cholesky C = L Lᵀ (lower triangle of scratch, row-major), column by column.
  for (let j = 0; j < d; j++) {
    let s = a2 * cov[j * d + j] + b2;
    for (let l = 0; l < j; l++) s -= scratch[j * d + l] * scratch[j * d + l];
    const ljj = s > 0 ? Math.sqrt(s) : NaN;
    scratch[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let v = a2 * cov[i * d + j];
      for (let l = 0; l < j; l++) v -= scratch[i * d + l] * scratch[j * d + l];
      scratch[i * d + j] = v / ljj;
    }
  }
  for (let i = 0; i < d; i++) scratch[am + i] = a * mean[i];
  for (let p = 0; p < n; p++) {
    const row = p * d;
    // Forward solve L z = (a μ − x) into out, then back solve Lᵀ s = z in place.
    for (let i = 0; i < d; i++) {
      let v = scratch[am + i] - x[row + i];
      for (let l = 0; l < i; l++) v -= scratch[i * d + l] * out[row + l];
      out[row + i] = v / scratch[i * d + i];
    }
    for (let i = d - 1; i >= 0; i--) {
      let v = out[row + i];
      for (let l = i + 1; l < d; l++) v -= scratch[l * d + i] * out[row + l];
      out[row + i] = v / scratch[i * d + i];
    }
  }
  return out;
}

/**
 * The exact score of resolved Gaussian data (diagonal or full covariance) as a sampler score function, with
 * a_t, b_t² from `schedule`. Owns its scratch (allocated once here).
 */
export function gaussianScoreFn(data: GaussianData, schedule: Schedule): BatchScoreFn {
  const { mean, std, cov } = data;
  if (std !== null) {
    const scratch = new Float64Array(gaussianDiagScoreScratchLength(data.dim));
    return (n, d, x, t, out) => {
      gaussianDiagScore(n, d, x, schedule.a(t), schedule.b2(t), mean, std, scratch, out);
    };
  }
  const full = cov as Float64Array;
  const scratch = new Float64Array(gaussianFullScoreScratchLength(data.dim));
  return (n, d, x, t, out) => {
    gaussianFullScore(n, d, x, schedule.a(t), schedule.b2(t), mean, full, scratch, out);
  };
}
