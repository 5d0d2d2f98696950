/**
 * Drives the fused kernels over a particle range, one micro-block of `PARTICLE_BLOCK` particles (`@scoresweep/core`,
 * the unit of stream seeding, of simulation and of the float64 partial moment sums) at a time:
 * seed the block's streams, draw the prior, run all K steps (step tables computed per step, once per shard when
 * they fit in {@link TABLE_CACHE_DOUBLES}, else per window of steps and block), rotate back to the original basis
 * if needed, and hand the block to the caller. Memory is O(block·d + table) whatever the range: a point of 10⁷
 * particles streams through the same buffers.
 */
import { PARTICLE_BLOCK, UnsupportedError, type StreamKey } from "@scoresweep/core";
import { affinePriorJs, affineStepsJs } from "./affine-kernel.js";
import { affineStepTables, affineTablesScratchLength } from "./affine-tables.js";
import { GmmKernel } from "./gmm-kernel.js";
import type { KernelPlan } from "./kernel-plan.js";
import { seedParticleStreams } from "./particle-streams.js";
import { wasmAffineKernel, wasmKernelError } from "./wasm-kernel.js";

/** Step tables are computed once per shard when K·d ≤ this many doubles (8 MiB per table). */
export const TABLE_CACHE_DOUBLES = 1 << 20;
/** Otherwise they are computed per block in windows of ⌊this/d⌋ steps (at least 1). */
const TABLE_WINDOW_DOUBLES = 1 << 16;

/** Backend request: `auto` = WebAssembly when built and the plan is affine, otherwise JS. */
export type BackendChoice = "auto" | "js" | "wasm";

/** Called with each simulated micro-block: x (n×d row-major, original basis; reused after the call returns). */
export type BlockSink = (x: Float64Array, particle0: number, n: number) => void;

/** Outcome of {@link simulateRange}. */
export interface SimulateRangeResult {
  /** Null, or the 1-based step after which some particle was first not finite (the run stopped there). */
  divergedAtStep: number | null;
  /** The kernel that ran: `wasm` or `js`. */
  backend: "wasm" | "js";
}

/**
 * Simulates particles [lo, hi) of replicate `replicate` under `plan` with noise streams keyed by `key`, calling
 * `sink` per micro-block in particle order. Stops at the first diverging block. Trusts its input (lo aligned to
 * PARTICLE_BLOCK). Throws UnsupportedError when `backend` is `wasm` and the module is not available.
 */
export function simulateRange(
  plan: KernelPlan,
  key: StreamKey,
  replicate: number,
  lo: number,
  hi: number,
  sink: BlockSink,
  backend: BackendChoice = "auto",
): SimulateRangeResult {
  const d = plan.d;
  const B = PARTICLE_BLOCK;
  const K = plan.K;
  const y = new Float64Array(B * d);
  const main = new Int32Array(B * 4);
  const aux = new Int32Array(B * 4);
  const std = Math.sqrt(plan.priorVar);

  if (plan.data.kind === "gmm") {
    if (backend === "wasm") throw new UnsupportedError("backend: the WebAssembly kernel covers Gaussian data only; use js for gmm data");
    const kernel = new GmmKernel(plan);
    for (let b0 = lo; b0 < hi; b0 += B) {
      const n = Math.min(B, hi - b0);
      seedParticleStreams(key, replicate, b0, n, main, aux);
      affinePriorJs(n, d, y, main, aux, std);
      const r = kernel.steps(n, y, main, aux, 0, K);
      if (r !== 0) return { divergedAtStep: r, backend: "js" };
      sink(y, b0, n);
    }
    return { divergedAtStep: null, backend: "js" };
  }

  const wasm = backend === "js" ? null : wasmAffineKernel();
  if (backend === "wasm" && wasm === null) {
    throw new UnsupportedError(`backend: the WebAssembly kernel is not available: ${wasmKernelError() ?? "unknown reason"} (build @scoresweep/compute)`);
  }
  const rows = K * d <= TABLE_CACHE_DOUBLES ? K : Math.max(1, Math.min(K, Math.floor(TABLE_WINDOW_DOUBLES / d)));
  const cacheAll = rows === K;
  let P: Float64Array;
  let p: Float64Array;
  let C: Float64Array;
  if (wasm !== null) {
    wasm.layout(B, d, rows);
    P = wasm.tableP;
    p = wasm.tablep;
    C = wasm.tableC;
  } else {
    P = new Float64Array(rows * d);
    p = new Float64Array(rows * d);
    C = new Float64Array(rows);
  }
  const scratch = new Float64Array(affineTablesScratchLength(d));
  if (cacheAll) affineStepTables(plan, 0, K, P, p, C, scratch);
  const noise = plan.coeffs.scheme !== "pf_ode_heun";
  const rotation = plan.data.rotation;
  const x = rotation === null ? y : new Float64Array(B * d);

  for (let b0 = lo; b0 < hi; b0 += B) {
    const n = Math.min(B, hi - b0);
    seedParticleStreams(key, replicate, b0, n, main, aux);
    if (wasm !== null) {
      wasm.loadStreams(n, main, aux);
      wasm.prior(n, std);
    } else {
      affinePriorJs(n, d, y, main, aux, std);
    }
    for (let k0 = 0; k0 < K; k0 += rows) {
      const k1 = Math.min(K, k0 + rows);
      if (!cacheAll) affineStepTables(plan, k0, k1, P, p, C, scratch);
      const r = wasm !== null ? wasm.steps(n, k1 - k0, noise) : affineStepsJs(n, d, y, main, aux, P, p, C, k1 - k0, noise);
      if (r !== 0) return { divergedAtStep: k0 + r, backend: wasm !== null ? "wasm" : "js" };
    }
    if (wasm !== null) wasm.readState(n, y);
    if (rotation !== null) {
      // Back from eigen-coordinates: x = U z.
      for (let j = 0; j < n; j++) {
        const o = j * d;
        for (let i = 0; i < d; i++) {
          let v = 0;
          for (let l = 0; l < d; l++) v += rotation[i * d + l] * y[o + l];
          x[o + i] = v;
        }
      }
    }
    sink(x, b0, n);
  }
  return { divergedAtStep: null, backend: wasm !== null ? "wasm" : "js" };
}
