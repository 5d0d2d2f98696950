/**
 * The reverse-time sampler written with TensorFlow.js ops (the same updates as core's reference sampler and the
 * fused kernel; papers.md §5.3, coefficients from `stepCoefficients`):
 *
 *     em_point, em_integral, exponential:  y_{k+1} = A_k y_k + B_k ŝ(y_k, t_k) + C_k ξ_k
 *     pf_ode_heun:                          ỹ = A_k y_k + B_k ŝ(y_k, t_k),
 *                                           y_{k+1} = ½ y_k + ½ (A'_k ỹ + B'_k ŝ(ỹ, t_{k+1}))
 *
 * with y_0 ~ N(0, priorVar·I) and ŝ = (1 + κ)·s + δ (+ e(t) for the `noise` error), s the exact score of p_t
 * (papers.md §5.2): for Gaussian data s = −(y − a_t m)/(a_t² λ + b_t²) per coordinate of Σ's eigenbasis (a full
 * covariance is simulated in eigen-coordinates z = Uᵀy and rotated back, y = U z, at the end — the prior and the
 * noise are isotropic, so this is the same law; the fused kernel does the same); for a mixture
 * s = Σ_j r_j(y)·(−(y − a_t μ_j)/C_j), C_j = a_t² s_j² + b_t², with the responsibilities r_j a softmax over
 * log w_j − ½ Σ_i [log C_j,i + (y_i − a_t μ_j,i)²/C_j,i] (the log-sum-exp form, so far-tail points do not underflow).
 *
 * Precision and randomness: TensorFlow.js computes in float32 (the coefficients are computed in float64 on the
 * host and rounded once), and the Gaussian draws are `tf.randomNormal` seeded from the shard's stream address
 * (seed, point id, replicate, particle range) — deterministic for a given shard, but not the counter-based streams
 * of the fused kernel, and not invariant to how particles are split into shards. Results from this backend are
 * therefore compared statistically (oracle moments, the `js` backend), never bitwise.
 *
 * Memory: every step runs inside `tf.tidy`, keeping only the new particles and the divergence marker, and the
 * previous ones are disposed, so the number of live tensors is constant along the run and back to its starting
 * value when {@link sampleWithTf} returns (tested with `tf.memory().numTensors`).
 */
import type * as tfTypes from "@tensorflow/tfjs";
import { deriveKey, noiseErrorAt, RNG_DOMAIN, streamKey } from "@scoresweep/core";
import type { KernelPlan } from "../../impl/kernel-plan.js";

/** The TensorFlow.js API (the `@tensorflow/tfjs` namespace, or a binding's such as `@tensorflow/tfjs-node`). */
export type Tf = typeof tfTypes;
type Tensor = tfTypes.Tensor;

/** Where the random numbers of one shard come from. */
export interface TfStreamAddress {
  seed: number;
  pointId: string;
  replicate: number;
  particleLo: number;
  particleHi: number;
}

/** Output of {@link sampleWithTf}. */
export interface TfSampleResult {
  /** y_K, n×d row-major, in the data's original basis, widened from float32 (null when diverged). */
  particles: Float64Array | null;
  /** Number of steps taken when a non-finite value first appeared (1..K), or null (core's convention). */
  divergedAtStep: number | null;
}

/**
 * A per-draw seed for `tf.randomNormal`: slot 0 is the prior, slot k+1 the noise of step k. Derived from the
 * sampler-noise key of (seed, point id) and the shard's replicate and particle range, so distinct shards and slots
 * get unrelated streams.
 */
function seeder(addr: TfStreamAddress): (slot: number) => number {
  const base = deriveKey(
    streamKey(addr.seed, addr.pointId, RNG_DOMAIN.samplerNoise),
    `tfjs/r${addr.replicate}/p${addr.particleLo}-${addr.particleHi}`,
  );
  // 52 bits of the key plus the slot: exact in float64 and distinct per slot; `tf.randomNormal` hashes the decimal
  // string with its alea generator, so consecutive seeds give unrelated streams.
  const base52 = base.k1 * 2 ** 20 + (base.k0 >>> 12);
  return (slot) => base52 + slot;
}

/** ŝ at grid time t_j for the particles `y` (a new tensor; call inside `tf.tidy`). */
type ScoreAt = (y: Tensor, j: number) => Tensor;

/**
 * The additive part of the score error at grid time t_j in the working basis — the constant bias, plus the frozen
 * `noise` field e(t_j) (rotated by Uᵀ for a full covariance) — or null when there is none.
 */
function additiveError(plan: KernelPlan): (j: number) => Float64Array | null {
  const d = plan.d;
  const noise = plan.noise;
  if (noise === null) return () => plan.bias;
  const rotation = plan.data.kind === "affine" ? plan.data.rotation : null;
  const e = new Float64Array(d);
  const w = new Float64Array(d);
  return (j) => {
    noiseErrorAt(noise, plan.coeffs.t[j], e);
    if (rotation === null) {
      for (let i = 0; i < d; i++) w[i] = e[i];
    } else {
      // (Uᵀe)_i = Σ_r U[r, i] e_r  (U row-major, column i = eigenvector i).
      w.fill(0);
      for (let r = 0; r < d; r++) for (let i = 0; i < d; i++) w[i] += rotation[r * d + i] * e[r];
    }
    if (plan.bias !== null) for (let i = 0; i < d; i++) w[i] += plan.bias[i];
    return w;
  };
}

function gaussianScore(tf: Tf, plan: KernelPlan, extra: (j: number) => Float64Array | null): ScoreAt {
  if (plan.data.kind !== "affine") throw new Error("unreachable");
  const { mean, variance } = plan.data;
  const d = plan.d;
  const g = plan.gain;
  const center = new Float32Array(d);
  const slope = new Float32Array(d);
  return (y, j) => {
    const a = plan.aT[j];
    const b2 = plan.b2T[j];
    const e = extra(j);
    // ŝ = (1+κ)(a m − y)/σ² + δ, written as y·slope + center (one multiply, one add on the device).
    for (let i = 0; i < d; i++) {
      const inv = g / (a * a * variance[i] + b2);
      slope[i] = -inv;
      center[i] = inv * a * mean[i] + (e === null ? 0 : e[i]);
    }
    return tf.add(tf.mul(y, tf.tensor1d(slope)), tf.tensor1d(center));
  };
}

function gmmScore(tf: Tf, plan: KernelPlan, extra: (j: number) => Float64Array | null): ScoreAt {
  if (plan.data.kind !== "gmm") throw new Error("unreachable");
  const { k, dim: d, logWeights, means, stds } = plan.data.gmm;
  const g = plan.gain;
  const centers = new Float32Array(k * d);
  const precision = new Float32Array(k * d);
  const logNorm = new Float32Array(k);
  return (y, j) => {
    const a = plan.aT[j];
    const b2 = plan.b2T[j];
    for (let c = 0; c < k; c++) {
      let logDet = 0;
      for (let i = 0; i < d; i++) {
        const s = stds[c * d + i];
        const C = a * a * s * s + b2;
        centers[c * d + i] = a * means[c * d + i];
        precision[c * d + i] = 1 / C;
        logDet += Math.log(C);
      }
      logNorm[c] = logWeights[c] - 0.5 * logDet;
    }
    const diff = tf.sub(tf.expandDims(y, 1), tf.tensor2d(centers, [k, d])); // [n, k, d]
    const z = tf.mul(diff, tf.tensor2d(precision, [k, d])); // C_j⁻¹(y − a μ_j)
    const logits = tf.sub(tf.tensor1d(logNorm), tf.mul(tf.sum(tf.mul(diff, z), 2), 0.5)); // [n, k]
    const r = tf.softmax(logits); // responsibilities (max-shifted inside: log-sum-exp)
    const minus = tf.sum(tf.mul(tf.expandDims(r, 2), z), 1); // Σ_j r_j C_j⁻¹(y − a μ_j) = −s
    const e = extra(j);
    const scaled = tf.mul(minus, -g);
    return e === null ? scaled : tf.add(scaled, tf.tensor1d(Float32Array.from(e)));
  };
}

/**
 * Runs the sampler of `plan` for the particles of `addr` with the TensorFlow.js API `tf` (whatever backend is
 * active). Synchronous; it reads back one scalar every `checkEvery` steps (to stop a diverged run early) and the
 * particles at the end, and leaves no tensors behind. The whole shard is one [n, d] tensor (and [n, k, d]
 * intermediates for a mixture), so tensor memory grows with the shard's size: shards, not this function, bound it.
 */
export function sampleWithTf(tf: Tf, plan: KernelPlan, addr: TfStreamAddress, checkEvery: number): TfSampleResult {
  const n = addr.particleHi - addr.particleLo;
  const d = plan.d;
  const K = plan.K;
  const seed = seeder(addr);
  const { drift, scoreGain, noiseStd, correctorDrift, correctorScoreGain } = plan.coeffs;
  const extra = additiveError(plan);
  const score = plan.data.kind === "affine" ? gaussianScore(tf, plan, extra) : gmmScore(tf, plan, extra);
  const rotation = plan.data.kind === "affine" ? plan.data.rotation : null;

  let y: Tensor = tf.tidy(() => tf.randomNormal([n, d], 0, Math.sqrt(plan.priorVar), "float32", seed(0)));
  // −1 until a non-finite value appears, then the (1-based) step: tracked on the device, read back rarely.
  let firstBad: Tensor = tf.scalar(-1, "int32");
  let divergedAtStep: number | null = null;
  try {
    for (let k = 0; k < K; k++) {
      const yk = y;
      const next = tf.tidy(() => {
        if (correctorDrift === null || correctorScoreGain === null) {
          const step = tf.add(tf.mul(yk, drift[k]), tf.mul(score(yk, k), scoreGain[k]));
          if (noiseStd[k] === 0) return step;
          return tf.add(step, tf.randomNormal([n, d], 0, noiseStd[k], "float32", seed(k + 1)));
        }
        const pred = tf.add(tf.mul(yk, drift[k]), tf.mul(score(yk, k), scoreGain[k]));
        const corr = tf.add(tf.mul(pred, correctorDrift[k]), tf.mul(score(pred, k + 1), correctorScoreGain[k]));
        return tf.mul(tf.add(yk, corr), 0.5);
      });
      const fb = firstBad;
      const marked = tf.tidy(() => {
        const bad = tf.logicalNot(tf.all(tf.isFinite(next)));
        return tf.where(tf.logicalAnd(bad, tf.less(fb, 0)), tf.scalar(k + 1, "int32"), fb);
      });
      yk.dispose();
      fb.dispose();
      y = next;
      firstBad = marked;
      if ((k + 1) % checkEvery === 0 || k === K - 1) {
        const v = (firstBad.dataSync() as Int32Array)[0];
        if (v >= 0) {
          divergedAtStep = v;
          break;
        }
      }
    }
    if (divergedAtStep !== null) return { particles: null, divergedAtStep };
    if (rotation !== null) {
      // Back to the original basis: y = U z per particle, i.e. Y = Z Uᵀ for row-major particles.
      const z = y;
      y = tf.tidy(() => tf.matMul(z, tf.tensor2d(Float32Array.from(rotation), [d, d]), false, true));
      z.dispose();
    }
    return { particles: Float64Array.from(y.dataSync() as Float32Array), divergedAtStep: null };
  } finally {
    y.dispose();
    firstBad.dispose();
  }
}
