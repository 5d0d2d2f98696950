/**
 * Exact law of the sampler output for Gaussian data with a full covariance (papers.md §5.4; golden
 * `gaussian_full_iterate.json`). With Σ = U diag(λ) Uᵀ every linear scheme acts on the eigen-coordinates
 * z = Uᵀ y independently, because the exact score −(a_t² Σ + b_t² I)^{-1}(y − a_t m) is diagonal there
 * (variance a_t² λ_i + b_t² per direction) and the prior N(0, priorVar·I) and the noise are isotropic. So:
 *
 *   1. diagonalise Σ (eigenvalues clipped at 0, see below) and rotate the data mean, m' = Uᵀ m, and the
 *      additive score error, δ' = Uᵀ δ, into the eigenbasis;
 *   2. run the per-coordinate recursion {@link iterateLawDiag} with variances λ_i, means m'_i, bias δ'_i;
 *   3. L(y_K) = N(U μ_K, U diag(v_K) Uᵀ) in the original coordinates.
 *
 * The targets share the eigenbasis: p_0 = N(m, Σ) and p_δ = N(a_δ m, a_δ² Σ + b_δ² I), so L(y_K) commutes with
 * them and W2² = Σ_i (μ_i − m̃_i)² + Σ_i (√v_i − √λ̃_i)² in eigen-coordinates (papers.md §5.5, commuting case),
 * with no trace cancellation: accurate to ~1e-12 relative (golden README), whereas the general Bures formula
 * loses up to ~5e-8 relative when W2 ~ 1e-4.
 *
 * Rounding: eigenvalues of a PSD Σ may come out as tiny negatives (≥ −64 d ε ‖Σ‖); they are clipped to 0.
 * A clearly negative eigenvalue is an InvalidParameterError naming `data.cov`.
 */
import { requireInteger } from "../errors.js";
import { eigenCompose } from "../linalg/eigen-compose.js";
import { matvec, matvecTransA } from "../linalg/matmul.js";
import { requirePsdEigenvalues } from "../linalg/sqrtm-psd.js";
import { symmetricEigenImpl } from "../linalg/symmetric-eigen.js";
import type { Schedule } from "../schedule/schedule.js";
import type { StepCoefficients } from "../sampler/step-coefficients.js";
import { gaussianW2Commuting } from "../ot/gaussian-w2.js";
import { iterateLawDiag, type IterateLawOptions } from "./iterate-law-diag.js";

/** Σ's eigendecomposition with the data mean in eigen-coordinates; reusable across step counts K. */
export interface FullCovarianceBasis {
  /** Dimension d. */
  readonly dim: number;
  /** Eigenvalues λ_i of Σ, ascending, clipped at 0 (data units²). */
  readonly values: Float64Array;
  /** U, row-major d×d; column i is the unit eigenvector of λ_i. */
  readonly vectors: Float64Array;
  /** The data mean m in the original coordinates (length d). */
  readonly mean: Float64Array;
  /** m' = Uᵀ m (length d). */
  readonly meanEig: Float64Array;
}

/**
 * Diagonalises the data covariance `cov` (row-major dim×dim, symmetric — as `resolveGaussianData` checks) and
 * rotates `mean` into its eigenbasis. Throws InvalidParameterError (`data.cov: the covariance must be symmetric
 * positive semi-definite (smallest eigenvalue >= …); got <λ_min>`) when Σ has an eigenvalue below the rounding allowance.
 * Cost ≈ 9 d³ flops (d = 1000: a few seconds); compute it once per data law.
 */
export function fullCovarianceBasis(mean: Float64Array, cov: Float64Array, dim: number): FullCovarianceBasis {
  requireInteger("data.dim", "the dimension", dim, 1);
  const values = new Float64Array(dim);
  const vectors = new Float64Array(dim * dim);
  symmetricEigenImpl(dim, cov, values, vectors, new Float64Array(dim));
  requirePsdEigenvalues("data.cov", "the covariance", dim, values);
  for (let i = 0; i < dim; i++) if (values[i] < 0) values[i] = 0;
  const meanEig = matvecTransA(dim, dim, vectors, mean, new Float64Array(dim));
  return { dim, values, vectors, mean: Float64Array.from(mean), meanEig };
}

/** Options of {@link iterateLawFull}: those of {@link iterateLawDiag} (bias in ORIGINAL coordinates) plus the target. */
export interface IterateLawFullOptions extends IterateLawOptions {
  /** Additive score error δ in the original coordinates (length d); rotated to Uᵀδ internally. */
  bias?: Float64Array | null;
  /** W2 target: `p0` = N(m, Σ) (default) or `p_delta` = N(a_δ m, a_δ² Σ + b_δ² I) with δ = coeffs.delta. */
  target?: "p0" | "p_delta";
  /** A precomputed {@link fullCovarianceBasis}(mean, cov, dim) — skips the O(d³) diagonalisation (K sweeps). */
  basis?: FullCovarianceBasis;
  /** Whether to assemble the d×d covariance U diag(v) Uᵀ (O(d³)); default true. False leaves `cov` null. */
  withCov?: boolean;
}

/** The exact law of y_K for full-covariance Gaussian data, and its W2 to the target. */
export interface FullLaw {
  /** E[y_K] = U μ_K in the original coordinates (length d). */
  mean: Float64Array;
  /** Cov[y_K] = U diag(v_K) Uᵀ, row-major d×d (exactly symmetric); null when `withCov` is false. */
  cov: Float64Array | null;
  /** μ_K in Σ's eigen-coordinates (length d). */
  meanEig: Float64Array;
  /** v_K, the variances along Σ's eigenvectors (length d). */
  varEig: Float64Array;
  /** The eigenbasis used. */
  basis: FullCovarianceBasis;
  /** What W2 was measured against. */
  target: "p0" | "p_delta";
  /** W2(L(y_K), target) (data units). */
  w2: number;
  /** |E y_K − target mean|² (data units²; golden `w2sq_p0_mean_part`). */
  meanPart: number;
  /** Bures term Σ_i (√v_i − √λ̃_i)² (data units²; golden `w2sq_p0_cov_part`). */
  covPart: number;
}

/**
 * Exact law of the sampler iterate y_K for data N(mean, cov) (cov row-major dim×dim) under the scheme of
 * `coeffs` on `schedule`, with the score error of `opts` (bias δ in original coordinates, scale κ), prior
 * N(0, opts.priorVar·I); plus W2 to `opts.target` (see the module comment for the method and its accuracy).
 * Trusts `coeffs`, `schedule`, lengths and priorVar (validated by the exact oracle); checks Σ ⪰ 0 when it
 * diagonalises it. Cost: O(d³) for the diagonalisation (skipped with `opts.basis`) and for assembling `cov`
 * (skipped with `withCov: false`), O(K·d + d²) otherwise.
 */
export function iterateLawFull(
  coeffs: StepCoefficients,
  schedule: Schedule,
  mean: Float64Array,
  cov: Float64Array,
  dim: number,
  opts: IterateLawFullOptions,
): FullLaw {
  const basis = opts.basis ?? fullCovarianceBasis(mean, cov, dim);
  const d = basis.dim;
  const U = basis.vectors;
  const bias = opts.bias ?? null;
  const biasEig = bias === null ? null : matvecTransA(d, d, U, bias, new Float64Array(d));
  const law = iterateLawDiag(coeffs, schedule, basis.meanEig, basis.values, {
    priorVar: opts.priorVar,
    bias: biasEig,
    scale: opts.scale ?? 0,
  });
  const target = opts.target ?? "p0";
  // Target law in eigen-coordinates: mean a m', variances a² λ + b² (a = 1, b² = 0 for p0).
  const aT = target === "p_delta" ? schedule.a(coeffs.delta) : 1;
  const b2T = target === "p_delta" ? schedule.b2(coeffs.delta) : 0;
  const targetMean = new Float64Array(d);
  const targetVar = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    targetMean[i] = aT * basis.meanEig[i];
    targetVar[i] = aT * aT * basis.values[i] + b2T;
  }
  const w = gaussianW2Commuting(d, law.mean, law.var, targetMean, targetVar);
  const meanOut = matvec(d, d, U, law.mean, new Float64Array(d));
  const covOut = opts.withCov === false ? null : eigenCompose(d, U, law.var, new Float64Array(d * d), new Float64Array(d));
  return {
    mean: meanOut,
    cov: covOut,
    meanEig: law.mean,
    varEig: law.var,
    basis,
    target,
    w2: w.w2,
    meanPart: w.meanPart,
    covPart: w.covPart,
  };
}
