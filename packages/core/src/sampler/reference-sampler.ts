/**
 * Reference samplers: plain, readable (not fused) implementations of every scheme over a batch of n
 * particles in dimension d, using the per-step coefficients of `step-coefficients.ts` (papers.md §5.3):
 *
 *     em_point, em_integral, exponential:  y_{k+1} = A_k y_k + B_k ŝ(y_k, t_k) + C_k ξ_k
 *     pf_ode_heun:                          ỹ = A_k y_k + B_k ŝ(y_k, t_k),
 *                                           y_{k+1} = ½ y_k + ½ (A'_k ỹ + B'_k ŝ(ỹ, t_{k+1}))
 *
 * with y_0 ~ N(0, priorVar·I). They are the yardstick for the fused kernels and are checked against the
 * exact oracle by Monte Carlo. Noise is addressed per particle (DESIGN §2): particle p (global index
 * `particle0 + p`) of replicate r takes its prior draw from normal positions [0, d) of its stream and ξ_k
 * from positions [(k+1)·d, (k+2)·d) ({@link samplerNoisePosition}), so its path does not depend on the batch
 * it was computed in. Noise is added on every step, the last included (as in the oracle and the golden
 * `exact_law`). A non-finite value is reported as `{ diverged: true, step }`, never thrown.
 */
import { invalid } from "../errors.js";
import { fillNormals } from "../rng/fill-normals.js";
import type { StreamKey } from "../rng/stream-key.js";
import type { BatchScoreFn } from "../score/gaussian-score.js";
import { addRowVector, noiseErrorAt, type NoiseErrorField } from "../score/noise-error.js";
import type { ScoreError } from "../score/score-error.js";
import type { StepCoefficients } from "./step-coefficients.js";

/**
 * First normal position of noise slot `slot` in a particle's stream for dimension d: slot 0 is the prior draw
 * y_0, slot k + 1 the Brownian increment ξ_k of step k (0-based). Fused kernels must use the same layout to
 * reproduce the reference sampler's paths.
 */
export function samplerNoisePosition(slot: number, d: number): number {
  return slot * d;
}

/** Inputs of {@link referenceSample}. */
export interface ReferenceSampleOptions {
  /** The scheme and its coefficients: `stepCoefficients(schedule, scheme, K, delta)`. */
  coeffs: StepCoefficients;
  /** The (possibly erroneous) score ŝ; see {@link withScoreError}. */
  score: BatchScoreFn;
  /** Number of particles n ≥ 1 in this batch. */
  n: number;
  /** Dimension d ≥ 1. */
  d: number;
  /** Prior variance: y_0 ~ N(0, priorVar·I). */
  priorVar: number;
  /** Key of the sampler-noise stream (e.g. `streamKey(seed, pointId, RNG_DOMAIN.samplerNoise)`). */
  key: StreamKey;
  /** Replicate index (counter word 3); default 0. */
  replicate?: number;
  /** Global index of the batch's first particle (counter word 2); default 0. */
  particle0?: number;
  /** Destination for y_K (n×d row-major); allocated when absent. */
  out?: Float64Array;
}

/** Outcome of a sampler run: the final particles, or the step at which a value stopped being finite. */
export type ReferenceSampleResult =
  | {
      readonly diverged: false;
      /** y_K (n×d row-major). */
      readonly x: Float64Array;
    }
  | {
      readonly diverged: true;
      /** Number of steps taken when a non-finite value first appeared (1..K): y_step is not finite. */
      readonly step: number;
      /** The particles at that point (partly non-finite). */
      readonly x: Float64Array;
    };

function allFinite(x: Float64Array, len: number): boolean {
  for (let i = 0; i < len; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/** Fills x (n×d) with the normals of noise slot `slot` for particles particle0..particle0+n−1. */
function drawNoise(
  x: Float64Array,
  n: number,
  d: number,
  key: StreamKey,
  replicate: number,
  particle0: number,
  slot: number,
): void {
  const position = samplerNoisePosition(slot, d);
  for (let p = 0; p < n; p++) fillNormals(key, replicate, particle0 + p, position, d, x, p * d);
}

/**
 * Runs the scheme of `opts.coeffs` from y_0 ~ N(0, priorVar·I) to y_K for n particles. Trusts its input
 * (validated where the point is resolved). Allocates its buffers once per call.
 */
export function referenceSample(opts: ReferenceSampleOptions): ReferenceSampleResult {
  return opts.coeffs.scheme === "pf_ode_heun" ? pfOdeHeunSample(opts) : linearSchemeSample(opts);
}

/**
 * `em_point`, `em_integral` and `exponential`: y_{k+1} = A_k y_k + B_k ŝ(y_k, t_k) + C_k ξ_k for k = 0..K−1.
 */
export function linearSchemeSample(opts: ReferenceSampleOptions): ReferenceSampleResult {
  const { coeffs, score, n, d, priorVar, key } = opts;
  const replicate = opts.replicate ?? 0;
  const particle0 = opts.particle0 ?? 0;
  const len = n * d;
  const y = opts.out ?? new Float64Array(len);
  const s = new Float64Array(len);
  const xi = new Float64Array(len);

  drawNoise(y, n, d, key, replicate, particle0, 0);
  const priorStd = Math.sqrt(priorVar);
  for (let i = 0; i < len; i++) y[i] *= priorStd;

  for (let k = 0; k < coeffs.K; k++) {
    const A = coeffs.drift[k];
    const B = coeffs.scoreGain[k];
    const C = coeffs.noiseStd[k];
    score(n, d, y, coeffs.t[k], s);
    drawNoise(xi, n, d, key, replicate, particle0, k + 1);
    for (let i = 0; i < len; i++) y[i] = A * y[i] + B * s[i] + C * xi[i];
    if (!allFinite(y, len)) return { diverged: true, step: k + 1, x: y };
  }
  return { diverged: false, x: y };
}

/**
 * `pf_ode_heun`: Heun's method for the probability-flow ODE in reverse time (H1's coefficients: predictor
 * A_k, B_k at t_k, corrector A'_k, B'_k at t_{k+1}); deterministic after the prior draw.
 */
export function pfOdeHeunSample(opts: ReferenceSampleOptions): ReferenceSampleResult {
  const { coeffs, score, n, d, priorVar, key } = opts;
  const replicate = opts.replicate ?? 0;
  const particle0 = opts.particle0 ?? 0;
  const len = n * d;
  const y = opts.out ?? new Float64Array(len);
  const s = new Float64Array(len);
  const yPred = new Float64Array(len);
  const A2 = coeffs.correctorDrift as Float64Array;
  const B2 = coeffs.correctorScoreGain as Float64Array;

  drawNoise(y, n, d, key, replicate, particle0, 0);
  const priorStd = Math.sqrt(priorVar);
  for (let i = 0; i < len; i++) y[i] *= priorStd;

  for (let k = 0; k < coeffs.K; k++) {
    // Euler predictor to t_{k+1}.
    score(n, d, y, coeffs.t[k], s);
    const A = coeffs.drift[k];
    const B = coeffs.scoreGain[k];
    for (let i = 0; i < len; i++) yPred[i] = A * y[i] + B * s[i];
    // Trapezoidal corrector: the average of the slopes at both ends.
    score(n, d, yPred, coeffs.t[k + 1], s);
    const Ac = A2[k];
    const Bc = B2[k];
    for (let i = 0; i < len; i++) y[i] = 0.5 * y[i] + 0.5 * (Ac * yPred[i] + Bc * s[i]);
    if (!allFinite(y, len)) return { diverged: true, step: k + 1, x: y };
  }
  return { diverged: false, x: y };
}

/**
 * Wraps an exact score with a resolved score error (`score-error.ts`): ŝ(x, t) = (1 + κ)·s(x, t) + δ for
 * `scale` and `bias`, ŝ(x, t) = s(x, t) + e(t) for `noise` with the frozen field `noise` (required then,
 * built with `noiseErrorField(size, d, T, noiseErrorKey(seed, pointKey))`). `none` returns `score` itself.
 */
export function withScoreError(score: BatchScoreFn, error: ScoreError, noise: NoiseErrorField | null = null): BatchScoreFn {
  switch (error.kind) {
    case "none":
      return score;
    case "scale": {
      const g = 1 + error.kappa;
      return (n, d, x, t, out) => {
        score(n, d, x, t, out);
        for (let i = 0; i < n * d; i++) out[i] *= g;
      };
    }
    case "bias": {
      const bias = error.bias;
      return (n, d, x, t, out) => {
        score(n, d, x, t, out);
        addRowVector(n, d, bias, out);
      };
    }
    case "noise": {
      if (noise === null) invalid("score.error", "a noise error", "given with its frozen field (noiseErrorField)", null);
      const e = new Float64Array(noise.dim);
      return (n, d, x, t, out) => {
        score(n, d, x, t, out);
        addRowVector(n, d, noiseErrorAt(noise, t, e), out);
      };
    }
  }
}
