/**
 * The law a Monte Carlo point's output is compared with (`metric.target`): p0 = the data law, or
 * p_delta = the data law pushed to the early-stopping time δ, x_δ = a_δ x_0 + b_δ ξ (papers.md §5.1–5.2):
 *
 * - Gaussian data N(m, Σ): p_delta = N(a_δ m, a_δ² Σ + b_δ² I) (diagonal stays diagonal: s_i → √(a_δ² s_i² + b_δ²));
 * - GMM data Σ_j w_j N(μ_j, diag s_j²): p_delta = Σ_j w_j N(a_δ μ_j, diag(a_δ² s_j² + b_δ²)).
 *
 * δ = `sampler.delta`, or the exact oracle's default rule (`defaultDelta`: 1e-3 with a drift, 1e-5 for VE) — the
 * rule the kernels use too. `gaussian` is the Gaussian the `gaussian_fit` estimator measures against: the target
 * itself for Gaussian data, the moment-matched Gaussian N(Σ w_j a μ_j, Σ_j w_j (C_j + (aμ_j − m̄)(aμ_j − m̄)ᵀ)) of a
 * mixture (C_j its component covariance) — so for GMM data `gaussian_fit` measures the distance between the
 * second-order summaries only.
 *
 * Exact target samples (for the sample estimators and the noise floors, DESIGN §5) are drawn on stream
 * (seed, point id, domain) with domains {@link TARGET_DOMAIN_A} and {@link TARGET_DOMAIN_B}, replicate r, addressed
 * per particle like every draw (DESIGN §2): particles 0..n−1 of a larger draw are the draw of size n, and a block
 * drawn at `particle0` equals the same rows of one draw from 0. This is the one implementation: the aggregation of
 * `@scoresweep/sweep` and the target shards of `@scoresweep/compute` both call it.
 */
import { describeValue, UnsupportedError } from "../errors.js";
import { defaultDelta } from "../oracle/exact-problem.js";
import { makeSchedule } from "../schedule/make-schedule.js";
import type { SdeFamily } from "../schedule/sde-families.js";
import type { StreamKey } from "../rng/stream-key.js";
import type { PointSpec } from "../spec.js";
import { resolveGaussianData, type GaussianData } from "./gaussian-data.js";
import { resolveGmmData, sampleGmm, type GmmData } from "./gmm-data.js";
import { gaussianSampler, sampleGaussian, type GaussianSampler } from "./sample-gaussian.js";

/** Stream domain of the target sample compared with the sampler's output (and the first sample of the floor). */
export const TARGET_DOMAIN_A = "target-A";
/** Stream domain of the second, independent target sample of the noise floor. */
export const TARGET_DOMAIN_B = "target-B";

/** A point's target law, resolved. */
export type TargetLaw =
  | { readonly kind: "gaussian"; readonly dim: number; readonly gaussian: GaussianData; readonly sampler: GaussianSampler }
  | {
      readonly kind: "gmm";
      readonly dim: number;
      /** The mixture at time 0 (components are noised by `a`, `b2` when sampled). */
      readonly gmm: GmmData;
      /** Signal scale a_δ (1 for p0). */
      readonly a: number;
      /** Noise variance b_δ² (0 for p0). */
      readonly b2: number;
      /** The moment-matched Gaussian of the (noised) mixture, full covariance. */
      readonly gaussian: GaussianData;
    };

/**
 * Resolves the target law of `point` (module comment). Errors name the offending field (core error classes):
 * UnsupportedError for a `metric.target` other than p0/p_delta or data other than gaussian/gmm.
 */
export function resolveTargetLaw(point: PointSpec): TargetLaw {
  const target = point.metric.target ?? "p0";
  let a = 1;
  let b2 = 0;
  if (target === "p_delta") {
    const schedule = makeSchedule(point.sde);
    const delta = point.sampler.delta ?? defaultDelta(schedule.family as SdeFamily);
    a = schedule.a(delta);
    b2 = schedule.b2(delta);
  } else if (target !== "p0") {
    throw new UnsupportedError(`metric.target: target must be one of p0, p_delta; got ${describeValue(target)}`);
  }
  const data = point.data;
  if (data.kind === "gaussian") {
    const g = resolveGaussianData(data);
    const d = g.dim;
    const mean = g.mean.map((m) => a * m);
    let gaussian: GaussianData;
    if (g.std !== null) {
      gaussian = { dim: d, mean, std: g.std.map((s) => Math.sqrt(a * a * s * s + b2)), cov: null };
    } else {
      const cov = (g.cov as Float64Array).map((c) => a * a * c);
      for (let i = 0; i < d; i++) cov[i * d + i] += b2;
      gaussian = { dim: d, mean, std: null, cov };
    }
    return { kind: "gaussian", dim: d, gaussian, sampler: gaussianSampler(gaussian) };
  }
  if (data.kind === "gmm") {
    const gmm = resolveGmmData(data);
    return { kind: "gmm", dim: gmm.dim, gmm, a, b2, gaussian: momentMatched(gmm, a, b2) };
  }
  throw new UnsupportedError(`data.kind: Monte Carlo aggregation supports gaussian and gmm data; got ${describeValue((data as { kind?: unknown }).kind)}`);
}

/** The moment-matched Gaussian of Σ_j w_j N(a μ_j, diag(a² s_j² + b2)) (full covariance). */
function momentMatched(gmm: GmmData, a: number, b2: number): GaussianData {
  const { k, dim: d, weights, means, stds } = gmm;
  const mean = new Float64Array(d);
  for (let j = 0; j < k; j++) for (let i = 0; i < d; i++) mean[i] += weights[j] * a * means[j * d + i];
  const cov = new Float64Array(d * d);
  const dev = new Float64Array(d);
  for (let j = 0; j < k; j++) {
    const w = weights[j];
    for (let i = 0; i < d; i++) dev[i] = a * means[j * d + i] - mean[i];
    for (let i = 0; i < d; i++) {
      const s = stds[j * d + i];
      cov[i * d + i] += w * (a * a * s * s + b2);
      for (let l = 0; l < d; l++) cov[i * d + l] += w * dev[i] * dev[l];
    }
  }
  return { dim: d, mean, std: null, cov };
}

/**
 * n exact samples of the target law (row-major n×d, data units) for particles particle0..particle0+n−1 of stream
 * (key, replicate) — draws of the Gaussian (`sampleGaussian`) or of the mixture (components chosen per particle,
 * `sampleGmm`). `out` (length ≥ n·d) is allocated when omitted. Returns `out`.
 */
export function sampleTarget(
  law: TargetLaw,
  n: number,
  key: StreamKey,
  replicate: number,
  particle0 = 0,
  out: Float64Array = new Float64Array(n * law.dim),
): Float64Array {
  if (law.kind === "gaussian") return sampleGaussian(law.sampler, n, key, replicate, particle0, out);
  return sampleGmm(law.gmm, n, key, replicate, particle0, out, law.a, law.b2);
}
