/**
 * The `tfjs` backend: the sampler written with TensorFlow.js ops (`tfjs-sampler.ts`) on the `cpu` or `wasm` engine,
 * for Gaussian (diagonal or full covariance) and Gaussian-mixture data with the exact score and any score error, all
 * four schemes.
 * Results have the same `ShardResult` shape as the fused kernel's — the output particles are turned into the
 * point's statistics by the kernel's own helper — but are computed in float32 with TensorFlow.js's generator, so
 * they agree with `js`/`pool` statistically, not bitwise (see `tfjs-sampler.ts`). Its real use is score networks;
 * for the closed-form laws the fused kernel is much faster.
 *
 * The class is shared with the `tensorflow` adapter, which passes the native binding's API instead.
 */
import { abortError, BackendClosedError, type Backend, type RunOptions } from "../../backend.js";
import { MomentAccumulator, momentsDiagonalOnly } from "../../impl/moment-accumulator.js";
import { SampleCollector } from "../../impl/sample-collector.js";
import { PARTICLE_BLOCK } from "../../impl/simulate-range.js";
import { resolveShardTask, type ResolvedShard } from "../../run-shard.js";
import type { MomentStats, SampleStats, ShardResult, ShardTask } from "../../shard-task.js";
import { activate, startTfjsEngine, type TfjsEngineHandle } from "./tfjs-engine.js";
import { resolveTfjsOptions, type TfjsBackendOptions } from "./tfjs-options.js";
import { sampleWithTf } from "./tfjs-sampler.js";

/**
 * The statistics of the output particles (n×d, original basis) with the fused kernel's collectors, fed in the same
 * micro-blocks of PARTICLE_BLOCK particles; null when a moment sum overflowed.
 */
function statsOf(r: ResolvedShard, x: Float64Array): MomentStats | SampleStats | null {
  const { plan, task } = r;
  const d = plan.d;
  const lo = task.particleLo;
  const hi = task.particleHi;
  if (r.statistic === "moments") {
    const acc = new MomentAccumulator(d, plan.dataMean, momentsDiagonalOnly(d, plan.fullCovariance));
    for (let b0 = lo; b0 < hi; b0 += PARTICLE_BLOCK) {
      const n = Math.min(PARTICLE_BLOCK, hi - b0);
      acc.addBlock(x.subarray((b0 - lo) * d, (b0 - lo + n) * d), n);
    }
    return acc.isFinite() ? acc.result() : null;
  }
  const col = new SampleCollector(d, lo, hi, r.subsample, r.particles);
  for (let b0 = lo; b0 < hi; b0 += PARTICLE_BLOCK) {
    const n = Math.min(PARTICLE_BLOCK, hi - b0);
    col.addBlock(x.subarray((b0 - lo) * d, (b0 - lo + n) * d), b0, n);
  }
  return col.result();
}

/** A TensorFlow.js-backed {@link Backend} (see the module comment). */
export class TfjsBackend implements Backend {
  readonly name: string;
  /** The `ShardResult.backend` label: `tfjs-cpu`, `tfjs-wasm`, `tensorflow-gpu`, … */
  readonly label: string;
  readonly #engine: TfjsEngineHandle;
  readonly #checkEvery: number;
  #closed = false;
  /** Runs are serialised: one tf program at a time per backend (they would only contend for the same thread). */
  #queue: Promise<unknown> = Promise.resolve();

  /** Use {@link createTfjsBackend} (or `createTensorflowBackend`). */
  constructor(engine: TfjsEngineHandle, checkEvery: number) {
    this.name = engine.backend;
    this.label = engine.label;
    this.#engine = engine;
    this.#checkEvery = checkEvery;
  }

  /** The TensorFlow.js API this backend runs on (tests read `tf.memory()` through it). */
  get tf(): TfjsEngineHandle["tf"] {
    return this.#engine.tf;
  }

  run(task: ShardTask, options?: RunOptions): Promise<ShardResult> {
    if (this.#closed) return Promise.reject(new BackendClosedError(this.name));
    const result = this.#queue.then(() => this.#run(task, options?.signal ?? null));
    this.#queue = result.catch(() => {});
    return result;
  }

  async #run(task: ShardTask, signal: AbortSignal | null): Promise<ShardResult> {
    if (signal?.aborted) throw abortError(signal);
    // The fused kernel's own validation and resolution: a task means the same (defaults, errors, the frozen noise
    // field, which statistic the estimator needs) whichever backend runs it.
    const r = resolveShardTask(task);
    await activate(this.#engine);
    const t0 = performance.now();
    const out = sampleWithTf(this.#engine.tf, r.plan, r.task, this.#checkEvery);
    const kernelMs = performance.now() - t0;
    const n = task.particleHi - task.particleLo;
    let divergedAtStep = out.divergedAtStep;
    let stats: MomentStats | SampleStats | null = null;
    if (out.particles !== null) {
      stats = statsOf(r, out.particles);
      // Finite particles whose squares overflow are as useless as infinite ones (the fused kernel's rule).
      if (stats === null) divergedAtStep = r.plan.K;
    }
    return {
      shardId: task.shardId,
      status: divergedAtStep === null ? "done" : "diverged",
      divergedAtStep,
      stats,
      particles: n,
      kernelMs,
      backend: this.label,
    };
  }

  async runMany(tasks: readonly ShardTask[], options?: RunOptions): Promise<ShardResult[]> {
    const out: ShardResult[] = [];
    for (const task of tasks) out.push(await this.run(task, options));
    return out;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
  }
}

/**
 * Creates the `tfjs` backend: `options.engine` (`auto` = wasm, else cpu; `cpu`; `wasm`) and `options.checkEvery`.
 * Throws `InvalidParameterError` for a bad option, `BackendUnavailableError` when the engine cannot start.
 */
export async function createTfjsBackend(options?: TfjsBackendOptions): Promise<TfjsBackend> {
  const { engine, checkEvery } = resolveTfjsOptions(options);
  return new TfjsBackend(await startTfjsEngine(engine), checkEvery);
}
