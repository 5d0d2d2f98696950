/**
 * The fused kernels' standard-normal generator: a 256-layer ziggurat (Marsaglia & Tsang, J. Stat. Softw. 5(8),
 * 2000, in Doornik's corrected form "An improved ziggurat method to generate normal random samples", 2005: the
 * layer index and the uniform come from different bits) driven by SFC32 (Doty-Humphrey's Small Fast Chaotic
 * generator, 128-bit state, PractRand-clean), one generator per particle.
 *
 * One draw consumes exactly one 32-bit word of the particle's *main* SFC32 stream: bits 0–7 pick the layer i,
 * bits 8–31 (signed) give u = s/2^23 in [−1, 1). With probability 0.985 the point lies in the layer's inner
 * rectangle (|s| < KI[i]) and the normal is s·W[i] — two table loads, one compare, one multiply. Otherwise the
 * rare slow path ({@link normalSlow}: wedge test, Marsaglia's tail beyond R for layer 0, and retries) draws what
 * else it needs from the particle's separate *aux* SFC32 stream. Keeping the main stream at exactly one word per
 * normal is what lets the WebAssembly kernel advance four particles' main generators in lock-step SIMD lanes and
 * still produce, bit for bit, the numbers of this scalar code.
 *
 * Resolution: a normal is u·X[i] with u on a 2^-23 grid (like a float32 normal); accepted values are symmetric,
 * so the mean is exactly 0. The tables are built once with the portable log/exp of `portable-math.ts` and
 * `Math.sqrt` (correctly rounded), so they are the same bits everywhere.
 */
import { expNonPositivePortable, logUnitPortable } from "./portable-math.js";

/** Number of ziggurat layers. */
export const ZIG_LAYERS = 256;
/** Start of the tail: x_1 = R (Marsaglia & Tsang's 256-layer constant). */
export const ZIG_R = 3.6541528853610088;
/** Area of each layer (Marsaglia & Tsang's 256-layer constant). */
export const ZIG_V = 0.00492867323399;
/** 2^23: the uniform's grid is s/2^23 with s = (word >> 8) in [−2^23, 2^23). */
const TWO_23 = 8388608;
/** 2^-32: uniforms on (0, 1) are (w + ½)·2^-32 for a word w. */
const TWO_M32 = 2.3283064365386963e-10;

/** Offset of W in {@link ZIG_TABLES}. */
export const ZIG_W = 256;
/** Offset of F in {@link ZIG_TABLES}. */
export const ZIG_F = 512;

/**
 * The ziggurat tables, concatenated in one array (the WebAssembly kernel copies it verbatim):
 * KI[i] = (X[i+1]/X[i])·2^23 at [0, 256) — the inner-rectangle threshold on |s|;
 * W[i] = X[i]·2^-23 at [256, 512) — the scale from s to x;
 * F[i] = exp(−X[i]²/2) at [512, 769) — the density at the layer edges (F[256] = 1 at X[256] = 0).
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
  const t = new Float64Array(3 * c + 1);
  for (let i = 0; i < c; i++) {
    t[i] = (x[i + 1] / x[i]) * TWO_23;
    t[ZIG_W + i] = x[i] / TWO_23;
  }
  for (let i = 0; i <= c; i++) t[ZIG_F + i] = i === c ? 1 : expNonPositivePortable(-0.5 * x[i] * x[i]);
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
 * wedge test (in log form, ln y < −x²/2, so only the portable log is needed), the tail of layer 0 by Marsaglia's
 * method, and fresh (layer, u) words from the aux stream aux[o..o+3] on rejection. Returns a standard normal.
 * Mirrored exactly by `zigSlow` in `assembly/kernel.ts`.
 */
export function normalSlow(r0: number, aux: Int32Array, o: number, tables: Float64Array = ZIG_TABLES): number {
  let r = r0;
  for (;;) {
    const idx = r & 255;
    const sx = r >> 8;
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
    const lo = tables[ZIG_F + idx];
    const y = lo + ((sfc32Next(aux, o) >>> 0) + 0.5) * TWO_M32 * (tables[ZIG_F + idx + 1] - lo);
    if (logUnitPortable(y) < -0.5 * x * x) return x;
    r = sfc32Next(aux, o);
  }
}

/**
 * One standard normal from the particle whose main SFC32 state is main[om..om+3] and aux state aux[oa..oa+3]
 * (the scalar form of what the kernels inline).
 */
export function nextNormal(main: Int32Array, om: number, aux: Int32Array, oa: number): number {
  const r = sfc32Next(main, om);
  const idx = r & 255;
  const sx = r >> 8;
  if (Math.abs(sx) < ZIG_TABLES[idx]) return sx * ZIG_TABLES[256 + idx];
  return normalSlow(r, aux, oa);
}
