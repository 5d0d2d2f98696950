/**
 * Runs one shard (DESIGN §2): particles [particleLo, particleHi) of one replicate of one point, simulated by the
 * fused kernels in micro-blocks, reduced to what the point's estimator needs:
 * - `gaussian_fit` → `ExactMomentStats` (`@scoresweep/core`): exact, grouping-invariant sums of the first and second
 *   moments around the data mean (`impl/moment-accumulator.ts`; full co-moments when the data have a full
 *   covariance or d ≤ 64, else the diagonal);
 * - `sorted_1d`, `emd`, `sliced`, `sinkhorn`, `w1_*` → {@link SampleStats}: the particles, or the deterministic
 *   `metric.subsample` by global index (`impl/sample-collector.ts`).
 * Memory is bounded by one micro-block plus the statistics (and the step tables), whatever the particle count.
 * A run whose particles stop being finite returns `status: "diverged"` with the step; it never throws for that and
 * never returns NaN statistics. Invalid tasks throw the core error classes with a `<where>: <what> must be …` line.
 */
import {
  DEFAULT_PARTICLES,
  describeValue,
  invalid,
  PARTICLE_BLOCK,
  POINT_ESTIMATORS,
  requireInteger,
  resolveTargetLaw,
  sampleTarget,
  streamKey,
  TARGET_DOMAIN_A,
  TARGET_DOMAIN_B,
  UnknownVariantError,
  UnsupportedError,
  type PointSpec,
} from "@scoresweep/core";
import { resolveKernelPlan, type KernelPlan } from "./impl/kernel-plan.js";
import { fusedNoiseKey } from "./impl/particle-streams.js";
import { subsampleCount } from "./impl/sample-collector.js";
import { shardCollector } from "./impl/shard-collector.js";
import { simulateRange, type BackendChoice } from "./impl/simulate-range.js";
import type { ShardResult, ShardTask } from "./shard-task.js";

/** Largest sample set (particles × dim numbers) one shard may return: 2^26 doubles = 512 MiB. */
export const MAX_SHARD_SAMPLE_NUMBERS = 2 ** 26;

/** Estimators whose shards return moments. */
export const MOMENT_ESTIMATORS: readonly string[] = ["gaussian_fit"];
/** Estimators whose shards return samples: every Monte Carlo estimator of a point (`POINT_ESTIMATORS`) but these. */
export const SAMPLE_ESTIMATORS: readonly string[] = POINT_ESTIMATORS.filter((e) => e !== "exact" && !MOMENT_ESTIMATORS.includes(e));

/** Options of {@link runShard}. */
export interface RunShardOptions {
  /**
   * Kernel: `auto` (default) runs the WebAssembly SIMD kernel for Gaussian data when `dist/kernel.wasm` is built and
   * JS otherwise; `js` forces JS; `wasm` requires the module. The statistics are bit-identical either way.
   */
  backend?: BackendChoice;
}

/** A task checked and resolved (see {@link resolveShardTask}). */
export interface ResolvedShard {
  readonly task: ShardTask;
  readonly plan: KernelPlan;
  /** The point's particle count N (`mc.particles`, default `DEFAULT_PARTICLES` of `@scoresweep/core`). */
  readonly particles: number;
  /** What the shard returns. */
  readonly statistic: "moments" | "samples";
  /** Subsample size S (≥ N when all particles are kept). */
  readonly subsample: number;
  /** `p0` or `p_delta`. */
  readonly target: "p0" | "p_delta";
}

/**
 * Validates a task and resolves its point. Throws UnsupportedError for `exact` (answered by the oracle, not by
 * shards; checked first, whatever the particle range) or for a point the kernels cannot run; UnknownVariantError for
 * an unknown `metric.estimator`; InvalidParameterError naming `task.<field>` (shardId and pointId non-empty strings;
 * replicate an integer in [0, 2^32); particleLo < particleHi ≤ N; particleLo a multiple of `PARTICLE_BLOCK`
 * (`@scoresweep/core`); particleHi a multiple of it or N), `mc.seed`/`mc.particles`/`metric.subsample`, or a point
 * field.
 */
export function resolveShardTask(task: ShardTask): ResolvedShard {
  if (task === null || typeof task !== "object") invalid("task", "the shard task", "an object", task);
  if (typeof task.shardId !== "string" || task.shardId.length === 0) invalid("task.shardId", "the shard id", "a non-empty string", task.shardId);
  if (typeof task.pointId !== "string" || task.pointId.length === 0) invalid("task.pointId", "the point id", "a non-empty string", task.pointId);
  const point: PointSpec = task.point;
  if (point === null || typeof point !== "object") invalid("task.point", "the point", "an object", point);
  const replicate = requireInteger("task.replicate", "the replicate index", task.replicate, 0, 2 ** 32 - 1);
  const metric = point.metric;
  if (metric === null || typeof metric !== "object") invalid("metric", "the metric", "an object with an estimator", metric);
  const estimator = metric.estimator;
  let statistic: "moments" | "samples";
  if (MOMENT_ESTIMATORS.includes(estimator)) statistic = "moments";
  else if (SAMPLE_ESTIMATORS.includes(estimator)) statistic = "samples";
  else if (estimator === "exact") {
    throw new UnsupportedError("metric.estimator: exact points are answered by the exact oracle, not by Monte Carlo shards; got exact");
  } else {
    throw new UnknownVariantError(
      `metric.estimator: estimator must be one of ${[...MOMENT_ESTIMATORS, ...SAMPLE_ESTIMATORS].join(", ")}; got ${describeValue(estimator)}`,
    );
  }
  const target = metric.target ?? "p0";
  if (target !== "p0" && target !== "p_delta") {
    throw new UnknownVariantError(`metric.target: target must be one of p0, p_delta; got ${describeValue(target)}`);
  }
  const N = requireInteger("mc.particles", "the number of particles", point.mc?.particles ?? DEFAULT_PARTICLES, 1, 2 ** 32 - 1);
  const lo = requireInteger("task.particleLo", "the first particle", task.particleLo, 0, N - 1);
  const hi = requireInteger("task.particleHi", "the end particle", task.particleHi, lo + 1, N);
  if (lo % PARTICLE_BLOCK !== 0) invalid("task.particleLo", "the first particle", `a multiple of PARTICLE_BLOCK = ${PARTICLE_BLOCK}`, lo);
  if (hi % PARTICLE_BLOCK !== 0 && hi !== N) {
    invalid("task.particleHi", "the end particle", `a multiple of PARTICLE_BLOCK = ${PARTICLE_BLOCK} or mc.particles = ${N}`, hi);
  }
  const subsample = metric.subsample === undefined ? N : requireInteger("metric.subsample", "the subsample size", metric.subsample, 1);
  const plan = resolveKernelPlan(point, streamKey(task.seed, task.pointId));
  if (statistic === "samples") {
    const numbers = subsampleCount(lo, hi, subsample, N) * plan.d;
    if (numbers > MAX_SHARD_SAMPLE_NUMBERS) {
      invalid(
        "metric.subsample",
        "the subsample size",
        `set so that a shard returns at most ${MAX_SHARD_SAMPLE_NUMBERS} numbers (particles × dim)`,
        metric.subsample ?? `none (${numbers} numbers in this shard)`,
      );
    }
  }
  return { task: { ...task, replicate }, plan, particles: N, statistic, subsample, target };
}

/**
 * Simulates the shard's particles and returns their statistics (see the module comment). Deterministic: the same
 * task gives the same bits on any worker, backend or machine with the same Node version, and shards covering the
 * same particles merge to the same statistics however they were split (along `PARTICLE_BLOCK` boundaries).
 */
export function runShard(task: ShardTask, options: RunShardOptions = {}): ShardResult {
  const r = resolveShardTask(task);
  const key = fusedNoiseKey(task.seed, task.pointId);
  const col = shardCollector(r);
  const t0 = performance.now();
  const sim = simulateRange(r.plan, key, r.task.replicate, task.particleLo, task.particleHi, col.sink, options.backend ?? "auto");
  const kernelMs = performance.now() - t0;
  const particles = task.particleHi - task.particleLo;
  let divergedAtStep = sim.divergedAtStep;
  // Finite particles whose squares overflow (|y| ≳ 1e154) are as useless as infinite ones: report the last step.
  if (divergedAtStep === null && !col.finite()) divergedAtStep = r.plan.K;
  if (divergedAtStep !== null) {
    return { shardId: task.shardId, status: "diverged", divergedAtStep, stats: null, particles, kernelMs, backend: sim.backend };
  }
  return { shardId: task.shardId, status: "done", divergedAtStep: null, stats: col.result(), particles, kernelMs, backend: sim.backend };
}

/**
 * The noise-floor counterpart of {@link runShard}: the same statistics (same particle range, blocks and subsample)
 * of exact samples of the point's target law (`resolveTargetLaw`/`sampleTarget` of `@scoresweep/core`, the one
 * target sampler). Copy 0 is drawn on the stream the aggregation compares the sampler's output with
 * (`TARGET_DOMAIN_A`), copy 1 on the independent stream of its noise floor (`TARGET_DOMAIN_B`), so the merged
 * copy-0 shards of a point without subsample are exactly the aggregation's target sample. The estimator between
 * the merged copies 0 and 1 is the floor. Validates like {@link runShard}; `backend` is `exact-sampler`.
 */
export function runTargetShard(task: ShardTask, copy: 0 | 1): ShardResult {
  const r = resolveShardTask(task);
  if (copy !== 0 && copy !== 1) invalid("copy", "the noise-floor copy", "0 or 1", copy);
  const law = resolveTargetLaw(task.point);
  const key = streamKey(task.seed, task.pointId, copy === 0 ? TARGET_DOMAIN_A : TARGET_DOMAIN_B);
  const col = shardCollector(r);
  const x = new Float64Array(PARTICLE_BLOCK * law.dim);
  const t0 = performance.now();
  for (let b0 = task.particleLo; b0 < task.particleHi; b0 += PARTICLE_BLOCK) {
    const n = Math.min(PARTICLE_BLOCK, task.particleHi - b0);
    sampleTarget(law, n, key, r.task.replicate, b0, x);
    col.sink(x, b0, n);
  }
  const kernelMs = performance.now() - t0;
  return {
    shardId: task.shardId,
    status: "done",
    divergedAtStep: null,
    stats: col.result(),
    particles: task.particleHi - task.particleLo,
    kernelMs,
    backend: "exact-sampler",
  };
}
