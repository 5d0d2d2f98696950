/**
 * Per-step affine maps of the `affine` kernel (Gaussian data; see `kernel-plan.ts`). For the linear schemes
 * (em_point, em_integral, exponential) step k is, per working coordinate i (papers.md §5.4, the same expressions
 * as the exact oracle's `iterateLawDiag`):
 *
 *     σ²_{k,i} = a_k² λ_i + b_k²,   P_{k,i} = A_k − B_k g/σ²_{k,i},   p_{k,i} = B_k (g a_k m_i/σ²_{k,i} + δ_{k,i}),
 *     y ← P_{k,i} y + p_{k,i} + C_k ξ,
 *
 * with g = 1 + κ and δ_{k,i} the additive error at t_k (constant bias plus the frozen `noise` field e(t_k), both
 * in the working basis). `pf_ode_heun` composes its Euler predictor (P, p at t_k) and trapezoidal corrector
 * (Q, q with A'_k, B'_k at t_{k+1}) into one map: y ← ½(1 + Q P) y + ½(Q p + q), C = 0.
 *
 * Coefficients are computed per step (O(d) each), never per particle.
 */
import { noiseErrorAt } from "@scoresweep/core";
import type { KernelPlan } from "./kernel-plan.js";

/** Scratch length {@link affineStepTables} needs for dimension d: 3d. */
export function affineTablesScratchLength(d: number): number {
  return 3 * d;
}

/**
 * Writes the additive score error δ at grid time t_k (constant bias plus the frozen `noise` field e(t_k), in the
 * plan's working basis) into out[at..at+d). `tmp` (length ≥ d) is scratch. Returns false, writing nothing, when
 * the plan has no additive error. Allocates nothing.
 */
export function additiveErrorAt(plan: KernelPlan, k: number, out: Float64Array, at: number, tmp: Float64Array): boolean {
  const d = plan.d;
  const bias = plan.bias;
  if (plan.noise === null) {
    if (bias === null) return false;
    for (let i = 0; i < d; i++) out[at + i] = bias[i];
    return true;
  }
  noiseErrorAt(plan.noise, plan.coeffs.t[k], tmp, 0);
  const rotation = plan.data.kind === "affine" ? plan.data.rotation : null;
  if (rotation !== null) {
    // Working basis = Σ's eigenbasis: δ'_j = Σ_i U_ij e_i.
    for (let j = 0; j < d; j++) {
      let v = 0;
      for (let i = 0; i < d; i++) v += rotation[i * d + j] * tmp[i];
      out[at + j] = v;
    }
  } else {
    for (let i = 0; i < d; i++) out[at + i] = tmp[i];
  }
  if (bias !== null) for (let i = 0; i < d; i++) out[at + i] += bias[i];
  return true;
}

/**
 * Fills rows j = 0..(k1−k0−1) of the step tables for steps k = k0..k1−1 of an `affine` plan: P[j·d + i],
 * p[j·d + i] and C[j] (see the module comment). `scratch` has length ≥ {@link affineTablesScratchLength}(d).
 * Trusts its input.
 */
export function affineStepTables(
  plan: KernelPlan,
  k0: number,
  k1: number,
  P: Float64Array,
  p: Float64Array,
  C: Float64Array,
  scratch: Float64Array,
): void {
  if (plan.data.kind !== "affine") throw new Error("affineStepTables: the plan is not affine");
  const d = plan.d;
  const { mean, variance } = plan.data;
  const { drift, scoreGain, noiseStd, correctorDrift, correctorScoreGain } = plan.coeffs;
  const { aT, b2T, gain: g } = plan;
  const tmp = scratch.subarray(2 * d);
  for (let k = k0; k < k1; k++) {
    const row = (k - k0) * d;
    const a = aT[k];
    const b2 = b2T[k];
    const A = drift[k];
    const B = scoreGain[k];
    const hasDel = additiveErrorAt(plan, k, scratch, 0, tmp);
    if (correctorDrift === null || correctorScoreGain === null) {
      for (let i = 0; i < d; i++) {
        const sig2 = a * a * variance[i] + b2;
        P[row + i] = A - (B * g) / sig2;
        p[row + i] = B * ((g * a * mean[i]) / sig2 + (hasDel ? scratch[i] : 0));
      }
      C[k - k0] = noiseStd[k];
    } else {
      const a1 = aT[k + 1];
      const b21 = b2T[k + 1];
      const A1 = correctorDrift[k];
      const B1 = correctorScoreGain[k];
      const hasDel1 = additiveErrorAt(plan, k + 1, scratch, d, tmp);
      for (let i = 0; i < d; i++) {
        const lam = variance[i];
        const m = mean[i];
        const sig2 = a * a * lam + b2;
        const P0 = A - (B * g) / sig2;
        const p0 = B * ((g * a * m) / sig2 + (hasDel ? scratch[i] : 0));
        const sig21 = a1 * a1 * lam + b21;
        const Q = A1 - (B1 * g) / sig21;
        const q = B1 * ((g * a1 * m) / sig21 + (hasDel1 ? scratch[d + i] : 0));
        P[row + i] = 0.5 * (1 + Q * P0);
        p[row + i] = 0.5 * (Q * p0 + q);
      }
      C[k - k0] = 0;
    }
  }
}
