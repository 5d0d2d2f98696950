/**
 * The fused `affine` kernel in typed-array JavaScript: one pass over a block of particles per step runs
 * y ← P_{k,i} y + p_{k,i} + C_k ξ for every coordinate, with the ziggurat normal (`ziggurat.ts`) inlined and each
 * particle's main SFC32 state held in locals across its d coordinates. On the ziggurat's fast path C_k ξ = s·W[l]·C_k
 * is computed as s·(C_k W[l]) from a 512-entry table rebuilt per step (one multiplication fewer per draw); on the
 * slow path as C_k·ξ. No allocation; the divergence check is a
 * running sum of (v − v) — 0 for finite v, NaN otherwise, so it is exact and order-independent — tested once per
 * step. The WebAssembly kernel (`assembly/kernel.ts`) computes the same numbers in the same order, bit for bit.
 *
 * Layout: y is n×d row-major; main and aux are n×4 int32 (SFC32 a, b, c, counter per particle).
 */
import { normalSlow, ZIG_TABLES, ZIG_W } from "./ziggurat.js";

// Module-level aliases: hot loops read locals, never import bindings (which some loaders turn into getters).
const TABLES = ZIG_TABLES;
const W_OFF = ZIG_W;
const slow = normalSlow;
/** C·W[l] for the current step's noise scale C: the fast path's s·(C·W) is C·ξ (one rounding fewer). */
const CW = new Float64Array(512);

function scaleTable(c: number): void {
  for (let l = 0; l < 512; l++) CW[l] = c * TABLES[W_OFF + l];
}

/**
 * Draws the prior: y[j·d + i] = std·ξ for the n particles (the first d normals of each particle's stream), as
 * s·(std·W[l]) on the ziggurat's fast path.
 * Trusts its input; allocates nothing.
 */
export function affinePriorJs(n: number, d: number, y: Float64Array, main: Int32Array, aux: Int32Array, std: number): void {
  const tables = TABLES;
  const cw = CW;
  scaleTable(std);
  for (let j = 0; j < n; j++) {
    const om = 4 * j;
    let a = main[om];
    let b = main[om + 1];
    let c = main[om + 2];
    let ctr = main[om + 3];
    const o = j * d;
    for (let i = 0; i < d; i++) {
      const t = (((a + b) | 0) + ctr) | 0;
      ctr = (ctr + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      const idx = t & 511;
      const sx = t >> 9;
      y[o + i] = Math.abs(sx) < tables[idx] ? sx * cw[idx] : std * slow(t, aux, om, tables);
    }
    main[om] = a;
    main[om + 1] = b;
    main[om + 2] = c;
    main[om + 3] = ctr;
  }
}

/**
 * Runs `steps` affine steps on the n particles: row s of the tables (P[s·d..], p[s·d..], C[s]) is step s. With
 * `noise` false the C ξ term is skipped and no normals are drawn (`pf_ode_heun`). Returns 0, or the 1-based index
 * s + 1 of the first step after which some value of the block is not finite (the run stops there).
 */
export function affineStepsJs(
  n: number,
  d: number,
  y: Float64Array,
  main: Int32Array,
  aux: Int32Array,
  P: Float64Array,
  p: Float64Array,
  C: Float64Array,
  steps: number,
  noise: boolean,
): number {
  const tables = TABLES;
  const cw = CW;
  for (let s = 0; s < steps; s++) {
    const row = s * d;
    const cs = C[s];
    let acc = 0;
    if (noise) {
      scaleTable(cs);
      for (let j = 0; j < n; j++) {
        const om = 4 * j;
        let a = main[om];
        let b = main[om + 1];
        let c = main[om + 2];
        let ctr = main[om + 3];
        const o = j * d;
        for (let i = 0; i < d; i++) {
          const t = (((a + b) | 0) + ctr) | 0;
          ctr = (ctr + 1) | 0;
          a = b ^ (b >>> 9);
          b = (c + (c << 3)) | 0;
          c = (((c << 21) | (c >>> 11)) + t) | 0;
          const idx = t & 511;
          const sx = t >> 9;
          const v = P[row + i] * y[o + i] + p[row + i] + (Math.abs(sx) < tables[idx] ? sx * cw[idx] : cs * slow(t, aux, om, tables));
          y[o + i] = v;
          acc += v - v;
        }
        main[om] = a;
        main[om + 1] = b;
        main[om + 2] = c;
        main[om + 3] = ctr;
      }
    } else {
      for (let j = 0; j < n; j++) {
        const o = j * d;
        for (let i = 0; i < d; i++) {
          const v = P[row + i] * y[o + i] + p[row + i];
          y[o + i] = v;
          acc += v - v;
        }
      }
    }
    if (acc !== acc) return s + 1;
  }
  return 0;
}
