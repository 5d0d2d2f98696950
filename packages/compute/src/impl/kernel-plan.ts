/**
 * A point resolved once for the fused kernels: schedule, step coefficients, data law, score error, prior and the
 * per-step scalars a_t, b_t² on the grid. Per-particle work never re-reads the spec.
 *
 * Which kernel runs (`kind`):
 * - `affine`: Gaussian data. The exact score −(y − a_t m)/(a_t² λ + b_t²) is affine in y and coordinate-wise in Σ's
 *   eigenbasis, and every score error (bias, scale, the x-independent `noise` field) keeps it affine, so each step
 *   of every scheme is y ← P_{k,i} y + p_{k,i} + C_k ξ per coordinate (`affine-tables.ts`). Full covariances are
 *   simulated in eigen-coordinates z = Uᵀy (the prior and the noise are isotropic, so z has the same law as
 *   rotating a simulation in the original basis) and rotated back, y = U z, at the end.
 * - `gmm`: Gaussian-mixture data, log-sum-exp responsibilities per particle and step (`gmm-kernel.ts`).
 */
import {
  defaultDelta,
  defaultPriorVar,
  describeValue,
  invalid,
  makeSchedule,
  fullCovarianceBasis,
  matvecTransA,
  noiseErrorField,
  noiseErrorKey,
  requireInteger,
  resolveGaussianData,
  resolveGmmData,
  resolveScoreError,
  SAMPLER_SCHEMES,
  stepCoefficients,
  UnknownVariantError,
  UnsupportedError,
  type GmmData,
  type NoiseErrorField,
  type PointSpec,
  type Schedule,
  type SdeFamily,
  type StepCoefficients,
  type StreamKey,
} from "@scoresweep/core";

/** Data law as the kernels see it. */
export type KernelData =
  | {
      readonly kind: "affine";
      /** Data mean in the working basis (Σ's eigenbasis for a full covariance), length d. */
      readonly mean: Float64Array;
      /** Data variances in the working basis (s_i² or Σ's eigenvalues λ_i), length d. */
      readonly variance: Float64Array;
      /** U (row-major d×d, column i = eigenvector i) for a full covariance: y = U z; null for diagonal data. */
      readonly rotation: Float64Array | null;
      /** s_i (diagonal data) — for target sampling; null for a full covariance. */
      readonly std: Float64Array | null;
    }
  | { readonly kind: "gmm"; readonly gmm: GmmData };

/** A point resolved for the kernels (see the module comment). */
export interface KernelPlan {
  /** Dimension d. */
  readonly d: number;
  readonly schedule: Schedule;
  /** The scheme's coefficients on the K-step grid. */
  readonly coeffs: StepCoefficients;
  /** Number of steps K. */
  readonly K: number;
  /** Prior y_0 ~ N(0, priorVar·I). */
  readonly priorVar: number;
  /** Early-stopping time δ. */
  readonly delta: number;
  /** a_{t_k} for k = 0..K (length K+1). */
  readonly aT: Float64Array;
  /** b²_{t_k} for k = 0..K (length K+1). */
  readonly b2T: Float64Array;
  /** 1 + κ: the multiplicative score error's factor (1 when none). */
  readonly gain: number;
  /** Constant additive score error δ in the WORKING basis (length d), or null. */
  readonly bias: Float64Array | null;
  /** The frozen `noise` field e(t) (original basis), or null. */
  readonly noise: NoiseErrorField | null;
  readonly data: KernelData;
  /** Data mean in the ORIGINAL basis (the moment shift c; Σ w_j μ_j for a mixture), length d. */
  readonly dataMean: Float64Array;
  /** True when the data carry a full covariance matrix. */
  readonly fullCovariance: boolean;
}

/**
 * Resolves `point` for the kernels. `pointKey` is the point's stream key (`streamKey(seed, pointId)`), used only
 * by a `noise` score error without its own seed. Throws the core error classes naming the offending field:
 * `sampler.steps` must be set (integer ≥ 1); `score.kind` must be `exact`; `data.kind` `gaussian` or `gmm`;
 * defaults for `sampler.delta` and `sampler.prior_var` follow the exact oracle (`defaultDelta`, `defaultPriorVar`).
 */
export function resolveKernelPlan(point: PointSpec, pointKey: StreamKey): KernelPlan {
  if (point === null || typeof point !== "object") invalid("point", "the point", "an object", point);
  const schedule = makeSchedule(point.sde);
  const sampler = point.sampler;
  if (sampler === null || typeof sampler !== "object") invalid("sampler", "the sampler", "an object with a scheme", sampler);
  if (!SAMPLER_SCHEMES.includes(sampler.scheme)) {
    throw new UnknownVariantError(`sampler.scheme: scheme must be one of ${SAMPLER_SCHEMES.join(", ")}; got ${describeValue(sampler.scheme)}`);
  }
  const K = requireInteger("sampler.steps", "the number of steps", sampler.steps, 1);
  const delta = sampler.delta ?? defaultDelta(schedule.family as SdeFamily);
  const coeffs = stepCoefficients(schedule, sampler.scheme, K, delta);
  const priorVar = sampler.prior_var ?? defaultPriorVar(schedule);
  if (typeof priorVar !== "number" || !Number.isFinite(priorVar) || priorVar <= 0) {
    invalid("sampler.prior_var", "the prior variance", "a finite number > 0", priorVar);
  }
  const score = point.score;
  if (score === null || typeof score !== "object" || score.kind !== "exact") {
    throw new UnsupportedError(
      `score.kind: the fused kernels need the closed-form score (kind exact); got ${describeValue(score?.kind)}`,
    );
  }
  const spec = point.data;
  let data: KernelData;
  let d: number;
  let dataMean: Float64Array;
  let fullCovariance = false;
  if (spec?.kind === "gaussian") {
    const g = resolveGaussianData(spec);
    d = g.dim;
    dataMean = g.mean;
    if (g.std !== null) {
      const variance = new Float64Array(d);
      for (let i = 0; i < d; i++) variance[i] = g.std[i] * g.std[i];
      data = { kind: "affine", mean: g.mean, variance, rotation: null, std: g.std };
    } else {
      fullCovariance = true;
      // The exact oracle's own eigenbasis (eigenvalues clipped at 0, Σ ⪰ 0 checked), so both see the same law.
      const basis = fullCovarianceBasis(g.mean, g.cov as Float64Array, d);
      data = { kind: "affine", mean: basis.meanEig, variance: basis.values, rotation: basis.vectors, std: null };
    }
  } else if (spec?.kind === "gmm") {
    const gmm = resolveGmmData(spec);
    d = gmm.dim;
    dataMean = new Float64Array(d);
    for (let j = 0; j < gmm.k; j++) for (let i = 0; i < d; i++) dataMean[i] += gmm.weights[j] * gmm.means[j * d + i];
    data = { kind: "gmm", gmm };
  } else {
    throw new UnsupportedError(`data.kind: the fused kernels support gaussian and gmm data; got ${describeValue((spec as { kind?: unknown } | undefined)?.kind)}`);
  }
  const err = resolveScoreError(score.error, d);
  let bias: Float64Array | null = null;
  let noise: NoiseErrorField | null = null;
  if (err.kind === "bias") {
    bias = data.kind === "affine" && data.rotation !== null ? matvecTransA(d, d, data.rotation, err.bias, new Float64Array(d)) : err.bias;
  } else if (err.kind === "noise") {
    noise = noiseErrorField(err.size, d, schedule.T, noiseErrorKey(err.seed, pointKey));
  }
  const aT = new Float64Array(K + 1);
  const b2T = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) {
    aT[k] = schedule.a(coeffs.t[k]);
    b2T[k] = schedule.b2(coeffs.t[k]);
  }
  return {
    d,
    schedule,
    coeffs,
    K,
    priorVar,
    delta,
    aT,
    b2T,
    gain: err.kind === "scale" ? 1 + err.kappa : 1,
    bias,
    noise,
    data,
    dataMean,
    fullCovariance,
  };
}
