/**
 * Definiteness checks for symmetric matrices (row-major n×n): a Cholesky test for strict positive definiteness
 * and an eigenvalue test (with a rounding allowance) for positive semi-definiteness.
 */
import { requirePsdEigenvalues } from "./sqrtm-psd.js";
import { requireSquareSymmetric, symmetricEigenImpl, type SymmetricEigen } from "./symmetric-eigen.js";

/**
 * True when the symmetric matrix `a` is numerically positive definite: its Cholesky factorisation (lower
 * triangle read) completes with every pivot > n·ε·max_i a_ii. `scratch` (length ≥ n², optional) receives the
 * factor L; allocation otherwise. Cost n³/3 flops.
 */
export function isPositiveDefinite(n: number, a: ArrayLike<number>, scratch?: Float64Array): boolean {
  const L = scratch ?? new Float64Array(n * n);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, a[i * n + i]);
  const floor = n * 2 ** -52 * maxDiag;
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = a[rj + j];
    for (let k = 0; k < j; k++) s -= L[rj + k] * L[rj + k];
    if (!(s > floor)) return false;
    const ljj = Math.sqrt(s);
    L[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = a[ri + j];
      for (let k = 0; k < j; k++) t -= L[ri + k] * L[rj + k];
      L[ri + j] = t / ljj;
    }
  }
  return true;
}

/**
 * Public-entry check that `a` is an n×n symmetric positive semi-definite matrix of finite numbers (symmetric
 * to rtol 1e-12; eigenvalues ≥ −psdTolerance). Throws InvalidParameterError naming `where`/`what` otherwise.
 * Returns the eigendecomposition it computed (eigenvalues unclipped), so callers need not repeat it.
 */
export function requireSymmetricPsd(where: string, what: string, a: Float64Array | readonly number[], n: number): SymmetricEigen {
  requireSquareSymmetric(where, what, a, n);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  symmetricEigenImpl(n, Float64Array.from(a), values, vectors, new Float64Array(n));
  requirePsdEigenvalues(where, what, n, values);
  return { n, values, vectors };
}
