/**
 * The fused kernels' standard-normal generator: a 512-layer ziggurat (Marsaglia & Tsang, J. Stat. Softw. 5(8),
 * 2000, in Doornik's corrected form "An improved ziggurat method to generate normal random samples", 2005: the
 * layer index and the uniform come from different bits) driven by SFC32 (Doty-Humphrey's Small Fast Chaotic
 * generator, 128-bit state, PractRand-clean), one generator per particle.
 *
 * One draw consumes exactly one 32-bit word of the particle's *main* SFC32 stream: bits 0–8 pick the layer i,
 * bits 9–31 (signed) give u = s/2^22 in [−1, 1). With probability 0.992 the point lies in the layer's inner
 * rectangle (|s| < KI[i]) and the normal is s·W[i] — two table loads, one compare, one multiply. Otherwise the
 * rare slow path ({@link normalSlow}: wedge test, Marsaglia's tail beyond R for layer 0, and retries) draws what
 * else it needs from the particle's separate *aux* SFC32 stream. Keeping the main stream at exactly one word per
 * normal is what lets the WebAssembly kernel advance four particles' main generators in lock-step SIMD lanes and
 * still produce, bit for bit, the numbers of this scalar code.
 *
 * Why 512 layers (the most a 32-bit word allows with 23 bits left for u): each slow-path draw costs ~50× a fast
 * one, and in the WebAssembly kernel any of four SIMD lanes missing costs the whole group a branch; halving the miss
 * rate of 256 layers (1.5 % → 0.8 %) gained ~25 % there. Resolution: a normal is u·X[i] with u on a 2^-22 grid
 * (like a float32 normal); accepted values are symmetric, so the mean is exactly 0. The tables are built once with
 * the portable log/exp of `portable-math.ts` and `Math.sqrt` (correctly rounded), so they are the same bits
 * everywhere.
 */
import { expNonPositivePortable, logUnitPortable } from "./portable-math.js";

/** Number of ziggurat layers. */
export const ZIG_LAYERS = 512;
/**
 * Start of the tail: x_1 = R, the root (40-digit arithmetic) that closes a 512-layer ziggurat of the unnormalised
 * density e^{−x²/2}: with V = R e^{−R²/2} + ∫_R^∞ e^{−x²/2} dx, the recursion x_{i+1} = f⁻¹(V/x_i + f(x_i)) leaves
 * a top layer of area exactly V (the same equation gives Marsaglia & Tsang's 3.442619855899 for 128 layers and
 * 3.6541528853610088 for 256).
 */
export const ZIG_R = 3.852046150368391;
/** Area of each layer for {@link ZIG_R}. */
export const ZIG_V = 0.0024567663515413557;
/** 2^22: the uniform's grid is s/2^22 with s = (word >> 9) in [−2^22, 2^22). */
const TWO_22 = 4194304;
/** 2^-32: uniforms on (0, 1) are (w + ½)·2^-32 for a word w. */
const TWO_M32 = 2.3283064365386963e-10;

/** Offset of W in {@link ZIG_TABLES}. */
export const ZIG_W = 512;
/** Offset of F in {@link ZIG_TABLES}. */
export const ZIG_F = 1024;
/** Offset of the chord slopes in {@link ZIG_TABLES}. */
export const ZIG_CS = 1537;
/** Offset of the tangent slopes in {@link ZIG_TABLES}. */
export const ZIG_TS = 2049;
/** Offset of the layer shapes in {@link ZIG_TABLES}. */
export const ZIG_SHAPE = 2561;
/** Layer shape codes: the density is convex (x ≥ 1) or concave (x ≤ 1) on the layer's wedge (0: both, or layer 0). */
const CONVEX = 1;
const CONCAVE = 2;

/**
 * The ziggurat tables, concatenated in one array (the WebAssembly kernel copies it verbatim), for layers i = 0..511
 * with edges X[0] > X[1] = R > … > X[512] = 0:
 * - KI[i] = (X[i+1]/X[i])·2^22 at [0, 512): the inner-rectangle threshold on |s|;
 * - W[i] = X[i]·2^-22 at [512, 1024): the scale from s to x;
 * - F[i] = e^{−X[i]²/2} at [1024, 1537): the density at the layer edges (F[512] = 1);
 * - CS[i] = (F[i+1] − F[i])/(X[i] − X[i+1]) at [1537, 2049): |slope| of the wedge's chord;
 * - TS[i] at [2049, 2561): |slope| of a tangent bounding the wedge (X[i+1]F[i+1] if convex, X[i]F[i] if concave);
 * - SHAPE[i] at [2561, 3073): 1 convex, 2 concave, 0 otherwise.
 * Chord and tangent give the slow path a quick accept/reject (McFarland, "A modified ziggurat algorithm for
 * generating exponentially and normally distributed pseudorandom numbers", J. Stat. Comput. Simul. 86, 2016): a convex
 * density lies under its chord and over its tangents, a concave one the other way round, so only ~0.6 % of wedge
 * points need the logarithm.
 */
export const ZIG_TABLES: Float64Array = buildTables();

function buildTables(): Float64Array {
  const c = ZIG_LAYERS;
  const x = new Float64Array(c + 1);
  let f = expNonPositivePortable(-0.5 * ZIG_R * ZIG_R);
  x[0] = ZIG_V / f; // the base layer: rectangle [0, R]×[0, f(R)] plus the tail, area V
  x[1] = ZIG_R;
  x[c] = 0;
  for (let i = 2; i < c; i++) {
    x[i] = Math.sqrt(-2 * logUnitPortable(ZIG_V / x[i - 1] + f));
    f = expNonPositivePortable(-0.5 * x[i] * x[i]);
  }
  const t = new Float64Array(ZIG_SHAPE + c);
  for (let i = 0; i < c; i++) {
    t[i] = (x[i + 1] / x[i]) * TWO_22;
    t[ZIG_W + i] = x[i] / TWO_22;
  }
  for (let i = 0; i <= c; i++) t[ZIG_F + i] = i === c ? 1 : expNonPositivePortable(-0.5 * x[i] * x[i]);
  for (let i = 1; i < c; i++) {
    const fo = t[ZIG_F + i];
    const fi = t[ZIG_F + i + 1];
    t[ZIG_CS + i] = (fi - fo) / (x[i] - x[i + 1]);
    if (x[i + 1] >= 1) {
      t[ZIG_TS + i] = x[i + 1] * fi;
      t[ZIG_SHAPE + i] = CONVEX;
    } else if (x[i] <= 1) {
      t[ZIG_TS + i] = x[i] * fo;
      t[ZIG_SHAPE + i] = CONCAVE;
    }
  }
  return t;
}

/**
 * Advances the SFC32 generator whose state (a, b, c, counter as int32) is state[o..o+3] and returns its output word
 * (int32): t = a + b + counter++; a = b ⊕ (b ≫ 9); b = c + (c ≪ 3); c = rotl(c, 21) + t.
 */
export function sfc32Next(state: Int32Array, o: number): number {
  const a = state[o];
  const b = state[o + 1];
  const c = state[o + 2];
  const ctr = state[o + 3];
  const t = (((a + b) | 0) + ctr) | 0;
  state[o] = b ^ (b >>> 9);
  state[o + 1] = (c + (c << 3)) | 0;
  state[o + 2] = (((c << 21) | (c >>> 11)) + t) | 0;
  state[o + 3] = (ctr + 1) | 0;
  return t;
}

/**
 * The ziggurat's slow path for a main-stream word `r0` whose point fell outside its layer's inner rectangle:
 * wedge test (chord/tangent bounds first, then in log form, ln y < −x²/2, so only the portable log is needed), the
 * tail of layer 0 by Marsaglia's method, and fresh (layer, u) words from the aux stream aux[o..o+3] on rejection. Returns a standard normal.
 * Mirrored exactly by `zigSlow` in `assembly/kernel.ts`.
 */
export function normalSlow(r0: number, aux: Int32Array, o: number, tables: Float64Array = ZIG_TABLES): number {
  let r = r0;
  for (;;) {
    const idx = r & 511;
    const sx = r >> 9;
    if (Math.abs(sx) < tables[idx]) return sx * tables[ZIG_W + idx];
    if (idx === 0) {
      // Tail |x| > R: x = R − ln(U1)/R, accepted when −2 ln U2 ≥ (ln(U1)/R)².
      let xt = 0;
      for (;;) {
        xt = logUnitPortable(((sfc32Next(aux, o) >>> 0) + 0.5) * TWO_M32) / ZIG_R;
        const yt = logUnitPortable(((sfc32Next(aux, o) >>> 0) + 0.5) * TWO_M32);
        if (!(-2 * yt < xt * xt)) break;
      }
      return sx < 0 ? xt - ZIG_R : ZIG_R - xt;
    }
    const x = sx * tables[ZIG_W + idx];
    const ax = Math.abs(x);
    const lo = tables[ZIG_F + idx];
    const hi = tables[ZIG_F + idx + 1];
    const y = lo + ((sfc32Next(aux, o) >>> 0) + 0.5) * TWO_M32 * (hi - lo);
    const shape = tables[ZIG_SHAPE + idx];
    const xo = tables[ZIG_W + idx] * TWO_22;
    if (shape === CONVEX) {
      // Convex: f ≤ chord, so y ≥ chord rejects; f ≥ its tangent at the inner edge, so y below it accepts.
      if (!(y >= lo + (xo - ax) * tables[ZIG_CS + idx])) {
        const xi = tables[ZIG_W + idx + 1] * TWO_22;
        if (y < hi - tables[ZIG_TS + idx] * (ax - xi)) return x;
        if (logUnitPortable(y) < -0.5 * x * x) return x;
      }
    } else if (shape === CONCAVE) {
      // Concave: f ≥ chord, so y below it accepts; f ≤ its tangent at the outer edge, so y ≥ tangent rejects.
      if (y < lo + (xo - ax) * tables[ZIG_CS + idx]) return x;
      if (!(y >= lo + tables[ZIG_TS + idx] * (xo - ax)) && logUnitPortable(y) < -0.5 * x * x) return x;
    } else if (logUnitPortable(y) < -0.5 * x * x) {
      return x;
    }
    r = sfc32Next(aux, o);
  }
}

/**
 * One standard normal from the particle whose main SFC32 state is main[om..om+3] and aux state aux[oa..oa+3]
 * (the scalar form of what the kernels inline).
 */
export function nextNormal(main: Int32Array, om: number, aux: Int32Array, oa: number): number {
  const r = sfc32Next(main, om);
  const idx = r & 511;
  const sx = r >> 9;
  if (Math.abs(sx) < ZIG_TABLES[idx]) return sx * ZIG_TABLES[512 + idx];
  return normalSlow(r, aux, oa);
}
