/**
 * Chi-square draws on the counter-based streams, bit-reproducible on every engine: only +, −, ×, ÷, √ and core's
 * polynomial `logUnit` (correctly rounded operations; `Math.log`/`Math.pow` are not specified to the last bit).
 * Used for the diagonal of a Wishart matrix (Bartlett decomposition) in the parametric noise floor of `gaussian_fit`.
 *
 * - k ≤ {@link CHI_SQUARE_SUM_MAX}: the sum of k squared standard normals (exact by definition);
 * - larger k: 2·Gamma(k/2) by Marsaglia & Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3),
 *   2000 — exact rejection sampling (shape α = k/2 ≥ 8.5, acceptance > 99%), attempt t using the normal and the
 *   uniform at stream position t.
 *
 * Addressing: stream (normalKey, replicate, particle) for normals, (uniformKey, replicate, particle) for uniforms —
 * two keys, since uniforms and normals at one position share counter blocks (`rng/stream-key.ts`).
 */
import { fillNormals, fillUniforms, logUnit, type StreamKey } from "@scoresweep/core";

/** Degrees of freedom up to which a χ² draw is a plain sum of squared normals. */
export const CHI_SQUARE_SUM_MAX = 16;

const z1 = new Float64Array(1);

/** ln v for v > 0 from `logUnit` (defined on (0, 1]): ln v = −ln(1/v) above 1 (one correctly rounded division). */
function logPositive(v: number): number {
  return v <= 1 ? logUnit(v) : -logUnit(1 / v);
}

/**
 * One χ²_k draw (k an integer ≥ 1, trusted) from stream (normalKey / uniformKey, replicate, particle), see the
 * module comment. Dimensionless.
 */
export function chiSquareDraw(k: number, normalKey: StreamKey, uniformKey: StreamKey, replicate: number, particle: number): number {
  if (k <= CHI_SQUARE_SUM_MAX) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      fillNormals(normalKey, replicate, particle, j, 1, z1, 0);
      s += z1[0] * z1[0];
    }
    return s;
  }
  const dd = k / 2 - 1 / 3;
  const c = 1 / Math.sqrt(9 * dd);
  for (let t = 0; ; t++) {
    fillNormals(normalKey, replicate, particle, t, 1, z1, 0);
    const x = z1[0];
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    fillUniforms(uniformKey, replicate, particle, t, 1, z1, 0);
    const u = 1 - z1[0];
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return 2 * dd * v;
    if (logUnit(u) < 0.5 * x2 + dd * (1 - v + logPositive(v))) return 2 * dd * v;
  }
}
