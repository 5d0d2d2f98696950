/**
 * Exact samples of a Gaussian law N(m, diag(s²)) or N(m, Σ) on the counter-based streams (DESIGN §2), e.g. the
 * target samples a sample-based W2 estimator compares the sampler's output with, and the two independent target
 * samples of its noise floor.
 *
 * Addressing (as `sampleGmm`): particle p of stream (key, replicate) uses the standard normals z at positions
 * 0..d−1 of (key, replicate, particle p), and x = m + s ⊙ z (diagonal) or x = m + A z with A Aᵀ = Σ (full). A sample
 * therefore never depends on how the particles were batched, and particles 0..n−1 of a larger draw are the draw of
 * size n.
 *
 * The factor A of a full covariance is V diag(√λ⁺) from the symmetric eigendecomposition Σ = V diag(λ) Vᵀ (rounding
 * negatives clipped to 0), not a Cholesky factor: it exists for singular Σ too, and any A with A Aᵀ = Σ gives the
 * same law. The eigensolver is deterministic, so the samples are bit-reproducible like every other draw.
 */
import { invalid, requireInteger } from "../errors.js";
import { requirePsdEigenvalues } from "../linalg/sqrtm-psd.js";
import { isSymmetric, symmetricEigenImpl } from "../linalg/symmetric-eigen.js";
import { fillNormals } from "../rng/fill-normals.js";
import type { StreamKey } from "../rng/stream-key.js";
import type { GaussianData } from "./gaussian-data.js";

/** A Gaussian law prepared for sampling: exactly one of `std` (diagonal) and `factor` (full) is non-null. */
export interface GaussianSampler {
  /** Dimension d. */
  readonly dim: number;
  /** Mean m (length d), data units. */
  readonly mean: Float64Array;
  /** Per-coordinate standard deviations s_i ≥ 0 (length d), data units; null for a full covariance. */
  readonly std: Float64Array | null;
  /** A (row-major d×d) with A Aᵀ = Σ, data units; null for a diagonal law. */
  readonly factor: Float64Array | null;
}

/**
 * Kernel: A = V diag(√λ⁺) (row-major d×d, written to `out`, which may alias nothing) for the symmetric PSD
 * covariance `cov` (row-major d×d; only its symmetric part is used), so A Aᵀ = Σ. Leaves the eigenvalues λ
 * (ascending, unclipped) in `values` (length ≥ d). Trusts its input. Returns `out`.
 */
export function gaussianFactorImpl(d: number, cov: Float64Array, out: Float64Array, values: Float64Array = new Float64Array(d)): Float64Array {
  symmetricEigenImpl(d, cov, values, out, new Float64Array(d));
  for (let j = 0; j < d; j++) {
    const r = values[j] > 0 ? Math.sqrt(values[j]) : 0;
    for (let i = 0; i < d; i++) out[i * d + j] *= r;
  }
  return out;
}

function finiteVector(where: string, what: string, v: unknown, d: number, nonNegative: boolean): Float64Array {
  if (!(v instanceof Float64Array) || v.length !== d) invalid(where, what, `a Float64Array of length ${d}`, v instanceof Float64Array ? `length ${v.length}` : v);
  for (let i = 0; i < d; i++) {
    const x = v[i];
    if (!Number.isFinite(x) || (nonNegative && x < 0)) invalid(`${where}[${i}]`, what, nonNegative ? "a finite number >= 0" : "a finite number", x);
  }
  return v;
}

/**
 * Prepares `law` (a resolved {@link GaussianData}; its `std` may contain zeros) for {@link sampleGaussian}. Validates
 * the dimension, finiteness, and for a full covariance symmetry and positive semi-definiteness (eigenvalues ≥ the
 * rounding allowance of `psdTolerance`); errors are InvalidParameterError naming `sampleGaussian: law.<field>`.
 * Cost: one eigendecomposition for a full covariance (≈ 9d³ flops; ~1 ms at d = 100).
 */
export function gaussianSampler(law: GaussianData): GaussianSampler {
  const where = "sampleGaussian";
  if (law === null || typeof law !== "object") invalid(where, "law", "a Gaussian law { dim, mean, std | cov }", law);
  const d = requireInteger(where, "law.dim", law.dim, 1);
  const mean = finiteVector(`${where}: law.mean`, "a mean coordinate", law.mean, d, false);
  if ((law.std === null) === (law.cov === null)) {
    invalid(where, "exactly one of law.std and law.cov", "non-null", law.std === null ? "neither" : "both");
  }
  if (law.std !== null) return { dim: d, mean, std: finiteVector(`${where}: law.std`, "a standard deviation", law.std, d, true), factor: null };
  const cov = law.cov as Float64Array;
  if (!(cov instanceof Float64Array) || cov.length !== d * d) {
    invalid(where, "law.cov", `a row-major ${d}×${d} Float64Array`, cov instanceof Float64Array ? `length ${cov.length}` : cov);
  }
  for (let i = 0; i < d * d; i++) if (!Number.isFinite(cov[i])) invalid(where, `law.cov[${Math.floor(i / d)}][${i % d}]`, "a finite number", cov[i]);
  if (!isSymmetric(d, cov)) invalid(where, "law.cov", "symmetric (rtol 1e-12)", "an asymmetric matrix");
  const values = new Float64Array(d);
  const factor = gaussianFactorImpl(d, cov, new Float64Array(d * d), values);
  requirePsdEigenvalues(where, "law.cov", d, values);
  return { dim: d, mean, std: null, factor };
}

/**
 * Kernel: n samples of N(mean, diag(std²)) into `out` (n×d row-major) for particles particle0..particle0+n−1 of
 * stream (key, replicate) (module comment). Trusts its input. Returns `out`.
 */
export function sampleGaussianDiagImpl(
  n: number,
  d: number,
  mean: Float64Array,
  std: Float64Array,
  key: StreamKey,
  replicate: number,
  particle0: number,
  out: Float64Array,
): Float64Array {
  for (let p = 0; p < n; p++) {
    const row = p * d;
    fillNormals(key, replicate, particle0 + p, 0, d, out, row);
    for (let i = 0; i < d; i++) out[row + i] = mean[i] + std[i] * out[row + i];
  }
  return out;
}

/**
 * Kernel: n samples of N(mean, A Aᵀ) into `out` (n×d row-major), x = mean + A z, for particles
 * particle0..particle0+n−1 of stream (key, replicate). `z` is scratch of length ≥ d. Trusts its input. Returns `out`.
 */
export function sampleGaussianFullImpl(
  n: number,
  d: number,
  mean: Float64Array,
  factor: Float64Array,
  key: StreamKey,
  replicate: number,
  particle0: number,
  out: Float64Array,
  z: Float64Array = new Float64Array(d),
): Float64Array {
  for (let p = 0; p < n; p++) {
    fillNormals(key, replicate, particle0 + p, 0, d, z, 0);
    const row = p * d;
    for (let i = 0; i < d; i++) {
      const a = i * d;
      let s = mean[i];
      for (let k = 0; k < d; k++) s += factor[a + k] * z[k];
      out[row + i] = s;
    }
  }
  return out;
}

/**
 * `n` exact samples of the prepared law `s` (see {@link gaussianSampler}), row-major n×d, for particles
 * particle0..particle0+n−1 of stream (key, replicate). `out` (length ≥ n·d) is allocated when omitted. Validates n,
 * replicate, particle0 (integers ≥ 0) and the length of `out`. Cost ≈ 60 ns per coordinate (the normals) plus d²
 * multiply-adds per particle for a full covariance. Returns `out`.
 */
export function sampleGaussian(
  s: GaussianSampler,
  n: number,
  key: StreamKey,
  replicate: number,
  particle0 = 0,
  out?: Float64Array,
): Float64Array {
  const where = "sampleGaussian";
  requireInteger(where, "n", n, 0);
  requireInteger(where, "replicate", replicate, 0);
  requireInteger(where, "particle0", particle0, 0);
  const d = s.dim;
  const dst = out ?? new Float64Array(n * d);
  if (dst.length < n * d) invalid(where, "out", `a Float64Array of length >= n·d = ${n * d}`, `length ${dst.length}`);
  if (s.std !== null) return sampleGaussianDiagImpl(n, d, s.mean, s.std, key, replicate, particle0, dst);
  return sampleGaussianFullImpl(n, d, s.mean, s.factor as Float64Array, key, replicate, particle0, dst);
}
