/**
 * The `js` backend: the fused typed-array kernel (`runShard`) in the calling thread. The reference the others are
 * tested against: `pool` must match it bit for bit, `tfjs` statistically. It blocks the thread for the length of a
 * shard, so services use `pool`; `js` suits small runs, tests and environments without worker threads.
 */
import { abortError, BackendClosedError, requireOptionsObject, type Backend, type RunOptions } from "../../backend.js";
import { runShard } from "../../run-shard.js";
import type { ShardResult, ShardTask } from "../../shard-task.js";

/** Options of the `js` backend: none (other backends' keys are ignored). */
export type JsBackendOptions = Record<string, unknown>;

class JsBackend implements Backend {
  readonly name = "js";
  #closed = false;

  async run(task: ShardTask, options?: RunOptions): Promise<ShardResult> {
    if (this.#closed) throw new BackendClosedError(this.name);
    const signal = options?.signal;
    if (signal?.aborted) throw abortError(signal);
    return runShard(task);
  }

  async runMany(tasks: readonly ShardTask[], options?: RunOptions): Promise<ShardResult[]> {
    const out: ShardResult[] = [];
    for (const task of tasks) out.push(await this.run(task, options));
    return out;
  }

  async close(): Promise<void> {
    // Shards run synchronously inside `run`, so nothing can be in flight here.
    this.#closed = true;
  }
}

/** Creates the in-thread `js` backend; `options` must be an object or absent. */
export function createJsBackend(options?: JsBackendOptions): Backend {
  requireOptionsObject("js", options);
  return new JsBackend();
}
