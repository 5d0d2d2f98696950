/**
 * The `js` backend: the fused typed-array kernel (`runShard`) in the calling thread. The reference the others are
 * tested against: `pool` must match it bit for bit, `tfjs` statistically. It blocks the thread for the length of a
 * shard, so services use `pool`; `js` suits small runs, tests and environments without worker threads.
 */
import { abortError, BackendClosedError, requireOptionsObject, type Backend, type RunOptions } from "../../backend.js";
import type { BackendChoice } from "../../impl/simulate-range.js";
import { runShard } from "../../run-shard.js";
import type { ShardResult, ShardTask } from "../../shard-task.js";
import { resolveKernelOption } from "./kernel-option.js";

/** Options of the `js` backend (other keys of the shared backend options are ignored). */
export interface JsBackendOptions {
  /** The fused kernel: `auto` (default), `js` or `wasm` (see `BackendOptions.kernel`). */
  kernel?: BackendChoice;
}

class JsBackend implements Backend {
  readonly name = "js";
  readonly #kernel: BackendChoice;
  #closed = false;

  constructor(kernel: BackendChoice) {
    this.#kernel = kernel;
  }

  async run(task: ShardTask, options?: RunOptions): Promise<ShardResult> {
    if (this.#closed) throw new BackendClosedError(this.name);
    const signal = options?.signal;
    if (signal?.aborted) throw abortError(signal);
    return runShard(task, { backend: this.#kernel });
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

/** Creates the in-thread `js` backend; `options` must be an object or absent, `options.kernel` a kernel choice. */
export function createJsBackend(options?: JsBackendOptions): Backend {
  const o = requireOptionsObject("js", options) as JsBackendOptions;
  return new JsBackend(resolveKernelOption("js", o.kernel));
}
