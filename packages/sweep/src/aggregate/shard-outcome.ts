import type { ShardResultMessage } from "../protocol.js";

/** Statistics one shard returned (see the protocol schema). */
export type ShardStats = NonNullable<ShardResultMessage["stats"]>;

/** One committed shard of a point, as the aggregation sees it (block order is the merge order, DESIGN §2). */
export interface ShardOutcome {
  replicate: number;
  block: number;
  particleLo: number;
  particleHi: number;
  status: "done" | "diverged";
  divergedAtStep: number | null;
  stats: ShardStats | null;
}

/** A point's aggregate (DESIGN §5 `point aggregates`), before it is stored. */
export interface PointAggregateValue {
  /** Estimator name (`exact`, `gaussian_fit`, …). */
  estimator: string;
  /** W2 estimate (mean over replicates for Monte Carlo), or null when diverged/failed. */
  estimate: number | null;
  /** 95% confidence interval of the estimate (null for the exact oracle or with one replicate). */
  ciLow: number | null;
  ciHigh: number | null;
  /** Replicates behind the estimate (1 for exact). */
  n: number;
  /** The estimator's noise floor at this sample size (null for exact). */
  noiseFloor: number | null;
  /** `done`, `diverged` (some replicate diverged; `extra.diverged_at_step` says when) or `failed`. */
  status: "done" | "diverged" | "failed";
  /** Further named values (e.g. `w2_mean_part`, per-replicate estimates, a debiased estimate). */
  extra: Record<string, unknown>;
}
