/**
 * The statistics sink of one shard, shared by every path that produces a shard's statistics — the fused kernels
 * (`runShard`), the exact target sampler (`runTargetShard`) and particles computed elsewhere
 * (`shardStatsFromParticles`, the tfjs/tensorflow backends) — so they reduce particles the same way and return the
 * same `ShardResult` shape: `ExactMomentStats` for `gaussian_fit` (`moment-accumulator.ts`), the deterministic
 * subsample for the sample estimators (`sample-collector.ts`). Blocks are fed in particle order, one
 * `PARTICLE_BLOCK` at a time, never straddling a shard boundary.
 */
import type { ExactMomentStats } from "@scoresweep/core";
import type { ResolvedShard } from "../run-shard.js";
import type { SampleStats } from "../shard-task.js";
import { MomentAccumulator, momentsDiagonalOnly } from "./moment-accumulator.js";
import { SampleCollector } from "./sample-collector.js";
import type { BlockSink } from "./simulate-range.js";

/** A shard's statistics sink (see the module comment). */
export interface ShardCollector {
  /** Adds one block: rows 0..n−1 of x (n×d row-major, original basis) are particles particle0..particle0+n−1. */
  readonly sink: BlockSink;
  /** The statistics of the blocks added so far. */
  result(): ExactMomentStats | SampleStats;
  /** False when a moment sum overflowed (finite particles whose squares are not); always true for samples. */
  finite(): boolean;
}

/** The statistics sink for the resolved shard `r` (moments or samples, as `r.statistic` says). */
export function shardCollector(r: ResolvedShard): ShardCollector {
  const { plan, task } = r;
  if (r.statistic === "moments") {
    const acc = new MomentAccumulator(plan.d, plan.dataMean, momentsDiagonalOnly(plan.d, plan.fullCovariance));
    return { sink: (x, _p0, n) => acc.addBlock(x, n), result: () => acc.result(), finite: () => acc.isFinite() };
  }
  const col = new SampleCollector(plan.d, task.particleLo, task.particleHi, r.subsample, r.particles);
  return { sink: (x, p0, n) => col.addBlock(x, p0, n), result: () => col.result(), finite: () => true };
}
