/**
 * Shard statistics from particles computed elsewhere (the `tfjs` and `tensorflow` backends): the same reduction
 * `runShard` applies — moment sums over the fixed micro-blocks, or the deterministic subsample — so every backend
 * returns the same `ShardResult` shape and the aggregation code never needs to know who computed a shard.
 */
import { PARTICLE_BLOCK } from "./impl/simulate-range.js";
import { MomentAccumulator, momentsDiagonalOnly } from "./impl/moment-accumulator.js";
import { SampleCollector } from "./impl/sample-collector.js";
import { resolveShardTask, type ResolvedShard } from "./run-shard.js";
import type { MomentStats, SampleStats, ShardTask } from "./shard-task.js";

/**
 * Validates a shard task exactly as `runShard` does (see `resolveShardTask` for the errors) and returns it resolved.
 */
export function validateShardTask(task: ShardTask): ResolvedShard {
  return resolveShardTask(task);
}

/**
 * The statistics of the shard's output particles `particles` ((particleHi − particleLo) × d, row-major, original
 * coordinates, particle order): MomentStats for `gaussian_fit`, SampleStats for the sample estimators. Validates the
 * task; throws RangeError when `particles` has the wrong length. Moment sums that overflow are returned as they are
 * (non-finite); callers that must not report them check the values.
 */
export function shardStatsFromParticles(task: ShardTask, particles: Float64Array): MomentStats | SampleStats {
  const r = resolveShardTask(task);
  const d = r.plan.d;
  const lo = task.particleLo;
  const hi = task.particleHi;
  if (particles.length !== (hi - lo) * d) {
    throw new RangeError(`shardStatsFromParticles: particles must hold (particleHi − particleLo)·d = ${(hi - lo) * d} numbers; got ${particles.length}`);
  }
  if (r.statistic === "moments") {
    const acc = new MomentAccumulator(d, r.plan.dataMean, momentsDiagonalOnly(d, r.plan.fullCovariance));
    for (let b0 = lo; b0 < hi; b0 += PARTICLE_BLOCK) {
      const n = Math.min(PARTICLE_BLOCK, hi - b0);
      acc.addBlock(particles.subarray((b0 - lo) * d, (b0 - lo + n) * d), n);
    }
    return acc.result();
  }
  const col = new SampleCollector(d, lo, hi, r.subsample, r.particles);
  for (let b0 = lo; b0 < hi; b0 += PARTICLE_BLOCK) {
    const n = Math.min(PARTICLE_BLOCK, hi - b0);
    col.addBlock(particles.subarray((b0 - lo) * d, (b0 - lo + n) * d), b0, n);
  }
  return col.result();
}
