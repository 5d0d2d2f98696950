/**
 * Starting a TensorFlow.js engine in Node: `cpu` (plain JavaScript kernels, always available) or `wasm`
 * (`@tensorflow/tfjs-backend-wasm`, whose `.wasm` binaries ship inside the package: found with
 * `createRequire(import.meta.url).resolve` and handed to `setWasmPaths`, so nothing is fetched).
 *
 * TensorFlow.js has one active backend per thread (`tf.setBackend`); {@link activate} re-selects ours before every
 * run (under a per-instance lock), so a `cpu` and a `wasm` backend can coexist in one process. Production mode is switched on once
 * (`tf.enableProdMode()`): it drops debug checks and the "install tfjs-node" banner TensorFlow.js prints in Node.
 */
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { BackendUnavailableError } from "../../backend.js";
import type { Tf } from "./tfjs-sampler.js";
import type { TfjsEngine } from "./tfjs-options.js";

/** A started engine: the API, the TensorFlow.js backend name to activate, and the `ShardResult.backend` label. */
export interface TfjsEngineHandle {
  /** Registry name of the backend using it (`tfjs`, `tensorflow`), for messages. */
  readonly backend: string;
  readonly tf: Tf;
  readonly tfBackend: string;
  readonly label: string;
}

let prodModeSet = false;
let wasmPathsSet = false;

/** Production mode once per process (see the module comment). */
export function quietTf(api: Tf): void {
  if (prodModeSet) return;
  api.enableProdMode();
  prodModeSet = true;
}

/** Directory (with trailing separator) holding the wasm backend's `.wasm` files, inside the installed package. */
export function wasmDirectory(): string {
  const file = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm");
  return path.dirname(file) + path.sep;
}

async function startWasm(): Promise<void> {
  let wasm: { setWasmPaths(prefix: string): void };
  try {
    wasm = await import("@tensorflow/tfjs-backend-wasm");
    if (!wasmPathsSet) {
      wasm.setWasmPaths(wasmDirectory());
      wasmPathsSet = true;
    }
  } catch (error) {
    throw new BackendUnavailableError("tfjs", `backend tfjs: the wasm engine could not be loaded (${(error as Error).message})`, { cause: error });
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend("wasm");
  } catch (error) {
    throw new BackendUnavailableError("tfjs", `backend tfjs: the wasm engine failed to start (${(error as Error).message})`, { cause: error });
  }
  if (!ok) throw new BackendUnavailableError("tfjs", "backend tfjs: the wasm engine failed to start");
}

/**
 * Starts `engine` (`auto`: wasm, else cpu) and returns its handle. Throws {@link BackendUnavailableError} when the
 * requested engine cannot start.
 */
export async function startTfjsEngine(engine: TfjsEngine): Promise<TfjsEngineHandle> {
  quietTf(tf);
  if (engine !== "cpu") {
    try {
      await startWasm();
      return { backend: "tfjs", tf, tfBackend: "wasm", label: "tfjs-wasm" };
    } catch (error) {
      if (engine === "wasm") throw error;
    }
  }
  if (!(await tf.setBackend("cpu"))) throw new BackendUnavailableError("tfjs", "backend tfjs: the cpu engine failed to start");
  return { backend: "tfjs", tf, tfBackend: "cpu", label: "tfjs-cpu" };
}

/**
 * Makes `handle`'s backend the active one. Callers hold the instance's run lock (`tfjs-backend.ts`), so no other
 * run can switch the engine between this and the (synchronous) computation that follows.
 */
export async function activate(handle: TfjsEngineHandle): Promise<void> {
  if (handle.tf.getBackend() === handle.tfBackend) return;
  if (!(await handle.tf.setBackend(handle.tfBackend)) || handle.tf.getBackend() !== handle.tfBackend) {
    throw new BackendUnavailableError(handle.backend, `backend ${handle.backend}: the ${handle.tfBackend} engine could not be re-activated`);
  }
}
