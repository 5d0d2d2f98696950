/**
 * The validated, precomputed form of an experiment point for the exact oracle (papers.md §5.4): schedule, data,
 * score error, scheme, δ, prior variance and target, resolved once so a W2-versus-K curve (iteration-complexity
 * search) evaluates many step counts without re-validating. Rules for the defaults:
 * - `sampler.delta`: 1e-3 for families with a drift (VP families and `ou`), 1e-5 for VE families (f = 0),
 *   as in the golden `defaults`;
 * - `sampler.prior_var`: 1 for the `vp_*` families (score_sde's N(0, I)), b_T² for `ou` and VE families
 *   (GNZ's p̂_T = N(0, b_T² I); papers.md §1(b));
 * - `metric.target`: `p0` (the data law) or `p_delta` = N(a_δ m, a_δ² Σ + b_δ² I), the law the sampler
 *   approximates when stopped at δ.
 * Score errors: `bias` and `scale` always; `noise` (a frozen field constant in x, `score/noise-error.ts`) when
 * its stream is known — `score.error.seed`, or else the point's stream key passed by the caller — since the
 * field then enters the recursion as a known time-varying bias and the law stays Gaussian.
 */
import { describeValue, invalid, UnknownVariantError, UnsupportedError } from "../errors.js";
import type { PointSpec } from "../spec.js";
import { makeSchedule } from "../schedule/make-schedule.js";
import type { Schedule } from "../schedule/schedule.js";
import { SDE_FAMILIES, type SdeFamily } from "../schedule/sde-families.js";
import { SAMPLER_SCHEMES, type SamplerScheme } from "../sampler/step-coefficients.js";
import { resolveGaussianData, type GaussianData } from "../data/gaussian-data.js";
import { resolveScoreError } from "../score/score-error.js";
import { noiseErrorField, noiseErrorKey, type NoiseErrorField } from "../score/noise-error.js";
import type { StreamKey } from "../rng/stream-key.js";

/** What W2 is measured against. */
export type ExactTarget = "p0" | "p_delta";

/** A point checked and resolved for the exact oracle. */
export interface ExactProblem {
  readonly schedule: Schedule;
  readonly data: GaussianData;
  readonly scheme: SamplerScheme;
  /** Early-stopping time δ, 0 < δ < T. */
  readonly delta: number;
  /** Variance of the prior y_0 ~ N(0, priorVar I). */
  readonly priorVar: number;
  readonly target: ExactTarget;
  /** Additive score error δ = size·u (length d) or null. */
  readonly bias: Float64Array | null;
  /** κ of the multiplicative score error (0 when none). */
  readonly scale: number;
  /** The frozen `noise` score-error field, or null. */
  readonly noise: NoiseErrorField | null;
}

/** Options of the exact oracle's entry points. */
export interface ExactOptions {
  /**
   * The point's stream key (from its canonical id and the campaign seed): needed only for a `noise` score error
   * without its own `score.error.seed`, so the oracle sees the same field as the Monte Carlo samplers.
   */
  pointKey?: StreamKey;
}

/** Placeholder key for `noiseErrorKey` when the field has its own seed (the point key is then not used). */
const UNUSED_KEY: StreamKey = { k0: 0, k1: 0 };

/** δ default: 1e-5 for VE families (f ≡ 0), 1e-3 otherwise. */
export function defaultDelta(family: SdeFamily): number {
  return SDE_FAMILIES[family].kind === "ve" ? 1e-5 : 1e-3;
}

/** Prior-variance default: 1 for `vp_*` families, b_T² otherwise. */
export function defaultPriorVar(schedule: Schedule): number {
  return SDE_FAMILIES[schedule.family as SdeFamily].kind === "vp" ? 1 : schedule.b2(schedule.T);
}

/**
 * Validates and resolves `point` for the exact oracle (everything except `sampler.steps`). Throws
 * {@link UnsupportedError} for non-Gaussian data, a non-exact score or a `noise` error whose stream is unknown, and
 * {@link InvalidParameterError}/{@link UnknownVariantError} naming the offending field otherwise.
 */
export function resolveExactProblem(point: PointSpec, opts: ExactOptions = {}): ExactProblem {
  if (point === null || typeof point !== "object") invalid("point", "the point", "an object", point);
  const schedule = makeSchedule(point.sde);
  if (point.data?.kind !== "gaussian") {
    throw new UnsupportedError(
      `data.kind: the exact oracle needs Gaussian data (kind gaussian); got ${describeValue(point.data?.kind)}`,
    );
  }
  const data = resolveGaussianData(point.data);
  if (point.score?.kind !== "exact") {
    throw new UnsupportedError(
      `score.kind: the exact oracle needs the closed-form score (kind exact); got ${describeValue(point.score?.kind)}`,
    );
  }
  const err = resolveScoreError(point.score.error, data.dim);
  let noise: NoiseErrorField | null = null;
  if (err.kind === "noise") {
    if (err.seed === null && opts.pointKey === undefined) {
      throw new UnsupportedError(
        "score.error.seed: the exact oracle needs the noise field's stream: give score.error.seed (or run it through a sweep, which passes the point's key)",
      );
    }
    noise = noiseErrorField(err.size, data.dim, schedule.T, noiseErrorKey(err.seed, opts.pointKey ?? UNUSED_KEY));
  }
  const sampler = point.sampler ?? ({} as PointSpec["sampler"]);
  const scheme = sampler.scheme;
  if (!SAMPLER_SCHEMES.includes(scheme)) {
    throw new UnknownVariantError(`sampler.scheme: scheme must be one of ${SAMPLER_SCHEMES.join(", ")}; got ${describeValue(scheme)}`);
  }
  if (scheme === "exponential" && !schedule.variancePreserving) {
    throw new UnsupportedError(
      `sampler.scheme: the exponential integrator needs a variance-preserving SDE (g² = 2f); family ${schedule.family} is not`,
    );
  }
  const delta = sampler.delta ?? defaultDelta(schedule.family as SdeFamily);
  if (typeof delta !== "number" || !Number.isFinite(delta) || delta <= 0 || delta >= schedule.T) {
    invalid("sampler.delta", "the early-stopping time", `a number in (0, T) = (0, ${schedule.T})`, delta);
  }
  const priorVar = sampler.prior_var ?? defaultPriorVar(schedule);
  if (typeof priorVar !== "number" || !Number.isFinite(priorVar) || priorVar <= 0) {
    invalid("sampler.prior_var", "the prior variance", "a finite number > 0", priorVar);
  }
  const target = point.metric?.target ?? "p0";
  if (target !== "p0" && target !== "p_delta") {
    throw new UnknownVariantError(`metric.target: target must be one of p0, p_delta; got ${describeValue(target)}`);
  }
  return {
    schedule,
    data,
    scheme,
    delta,
    priorVar,
    target,
    bias: err.kind === "bias" ? err.bias : null,
    scale: err.kind === "scale" ? err.kappa : 0,
    noise,
  };
}
