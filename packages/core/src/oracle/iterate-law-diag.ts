/**
 * SIGNATURE (fixed; engineer H2's `iterateLawFull` builds on it by rotating into Σ's eigenbasis):
 *
 *   iterateLawDiag(
 *     coeffs: StepCoefficients,            // from stepCoefficients(schedule, scheme, K, delta)
 *     schedule: Schedule,                  // the same schedule (a_t, b_t² at the grid times)
 *     mean: Float64Array,                  // data mean m_i (length d; in Σ's eigenbasis for full covariance)
 *     variance: Float64Array,              // data variance λ_i = s_i² (length d; eigenvalues of Σ)
 *     opts: { priorVar: number;            // y_0 ~ N(0, priorVar I)
 *             bias?: Float64Array | null;  // additive score error δ_i (length d, same basis as mean), default 0
 *             scale?: number;              // κ: multiplicative error 1 + κ on the exact score, default 0
 *             biasTable?: Float64Array | null },  // optional time-varying additive error e_i(t_k), row-major
 *                                                 // (K+1)×d at the grid times t_0..t_K (the `noise` model)
 *     out?: { mean: Float64Array; var: Float64Array },  // optional destination (length d each)
 *   ): { mean: Float64Array; var: Float64Array }        // L(y_K) = N(mean, diag(var)) exactly
 *
 * The exact law of the sampler output for Gaussian data (papers.md §5.4, golden `exact_law`). The score
 * used by the sampler is
 *
 *     ŝ(y, t)_i = (1 + κ)·s_i(y, t) + δ_i,   s_i(y, t) = −(y_i − a_t m_i)/σ²_i(t),   σ²_i(t) = a_t² λ_i + b_t²,
 *
 * i.e. the scale error multiplies the exact score only and the bias is added afterwards (a point carries at
 * most one error kind; when both are given this is how they combine). With `biasTable`, δ_i at time t_k is
 * bias_i + biasTable[k·d + i] (the frozen `noise` field is constant in x, so the law stays Gaussian). Each coordinate is an independent
 * scalar linear-Gaussian recursion. For the linear schemes (A_k, B_k, C_k = coeffs.drift, scoreGain,
 * noiseStd at t_k):
 *
 *     P_k = A_k − B_k (1 + κ)/σ²_k,   p_k = B_k ((1 + κ) a_k m_i/σ²_k + δ_i),
 *     μ_{k+1} = P_k μ_k + p_k,        v_{k+1} = P_k² v_k + C_k²,        μ_0 = 0, v_0 = priorVar.
 *
 * For `pf_ode_heun` (deterministic) the predictor gives ỹ = P_k y + p_k and the corrector at t_{k+1}
 * gives Q_k = A'_k − B'_k (1 + κ)/σ²_{k+1}, q_k = B'_k ((1 + κ) a_{k+1} m_i/σ²_{k+1} + δ_i); then
 * y_{k+1} = ½ y_k + ½ (Q_k ỹ + q_k), so μ_{k+1} = ½(1 + Q_k P_k) μ_k + ½(Q_k p_k + q_k) and
 * v_{k+1} = ¼(1 + Q_k P_k)² v_k.
 *
 * Trusts its input (lengths equal, λ_i ≥ 0, priorVar ≥ 0): validation happens in `exactOracle`.
 * Cost O(K·d); allocates only the output (and two length-K scratch arrays for a_t, b_t²).
 */
import type { Schedule } from "../schedule/schedule.js";
import type { StepCoefficients } from "../sampler/step-coefficients.js";

/** Options of {@link iterateLawDiag}. */
export interface IterateLawOptions {
  /** Variance of the prior y_0 ~ N(0, priorVar·I). */
  priorVar: number;
  /** Additive score error δ (length d, same basis as `mean`); null/absent = 0. */
  bias?: Float64Array | null;
  /** κ of the multiplicative score error ŝ = (1 + κ) s + δ; absent = 0. */
  scale?: number;
  /** Time-varying additive error at the grid times: row k (length d) is added to δ at t_k; (K+1)×d, row-major. */
  biasTable?: Float64Array | null;
}

/** The exact Gaussian law N(mean, diag(var)) of the iterate y_K. */
export interface DiagLaw {
  /** E[y_K] per coordinate. */
  mean: Float64Array;
  /** Var[y_K] per coordinate. */
  var: Float64Array;
}

/**
 * Exact law of y_K for data N(mean, diag(variance)) under the scheme described by `coeffs` (see the module
 * comment for the recursion and the score-error convention). Returns `out` when given.
 */
export function iterateLawDiag(
  coeffs: StepCoefficients,
  schedule: Schedule,
  mean: Float64Array,
  variance: Float64Array,
  opts: IterateLawOptions,
  out?: DiagLaw,
): DiagLaw {
  const d = mean.length;
  const K = coeffs.K;
  const t = coeffs.t;
  const res: DiagLaw = out ?? { mean: new Float64Array(d), var: new Float64Array(d) };
  const bias = opts.bias ?? null;
  const table = opts.biasTable ?? null;
  const g = 1 + (opts.scale ?? 0);
  // a_t and b_t² at every grid time (K+1 values), shared by all coordinates.
  const aT = new Float64Array(K + 1);
  const b2T = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) {
    aT[k] = schedule.a(t[k]);
    b2T[k] = schedule.b2(t[k]);
  }
  const A = coeffs.drift;
  const B = coeffs.scoreGain;
  const N = coeffs.noiseVar;
  const A2 = coeffs.correctorDrift;
  const B2 = coeffs.correctorScoreGain;
  for (let i = 0; i < d; i++) {
    const m = mean[i];
    const lam = variance[i];
    const del = bias === null ? 0 : bias[i];
    let mu = 0;
    let v = opts.priorVar;
    if (A2 === null || B2 === null) {
      for (let k = 0; k < K; k++) {
        const a = aT[k];
        const sig2 = a * a * lam + b2T[k];
        const P = A[k] - (B[k] * g) / sig2;
        const p = B[k] * ((g * a * m) / sig2 + (table === null ? del : del + table[k * d + i]));
        mu = P * mu + p;
        v = P * P * v + N[k];
      }
    } else {
      for (let k = 0; k < K; k++) {
        const a = aT[k];
        const sig2 = a * a * lam + b2T[k];
        const P = A[k] - (B[k] * g) / sig2;
        const p = B[k] * ((g * a * m) / sig2 + (table === null ? del : del + table[k * d + i]));
        const a1 = aT[k + 1];
        const sig21 = a1 * a1 * lam + b2T[k + 1];
        const Q = A2[k] - (B2[k] * g) / sig21;
        const q = B2[k] * ((g * a1 * m) / sig21 + (table === null ? del : del + table[(k + 1) * d + i]));
        const M = 0.5 * (1 + Q * P);
        mu = M * mu + 0.5 * (Q * p + q);
        v = M * M * v;
      }
    }
    res.mean[i] = mu;
    res.var[i] = v;
  }
  return res;
}
