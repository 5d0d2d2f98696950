import type { PointSpec } from "@scoresweep/core";
import type { PointAggregateValue, ShardOutcome } from "./shard-outcome.js";
import { aggregateMonteCarlo } from "./aggregate-monte-carlo.js";

/** Options of {@link aggregatePoint}. */
export interface AggregateOptions {
  /** Some shard of the point failed for good (max deliveries): the point is `failed`. */
  failed?: boolean;
}

/**
 * Merges a point's shard results (given in block order: replicate, then block) into its aggregate. Deterministic:
 * the same outcomes give the same bits, however the particles were split into shards (moment sums are exact).
 */
export function aggregatePoint(
  point: PointSpec,
  pointId: string,
  seed: number,
  outcomes: readonly ShardOutcome[],
  options: AggregateOptions = {},
): PointAggregateValue {
  const estimator = point.metric.estimator;
  if (options.failed) {
    return { estimator, estimate: null, ciLow: null, ciHigh: null, n: 0, noiseFloor: null, status: "failed", extra: {} };
  }
  if (estimator === "exact") {
    const stats = outcomes[0]?.stats;
    if (!stats || stats.kind !== "exact") throw new TypeError(`aggregatePoint: point ${pointId} needs one exact result; got ${outcomes.length} outcomes`);
    return {
      estimator,
      estimate: stats.w2,
      ciLow: null,
      ciHigh: null,
      n: 1,
      noiseFloor: null,
      status: "done",
      extra: { w2_mean_part: stats.meanPart, w2_std_part: stats.spreadPart },
    };
  }
  return aggregateMonteCarlo(point, pointId, seed, outcomes);
}
