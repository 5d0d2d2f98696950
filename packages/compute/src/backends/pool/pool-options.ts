/**
 * Options of the `pool` backend, checked piscina style: each option has one fixed message
 * `backend pool: options.<x> must be <constraint>; got <value>` (code `E_INVALID_PARAMETER`).
 */
import { availableParallelism } from "node:os";
import { invalid } from "@scoresweep/core";
import { requireOptionsObject } from "../../backend.js";
import type { BackendChoice } from "../../impl/simulate-range.js";
import { resolveKernelOption } from "../js/kernel-option.js";

/** Upper bound on `workers` (a typo guard: more threads than this is never what a user meant). */
export const MAX_POOL_WORKERS = 1024;

/** Options of the `pool` backend (other keys of the shared backend options are ignored). */
export interface PoolBackendOptions {
  /** Number of worker threads, an integer in [1, 1024]; default `os.availableParallelism()`. */
  workers?: number;
  /** The fused kernel the workers run: `auto` (default), `js` or `wasm` (see `BackendOptions.kernel`). */
  kernel?: BackendChoice;
}

/** {@link PoolBackendOptions} with defaults filled in. */
export interface ResolvedPoolOptions {
  readonly workers: number;
  readonly kernel: BackendChoice;
}

/** Validates `options` (an object or absent) and fills defaults. */
export function resolvePoolOptions(options: unknown): ResolvedPoolOptions {
  const o = requireOptionsObject("pool", options) as PoolBackendOptions;
  let workers = availableParallelism();
  if (o.workers !== undefined) {
    const w = o.workers as unknown;
    if (typeof w !== "number" || !Number.isInteger(w) || w < 1 || w > MAX_POOL_WORKERS) {
      invalid("backend pool", "options.workers", `an integer in [1, ${MAX_POOL_WORKERS}]`, w);
    }
    workers = w;
  }
  return { workers, kernel: resolveKernelOption("pool", o.kernel) };
}
