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
 */
import { describeValue, invalid, UnknownVariantError, UnsupportedError } from "../errors.js";
import type { PointSpec } from "../spec.js";
import { makeSchedule } from "../schedule/make-schedule.js";
import type { Schedule } from "../schedule/schedule.js";
import { SDE_FAMILIES, type SdeFamily } from "../schedule/sde-families.js";
import { SAMPLER_SCHEMES, type SamplerScheme } from "../sampler/step-coefficients.js";
import { resolveGaussianData, type GaussianData } from "../data/gaussian-data.js";
import { resolveScoreError } from "../score/score-error.js";

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
}

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
 * {@link UnsupportedError} for non-Gaussian data, a non-exact score or a `noise` score error, and
 * {@link InvalidParameterError}/{@link UnknownVariantError} naming the offending field otherwise.
 */
export function resolveExactProblem(point: PointSpec): ExactProblem {
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
  if (err.kind === "noise") {
    throw new UnsupportedError("score.error.kind: the exact oracle supports bias and scale errors, not noise (use a Monte Carlo estimator)");
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
  };
}
