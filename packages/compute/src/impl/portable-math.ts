/**
 * Logarithm and exponential written with +, −, ×, ÷ and comparisons only. IEEE 754 rounds those correctly, so
 * the results are the same bits in every JavaScript engine and in WebAssembly — unlike `Math.log`/`Math.exp`,
 * whose last bit is unspecified and has changed between V8 releases. The fused kernels need that: the normal
 * generator's tables and its rare slow path must give the same numbers in the JS kernel, in the WebAssembly
 * kernel (`assembly/kernel.ts` mirrors {@link logUnitPortable} operation for operation) and on every agent
 * (DESIGN §2). Accuracy is a few ulp; only determinism has to be exact.
 */

/** ln 2 split so that e·LN2_HI is exact for |e| < 2^11 (fdlibm's split). */
export const LN2_HI = 6.93147180369123816490e-1;
/** The rest of ln 2: LN2_HI + LN2_LO = ln 2 to ~1e-26. */
export const LN2_LO = 1.90821492927058770002e-10;

/**
 * ln(u) for u in (0, 1]: u = 2^e·m with m in [√½, √2) found by exact power-of-two scaling, then
 * ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716, summed to s^23 (truncation < 1e-18 relative).
 * Valid for u ≥ 2^-126 (every caller passes u ≥ 2^-33).
 */
export function logUnitPortable(u: number): number {
  let m = u;
  let e = 0;
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
  if (m < 0.7071067811865476) {
    m *= 2;
    e -= 1;
  }
  const s = (m - 1) / (m + 1);
  const z = s * s;
  const p =
    1 +
    z *
      (0.3333333333333333 +
        z *
          (0.2 +
            z *
              (0.14285714285714285 +
                z *
                  (0.1111111111111111 +
                    z *
                      (0.09090909090909091 +
                        z *
                          (0.07692307692307693 +
                            z * (0.06666666666666667 + z * (0.058823529411764705 + z * (0.05263157894736842 + z * (0.047619047619047616 + z * 0.043478260869565216))))))))));
  return e * LN2_HI + (e * LN2_LO + 2 * s * p);
}

/**
 * e^x for x in [−700, 0] (table construction only, not a hot path): x = k ln 2 + r with k = round(x/ln 2) and
 * |r| ≤ ½ ln 2, e^r by its Taylor series to r^17, then 2^k by exact halvings.
 */
export function expNonPositivePortable(x: number): number {
  const k = Math.round(x / 0.6931471805599453);
  const r = x - k * LN2_HI - k * LN2_LO;
  let term = 1;
  let sum = 1;
  for (let j = 1; j <= 17; j++) {
    term = (term * r) / j;
    sum += term;
  }
  let scale = 1;
  for (let j = 0; j < -k; j++) scale *= 0.5;
  return sum * scale;
}
