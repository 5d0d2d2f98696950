/**
 * Options of the `tfjs` backend, checked piscina style: one fixed message per option,
 * `backend tfjs: options.<x> must be <constraint>; got <value>` (code `E_INVALID_PARAMETER`).
 */
import { invalid } from "@scoresweep/core";
import { requireOptionsObject } from "../../backend.js";

/** TensorFlow.js engines this backend can run on. */
export const TFJS_ENGINES = ["auto", "cpu", "wasm"] as const;

/** A TensorFlow.js engine choice: `auto` = wasm, falling back to cpu when wasm cannot start. */
export type TfjsEngine = (typeof TFJS_ENGINES)[number];

/** Largest `checkEvery` (a typo guard; K is rarely larger). */
export const MAX_CHECK_EVERY = 1_000_000;

/** Default steps between divergence checks: one scalar read-back per 32 steps costs nothing measurable. */
export const DEFAULT_CHECK_EVERY = 32;

/** Options of the `tfjs` backend (other keys of the shared backend options are ignored). */
export interface TfjsBackendOptions {
  /** `auto` (default), `cpu` or `wasm`. */
  engine?: TfjsEngine;
  /** Steps between divergence checks (an integer in [1, 1e6]; default 32). A diverged run stops at the next check. */
  checkEvery?: number;
}

/** {@link TfjsBackendOptions} with defaults filled in. */
export interface ResolvedTfjsOptions {
  readonly engine: TfjsEngine;
  readonly checkEvery: number;
}

/** Validates `checkEvery` for backend `backend` (shared with the `tensorflow` adapter). */
export function resolveCheckEvery(backend: string, value: unknown): number {
  if (value === undefined) return DEFAULT_CHECK_EVERY;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_CHECK_EVERY) {
    invalid(`backend ${backend}`, "options.checkEvery", `an integer in [1, ${MAX_CHECK_EVERY}]`, value);
  }
  return value;
}

/** Validates `options` (an object or absent) and fills defaults. */
export function resolveTfjsOptions(options: unknown): ResolvedTfjsOptions {
  const o = requireOptionsObject("tfjs", options) as TfjsBackendOptions;
  let engine: TfjsEngine = "auto";
  if (o.engine !== undefined) {
    if (!(TFJS_ENGINES as readonly unknown[]).includes(o.engine)) {
      invalid("backend tfjs", "options.engine", `one of ${TFJS_ENGINES.join(", ")}`, o.engine);
    }
    engine = o.engine;
  }
  return { engine, checkEvery: resolveCheckEvery("tfjs", o.checkEvery) };
}
