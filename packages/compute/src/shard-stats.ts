/**
 * Shard statistics from particles computed elsewhere (the `tfjs` and `tensorflow` backends): the same reduction
 * `runShard` applies (`impl/shard-collector.ts`) — moment sums over the fixed blocks, or the deterministic
 * subsample — so every backend returns the same `ShardResult` shape and the aggregation code never needs to know who
 * computed a shard.
 */
import { PARTICLE_BLOCK, type ExactMomentStats } from "@scoresweep/core";
import { shardCollector } from "./impl/shard-collector.js";
import { resolveShardTask } from "./run-shard.js";
import type { SampleStats, ShardTask } from "./shard-task.js";

/**
 * The statistics of the shard's output particles `particles` ((particleHi − particleLo) × d, row-major, original
 * coordinates, particle order): ExactMomentStats for `gaussian_fit`, SampleStats for the sample estimators.
 * Validates the task; throws RangeError when `particles` has the wrong length. Moment sums that overflow are
 * returned as they are (non-finite); callers that must not report them check the values.
 */
export function shardStatsFromParticles(task: ShardTask, particles: Float64Array): ExactMomentStats | SampleStats {
  const r = resolveShardTask(task);
  const d = r.plan.d;
  const lo = task.particleLo;
  const hi = task.particleHi;
  if (particles.length !== (hi - lo) * d) {
    throw new RangeError(`shardStatsFromParticles: particles must hold (particleHi − particleLo)·d = ${(hi - lo) * d} numbers; got ${particles.length}`);
  }
  const col = shardCollector(r);
  for (let b0 = lo; b0 < hi; b0 += PARTICLE_BLOCK) {
    const n = Math.min(PARTICLE_BLOCK, hi - b0);
    col.sink(particles.subarray((b0 - lo) * d, (b0 - lo + n) * d), b0, n);
  }
  return col.result();
}
