/**
 * The `pool` backend: the fused kernel (`runShard`) in a fixed-size piscina worker-thread pool (STYLE: piscina — a
 * small public class over a private engine). Each task is one shard; results come back with their typed arrays
 * moved, and since a shard's random numbers are addressed by (seed, point, replicate, particle) (DESIGN §2), the
 * statistics are bitwise identical to the in-thread `js` backend whatever the number of workers.
 *
 * Lifecycle: threads start with the backend (`minThreads = maxThreads = workers`, atomics wake-up for low per-task
 * overhead). `close()` stops accepting tasks, waits for every accepted one — however long it takes (piscina's own
 * `close` would give up after its `closeTimeout`) — then terminates the threads; aborting its signal destroys the
 * pool at once instead (pending tasks reject with `AbortError`). Idle threads are unref'd by piscina, so a
 * forgotten backend does not keep the process alive, but a clean program closes it.
 */
import { Piscina } from "piscina";
import { abortError, BackendClosedError, type Backend, type CloseOptions, type RunOptions } from "../../backend.js";
import type { ShardResult, ShardTask } from "../../shard-task.js";
import type { PoolWorkerData, WorkerReply } from "../../worker.js";
import { resolvePoolOptions, type PoolBackendOptions } from "./pool-options.js";
import { rebuildWorkerError, wrapPoolFailure } from "./worker-error.js";
import { requireWorkerFile, workerEntry } from "./worker-entry.js";

/**
 * Cumulative timing of a pool's completed tasks (informational; never part of results). With tasks run one at a
 * time, `(roundTripMs − workerMs)/tasks` is the pool's own per-task overhead: cloning the task, waking a worker,
 * moving the result back. When tasks queue, `roundTripMs` also counts the waiting.
 */
export interface PoolTiming {
  /** Tasks completed (successfully or with an error reply). */
  tasks: number;
  /** Σ time from submitting a task to receiving its reply, main thread (ms). */
  roundTripMs: number;
  /** Σ time the workers spent in the task handler (ms). */
  workerMs: number;
}

/** A running pool backend (see the module comment). */
export class PoolBackend implements Backend {
  readonly name = "pool";
  /** Number of worker threads. */
  readonly workers: number;
  /** True when the workers run the TypeScript sources through tsx (tests), false for `dist/worker.js`. */
  readonly fromSource: boolean;
  readonly #pool: Piscina<ShardTask, WorkerReply>;
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Set when an aborted `close()` destroyed the pool: in-flight rejections then become `AbortError`s. */
  readonly #destroyed = new AbortController();
  #closing: Promise<void> | null = null;
  readonly #timing: PoolTiming = { tasks: 0, roundTripMs: 0, workerMs: 0 };

  /** Use {@link createPoolBackend}. */
  constructor(options?: PoolBackendOptions) {
    const { workers, kernel } = resolvePoolOptions(options);
    const entry = workerEntry();
    requireWorkerFile(entry);
    this.workers = workers;
    this.fromSource = entry.fromSource;
    this.#pool = new Piscina<ShardTask, WorkerReply>({
      filename: entry.filename,
      ...(entry.execArgv === undefined ? {} : { execArgv: entry.execArgv }),
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      recordTiming: false,
      atomics: "sync",
      workerData: { kernel } satisfies PoolWorkerData,
    });
    // Piscina reports failures not tied to a task (e.g. a close timeout) as 'error' events; without a listener an
    // EventEmitter would throw them. Task failures reach the task's promise instead.
    this.#pool.on("error", () => {});
  }

  /** Cumulative timing of completed tasks (a copy; see {@link PoolTiming}). */
  get timing(): PoolTiming {
    return { ...this.#timing };
  }

  /** Number of live worker threads (0 after `close`). */
  get threads(): number {
    return this.#pool.threads.length;
  }

  async run(task: ShardTask, options?: RunOptions): Promise<ShardResult> {
    if (this.#closing !== null) throw new BackendClosedError(this.name);
    const signal = options?.signal ?? null;
    if (signal?.aborted) throw abortError(signal);
    const pending = this.#runTask(task, signal);
    this.#inFlight.add(pending);
    try {
      return await pending;
    } finally {
      this.#inFlight.delete(pending);
    }
  }

  async #runTask(task: ShardTask, signal: AbortSignal | null): Promise<ShardResult> {
    let reply: WorkerReply;
    const shardId = typeof task?.shardId === "string" ? task.shardId : "?";
    const t0 = performance.now();
    try {
      reply = await this.#pool.run(task, signal === null ? undefined : { signal });
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      if (this.#destroyed.signal.aborted) throw abortError(this.#destroyed.signal);
      throw wrapPoolFailure(error, shardId);
    }
    this.#timing.tasks++;
    this.#timing.roundTripMs += performance.now() - t0;
    this.#timing.workerMs += reply.workerMs;
    if (reply.ok) return reply.result;
    throw rebuildWorkerError(reply.error, shardId);
  }

  /**
   * Runs `tasks` with at most 2 × workers submitted at a time (so a long list never queues all its tasks, and their
   * results, at once) and resolves with the results in task order. On the first failure no new task is submitted;
   * the ones already running finish, then the first error is thrown.
   */
  async runMany(tasks: readonly ShardTask[], options?: RunOptions): Promise<ShardResult[]> {
    const results = new Array<ShardResult>(tasks.length);
    const window = 2 * this.workers;
    let next = 0;
    let failure: { error: unknown } | null = null;
    const lane = async (): Promise<void> => {
      while (failure === null && next < tasks.length) {
        const i = next++;
        try {
          results[i] = await this.run(tasks[i], options);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, tasks.length) }, lane));
    if (failure !== null) throw (failure as { error: unknown }).error;
    return results;
  }

  close(options?: CloseOptions): Promise<void> {
    const signal = options?.signal ?? null;
    if (this.#closing === null) this.#closing = this.#shutdown();
    if (signal !== null) {
      if (signal.aborted) this.#destroy();
      else signal.addEventListener("abort", () => this.#destroy(), { once: true });
    }
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    // Wait for every accepted task (settled either way), then terminate the threads.
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    await this.#pool.destroy();
  }

  #destroy(): void {
    if (this.#destroyed.signal.aborted) return;
    this.#destroyed.abort(new Error("backend pool: destroyed by an aborted close()"));
    // Terminates every thread: running and queued tasks reject ("Terminating worker thread"), which `#runTask`
    // reports as AbortError since the pool was destroyed on purpose.
    void this.#pool.destroy();
  }
}

/**
 * Creates the `pool` backend with `options.workers` threads (default: available parallelism). Throws
 * `InvalidParameterError` for a bad option and `BackendUnavailableError` when the worker entry cannot be found.
 */
export function createPoolBackend(options?: PoolBackendOptions): PoolBackend {
  return new PoolBackend(options);
}
