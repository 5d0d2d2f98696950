/**
 * The `kernel` option shared by the `js` and `pool` backends: which fused kernel `runShard` uses (its `backend`
 * option). Kept apart from the backends so that validating options loads no kernel code.
 */
import { invalid } from "@scoresweep/core";
import type { BackendChoice } from "../../impl/simulate-range.js";

/** Fused-kernel choices (`runShard`'s `backend` option). */
export const KERNEL_CHOICES: readonly BackendChoice[] = ["auto", "js", "wasm"];

/** Validates `options.kernel` for backend `backend` (`js` or `pool`); default `auto`. */
export function resolveKernelOption(backend: string, value: unknown): BackendChoice {
  if (value === undefined) return "auto";
  if (!(KERNEL_CHOICES as readonly unknown[]).includes(value)) invalid(`backend ${backend}`, "options.kernel", `one of ${KERNEL_CHOICES.join(", ")}`, value);
  return value as BackendChoice;
}
