/**
 * The fitted Gaussian of an n-sample of N(m, Σ), drawn from its exact law without drawing the n points — what the
 * `gaussian_fit` noise floor needs at n = 10⁷, d = 100 (a sampled floor would cost 10⁹ normals; this costs O(d³)).
 * For X_1..X_n iid N(m, Σ) the sample mean and the scatter matrix S = Σ_p (X_p − X̄)(X_p − X̄)ᵀ are independent with
 *
 *     X̄ ~ N(m, Σ/n),      S ~ Wishart_d(Σ, n − 1)
 *
 * (Anderson, An Introduction to Multivariate Statistical Analysis, 3rd ed., Thm 3.3.2). S is drawn by the Bartlett
 * decomposition (Anderson §7.2): with Σ = F Fᵀ (any factor) and A lower triangular with A_ii = √χ²_{n−1−i}
 * (i = 0..d−1) and A_ij ~ N(0, 1) below the diagonal, all independent, S = (F A)(F A)ᵀ. It needs n − 1 ≥ d (a
 * nonsingular Wishart); smaller samples are cheap to draw directly, so the caller does that instead. When Σ is
 * diagonal and only the diagonal is fitted, S_ii = s_i² χ²_{n−1} independently (n ≥ 2 suffices).
 *
 * The fit then uses the same divisor as the shard fit (n − ddof, ddof = 1). Streams, all under `key` (the target-A
 * key of the point) and replicate r: the mean's normals at positions 0..d−1 of particle 0 of
 * `deriveKey(key, "fit.mean")`; A_ij at position j of particle i of `deriveKey(key, "fit.bartlett")`; the χ² of row i
 * on particle i of `deriveKey(key, "fit.chi2.normal")` / `"fit.chi2.uniform"` (`chi-square.ts`).
 */
import { deriveKey, fillNormals, type GaussianSampler, type StreamKey } from "@scoresweep/core";
import { chiSquareDraw } from "./chi-square.js";
import type { FittedGaussian } from "./moment-sums.js";

/** True when {@link drawSampleFit} can draw the fit of an n-sample (otherwise draw the sample itself). */
export function canDrawSampleFit(n: number, d: number, diagonalOnly: boolean, diagonalLaw: boolean): boolean {
  return diagonalOnly && diagonalLaw ? n >= 2 : n - 1 >= d;
}

/**
 * Draws the fit (mean, covariance with divisor n − ddof, or only the variances when `diagonalOnly`) of an n-sample
 * of the prepared Gaussian `law` on replicate `replicate` of the streams under `key` (module comment). Requires
 * {@link canDrawSampleFit} (trusted).
 */
export function drawSampleFit(
  law: GaussianSampler,
  n: number,
  diagonalOnly: boolean,
  key: StreamKey,
  replicate: number,
  ddof: 0 | 1 = 1,
): FittedGaussian {
  const d = law.dim;
  const sqrtN = Math.sqrt(n);
  const den = n - ddof;
  const chiN = deriveKey(key, "fit.chi2.normal");
  const chiU = deriveKey(key, "fit.chi2.uniform");
  const z = new Float64Array(d);
  fillNormals(deriveKey(key, "fit.mean"), replicate, 0, 0, d, z, 0);
  const mean = new Float64Array(d);
  const std = law.std;
  const F = law.factor;
  for (let i = 0; i < d; i++) {
    if (std !== null) {
      mean[i] = law.mean[i] + (std[i] * z[i]) / sqrtN;
    } else {
      let s = 0;
      for (let k = 0; k < d; k++) s += (F as Float64Array)[i * d + k] * z[k];
      mean[i] = law.mean[i] + s / sqrtN;
    }
  }
  const variance = new Float64Array(d);
  if (diagonalOnly && std !== null) {
    for (let i = 0; i < d; i++) variance[i] = (std[i] * std[i] * chiSquareDraw(n - 1, chiN, chiU, replicate, i)) / den;
    return { n, dim: d, mean, cov: null, variance };
  }
  // A: Bartlett factor (lower triangular), then B = F A (F = diag(s) for a diagonal law).
  const A = new Float64Array(d * d);
  const bartlett = deriveKey(key, "fit.bartlett");
  for (let i = 0; i < d; i++) {
    if (i > 0) fillNormals(bartlett, replicate, i, 0, i, A, i * d);
    A[i * d + i] = Math.sqrt(chiSquareDraw(n - 1 - i, chiN, chiU, replicate, i));
  }
  const B = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      if (std !== null) {
        B[i * d + j] = std[i] * A[i * d + j];
      } else {
        let s = 0;
        for (let k = j; k < d; k++) s += (F as Float64Array)[i * d + k] * A[k * d + j];
        B[i * d + j] = s;
      }
    }
  }
  // S = B Bᵀ; only the diagonal when diagonalOnly.
  if (diagonalOnly) {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += B[i * d + k] * B[i * d + k];
      variance[i] = s / den;
    }
    return { n, dim: d, mean, cov: null, variance };
  }
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += B[i * d + k] * B[j * d + k];
      cov[i * d + j] = s / den;
      cov[j * d + i] = s / den;
    }
    variance[i] = cov[i * d + i];
  }
  return { n, dim: d, mean, cov, variance };
}
