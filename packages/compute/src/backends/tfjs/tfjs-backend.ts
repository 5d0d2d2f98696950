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
import { shardStatsFromParticles } from "../../shard-stats.js";
import { resolveShardTask } from "../../run-shard.js";
import type { ExactMomentStats, SampleStats, ShardResult, ShardTask } from "../../shard-task.js";
import { activate, startTfjsEngine, type TfjsEngineHandle } from "./tfjs-engine.js";
import { resolveTfjsOptions, type TfjsBackendOptions } from "./tfjs-options.js";
import { sampleWithTf } from "./tfjs-sampler.js";

/**
 * Runs on one TensorFlow.js instance are serialised across every backend using it: the active engine is global to
 * the instance (`tf.setBackend`), so two backends on different engines must not interleave their "select engine,
 * compute" sequences (each would keep switching the engine away from the other). Runs are synchronous once the
 * engine is active, so the lock costs nothing but the queueing.
 */
const locks = new WeakMap<object, Promise<unknown>>();

function exclusive<T>(tf: object, f: () => Promise<T>): Promise<T> {
  const previous = locks.get(tf) ?? Promise.resolve();
  const next = previous.then(f, f);
  locks.set(tf, next.catch(() => {}));
  return next;
}

/** A TensorFlow.js-backed {@link Backend} (see the module comment). */
export class TfjsBackend implements Backend {
  readonly name: string;
  /** The `ShardResult.backend` label: `tfjs-cpu`, `tfjs-wasm`, `tensorflow-gpu`, … */
  readonly label: string;
  readonly #engine: TfjsEngineHandle;
  readonly #checkEvery: number;
  #closed = false;
  /** This backend's last accepted run (settled or not), for `close()`. */
  #last: Promise<unknown> = Promise.resolve();

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
    const result = exclusive(this.#engine.tf, () => this.#run(task, options?.signal ?? null));
    this.#last = result.catch(() => {});
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
    let stats: ExactMomentStats | SampleStats | null = null;
    if (out.particles !== null) {
      // The kernel's own reduction (same micro-blocks, same subsample), so the result has the fused kernel's shape.
      stats = shardStatsFromParticles(r.task, out.particles);
      // Finite particles whose squares overflow are as useless as infinite ones (the fused kernel's rule).
      if (stats.kind === "moments" && !stats.sums.every(Number.isFinite)) {
        stats = null;
        divergedAtStep = r.plan.K;
      }
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
    await this.#last;
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
