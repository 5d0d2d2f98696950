/**
 * The `tensorflow` backend: the TensorFlow.js sampler on the native TensorFlow binding, when — and only when — the
 * user has installed `@tensorflow/tfjs-node-gpu` (CUDA 11.2 / cuDNN 8.1) or `@tensorflow/tfjs-node`. They download
 * libtensorflow at install time, so they are optional peers, never dependencies: this adapter `import()`s them by a
 * name held in a variable (no static dependency, no types needed) and otherwise throws a
 * {@link BackendUnavailableError} that says what to install. Everything else is the `tfjs` backend's.
 */
import { invalid } from "@scoresweep/core";
import { BackendUnavailableError, requireOptionsObject } from "../../backend.js";
import { TfjsBackend } from "../tfjs/tfjs-backend.js";
import { quietTf } from "../tfjs/tfjs-engine.js";
import { resolveCheckEvery } from "../tfjs/tfjs-options.js";
import type { Tf } from "../tfjs/tfjs-sampler.js";

/** The bindings, in the order `device: "auto"` tries them. */
export const TENSORFLOW_PACKAGES = { gpu: "@tensorflow/tfjs-node-gpu", cpu: "@tensorflow/tfjs-node" } as const;

/** The one line a user sees when neither binding is installed. */
export const TENSORFLOW_MISSING_MESSAGE =
  "backend tensorflow: needs @tensorflow/tfjs-node-gpu (CUDA 11.2 / cuDNN 8.1) or @tensorflow/tfjs-node installed; they are optional peers, not dependencies";

/** Options of the `tensorflow` backend (other keys of the shared backend options are ignored). */
export interface TensorflowBackendOptions {
  /** `auto` (gpu binding, else cpu binding; default), `gpu` or `cpu`. */
  device?: "auto" | "gpu" | "cpu";
  /** Steps between divergence checks, as for `tfjs` (each check is a device→host read). */
  checkEvery?: number;
}

const DEVICES = ["auto", "gpu", "cpu"] as const;

/** Loads a module by name; the default is `import()`. Injectable so the absent-package path can be tested anywhere. */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

const importModule: ModuleLoader = (specifier) => import(specifier);

/** True for "this package is not installed" (as opposed to installed but failing, e.g. without CUDA). */
function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

/**
 * Creates the `tensorflow` backend. Throws `InvalidParameterError` for a bad option and
 * {@link BackendUnavailableError} with {@link TENSORFLOW_MISSING_MESSAGE} (cause: the import failures) when the
 * binding is not installed or fails to load.
 */
export async function createTensorflowBackend(options?: TensorflowBackendOptions, load: ModuleLoader = importModule): Promise<TfjsBackend> {
  const o = requireOptionsObject("tensorflow", options) as TensorflowBackendOptions;
  const device = o.device ?? "auto";
  if (!(DEVICES as readonly unknown[]).includes(device)) invalid("backend tensorflow", "options.device", `one of ${DEVICES.join(", ")}`, device);
  const checkEvery = resolveCheckEvery("tensorflow", o.checkEvery);
  const tries: Array<"gpu" | "cpu"> = device === "auto" ? ["gpu", "cpu"] : [device];
  const failures: unknown[] = [];
  let broken: { which: "gpu" | "cpu"; error: unknown } | null = null;
  for (const which of tries) {
    let tf: Tf;
    try {
      const mod = (await load(TENSORFLOW_PACKAGES[which])) as Tf & { default?: Tf };
      tf = typeof mod.setBackend === "function" ? mod : (mod.default as Tf);
      quietTf(tf);
      if (!(await tf.setBackend("tensorflow"))) throw new Error(`${TENSORFLOW_PACKAGES[which]} loaded but its tensorflow backend did not start`);
    } catch (error) {
      failures.push(error);
      if (!isNotFound(error)) broken ??= { which, error };
      continue;
    }
    return new TfjsBackend({ backend: "tensorflow", tf, tfBackend: "tensorflow", label: `tensorflow-${which}` }, checkEvery);
  }
  if (broken !== null) {
    const why = broken.error instanceof Error ? broken.error.message : String(broken.error);
    throw new BackendUnavailableError(
      "tensorflow",
      `backend tensorflow: ${TENSORFLOW_PACKAGES[broken.which]} is installed but failed to start (${why}); the gpu binding needs CUDA 11.2 / cuDNN 8.1`,
      { cause: broken.error },
    );
  }
  throw new BackendUnavailableError("tensorflow", TENSORFLOW_MISSING_MESSAGE, {
    cause: failures.length === 1 ? failures[0] : new AggregateError(failures, "every TensorFlow binding failed to load"),
  });
}
