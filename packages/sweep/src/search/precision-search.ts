/**
 * Precision search (DESIGN §8 `searches.precision: { ci_half_width, max_replicates }`): a pure policy deciding how
 * many replicates to add to a Monte Carlo point so that the 95% CI half-width of its mean estimate,
 * h = t_{0.975, n−1} · s / √n (s the sample SD of the n per-replicate estimates, Student t), falls to the target,
 * or the cap is hit.
 *
 * h is computed by core's `confidenceInterval95`, the interval the point aggregate stores, so "met" here means met
 * there. Rule (a pure function of the estimates, in replicate order):
 * - a diverged replicate (null or non-finite estimate) → 0: more replicates cannot repair the point;
 * - n ≥ max_replicates → 0 (`cap`); n < 2 → add up to 2 (no CI without two replicates);
 * - h ≤ target → 0 (`target_met`);
 * - otherwise predict, from the current s, the smallest total m > n with t_{0.975, m−1} · s / √m ≤ target
 *   (this is n·(h/target)² refined by the shrinking t quantile: with n = 2, t = 12.7, the plain rule would ask
 *   for some twenty-five times too many), and add m − n, at least 1, at most `maxGrowth − 1` times n (default:
 *   at most doubling per round, since s from a few replicates is itself very uncertain), at most up to the cap.
 * Replicates are added in rounds: the engine computes them, then asks again with all the estimates. It starts from
 * the spec's `replicates`: with very few, a lucky small spread can stop the search early (optional stopping makes
 * the final CI's coverage slightly below 95%); a larger starting count makes that rarer.
 */
import { confidenceInterval95, invalid, requireInteger, studentTQuantile } from "@scoresweep/core";

/** The spec's precision search (DESIGN §8), snake_case as in the spec. */
export interface PrecisionSpec {
  /** Target 95% CI half-width of the point's mean estimate (W2 units), > 0. */
  ci_half_width: number;
  /** Cap on the total number of replicates (integer ≥ 2). */
  max_replicates: number;
}

/** Options of {@link precisionDecision}. */
export interface PrecisionOptions {
  /** Largest growth factor of the replicate count per round (> 1, may be Infinity). Default 2 (at most doubling). */
  maxGrowth?: number;
}

/** Why {@link precisionDecision} decided what it did. */
export type PrecisionReason = "too_few" | "more" | "target_met" | "cap" | "diverged";

/** A precision decision with its reasons (for logs and reports). */
export interface PrecisionDecision {
  /** Replicates to add now (0 = done). */
  add: number;
  reason: PrecisionReason;
  /** Current 95% CI half-width of the mean (W2 units), null with fewer than 2 finite estimates. */
  halfWidth: number | null;
  /** Total replicates predicted to meet the target from the current SD (before growth and cap), or null. */
  predicted: number | null;
}

/** Two-sided 95% Student-t quantile t_{0.975, df}. */
const t975 = (df: number): number => studentTQuantile(0.975, df);

/**
 * Decides how many replicates to add to a point that has `current` replicates with per-replicate W2 estimates
 * `estimates` (length `current`, replicate order) under the spec's target; see the file comment for the rule.
 * Errors: `current`, `estimates`, `precision.ci_half_width`, `precision.max_replicates`, `options.maxGrowth`.
 */
export function precisionDecision(
  current: number,
  estimates: readonly (number | null)[],
  spec: PrecisionSpec,
  options: PrecisionOptions = {},
): PrecisionDecision {
  requireInteger("current", "the replicate count", current, 0);
  if (!Array.isArray(estimates) || estimates.length !== current) {
    invalid("estimates", "the per-replicate estimates", `an array of length current = ${current}`, Array.isArray(estimates) ? `length ${estimates.length}` : estimates);
  }
  const target = spec?.ci_half_width;
  if (typeof target !== "number" || !Number.isFinite(target) || target <= 0) invalid("precision.ci_half_width", "the target CI half-width", "a finite number > 0", target);
  const cap = requireInteger("precision.max_replicates", "the replicate cap", spec.max_replicates, 2);
  const growth = options.maxGrowth ?? 2;
  if (typeof growth !== "number" || Number.isNaN(growth) || growth <= 1) invalid("options.maxGrowth", "the growth factor", "a number > 1 (Infinity allowed)", growth);

  const n = current;
  for (const x of estimates) if (typeof x !== "number" || !Number.isFinite(x)) return { add: 0, reason: "diverged", halfWidth: null, predicted: null };
  const xs = estimates as readonly number[];
  // The same interval as the point aggregate's (core's Student t CI), so "target met" agrees with the stored CI.
  let halfWidth: number | null = null;
  let s = 0;
  if (n >= 2) {
    const ci = confidenceInterval95(xs);
    halfWidth = ci.half_width;
    s = ci.std_error * Math.sqrt(n);
  }
  if (n >= cap) return { add: 0, reason: "cap", halfWidth, predicted: null };
  if (halfWidth === null) return { add: 2 - n, reason: "too_few", halfWidth, predicted: 2 };
  if (halfWidth <= target) return { add: 0, reason: "target_met", halfWidth, predicted: n };

  const predicted = predictTotal(n, s, halfWidth, target);
  const room = cap - n;
  const growthRoom = Math.max(1, Math.floor(n * growth) - n);
  const add = Math.min(Math.max(predicted - n, 1), growthRoom, room);
  return { add, reason: "more", halfWidth, predicted };
}

/** Smallest m > n with t_{0.975, m−1}·s/√m ≤ target (s > 0, h = t_{0.975, n−1}·s/√n > target). */
function predictTotal(n: number, s: number, h: number, target: number): number {
  // m0 = ⌈n (h/target)²⌉ satisfies the condition (t decreases in the degrees of freedom), so the smallest m lies in
  // (n, m0]; the condition is monotone in m (t_{m−1}/√m decreases), so bisect.
  const m0 = Math.ceil(n * (h / target) ** 2);
  if (!(m0 <= Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
  let lo = n; // fails
  let hi = Math.max(m0, n + 1); // satisfies
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if ((t975(mid - 1) * s) / Math.sqrt(mid) <= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Replicates to add to a point with `current` replicates and per-replicate estimates `estimates` (0 = done): the
 * `add` of {@link precisionDecision}.
 */
export function nextReplicates(
  current: number,
  estimates: readonly (number | null)[],
  spec: PrecisionSpec,
  options: PrecisionOptions = {},
): number {
  return precisionDecision(current, estimates, spec, options).add;
}
