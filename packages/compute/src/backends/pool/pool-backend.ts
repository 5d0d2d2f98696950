/**
 * The `pool` backend: the fused kernel (`runShard`) in a fixed-size piscina worker-thread pool (STYLE: piscina — a
 * small public class over a private engine). Each task is one shard; results come back with their typed arrays
 * moved, and since a shard's random numbers are addressed by (seed, point, replicate, particle) (DESIGN §2), the
 * statistics are bitwise identical to the in-thread `js` backend whatever the number of workers. `runMany` sends
 * consecutive small shards as one request (`pool-batches.ts`), so a round trip's cost is paid per batch.
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
import { planBatches } from "./pool-batches.js";
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

/** How one task of a request ended. */
type Outcome = { ok: true; result: ShardResult } | { ok: false; error: Error };

/** A running pool backend (see the module comment). */
export class PoolBackend implements Backend {
  readonly name = "pool";
  /** Number of worker threads. */
  readonly workers: number;
  /** True when the workers run the TypeScript sources through tsx (tests), false for `dist/worker.js`. */
  readonly fromSource: boolean;
  readonly #pool: Piscina<ShardTask | ShardTask[], WorkerReply | WorkerReply[]>;
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
    this.#pool = new Piscina<ShardTask | ShardTask[], WorkerReply | WorkerReply[]>({
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
    const [outcome] = await this.#submit([task], options?.signal ?? null);
    if (outcome.ok) return outcome.result;
    throw outcome.error;
  }

  /** Sends `tasks` as one request (a bare task when alone) and settles each; rejects only for closed/aborted. */
  async #submit(tasks: ShardTask[], signal: AbortSignal | null): Promise<Outcome[]> {
    if (this.#closing !== null) throw new BackendClosedError(this.name);
    if (signal?.aborted) throw abortError(signal);
    const pending = this.#request(tasks, signal);
    this.#inFlight.add(pending);
    try {
      return await pending;
    } finally {
      this.#inFlight.delete(pending);
    }
  }

  async #request(tasks: ShardTask[], signal: AbortSignal | null): Promise<Outcome[]> {
    const ids = tasks.map((t) => (typeof t?.shardId === "string" ? t.shardId : "?"));
    let replies: WorkerReply[];
    const t0 = performance.now();
    try {
      const reply = await this.#pool.run(tasks.length === 1 ? tasks[0] : tasks, signal === null ? undefined : { signal });
      replies = Array.isArray(reply) ? reply : [reply];
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      if (this.#destroyed.signal.aborted) throw abortError(this.#destroyed.signal);
      return ids.map((id) => ({ ok: false, error: wrapPoolFailure(error, id) }));
    }
    this.#timing.tasks += replies.length;
    this.#timing.roundTripMs += performance.now() - t0;
    return replies.map((reply, i) => {
      this.#timing.workerMs += reply.workerMs;
      return reply.ok ? { ok: true, result: reply.result } : { ok: false, error: rebuildWorkerError(reply.error, ids[i]) };
    });
  }

  /**
   * Runs `tasks` and resolves with the results in task order. Consecutive small tasks travel as one request
   * (`pool-batches.ts`: the round trip is paid per batch, not per task); at most 2 × workers requests are out at a
   * time, so a long list never queues all its tasks, and their results, at once. On the first failure no new request
   * is sent; those already running finish, then the first error (in task order within a batch) is thrown.
   */
  async runMany(tasks: readonly ShardTask[], options?: RunOptions): Promise<ShardResult[]> {
    const signal = options?.signal ?? null;
    const results = new Array<ShardResult>(tasks.length);
    const groups = planBatches(tasks);
    const window = 2 * this.workers;
    let next = 0;
    let failure: { error: unknown } | null = null;
    const lane = async (): Promise<void> => {
      while (failure === null && next < groups.length) {
        const group = groups[next++];
        try {
          const outcomes = await this.#submit(
            group.map((i) => tasks[i]),
            signal,
          );
          outcomes.forEach((o, j) => {
            if (o.ok) results[group[j]] = o.result;
            else failure ??= { error: o.error };
          });
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, groups.length) }, lane));
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
