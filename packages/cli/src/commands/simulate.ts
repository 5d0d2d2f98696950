import { availableParallelism } from "node:os";
import type { Command } from "commander";
import {
  DEFAULT_PARTICLES,
  exactOracle,
  mergeExactMomentStats,
  PARTICLE_BLOCK,
  ScoresweepError,
  streamKey,
  type ExactMomentStats,
  type PointSpec,
} from "@scoresweep/core";
import { createBackend, resolveShardTask, type Backend, type ShardResult, type ShardTask } from "@scoresweep/compute";
import {
  aggregatePoint,
  checkMonteCarloPoint,
  DEFAULT_SHARD_PARTICLES,
  planShards,
  pointId,
  type PointAggregateValue,
  type ShardOutcome,
  type ShardStats,
} from "@scoresweep/sweep";
import { CliError } from "../cli-error.js";
import { readPointArg } from "../io/read-point-arg.js";
import { createOutput, type Output } from "../output.js";
import { parseIntegerOption } from "../parse-options.js";

/** Replicates of a point whose `mc.replicates` is absent. */
export const DEFAULT_REPLICATES = 4;

interface SimulateOpts {
  point: string;
  workers?: string;
  backend: string;
  shardParticles?: string;
  json: boolean;
}

/** What one replicate's shards left: the exact-merged moments, or the blocks' samples in block order. */
interface ReplicateAcc {
  moments: ExactMomentStats | null;
  samples: (ShardStats | null)[];
  divergedAtStep: number | null;
  diverged: boolean;
}

/**
 * The shard tasks of one point: the sweep's own shard plan (`planShards`: replicates × blocks of `shardParticles`,
 * the last block taking the remainder), with the point and its seed attached.
 */
function planTasks(point: PointSpec, id: string, seed: number, replicates: number, shardParticles: number): { tasks: ShardTask[]; blocks: number } {
  const shards = planShards("simulate", id, point, shardParticles, 0, replicates);
  const tasks = shards.map((s): ShardTask => ({ shardId: s.shardId, pointId: id, point, seed, replicate: s.replicate, particleLo: s.particleLo, particleHi: s.particleHi }));
  return { tasks, blocks: shards.length / replicates };
}

/**
 * Runs `tasks` on `backend`, `concurrency` at a time, folding each result into its replicate as it arrives:
 * moment sums are merged exactly on arrival (so memory stays bounded at any particle count, and — the merge being
 * exact — the bits equal a merge of all blocks at the end), samples are kept per block for concatenation in block
 * order. Returns the per-replicate accumulators, the backend label and the particles simulated.
 */
async function runTasks(backend: Backend, tasks: ShardTask[], blocks: number, replicates: number, concurrency: number): Promise<{ acc: ReplicateAcc[]; label: string; particles: number }> {
  const acc: ReplicateAcc[] = Array.from({ length: replicates }, () => ({ moments: null, samples: new Array(blocks).fill(null), divergedAtStep: null, diverged: false }));
  let next = 0;
  let label = backend.name;
  let particles = 0;
  // Task i is block i mod blocks of replicate ⌊i / blocks⌋ (planTasks' order).
  const fold = (i: number, res: ShardResult): void => {
    const task = tasks[i];
    const a = acc[task.replicate];
    particles += res.particles;
    label = res.backend;
    if (res.status === "diverged") {
      a.diverged = true;
      if (res.divergedAtStep !== null && (a.divergedAtStep === null || res.divergedAtStep < a.divergedAtStep)) a.divergedAtStep = res.divergedAtStep;
      return;
    }
    const stats = res.stats as ShardStats | null;
    if (stats?.kind === "moments") {
      a.moments = a.moments === null ? stats : mergeExactMomentStats([a.moments, stats], "simulate", "moments");
    } else {
      a.samples[i % blocks] = stats;
    }
  };
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      fold(i, await backend.run(tasks[i]));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, lane));
  return { acc, label, particles };
}

/** The outcomes `aggregatePoint` sees: one per replicate (merged moments) or one per block (samples). */
function outcomesOf(acc: ReplicateAcc[], N: number): ShardOutcome[] {
  const out: ShardOutcome[] = [];
  acc.forEach((a, r) => {
    if (a.diverged) {
      out.push({ replicate: r, block: 0, particleLo: 0, particleHi: N, status: "diverged", divergedAtStep: a.divergedAtStep, stats: null });
    } else if (a.moments !== null) {
      out.push({ replicate: r, block: 0, particleLo: 0, particleHi: N, status: "done", divergedAtStep: null, stats: a.moments });
    } else {
      a.samples.forEach((s, b) => out.push({ replicate: r, block: b, particleLo: 0, particleHi: 0, status: "done", divergedAtStep: null, stats: s }));
    }
  });
  return out;
}

/** W2 of the exact oracle for Gaussian data (null when the oracle does not cover the point or the value is not finite). */
function exactW2(point: PointSpec, seed: number, id: string): number | null {
  if (point.data.kind !== "gaussian") return null;
  try {
    const w = exactOracle(point, { pointKey: streamKey(seed, id) }).w2;
    return Number.isFinite(w) ? w : null;
  } catch (error) {
    if (error instanceof ScoresweepError) return null;
    throw error;
  }
}

function fmt(x: number): string {
  return x.toPrecision(4);
}

/** The record of one point, and its warnings. */
function report(out: Output, point: PointSpec, id: string, agg: PointAggregateValue, w2Exact: number | null, meta: { particles: number; seconds: number; backend: string }): void {
  const metric = (agg.extra.metric as string | undefined) ?? "w2";
  const record: Record<string, unknown> = {
    point_id: id,
    family: point.sde.family,
    scheme: point.sampler.scheme,
    dim: point.data.kind === "gaussian" ? point.data.dim : (point.data.dim ?? point.data.means[0]?.length),
    steps: point.sampler.steps,
    estimator: agg.estimator,
    target: point.metric.target ?? "p0",
    status: agg.status,
    [metric]: agg.estimate,
    ci95: agg.ciLow === null || agg.ciHigh === null ? null : [agg.ciLow, agg.ciHigh],
    noise_floor: agg.noiseFloor,
    floor_method: agg.extra.floor_method ?? null,
    w2_debiased: agg.extra.w2_debiased ?? null,
    separated_from_floor: agg.extra.separated_from_floor ?? null,
  };
  if (point.data.kind === "gaussian") record.w2_exact = w2Exact;
  record.n = agg.n;
  record.particles = point.mc?.particles ?? DEFAULT_PARTICLES;
  if (agg.status === "diverged") {
    record.diverged_at_step = agg.extra.diverged_at_step ?? null;
    record.diverged_replicates = agg.extra.diverged_replicates ?? [];
  } else {
    record.replicates = agg.extra.replicates;
  }
  record.particles_per_second = meta.seconds > 0 ? meta.particles / meta.seconds : null;
  record.backend = meta.backend;
  out.record(record);
  if (agg.status === "diverged") {
    out.note(
      `scoresweep: warning: point ${id} diverged at step ${agg.extra.diverged_at_step ?? "?"} of ${point.sampler.steps} ` +
        `(replicates ${(agg.extra.diverged_replicates as number[]).join(", ")}): particles became non-finite, no estimate; reduce the step size (more steps)`,
    );
  } else if (agg.extra.separated_from_floor === false) {
    out.note(
      `scoresweep: warning: point ${id}: the ${metric} estimate ${fmt(agg.estimate as number)} is not separated from its noise floor ` +
        `${fmt(agg.noiseFloor as number)} (95% CI low ${fmt(agg.ciLow as number)} <= floor): Monte Carlo cannot resolve it at ` +
        `${record.particles} particles${w2Exact !== null ? `; the exact W2 is ${fmt(w2Exact)}` : ""}`,
    );
  } else if (agg.extra.separated_from_floor === null) {
    out.note(`scoresweep: warning: point ${id}: one replicate gives no confidence interval, so the estimate cannot be compared with its noise floor (set mc.replicates >= 2)`);
  }
}

/** `scoresweep simulate`: Monte Carlo W2 of the sampler's output, with a 95% CI across replicates and the noise floor. */
export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description("Monte Carlo W2 of the sampler: run the point's shards, then estimate, 95% CI over replicates and noise floor.")
    .requiredOption("--point <point>", "experiment point with sampler.steps and a Monte Carlo metric.estimator: inline JSON, a JSON array, or @file")
    .option("--workers <n>", "worker threads of the pool backend (default: all cores)")
    .option("--backend <name>", "compute backend: pool (worker threads), js (this thread), tfjs, tensorflow, auto", "pool")
    .option("--shard-particles <n>", `particles per shard, a multiple of ${PARTICLE_BLOCK} (default ${DEFAULT_SHARD_PARTICLES}); results do not depend on it`)
    .option("--json", "one JSON object per point on stdout", false)
    .addHelpText(
      "after",
      `
Replicates: mc.replicates (default ${DEFAULT_REPLICATES}); particles per replicate: mc.particles (default ${DEFAULT_PARTICLES});
random streams: mc.seed (default 0). Estimators: gaussian_fit, sorted_1d, emd, sliced, sinkhorn (metric.reg), w1_*.

Output fields: w2 (the mean over replicates of the estimator; w1 for the w1_* estimators), ci95 [low, high] (Student t,
null with one replicate), noise_floor (the estimator's value with no error at all, at the same sample size) and
floor_method, w2_debiased = sqrt(max(0, w2² − floor²)), separated_from_floor (ci95 low > floor), w2_exact (the exact
oracle, Gaussian data), n (replicates), particles_per_second, status (done | diverged, diverged_at_step).
A warning goes to stderr when the estimate is not separated from its floor, or when the run diverged (exit code 0).

Example:
  scoresweep simulate --json --point '{"sde":{"family":"vp_linear","beta_min":0.1,"beta_max":20,"T":1},
    "data":{"kind":"gaussian","dim":2,"mean":1,"std":0.5},"score":{"kind":"exact"},
    "sampler":{"scheme":"em_point","steps":10},"metric":{"estimator":"gaussian_fit","target":"p0"},
    "mc":{"particles":20000,"replicates":4,"seed":1}}'`,
    )
    .action(async (opts: SimulateOpts) => {
      const shardParticles = opts.shardParticles === undefined ? DEFAULT_SHARD_PARTICLES : parseIntegerOption("--shard-particles", opts.shardParticles, 1);
      if (shardParticles % PARTICLE_BLOCK !== 0) {
        throw new CliError(`--shard-particles: must be a multiple of ${PARTICLE_BLOCK} (the kernels' particle block); got ${JSON.stringify(opts.shardParticles)}`);
      }
      const workers = opts.workers === undefined ? undefined : parseIntegerOption("--workers", opts.workers, 1, 1024);
      const points = readPointArg(opts.point);
      // Validate every point before starting any work: a bad third point should not cost the first two runs.
      const plans = points.map((point) => {
        const id = pointId(point);
        const seed = point.mc?.seed ?? 0;
        const replicates = point.mc?.replicates ?? DEFAULT_REPLICATES;
        const { tasks, blocks } = planTasks(point, id, seed, replicates, shardParticles);
        const resolved = resolveShardTask(tasks[0]);
        checkMonteCarloPoint(point);
        return { point, id, seed, replicates, tasks, blocks };
      });
      const out = createOutput(opts.json);
      const backend = await createBackend(opts.backend, workers === undefined ? {} : { workers });
      try {
        const concurrency = backend.name === "pool" ? 2 * (workers ?? availableParallelism()) : 1;
        for (const p of plans) {
          const t0 = performance.now();
          const { acc, label, particles } = await runTasks(backend, p.tasks, p.blocks, p.replicates, concurrency);
          const seconds = (performance.now() - t0) / 1000;
          const N = p.point.mc?.particles ?? DEFAULT_PARTICLES;
          const agg = aggregatePoint(p.point, p.id, p.seed, outcomesOf(acc, N));
          report(out, p.point, p.id, agg, exactW2(p.point, p.seed, p.id), { particles, seconds, backend: label });
        }
      } finally {
        await backend.close();
      }
    });
}
