/**
 * The readable reference loop: the sampler written the obvious way — per step, the exact score of the whole block
 * from `@scoresweep/core` (`gaussianScoreFn`/`gmmScoreFn` with `withScoreError`), then per particle and coordinate
 * y ← A_k y + B_k ŝ + C_k ξ (or Heun's predictor/corrector), in the original coordinates. It draws its normals from
 * the same per-particle streams as the fused kernels (`particle-streams.ts`, `ziggurat.ts`), so for diagonal data
 * and mixtures it follows the same paths up to rounding — the yardstick for the fused kernels in tests, and the
 * "naive TypeScript loop" of the kernel benchmark. Not used by `runShard`.
 */
import {
  gaussianScoreFn,
  gmmScoreFn,
  resolveGaussianData,
  resolveGmmData,
  resolveScoreError,
  withScoreError,
  type BatchScoreFn,
  type PointSpec,
} from "@scoresweep/core";
import type { KernelPlan } from "./kernel-plan.js";
import { nextNormal } from "./ziggurat.js";

/** The (possibly erroneous) exact score of `point` in its original coordinates, for the naive loop. */
export function naiveScoreFn(point: PointSpec, plan: KernelPlan): BatchScoreFn {
  const exact =
    point.data.kind === "gaussian"
      ? gaussianScoreFn(resolveGaussianData(point.data), plan.schedule)
      : gmmScoreFn(resolveGmmData(point.data), plan.schedule);
  return withScoreError(exact, resolveScoreError(point.score.error, plan.d), plan.noise);
}

/**
 * Simulates n particles from the prior to y_K with the naive loop: y (n×d row-major, overwritten), streams
 * main/aux (n×4 int32, as seeded by `seedParticleStreams`). Returns 0, or the 1-based step after which a value
 * is first not finite. Allocates its two scratch blocks per call.
 */
export function naiveSimulate(plan: KernelPlan, score: BatchScoreFn, n: number, y: Float64Array, main: Int32Array, aux: Int32Array): number {
  const d = plan.d;
  const len = n * d;
  const std = Math.sqrt(plan.priorVar);
  for (let j = 0; j < n; j++) for (let i = 0; i < d; i++) y[j * d + i] = std * nextNormal(main, 4 * j, aux, 4 * j);
  const s = new Float64Array(len);
  const pred = new Float64Array(len);
  const { t, drift, scoreGain, noiseStd, correctorDrift, correctorScoreGain } = plan.coeffs;
  for (let k = 0; k < plan.K; k++) {
    const A = drift[k];
    const B = scoreGain[k];
    score(n, d, y, t[k], s);
    if (correctorDrift === null || correctorScoreGain === null) {
      const C = noiseStd[k];
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < d; i++) {
          const at = j * d + i;
          y[at] = A * y[at] + B * s[at] + C * nextNormal(main, 4 * j, aux, 4 * j);
        }
      }
    } else {
      for (let at = 0; at < len; at++) pred[at] = A * y[at] + B * s[at];
      score(n, d, pred, t[k + 1], s);
      const Ac = correctorDrift[k];
      const Bc = correctorScoreGain[k];
      for (let at = 0; at < len; at++) y[at] = 0.5 * y[at] + 0.5 * (Ac * pred[at] + Bc * s[at]);
    }
    for (let at = 0; at < len; at++) if (!Number.isFinite(y[at])) return k + 1;
  }
  return 0;
}
