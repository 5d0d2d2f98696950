/**
 * Host side of the WebAssembly SIMD `affine` kernel (`assembly/kernel.ts`, compiled by the package's `build`
 * script to `dist/kernel.wasm`). It owns the module's linear memory and lays out one block there: AoSoA particle
 * state, SIMD-lane generator states, the step tables and the ziggurat tables (see the layout comment in
 * `assembly/kernel.ts`). The numbers are bit-identical to the JS kernel (`affine-kernel.ts`); the only difference
 * is speed. When the module is missing (not built) {@link wasmAffineKernel} returns null and callers use JS.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ZIG_LAYERS, ZIG_TABLES } from "./ziggurat.js";

// The WebAssembly JS API, typed here: the package compiles against ES2023 + Node types, which do not declare it.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
/** A compiled WebAssembly module (opaque). */
export interface WasmModule {
  readonly __wasmModule?: never;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The compiled module: `packages/compute/dist/kernel.wasm` (two levels up from both src/impl and dist/impl). */
export const WASM_KERNEL_URL = new URL("../../dist/kernel.wasm", import.meta.url);

/** Interface version the host expects of `kernel.wasm` (`abiVersion()` in assembly/kernel.ts; bump both together). */
export const KERNEL_ABI = 3;

interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  abiVersion?(): number;
  prior(y: number, main: number, aux: number, groups: number, d: number, std: number, zig: number, kw: number, rej: number, zeros: number): void;
  affineSteps(
    y: number,
    main: number,
    aux: number,
    groups: number,
    d: number,
    P: number,
    p: number,
    C: number,
    steps: number,
    noise: number,
    zig: number,
    kw: number,
    rej: number,
  ): number;
}

const align = (x: number): number => Math.ceil(x / 64) * 64;

/**
 * One instance of the WebAssembly kernel with its memory. Usage per shard: {@link layout} once (capacity for the
 * block size, dimension and table rows), then per block {@link loadStreams}, {@link prior}, fill the tables
 * ({@link tableP}, {@link tablep}, {@link tableC}) and {@link steps}, then {@link readState}.
 */
export class WasmAffineKernel {
  private readonly ex: KernelExports;
  private readonly zig: number;
  private readonly kw: number;
  private readonly base: number;
  private yPtr = 0;
  private mainPtr = 0;
  private auxPtr = 0;
  private pPtrP = 0;
  private pPtrp = 0;
  private cPtr = 0;
  private rejPtr = 0;
  private zerosPtr = 0;
  private groups = 0;
  private d = 0;
  private rows = 0;
  /** Row-major step tables in the module's memory (valid until the next {@link layout}). */
  tableP: Float64Array = new Float64Array(0);
  tablep: Float64Array = new Float64Array(0);
  tableC: Float64Array = new Float64Array(0);

  /** Instantiates `module` (synchronously) and copies the ziggurat tables into its memory. */
  constructor(module: WasmModule) {
    const instance = new WA.Instance(module, {
      env: {
        abort: () => {
          throw new Error("kernel.wasm: abort");
        },
      },
    });
    this.ex = instance.exports as unknown as KernelExports;
    const abi = typeof this.ex.abiVersion === "function" ? this.ex.abiVersion() : 0;
    if (abi !== KERNEL_ABI) throw new Error(`kernel.wasm: interface version ${abi}, expected ${KERNEL_ABI} (rebuild @scoresweep/compute)`);
    this.zig = align(this.ex.heapBase());
    // ZIG_TABLES verbatim, then the fast path's 16-byte layer entries [C·W (set per step), ⌈KI⌉² (f64)].
    this.kw = align(this.zig + ZIG_TABLES.byteLength);
    this.base = align(this.kw + ZIG_LAYERS * 16);
    this.ensure(this.base);
    new Float64Array(this.ex.memory.buffer, this.zig, ZIG_TABLES.length).set(ZIG_TABLES);
    const kw = new Float64Array(this.ex.memory.buffer, this.kw, ZIG_LAYERS * 2);
    for (let l = 0; l < ZIG_LAYERS; l++) kw[2 * l + 1] = Math.ceil(ZIG_TABLES[l]) ** 2;
  }

  private ensure(bytes: number): void {
    const have = this.ex.memory.buffer.byteLength;
    if (bytes > have) this.ex.memory.grow(Math.ceil((bytes - have) / 65536));
  }

  /** Lays out room for blocks of up to `maxParticles` particles in dimension d and `rows` table rows. */
  layout(maxParticles: number, d: number, rows: number): void {
    const groups = Math.ceil(maxParticles / 4);
    this.groups = groups;
    this.d = d;
    this.rows = rows;
    let at = this.base;
    this.yPtr = at;
    at = align(at + groups * d * 32);
    this.mainPtr = at;
    at = align(at + groups * 64);
    this.auxPtr = at;
    at = align(at + groups * 64);
    this.pPtrP = at;
    at = align(at + rows * d * 8);
    this.pPtrp = at;
    at = align(at + rows * d * 8);
    this.cPtr = at;
    at = align(at + rows * 8);
    this.rejPtr = at;
    at = align(at + d * 84);
    this.zerosPtr = at;
    at = align(at + d * 8);
    this.ensure(at);
    const buf = this.ex.memory.buffer;
    this.tableP = new Float64Array(buf, this.pPtrP, rows * d);
    this.tablep = new Float64Array(buf, this.pPtrp, rows * d);
    this.tableC = new Float64Array(buf, this.cPtr, rows);
    new Float64Array(buf, this.zerosPtr, d).fill(0);
  }

  /**
   * Copies the n particles' stream states (main, aux: n×4 int32, row-major) into the SIMD layout; lanes past n in
   * the last group copy particle n − 1 (see the padding note in `assembly/kernel.ts`). Zeroes the state y.
   */
  loadStreams(n: number, main: Int32Array, aux: Int32Array): void {
    const buf = this.ex.memory.buffer;
    const groups = Math.ceil(n / 4);
    const m = new Int32Array(buf, this.mainPtr, groups * 16);
    const a = new Int32Array(buf, this.auxPtr, groups * 16);
    for (let q = 0; q < groups * 4; q++) {
      const src = Math.min(q, n - 1);
      const g = q >> 2;
      const l = q & 3;
      for (let w = 0; w < 4; w++) {
        m[g * 16 + w * 4 + l] = main[4 * src + w];
        a[4 * q + w] = aux[4 * src + w];
      }
    }
    new Float64Array(buf, this.yPtr, groups * this.d * 4).fill(0);
  }

  /** Draws the prior y = std·ξ for a block of n particles (after {@link loadStreams}). */
  prior(n: number, std: number): void {
    this.ex.prior(this.yPtr, this.mainPtr, this.auxPtr, Math.ceil(n / 4), this.d, std, this.zig, this.kw, this.rejPtr, this.zerosPtr);
  }

  /** Runs `steps` rows of the tables on a block of n particles; returns 0 or the 1-based diverging row. */
  steps(n: number, steps: number, noise: boolean): number {
    if (steps > this.rows) throw new RangeError(`WasmAffineKernel.steps: at most ${this.rows} rows; got ${steps}`);
    return this.ex.affineSteps(
      this.yPtr,
      this.mainPtr,
      this.auxPtr,
      Math.ceil(n / 4),
      this.d,
      this.pPtrP,
      this.pPtrp,
      this.cPtr,
      steps,
      noise ? 1 : 0,
      this.zig,
      this.kw,
      this.rejPtr,
    );
  }

  /** Copies the state of the n particles out of the SIMD layout into `out` (n×d row-major). Returns `out`. */
  readState(n: number, out: Float64Array): Float64Array {
    const d = this.d;
    const y = new Float64Array(this.ex.memory.buffer, this.yPtr, Math.ceil(n / 4) * d * 4);
    for (let j = 0; j < n; j++) {
      const base = (j >> 2) * d * 4 + (j & 3);
      for (let i = 0; i < d; i++) out[j * d + i] = y[base + 4 * i];
    }
    return out;
  }

  /** Copies the stream states back out of the SIMD layout (n×4 int32 each), e.g. to continue in JS. */
  readStreams(n: number, main: Int32Array, aux: Int32Array): void {
    const buf = this.ex.memory.buffer;
    const m = new Int32Array(buf, this.mainPtr, Math.ceil(n / 4) * 16);
    const a = new Int32Array(buf, this.auxPtr, Math.ceil(n / 4) * 16);
    for (let q = 0; q < n; q++) {
      for (let w = 0; w < 4; w++) {
        main[4 * q + w] = m[(q >> 2) * 16 + w * 4 + (q & 3)];
        aux[4 * q + w] = a[4 * q + w];
      }
    }
  }
}

let compiled: WasmModule | null | undefined;
let instance: WasmAffineKernel | null = null;
let loadError: string | null = null;

/** Why {@link wasmAffineKernel} returned null (missing file, stale module, …), or null. */
export function wasmKernelError(): string | null {
  return loadError;
}

/**
 * Uses `bytes` as the kernel module from now on in this thread (tests compile `assembly/kernel.ts` themselves);
 * null forgets it and disables the WebAssembly kernel. Throws if the bytes are not a valid module.
 */
export function setWasmKernelModule(bytes: Uint8Array | null): void {
  compiled = bytes === null ? null : new WA.Module(bytes);
  instance = null;
  loadError = bytes === null ? "disabled by setWasmKernelModule(null)" : null;
}

/**
 * The thread's WebAssembly kernel, instantiated on first use from {@link WASM_KERNEL_URL}; null when that file does
 * not exist or does not load (not built, built from another version of the source — see {@link KERNEL_ABI} — or no
 * WebAssembly SIMD): callers then run the JS kernel, which computes the same numbers.
 */
export function wasmAffineKernel(): WasmAffineKernel | null {
  if (compiled === undefined) {
    try {
      compiled = new WA.Module(readFileSync(fileURLToPath(WASM_KERNEL_URL)));
    } catch (error) {
      compiled = null;
      loadError = `${fileURLToPath(WASM_KERNEL_URL)} did not load (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  if (compiled === null) return null;
  if (instance === null) {
    try {
      instance = new WasmAffineKernel(compiled);
    } catch (error) {
      compiled = null;
      loadError = error instanceof Error ? error.message : String(error);
      return null;
    }
  }
  return instance;
}
