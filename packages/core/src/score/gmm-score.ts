/**
 * Exact score of Gaussian-mixture data under the forward SDE (papers.md §5.2; golden `gmm_score.json`):
 *
 *     p_t = Σ_j w_j N(a_t μ_j, diag(v_j)),   v_j,i = a_t² s_j,i² + b_t²,
 *     ∇log p_t(x) = Σ_j r_j(x) · (−(x − a_t μ_j)/v_j),   r_j = w_j N(x; a_t μ_j, v_j) / Σ_l w_l N(x; a_t μ_l, v_l).
 *
 * The responsibilities are computed from log-densities with log-sum-exp: at |x| = 50 every component density
 * underflows float64 (the golden far-tail queries), while the log-densities stay finite.
 */
import type { GmmData } from "../data/gmm-data.js";
import type { Schedule } from "../schedule/schedule.js";
import type { BatchScoreFn } from "./gaussian-score.js";

/** Length of the `scratch` array {@link gmmScore} needs for k components in dimension d: 2·k·d + 2·k. */
export function gmmScoreScratchLength(k: number, d: number): number {
  return 2 * k * d + 2 * k;
}

/**
 * Writes ∇log p_t(x_p) for the n particles x (n×d row-major) into `out` (n×d), for the mixture `gmm` at
 * signal scale a = a_t and noise variance b2 = b_t² (so a_t² s² + b_t² > 0 is needed: any t when every
 * std is > 0). `scratch` has length ≥ {@link gmmScoreScratchLength}(k, d); nothing is allocated. Trusts its
 * input. Cost O(n·k·d) plus O(k·d) logarithms per call. Returns `out`.
 */
export function gmmScore(
  n: number,
  d: number,
  x: Float64Array,
  a: number,
  b2: number,
  gmm: GmmData,
  scratch: Float64Array,
  out: Float64Array,
): Float64Array {
  const k = gmm.k;
  const kd = k * d;
  // scratch layout: [0, kd) a·μ_j,i; [kd, 2kd) 1/v_j,i; [2kd, 2kd+k) log normaliser c_j; then the k logits.
  const iV = kd;
  const iC = 2 * kd;
  const iL = 2 * kd + k;
  const means = gmm.means;
  const stds = gmm.stds;
  for (let j = 0; j < k; j++) {
    // c_j = ln w_j − ½ Σ_i ln v_j,i (the common −(d/2) ln 2π cancels in r_j).
    let logDet = 0;
    for (let i = 0; i < d; i++) {
      const s = stds[j * d + i];
      const v = a * a * s * s + b2;
      scratch[j * d + i] = a * means[j * d + i];
      scratch[iV + j * d + i] = 1 / v;
      logDet += Math.log(v);
    }
    scratch[iC + j] = gmm.logWeights[j] - 0.5 * logDet;
  }
  for (let p = 0; p < n; p++) {
    const row = p * d;
    let max = -Infinity;
    for (let j = 0; j < k; j++) {
      let q = 0;
      for (let i = 0; i < d; i++) {
        const r = x[row + i] - scratch[j * d + i];
        q += r * r * scratch[iV + j * d + i];
      }
      const l = scratch[iC + j] - 0.5 * q;
      scratch[iL + j] = l;
      if (l > max) max = l;
    }
    // r_j ∝ exp(l_j − max): the largest term is 1, so the sum is in [1, k] and never underflows.
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(scratch[iL + j] - max);
      scratch[iL + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let i = 0; i < d; i++) out[row + i] = 0;
    for (let j = 0; j < k; j++) {
      const rj = scratch[iL + j] * inv;
      if (rj === 0) continue;
      for (let i = 0; i < d; i++) {
        out[row + i] += rj * (scratch[j * d + i] - x[row + i]) * scratch[iV + j * d + i];
      }
    }
  }
  return out;
}

/**
 * The exact GMM score as a sampler score function: ŝ(x, t) = ∇log p_t(x) with a_t, b_t² from `schedule`.
 * Owns its scratch (allocated once here, reused by every call).
 */
export function gmmScoreFn(gmm: GmmData, schedule: Schedule): BatchScoreFn {
  const scratch = new Float64Array(gmmScoreScratchLength(gmm.k, gmm.dim));
  return (n, d, x, t, out) => {
    gmmScore(n, d, x, schedule.a(t), schedule.b2(t), gmm, scratch, out);
  };
}
