/**
 * Symmetric eigendecomposition A = V Λ Vᵀ of a dense real symmetric n×n matrix (row-major Float64Array):
 * Householder reduction to tridiagonal form followed by the implicit QL algorithm with Wilkinson-type
 * shifts — EISPACK `tred2`/`tql2` (Martin, Reinsch & Wilkinson, Handbook for Automatic Computation II,
 * 1971), ported from the public-domain JAMA `EigenvalueDecomposition`.
 *
 * Why hand-written: no package on the allowed list has a symmetric eigensolver for Float64Array (stdlib-js
 * has none). Backward stable: the computed pairs satisfy ‖A V − V Λ‖ ≈ O(n ε ‖A‖) and ‖VᵀV − I‖ ≈ O(n ε),
 * eigenvalues to absolute accuracy O(n ε ‖A‖) (so small eigenvalues of ill-conditioned matrices are
 * accurate only relative to ‖A‖, as with LAPACK `dsyev`).
 *
 * Layout: the kernel works on W = Vᵀ (eigenvector j in row j) so that every O(n³) loop of tred2/tql2 runs
 * along contiguous memory (JAMA's column sweeps become row sweeps), and transposes once at the end.
 * Cost ≈ 9n³ flops (n = 100: ~1 ms; n = 1000: a few seconds).
 */
import { describeValue, invalid, requireInteger, ScoresweepError } from "../errors.js";

const EPS = 2 ** -52;

/** Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix. */
export interface SymmetricEigen {
  /** Order n. */
  n: number;
  /** Eigenvalues λ_0 ≤ λ_1 ≤ … ≤ λ_{n−1} (units of A's entries), length n. */
  values: Float64Array;
  /** V, row-major n×n: column j (entries V[i·n + j], i = 0..n−1) is the unit eigenvector of λ_j. */
  vectors: Float64Array;
}

/** sqrt(a² + b²) without destructive underflow or overflow (cheaper than the variadic Math.hypot). */
function hypot(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  if (x < y) {
    const t = x;
    x = y;
    y = t;
  }
  if (x === 0) return y;
  const r = y / x;
  return x * Math.sqrt(1 + r * r);
}

/**
 * Kernel: eigendecomposition of the symmetric n×n matrix `a` (row-major; only (A + Aᵀ)/2 is used, so a
 * rounding-level asymmetry is harmless). Writes the ascending eigenvalues into `values` (length n), the
 * eigenvectors as the columns of `vectors` (row-major n×n) and uses `work` (length ≥ n) as scratch.
 * `vectors` may be the same array as `a` (in place); `values`/`work` must not alias either. Trusts its input
 * (finite entries, lengths); throws a `ScoresweepError` with code `E_NUMERICAL` if QL fails to converge in
 * 30·n sweeps (never observed for finite input; the guard turns a would-be infinite loop into an error).
 * Returns `values`.
 */
export function symmetricEigenImpl(
  n: number,
  a: Float64Array,
  values: Float64Array,
  vectors: Float64Array,
  work: Float64Array,
): Float64Array {
  const W = vectors;
  // W := (A + Aᵀ)/2; symmetric, so W = Vᵀ-form of JAMA's V = A at the start.
  if (W !== a) {
    for (let i = 0; i < n; i++) {
      W[i * n + i] = a[i * n + i];
      for (let j = 0; j < i; j++) {
        const s = 0.5 * (a[i * n + j] + a[j * n + i]);
        W[i * n + j] = s;
        W[j * n + i] = s;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const s = 0.5 * (W[i * n + j] + W[j * n + i]);
        W[i * n + j] = s;
        W[j * n + i] = s;
      }
    }
  }
  tred2(n, W, values, work);
  tql2(n, W, values, work);
  // W holds Vᵀ: transpose in place so column j of `vectors` is eigenvector j.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = W[i * n + j];
      W[i * n + j] = W[j * n + i];
      W[j * n + i] = t;
    }
  }
  return values;
}

/**
 * Householder tridiagonalisation (EISPACK tred2, JAMA port) on W = Vᵀ: every JAMA access V[r][c] is
 * W[c·n + r] here. On exit d = diagonal, e = subdiagonal (e[0] = 0) and W = Qᵀ of A = Q T Qᵀ.
 */
function tred2(n: number, W: Float64Array, d: Float64Array, e: Float64Array): void {
  const last = n - 1;
  for (let j = 0; j < n; j++) d[j] = W[j * n + last];
  for (let i = n - 1; i > 0; i--) {
    // Scale to avoid under/overflow.
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = W[j * n + (i - 1)];
        W[j * n + i] = 0;
        W[i * n + j] = 0;
      }
    } else {
      // Generate the Householder vector.
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      // Apply the similarity transformation to the remaining columns (row j of W from j to i−1).
      for (let j = 0; j < i; j++) {
        const rj = j * n;
        f = d[j];
        W[i * n + j] = f;
        g = e[j] + W[rj + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const w = W[rj + k];
          g += w * d[k];
          e[k] += w * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        const rj = j * n;
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) W[rj + k] -= f * e[k] + g * d[k];
        d[j] = W[rj + (i - 1)];
        W[rj + i] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    const ri = i * n;
    const ri1 = (i + 1) * n;
    W[ri + last] = W[ri + i];
    W[ri + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = W[ri1 + k] / h;
      for (let j = 0; j <= i; j++) {
        const rj = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += W[ri1 + k] * W[rj + k];
        for (let k = 0; k <= i; k++) W[rj + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) W[ri1 + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = W[j * n + last];
    W[j * n + last] = 0;
  }
  W[last * n + last] = 1;
  e[0] = 0;
}

/**
 * Implicit QL with shifts on the tridiagonal (d, e) (EISPACK tql2, JAMA port), rotating the rows of W;
 * then sorts ascending. Convergence test |e_m| ≤ ε·max_l(|d_l| + |e_l|) (global), i.e. relative to ‖A‖.
 */
function tql2(n: number, W: Float64Array, d: Float64Array, e: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  // Deflation threshold ε·‖T‖ with ‖T‖ = max_l (|d_l| + |e_l|) over the WHOLE tridiagonal. (JAMA/EISPACK use a
  // running max over l' ≤ l; when the leading d_l are 0 that threshold is 0, a subnormal e_l is not deflated and
  // the shift (d_{l+1} − d_l)/(2 e_l) overflows. With the global norm |e_l| > ε‖T‖ bounds the shift by ~1/ε.)
  let tst1 = 0;
  for (let l = 0; l < n; l++) tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
  let sweeps = 0;
  const maxSweeps = 30 * n;
  for (let l = 0; l < n; l++) {
    // Find a small subdiagonal element.
    let m = l;
    while (m < n - 1 && !(Math.abs(e[m]) <= EPS * tst1)) m++;
    if (m > l) {
      do {
        if (++sweeps > maxSweeps) {
          throw new ScoresweepError(
            "E_NUMERICAL",
            `symmetricEigen: QL iteration must converge within ${maxSweeps} sweeps; got no convergence at eigenvalue ${l} (non-finite input?)`,
          );
        }
        // Implicit shift.
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        // Implicit QL transformation.
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          // Accumulate the rotation on rows i and i+1 of W (columns of JAMA's V).
          const ri = i * n;
          const ri1 = ri + n;
          for (let k = 0; k < n; k++) {
            const hk = W[ri1 + k];
            const wk = W[ri + k];
            W[ri1 + k] = s * wk + c * hk;
            W[ri + k] = c * wk - s * hk;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > EPS * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  // Selection sort, ascending (n swaps of contiguous rows at most).
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      const ri = i * n;
      const rk = k * n;
      for (let j = 0; j < n; j++) {
        const t = W[ri + j];
        W[ri + j] = W[rk + j];
        W[rk + j] = t;
      }
    }
  }
}

/**
 * Eigendecomposition of the symmetric n×n matrix `a` (row-major, length n²): eigenvalues ascending and
 * orthonormal eigenvectors as the columns of `vectors`. Validates n, the length, finiteness and symmetry
 * (|a_ij − a_ji| ≤ 1e-12·max|a|, see {@link isSymmetric}); `where` names the argument in error messages.
 * Allocates the result (use {@link symmetricEigenImpl} with preallocated buffers in loops).
 */
export function symmetricEigen(a: Float64Array | readonly number[], n: number, where = "symmetricEigen"): SymmetricEigen {
  requireInteger(where, "the order n", n, 1);
  requireSquareSymmetric(where, "the matrix", a, n);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  symmetricEigenImpl(n, Float64Array.from(a), values, vectors, new Float64Array(n));
  return { n, values, vectors };
}

/**
 * True when every |a_ij − a_ji| ≤ rtol·max_ij |a_ij| (row-major n×n). The default rtol = 1e-12 accepts
 * matrices symmetric up to rounding (e.g. written with 12+ significant digits, or computed as X·Y·X).
 */
export function isSymmetric(n: number, a: ArrayLike<number>, rtol = 1e-12): boolean {
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  const tol = rtol * scale;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (!(Math.abs(a[i * n + j] - a[j * n + i]) <= tol)) return false;
    }
  }
  return true;
}

/**
 * Public-entry check: `a` is an array of n² finite numbers that is symmetric (rtol 1e-12, see
 * {@link isSymmetric}); otherwise throws an InvalidParameterError naming `where` and `what`.
 */
export function requireSquareSymmetric(where: string, what: string, a: unknown, n: number): void {
  if (!(a instanceof Float64Array) && !Array.isArray(a)) invalid(where, what, `an array of n² = ${n * n} numbers (row-major)`, a);
  const arr = a as ArrayLike<unknown>;
  if (arr.length !== n * n) invalid(where, what, `an array of n² = ${n * n} numbers (row-major)`, `length ${arr.length}`);
  let scale = 0;
  for (let i = 0; i < n * n; i++) {
    const x = arr[i];
    if (typeof x !== "number" || !Number.isFinite(x)) invalid(where, `${what} entry [${Math.floor(i / n)}][${i % n}]`, "a finite number", x);
    scale = Math.max(scale, Math.abs(x));
  }
  const num = arr as ArrayLike<number>;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const x = num[i * n + j];
      const y = num[j * n + i];
      if (Math.abs(x - y) > 1e-12 * scale) {
        invalid(where, `${what} entry [${i}][${j}]`, `equal to entry [${j}][${i}] = ${describeValue(y)} (symmetric)`, x);
      }
    }
  }
}
