/**
 * Exact samples of a point's target law — p_0, or p_δ = law of x_δ under the forward SDE (`metric.target`) — for
 * the noise floor of a Monte Carlo estimate: the same estimator between two independent target samples of the
 * point's size tells what value "no error at all" produces (REFERENCE.md). The two copies come from separate
 * streams,
 *
 *     key(copy) = deriveKey(streamKey(seed, pointId, "data.sample"), "noise-floor.<copy>"),   copy 0 or 1,
 *
 * addressed per particle like every draw (DESIGN §2), so a floor shard is as reproducible as a sampler shard.
 *
 * Gaussian data: x = a m + √(a² s² + b²) ⊙ ξ (diagonal), or x = a m + U (√(a² λ + b²) ⊙ ξ) with Σ = U Λ Uᵀ; mixtures:
 * `sampleGmm` of `@scoresweep/core` with the same (a, b²); (a, b²) = (1, 0) for p_0 and (a_δ, b_δ²) for p_δ.
 */
import { deriveKey, fillNormals, RNG_DOMAIN, sampleGmm, streamKey, type StreamKey } from "@scoresweep/core";
import type { KernelPlan } from "./impl/kernel-plan.js";

/** The stream key of noise-floor copy `copy` (0 or 1) of a point's target samples. Validates `seed`. */
export function targetSampleKey(seed: number, pointId: string, copy: 0 | 1): StreamKey {
  return deriveKey(streamKey(seed, pointId, RNG_DOMAIN.dataSample), `noise-floor.${copy}`);
}

/** Signal scale a and noise variance b² of the target: (1, 0) for p_0, (a_δ, b_δ²) for p_δ. */
export function targetScales(plan: KernelPlan, target: "p0" | "p_delta"): { a: number; b2: number } {
  return target === "p_delta" ? { a: plan.schedule.a(plan.delta), b2: plan.schedule.b2(plan.delta) } : { a: 1, b2: 0 };
}

/**
 * Writes exact samples of the target law for particles particle0..particle0+n−1 of stream (key, replicate) into
 * out (n×d row-major, original basis). `scratch` has length ≥ d. Returns `out`.
 */
export function sampleTarget(
  plan: KernelPlan,
  target: "p0" | "p_delta",
  key: StreamKey,
  replicate: number,
  particle0: number,
  n: number,
  out: Float64Array,
  scratch: Float64Array,
): Float64Array {
  const d = plan.d;
  const { a, b2 } = targetScales(plan, target);
  const data = plan.data;
  if (data.kind === "gmm") return sampleGmm(data.gmm, n, key, replicate, particle0, out, a, b2);
  const { mean, variance, rotation } = data;
  for (let j = 0; j < n; j++) {
    const o = j * d;
    fillNormals(key, replicate, particle0 + j, 0, d, scratch, 0);
    for (let i = 0; i < d; i++) scratch[i] *= Math.sqrt(a * a * variance[i] + b2);
    if (rotation === null) {
      for (let i = 0; i < d; i++) out[o + i] = a * mean[i] + scratch[i];
    } else {
      // mean is Uᵀm in the plan; the original-basis mean is plan.dataMean.
      for (let i = 0; i < d; i++) {
        let v = 0;
        for (let l = 0; l < d; l++) v += rotation[i * d + l] * scratch[l];
        out[o + i] = a * plan.dataMean[i] + v;
      }
    }
  }
  return out;
}
