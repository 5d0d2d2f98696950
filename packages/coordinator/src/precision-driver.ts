/**
 * Precision search inside a campaign run (DESIGN §8 `searches.precision: { ci_half_width, max_replicates }`): after a
 * Monte Carlo point's aggregate is computed from replicates [0, n), sweep's {@link precisionDecision} says how many
 * replicates to add; their shards are replicates [n, n + add), planned like the first ones (same shard ids as a spec
 * that asked for n + add replicates from the start, so "extend" and precision agree).
 *
 * Resume-safe without extra state: n is the aggregate's replicate count, i.e. what the database's committed shards
 * hold, and the decision is a pure function of the per-replicate estimates; a resumed run therefore makes the same
 * decisions and plans the same shard ids, and registration is insert-or-ignore.
 */
import { planShards, precisionDecision, type ExpandedPoint, type PrecisionDecision, type ShardPlan, type SweepSpec } from "@scoresweep/sweep";

/** The parts of a point aggregate the adaptive searches read (fresh from `aggregatePoint` or from the database). */
export interface SettledAggregate {
  status: string;
  /** Replicates behind the estimate. */
  n: number;
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  noiseFloor: number | null;
  /** Per-replicate estimates in replicate order (Monte Carlo aggregates' `extra.replicates`), or null. */
  replicates: readonly (number | null)[] | null;
}

/**
 * The precision decision for a point with aggregate `agg`, or null when the search does not apply: no
 * `searches.precision`, the exact estimator (no Monte Carlo error), or a point that is not `done` (diverged or failed
 * replicates cannot be repaired by adding more).
 */
export function precisionFor(spec: SweepSpec, p: ExpandedPoint, agg: SettledAggregate): PrecisionDecision | null {
  const precision = spec.searches.precision;
  if (!precision || p.point.metric.estimator === "exact" || agg.status !== "done" || agg.replicates === null) return null;
  if (agg.replicates.length !== agg.n) return null;
  return precisionDecision(agg.n, agg.replicates, precision);
}

/** Shards of the replicates the precision search adds to `p` now ([n, n + add)), or [] when it is done. */
export function precisionShards(campaignId: string, spec: SweepSpec, p: ExpandedPoint, agg: SettledAggregate): ShardPlan[] {
  const decision = precisionFor(spec, p, agg);
  if (decision === null || decision.add === 0) return [];
  return planShards(campaignId, p.id, p.point, spec.shard.particles, agg.n, agg.n + decision.add);
}
