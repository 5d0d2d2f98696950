import { beforeAll, describe, expect, it } from "vitest";
import { streamKey } from "@scoresweep/core";
import { affinePriorJs, affineStepsJs } from "../../src/impl/affine-kernel.js";
import { seedParticleStreams } from "../../src/impl/particle-streams.js";
import { setWasmKernelModule, wasmAffineKernel, wasmKernelError, type WasmAffineKernel } from "../../src/impl/wasm-kernel.js";
import { compileKernel } from "../helpers/compile-kernel.js";

const hex = (a: Float64Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

/** Deterministic pseudo-random tables: P in (lo, hi), p in (−0.1, 0.1), C in (0, cmax). */
function tables(steps: number, d: number, seed: number, lo = 0.5, hi = 1.05, cmax = 0.3) {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const P = new Float64Array(steps * d);
  const p = new Float64Array(steps * d);
  const C = new Float64Array(steps);
  for (let i = 0; i < steps * d; i++) {
    P[i] = lo + (hi - lo) * u();
    p[i] = 0.2 * u() - 0.1;
  }
  for (let k = 0; k < steps; k++) C[k] = cmax * u();
  return { P, p, C };
}

/** Runs prior + steps (in the given windows) with the JS kernel and with the WebAssembly kernel. */
function runBoth(w: WasmAffineKernel, n: number, d: number, steps: number, windows: number[], noise: boolean, tab = tables(steps, d, n * 1000 + d)) {
  const key = streamKey(5, `wasm-test-${n}-${d}`);
  const mainJ = new Int32Array(4 * n);
  const auxJ = new Int32Array(4 * n);
  seedParticleStreams(key, 2, 512, n, mainJ, auxJ);
  const mainW = mainJ.slice();
  const auxW = auxJ.slice();
  const yJ = new Float64Array(n * d);
  affinePriorJs(n, d, yJ, mainJ, auxJ, 1.7);
  w.layout(256, d, Math.max(...windows));
  w.loadStreams(n, mainW, auxW);
  w.prior(n, 1.7);
  let k0 = 0;
  let divJ = 0;
  let divW = 0;
  for (const len of windows) {
    const P = tab.P.subarray(k0 * d, (k0 + len) * d);
    const p = tab.p.subarray(k0 * d, (k0 + len) * d);
    const C = tab.C.subarray(k0, k0 + len);
    if (divJ === 0) {
      const r = affineStepsJs(n, d, yJ, mainJ, auxJ, P, p, C, len, noise);
      if (r !== 0) divJ = k0 + r;
    }
    if (divW === 0) {
      w.tableP.set(P);
      w.tablep.set(p);
      w.tableC.set(C);
      const r = w.steps(n, len, noise);
      if (r !== 0) divW = k0 + r;
    }
    k0 += len;
  }
  const yW = w.readState(n, new Float64Array(n * d));
  const mW = new Int32Array(4 * n);
  const aW = new Int32Array(4 * n);
  w.readStreams(n, mW, aW);
  return { yJ, yW, divJ, divW, mainJ, auxJ, mW, aW };
}

describe("WasmAffineKernel", () => {
  let w: WasmAffineKernel;
  beforeAll(async () => {
    setWasmKernelModule(await compileKernel());
    const k = wasmAffineKernel();
    if (k === null) throw new Error("the compiled kernel did not load");
    w = k;
  }, 60_000);

  for (const [n, d] of [
    [1, 1],
    [3, 2],
    [4, 100],
    [5, 7],
    [256, 3],
    [255, 100],
  ] as const) {
    it(`WasmAffineKernel: bit-identical to the JS kernel (prior, steps, stream states), n = ${n}, d = ${d}`, () => {
      const r = runBoth(w, n, d, 60, [25, 35], true);
      expect(r.divJ).toBe(0);
      expect(r.divW).toBe(0);
      expect(hex(r.yW)).toBe(hex(r.yJ));
      expect(hex(r.mW)).toBe(hex(r.mainJ));
      expect(hex(r.aW)).toBe(hex(r.auxJ));
    });
  }

  it("WasmAffineKernel: bit-identical without noise (pf_ode_heun's deterministic steps)", () => {
    const r = runBoth(w, 9, 5, 40, [40], false);
    expect(hex(r.yW)).toBe(hex(r.yJ));
    expect(hex(r.mW)).toBe(hex(r.mainJ));
  });

  it("WasmAffineKernel: the slow path is exercised and agrees (many draws, aux streams advanced identically)", () => {
    const r = runBoth(w, 64, 64, 30, [30], true);
    expect(hex(r.yW)).toBe(hex(r.yJ));
    // Some particle's aux generator was used (its counter word moved): the comparison above covered slow draws.
    let moved = 0;
    const seeded = new Int32Array(4 * 64);
    seedParticleStreams(streamKey(5, "wasm-test-64-64"), 2, 512, 64, new Int32Array(4 * 64), seeded);
    for (let j = 0; j < 64; j++) if (r.auxJ[4 * j + 3] !== seeded[4 * j + 3]) moved++;
    expect(moved).toBeGreaterThan(32);
  });

  it("WasmAffineKernel: reports the same divergence step as the JS kernel, padding lanes included", () => {
    for (const n of [3, 8]) {
      const tab = tables(200, 4, 77, 100, 200); // |P| ≥ 100: overflows to ∞ after ~140 steps
      const r = runBoth(w, n, 4, 200, [70, 130], true, tab);
      expect(r.divJ).toBeGreaterThan(70);
      expect(r.divW).toBe(r.divJ);
    }
  });

  it("wasmAffineKernel: refuses a module of another interface version (a stale dist/kernel.wasm) instead of using it", async () => {
    // (module (memory (export "memory") 1) (func (export "heapBase") (result i32) i32.const 0)): no abiVersion export.
    const stale = Uint8Array.from([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
      0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x15, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x08, 0x68,
      0x65, 0x61, 0x70, 0x42, 0x61, 0x73, 0x65, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0b,
    ]);
    setWasmKernelModule(stale);
    expect(wasmAffineKernel()).toBeNull();
    expect(wasmKernelError()).toMatch(/interface version 0, expected 3/);
    setWasmKernelModule(await compileKernel());
    expect(wasmAffineKernel()).not.toBeNull();
  });
});
