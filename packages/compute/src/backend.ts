/**
 * The backend contract (STYLE: TensorFlow.js's backends): something that runs shards. Every backend — the
 * in-thread fused kernel (`js`), the worker-thread pool (`pool`), TensorFlow.js (`tfjs`) and the optional native
 * TensorFlow binding (`tensorflow`) — implements {@link Backend}, is created by a factory registered under its
 * name with a priority (`backend-registry.ts`), and runs the same conformance suite
 * (`test/backend-conformance.test.ts`).
 *
 * Results: `js` and `pool` give bitwise-identical statistics for the same task (same kernel, same counter-based
 * streams). `tfjs` and `tensorflow` compute in float32 with TensorFlow.js's own generator, so they agree with the
 * others statistically, never bitwise.
 */
import { invalid, ScoresweepError } from "@scoresweep/core";
import type { ShardResult, ShardTask } from "./shard-task.js";

/** Per-call options of {@link Backend.run}. */
export interface RunOptions {
  /** Aborting rejects the call with an `AbortError` (a pool task is removed from the queue or its worker stopped). */
  signal?: AbortSignal | null;
}

/** Options of {@link Backend.close}. */
export interface CloseOptions {
  /**
   * `close()` waits for every accepted task to finish. Aborting this signal (or passing one already aborted) stops
   * waiting and destroys the backend instead: in-flight and queued tasks reject with an `AbortError`.
   */
  signal?: AbortSignal | null;
}

/** Something that runs shards. Instances are created by `createBackend` (or a backend's own `create…Backend`). */
export interface Backend {
  /** Registry name: `js`, `pool`, `tfjs`, `tensorflow` (the `ShardResult.backend` label may be finer, e.g. `tfjs-wasm`). */
  readonly name: string;
  /**
   * Runs one shard. Resolves with its result (a diverging run is a `diverged` result, never a rejection); rejects
   * with the kernel's own error class and stable `code` when the task is invalid (e.g. `E_INVALID_PARAMETER`).
   */
  run(task: ShardTask, options?: RunOptions): Promise<ShardResult>;
  /** Runs several shards (concurrently where the backend can) and resolves with their results in task order. */
  runMany?(tasks: readonly ShardTask[], options?: RunOptions): Promise<ShardResult[]>;
  /** Waits for accepted tasks, then releases threads and memory. Idempotent; `run` after `close` rejects. */
  close(options?: CloseOptions): Promise<void>;
}

/**
 * Creates a backend from the (shared, flat) option object; must throw {@link BackendUnavailableError} when the
 * backend cannot start on this machine (so `createBackend("auto")` falls through to the next), and
 * `InvalidParameterError` for a bad option (which never falls through).
 */
export type BackendFactory = (options: BackendOptions) => Backend | Promise<Backend>;

/**
 * Options of every built-in backend in one flat object; each backend reads and validates only its own keys
 * (piscina style: `options.x must be …`) and ignores the others, so one object can be passed to `createBackend("auto")`.
 */
export interface BackendOptions {
  /** `pool`: number of worker threads, an integer in [1, 1024]; default `os.availableParallelism()`. */
  workers?: number;
  /**
   * `js`, `pool`: which fused kernel `runShard` uses — `auto` (WebAssembly SIMD for Gaussian data when
   * `dist/kernel.wasm` is built, else typed-array JS; default), `js` or `wasm`. Statistics are bit-identical.
   */
  kernel?: "auto" | "js" | "wasm";
  /** `tfjs`: the TensorFlow.js engine: `auto` (wasm, falling back to cpu), `cpu` or `wasm`; default `auto`. */
  engine?: "auto" | "cpu" | "wasm";
  /** `tfjs`, `tensorflow`: steps between checks for divergence (each check reads one scalar back); default 32. */
  checkEvery?: number;
  /** `tensorflow`: which binding to load: `auto` (gpu, then cpu), `gpu` (`@tensorflow/tfjs-node-gpu`) or `cpu` (`@tensorflow/tfjs-node`). */
  device?: "auto" | "gpu" | "cpu";
}

/**
 * A backend cannot start here (an optional package is absent, a WebAssembly binary failed to load, worker threads
 * are unavailable). Code `E_UNSUPPORTED`, so the CLI prints the one line and exits 2; `cause` holds the underlying
 * failure. `createBackend("auto")` skips a backend that throws this.
 */
export class BackendUnavailableError extends ScoresweepError {
  /** The backend that could not start. */
  readonly backend: string;
  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super("E_UNSUPPORTED", message, options);
    this.name = "BackendUnavailableError";
    this.backend = backend;
  }
}

/** A task was submitted to a backend after `close()` (a programming error). Code `E_BACKEND_CLOSED`. */
export class BackendClosedError extends Error {
  readonly code = "E_BACKEND_CLOSED";
  constructor(backend: string) {
    super(`backend ${backend}: the backend is closed; create a new one to run more shards`);
    this.name = "BackendClosedError";
  }
}

/** Rejects with the DOM-style `AbortError` for `signal` (its `reason` as `cause`), like Node's own APIs. */
export function abortError(signal: AbortSignal): Error {
  const error = new Error("The operation was aborted", { cause: signal.reason });
  error.name = "AbortError";
  return error;
}

/**
 * Checks that `options` is an object (or absent, giving `{}`): the first check of every factory, with the fixed
 * message `backend <name>: options must be an object; got …`.
 */
export function requireOptionsObject(backend: string, options: unknown): BackendOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    invalid(`backend ${backend}`, "options", "an object", options);
  }
  return options as BackendOptions;
}
