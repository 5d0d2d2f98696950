/**
 * Closed-form 2-Wasserstein distance between Gaussian laws (papers.md §5.5; the Bures–Wasserstein metric,
 * Dowson & Landau 1982, Givens & Shortt 1984):
 *
 *     W2²(N(m1, S1), N(m2, S2)) = |m1 − m2|² + tr S1 + tr S2 − 2 tr (S1^{1/2} S2 S1^{1/2})^{1/2}.
 *
 * For diagonal covariances (std vectors s1, s2) the covariance part reduces to Σ (s1_i − s2_i)²; for
 * covariances sharing an eigenbasis (commuting), to Σ (√λ1_i − √λ2_i)² (papers.md §5.5).
 *
 * Rounding: the general Bures term is a difference of traces, so it carries an absolute error of order
 * n·ε·(tr S1 + tr S2) and can come out slightly negative when the two laws nearly coincide; it is clipped at 0
 * (see {@link gaussianW2Full} for singular covariances).
 * When W2 is small compared with √tr S this limits its relative accuracy (golden README: ~5e-8 relative at
 * W2 ~ 1e-4); use {@link gaussianW2Commuting} whenever a shared eigenbasis is known (accurate to ~1e-12).
 */
import { invalid, requireInteger } from "../errors.js";
import { matmul } from "../linalg/matmul.js";
import { requireSymmetricPsd } from "../linalg/positive-definite.js";
import { eigenWorkspace, sqrtmPsdImpl, type EigenWorkspace } from "../linalg/sqrtm-psd.js";
import { symmetricEigenImpl } from "../linalg/symmetric-eigen.js";

/** Result of {@link gaussianW2Diag}: `w2` in data units, the two squared parts in data units². */
export interface GaussianW2DiagResult {
  /** W2 distance (data units). */
  w2: number;
  /** Σ (m1_i − m2_i)² (data units²). */
  meanPart: number;
  /** Σ (s1_i − s2_i)² (data units²). */
  stdPart: number;
}

/**
 * W2 between two diagonal Gaussians N(mean1, diag(std1²)) and N(mean2, diag(std2²)) in dimension `n`.
 * Kernel: trusts its input (stds ≥ 0, arrays of length ≥ n); allocates nothing but the result object.
 * Exact in float64 up to the summation (no cancellation beyond the differences themselves).
 */
export function gaussianW2Diag(
  n: number,
  mean1: ArrayLike<number>,
  std1: ArrayLike<number>,
  mean2: ArrayLike<number>,
  std2: ArrayLike<number>,
): GaussianW2DiagResult {
  let meanPart = 0;
  let stdPart = 0;
  for (let i = 0; i < n; i++) {
    const dm = (mean1[i] as number) - (mean2[i] as number);
    const ds = (std1[i] as number) - (std2[i] as number);
    meanPart += dm * dm;
    stdPart += ds * ds;
  }
  return { w2: Math.sqrt(meanPart + stdPart), meanPart, stdPart };
}

/** Result of {@link gaussianW2Full} / {@link gaussianW2Commuting} / {@link gaussianW2}. */
export interface GaussianW2Result {
  /** W2 distance (data units). */
  w2: number;
  /** |m1 − m2|² (data units²). */
  meanPart: number;
  /** Bures term tr S1 + tr S2 − 2 tr (S1^{1/2} S2 S1^{1/2})^{1/2} ≥ 0 (data units²; clipped at 0, see module note). */
  covPart: number;
}

/**
 * Orders up to which {@link gaussianW2Full} takes tr (S1^{1/2} S2 S1^{1/2})^{1/2} as the nuclear norm of
 * X = S2^{1/2} S1^{1/2} via the 2n×2n symmetric eigenproblem [[0, X], [Xᵀ, 0]] (eigenvalues ±σ_i(X), absolute
 * error ε‖X‖); above it, as Σ √μ_i over the eigenvalues μ of M = S1^{1/2} S2 S1^{1/2} (8× cheaper, but a
 * near-zero μ with rounding error ε‖M‖ gives √-amplified errors up to √(ε‖M‖)).
 */
export const BURES_SINGULAR_VALUE_MAX_N = 100;

/** Scratch of {@link gaussianW2Full} for order n (reuse it across calls to avoid allocation). */
export interface GaussianW2Workspace {
  /** Order n the buffers were sized for. */
  n: number;
  /** Eigen buffers of order n (values, vectors, work, weights). */
  eig: EigenWorkspace;
  /** Eigen buffers of order 2n for the singular values (null when n > BURES_SINGULAR_VALUE_MAX_N). */
  eig2: EigenWorkspace | null;
  /** S1^{1/2} (n×n). */
  root1: Float64Array;
  /** S2^{1/2} (n×n; unused when n > BURES_SINGULAR_VALUE_MAX_N). */
  root2: Float64Array;
  /** X = S2^{1/2} S1^{1/2}, or S1^{1/2} S2 (n×n). */
  tmp: Float64Array;
  /** [[0, X], [Xᵀ, 0]] (2n×2n), or M = S1^{1/2} S2 S1^{1/2} (n×n). */
  big: Float64Array;
}

/** Allocates a {@link GaussianW2Workspace} for order n. */
export function gaussianW2Workspace(n: number): GaussianW2Workspace {
  const sv = n <= BURES_SINGULAR_VALUE_MAX_N;
  return {
    n,
    eig: eigenWorkspace(n),
    eig2: sv ? eigenWorkspace(2 * n) : null,
    root1: new Float64Array(n * n),
    root2: new Float64Array(sv ? n * n : 0),
    tmp: new Float64Array(n * n),
    big: new Float64Array(sv ? 4 * n * n : n * n),
  };
}

/**
 * Kernel: W2 between N(mean1, cov1) and N(mean2, cov2) in dimension n, covariances row-major n×n symmetric PSD
 * (trusted; only their symmetric parts are used). Square roots by eigendecomposition (negative rounding
 * eigenvalues clipped to 0); tr (S1^{1/2} S2 S1^{1/2})^{1/2} = Σ σ_i(S2^{1/2} S1^{1/2}) from the eigenvalues of
 * the Jordan–Wielandt matrix (n ≤ {@link BURES_SINGULAR_VALUE_MAX_N}), else Σ √μ_i(S1^{1/2} S2 S1^{1/2});
 * tr S1, tr S2 from the diagonals. covPart is clipped at 0 (rounding, see module note).
 *
 * Accuracy: absolute error in W2² of order n·ε·(tr S1 + tr S2 + |m1 − m2|²) for well-conditioned covariances
 * and for equal or commuting singular ones. For general singular or nearly singular covariances the Bures term is
 * only Hölder-½ in its inputs, so the rounding of the inputs alone can move it by ~√ε·‖S‖ (inherent to the
 * problem, not to the method). Cost (n ≤ 100): 2 eigendecompositions of order n, one of order 2n (≈ 90 n³
 * flops); above, ≈ 22 n³. `ws` is allocated when omitted.
 */
export function gaussianW2Full(
  n: number,
  mean1: ArrayLike<number>,
  cov1: Float64Array,
  mean2: ArrayLike<number>,
  cov2: Float64Array,
  ws: GaussianW2Workspace = gaussianW2Workspace(n),
): GaussianW2Result {
  let meanPart = 0;
  let tr1 = 0;
  let tr2 = 0;
  for (let i = 0; i < n; i++) {
    const dm = (mean1[i] as number) - (mean2[i] as number);
    meanPart += dm * dm;
    tr1 += cov1[i * n + i];
    tr2 += cov2[i * n + i];
  }
  let trRoot = 0;
  sqrtmPsdImpl(n, cov1, ws.root1, ws.eig);
  if (ws.eig2 !== null) {
    // Singular values of X = S2^{1/2} S1^{1/2}: the eigenvalues of J = [[0, X], [Xᵀ, 0]] are ±σ_i.
    sqrtmPsdImpl(n, cov2, ws.root2, ws.eig);
    matmul(n, n, n, ws.root2, ws.root1, ws.tmp);
    const m = 2 * n;
    const J = ws.big;
    J.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = ws.tmp[i * n + j];
        J[i * m + (n + j)] = x;
        J[(n + j) * m + i] = x;
      }
    }
    symmetricEigenImpl(m, J, ws.eig2.values, J, ws.eig2.work);
    for (let i = 0; i < m; i++) trRoot += Math.abs(ws.eig2.values[i]);
    trRoot *= 0.5;
  } else {
    matmul(n, n, n, ws.root1, cov2, ws.tmp);
    matmul(n, n, n, ws.tmp, ws.root1, ws.big);
    // M is symmetric up to rounding; the eigen kernel uses its symmetric part.
    symmetricEigenImpl(n, ws.big, ws.eig.values, ws.big, ws.eig.work);
    for (let i = 0; i < n; i++) {
      const mu = ws.eig.values[i];
      if (mu > 0) trRoot += Math.sqrt(mu);
    }
  }
  const covPart = Math.max(0, tr1 + tr2 - 2 * trRoot);
  return { w2: Math.sqrt(meanPart + covPart), meanPart, covPart };
}

/**
 * Kernel: W2 between N(mean1, S1) and N(mean2, S2) when S1 and S2 commute, i.e. share an orthonormal
 * eigenbasis U: S1 = U diag(eig1) Uᵀ, S2 = U diag(eig2) Uᵀ with eig1[i], eig2[i] belonging to the same
 * column of U (papers.md §5.5). Then covPart = Σ (√eig1_i − √eig2_i)², with no trace cancellation (accurate to
 * a few ε relative). The means may be given in any common orthonormal coordinates (original or U's), since
 * |m1 − m2| is rotation invariant. Eigenvalues < 0 (rounding) count as 0.
 */
export function gaussianW2Commuting(
  n: number,
  mean1: ArrayLike<number>,
  eig1: ArrayLike<number>,
  mean2: ArrayLike<number>,
  eig2: ArrayLike<number>,
): GaussianW2Result {
  let meanPart = 0;
  let covPart = 0;
  for (let i = 0; i < n; i++) {
    const dm = (mean1[i] as number) - (mean2[i] as number);
    const l1 = eig1[i] as number;
    const l2 = eig2[i] as number;
    const ds = (l1 > 0 ? Math.sqrt(l1) : 0) - (l2 > 0 ? Math.sqrt(l2) : 0);
    meanPart += dm * dm;
    covPart += ds * ds;
  }
  return { w2: Math.sqrt(meanPart + covPart), meanPart, covPart };
}

/** A covariance argument: row-major n×n (flat, length n²) or an array of n rows. */
export type CovarianceInput = Float64Array | readonly number[] | readonly (readonly number[])[];

function meanOf(name: string, value: unknown): Float64Array {
  if (!(value instanceof Float64Array) && !Array.isArray(value)) invalid("gaussianW2", name, "an array of finite numbers", value);
  const arr = value as ArrayLike<unknown>;
  if (arr.length < 1) invalid("gaussianW2", name, "a non-empty array of finite numbers", value);
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (typeof x !== "number" || !Number.isFinite(x)) invalid(`gaussianW2`, `${name}[${i}]`, "a finite number", x);
    out[i] = x;
  }
  return out;
}

function covOf(name: string, value: unknown, n: number): Float64Array {
  if (Array.isArray(value) && value.length === n && value.every((r) => Array.isArray(r))) {
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const row = value[i] as unknown[];
      if (row.length !== n) invalid("gaussianW2", `${name}[${i}]`, `a row of length ${n}`, `length ${row.length}`);
      for (let j = 0; j < n; j++) {
        const x = row[j];
        if (typeof x !== "number" || !Number.isFinite(x)) invalid("gaussianW2", `${name}[${i}][${j}]`, "a finite number", x);
        out[i * n + j] = x;
      }
    }
    return out;
  }
  if (!(value instanceof Float64Array) && !Array.isArray(value)) {
    invalid("gaussianW2", name, `an n×n covariance (n = ${n}): ${n} rows or ${n * n} numbers row-major`, value);
  }
  const arr = value as ArrayLike<unknown>;
  if (arr.length !== n * n) {
    invalid("gaussianW2", name, `an n×n covariance (n = ${n}): ${n} rows or ${n * n} numbers row-major`, `length ${arr.length}`);
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    const x = arr[i];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      invalid("gaussianW2", `${name}[${Math.floor(i / n)}][${i % n}]`, "a finite number", x);
    }
    out[i] = x;
  }
  return out;
}

/**
 * W2 between N(mean1, cov1) and N(mean2, cov2) — public, validating entry. The dimension n is the length of
 * `mean1`; `mean2` must match; covariances are n×n (n rows, or n² numbers row-major), finite, symmetric
 * (rtol 1e-12) and positive semi-definite (eigenvalues ≥ −64 n ε ‖S‖). Errors are InvalidParameterError
 * naming the argument (`gaussianW2: cov2 must be symmetric positive semi-definite (smallest eigenvalue >= …); got <λ_min>`).
 */
export function gaussianW2(
  mean1: Float64Array | readonly number[],
  cov1: CovarianceInput,
  mean2: Float64Array | readonly number[],
  cov2: CovarianceInput,
): GaussianW2Result {
  const m1 = meanOf("mean1", mean1);
  const n = requireInteger("gaussianW2", "the dimension (length of mean1)", m1.length, 1);
  const m2 = meanOf("mean2", mean2);
  if (m2.length !== n) invalid("gaussianW2", "mean2", `of length ${n} (as mean1)`, `length ${m2.length}`);
  const s1 = covOf("cov1", cov1, n);
  const s2 = covOf("cov2", cov2, n);
  requireSymmetricPsd("gaussianW2", "cov1", s1, n);
  requireSymmetricPsd("gaussianW2", "cov2", s2, n);
  return gaussianW2Full(n, m1, s1, m2, s2);
}
