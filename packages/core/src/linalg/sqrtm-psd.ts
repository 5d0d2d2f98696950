/**
 * Principal square root of a symmetric positive semi-definite matrix through its eigendecomposition:
 * A = V Λ Vᵀ ⇒ A^{1/2} = V Λ^{1/2} Vᵀ (the unique PSD root).
 *
 * Rounding: for a PSD matrix the computed eigenvalues carry absolute errors of order n·ε·‖A‖, so a zero or
 * tiny eigenvalue can come out slightly negative (e.g. −1e-17). Those are clipped to 0 before the square
 * root — the result is the root of the nearest PSD matrix in that eigenbasis. Whether a matrix is PSD at all
 * (negative eigenvalues beyond that rounding level) is decided by the public entry {@link sqrtmPsd} via
 * {@link psdTolerance}; the kernel clips silently. Accuracy: (A^{1/2})² = A to O(n ε ‖A‖), but A^{1/2} itself is
 * only Hölder-½ in A at (near-)singular matrices, so along a (near-)null direction the root is accurate to
 * ~√(n ε ‖A‖) — inherent to the square root, not to the method.
 */
import { invalid, requireInteger } from "../errors.js";
import { eigenCompose } from "./eigen-compose.js";
import { requireSquareSymmetric, symmetricEigenImpl } from "./symmetric-eigen.js";

/** Scratch buffers of the PSD kernels: `values`, `work`, `weights` of length ≥ n, `vectors` of length ≥ n². */
export interface EigenWorkspace {
  /** Eigenvalues (ascending) of the last decomposition. */
  values: Float64Array;
  /** Eigenvectors (columns, row-major n×n) of the last decomposition. */
  vectors: Float64Array;
  /** Scratch of length n. */
  work: Float64Array;
  /** Per-eigenvalue weights f(λ_i) of the last matrix function (length n). */
  weights: Float64Array;
}

/** Allocates an {@link EigenWorkspace} for order n. */
export function eigenWorkspace(n: number): EigenWorkspace {
  return { values: new Float64Array(n), vectors: new Float64Array(n * n), work: new Float64Array(n), weights: new Float64Array(n) };
}

/**
 * The rounding allowance for "non-negative" eigenvalues of a symmetric matrix with largest |eigenvalue|
 * `normA`: 64·n·ε·normA. An eigenvalue ≥ −psdTolerance is treated as ≥ 0 (clipped), a smaller one means the
 * matrix is not PSD.
 */
export function psdTolerance(n: number, normA: number): number {
  return 64 * n * 2 ** -52 * normA;
}

/**
 * Kernel: out (n×n) = A^{1/2} for symmetric PSD `a` (row-major). Eigenvalues below 0 (rounding) are clipped to
 * 0. Leaves the eigendecomposition of A in `ws` (values unclipped). `out` may alias `a`, not `ws.vectors`.
 * Returns `out`.
 */
export function sqrtmPsdImpl(n: number, a: Float64Array, out: Float64Array, ws: EigenWorkspace): Float64Array {
  symmetricEigenImpl(n, a, ws.values, ws.vectors, ws.work);
  for (let i = 0; i < n; i++) ws.weights[i] = ws.values[i] > 0 ? Math.sqrt(ws.values[i]) : 0;
  return eigenCompose(n, ws.vectors, ws.weights, out, ws.work);
}

/**
 * Smallest eigenvalue of a symmetric matrix checked against the PSD rounding allowance: throws an
 * InvalidParameterError `<where>: <what> must be symmetric positive semi-definite (smallest eigenvalue >= −tol); got <λ_min>`.
 * `values` are the ascending eigenvalues.
 */
export function requirePsdEigenvalues(where: string, what: string, n: number, values: ArrayLike<number>): void {
  const norm = Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
  const tol = psdTolerance(n, norm);
  if (values[0] < -tol) {
    invalid(where, what, `symmetric positive semi-definite (smallest eigenvalue >= ${-tol.toPrecision(3)})`, values[0]);
  }
}

/**
 * A^{1/2} of the symmetric PSD n×n matrix `a` (row-major). Validates n, length, finiteness, symmetry and
 * positive semi-definiteness (eigenvalues ≥ −{@link psdTolerance}); `where` names the argument. Allocates.
 */
export function sqrtmPsd(a: Float64Array | readonly number[], n: number, where = "sqrtmPsd"): Float64Array {
  requireInteger(where, "the order n", n, 1);
  requireSquareSymmetric(where, "the matrix", a, n);
  const ws = eigenWorkspace(n);
  const out = new Float64Array(n * n);
  symmetricEigenImpl(n, Float64Array.from(a), ws.values, ws.vectors, ws.work);
  requirePsdEigenvalues(where, "the matrix", n, ws.values);
  for (let i = 0; i < n; i++) ws.weights[i] = ws.values[i] > 0 ? Math.sqrt(ws.values[i]) : 0;
  return eigenCompose(n, ws.vectors, ws.weights, out, ws.work);
}
