/**
 * Gaussian fits for the `gaussian_fit` aggregation: of a replicate's merged shard statistic (`ExactMomentStats` of
 * `@scoresweep/core`, which owns its layout and its exact merge `mergeExactMomentStats`), and of a drawn target
 * sample (for the noise floor). The statistic holds exact sums of the shifted moments S1 = Σ(x−c) and
 * S2 = Σ(x−c)(x−c)ᵀ (c the data mean, so S1 is small and the centring subtraction loses little); the fit rounds each
 * exact sum once (correctly), then forms
 *
 *     mean_i = c_i + S1_i / n,      cov_ij = (S2_ij − S1_i S1_j / n) / (n − ddof),
 *
 * with ddof = 1 (the unbiased covariance, numpy.cov's and core `gaussian_fit`'s default). Merged statistics have the
 * same bits for every split of the particles into shards and every merge order (DESIGN §2), hence so does the fit.
 */
import { comomentIndex, invalid, packedExactValue, requireExactMomentStats, type ExactMomentStats } from "@scoresweep/core";

/** A Gaussian fitted to a sample's moments. */
export interface FittedGaussian {
  /** Number of particles behind the fit. */
  n: number;
  /** Dimension d. */
  dim: number;
  /** Sample mean (length d), data units. */
  mean: Float64Array;
  /** Sample covariance (row-major d×d, squared data units) — null for a diagonal-only statistic. */
  cov: Float64Array | null;
  /** Sample variances (length d, squared data units) — always set (the diagonal of `cov` when full). */
  variance: Float64Array;
}

/**
 * Fits N(mean, cov) (or N(mean, diag(variance)) for a diagonal-only statistic) to merged moments, with covariance
 * divisor n − ddof (module comment). Needs n > ddof. Negative rounding variances are clipped to 0.
 */
export function fitGaussianFromSums(s: ExactMomentStats, ddof: 0 | 1 = 1): FittedGaussian {
  requireExactMomentStats("aggregate: moments", s);
  if (!(s.n > ddof)) invalid("aggregate", "the particles of a gaussian_fit replicate", `more than ${ddof} (a covariance needs them)`, s.n);
  const d = s.dim;
  const n = s.n;
  const den = n - ddof;
  const s1 = new Float64Array(d);
  const mean = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    s1[i] = packedExactValue(s, i);
    mean[i] = s.shift[i] + s1[i] / n;
  }
  const variance = new Float64Array(d);
  if (s.diagonalOnly) {
    for (let i = 0; i < d; i++) variance[i] = Math.max(0, (packedExactValue(s, d + i) - (s1[i] * s1[i]) / n) / den);
    return { n, dim: d, mean, cov: null, variance };
  }
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let c = (packedExactValue(s, comomentIndex(d, i, j)) - (s1[i] * s1[j]) / n) / den;
      if (i === j && c < 0) c = 0;
      cov[i * d + j] = c;
      cov[j * d + i] = c;
    }
    variance[i] = cov[i * d + i];
  }
  return { n, dim: d, mean, cov, variance };
}

/**
 * Fits a Gaussian to n points (row-major n×d) by two-pass float64 moments (mean, then centred products), with
 * divisor n − ddof — the fit of a drawn target sample for the noise floor. Deterministic (fixed order). Needs n > ddof.
 */
export function fitGaussianFromSamples(n: number, d: number, x: Float64Array, diagonalOnly: boolean, ddof: 0 | 1 = 1): FittedGaussian {
  if (!(n > ddof)) invalid("aggregate", "the points of a fitted sample", `more than ${ddof}`, n);
  const mean = new Float64Array(d);
  for (let p = 0; p < n; p++) for (let i = 0; i < d; i++) mean[i] += x[p * d + i];
  for (let i = 0; i < d; i++) mean[i] /= n;
  const den = n - ddof;
  const variance = new Float64Array(d);
  const c = new Float64Array(d);
  if (diagonalOnly) {
    for (let p = 0; p < n; p++) {
      for (let i = 0; i < d; i++) {
        const e = x[p * d + i] - mean[i];
        variance[i] += e * e;
      }
    }
    for (let i = 0; i < d; i++) variance[i] /= den;
    return { n, dim: d, mean, cov: null, variance };
  }
  const cov = new Float64Array(d * d);
  for (let p = 0; p < n; p++) {
    for (let i = 0; i < d; i++) c[i] = x[p * d + i] - mean[i];
    for (let i = 0; i < d; i++) {
      const ci = c[i];
      for (let j = i; j < d; j++) cov[i * d + j] += ci * c[j];
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      cov[i * d + j] /= den;
      cov[j * d + i] = cov[i * d + j];
    }
    variance[i] = cov[i * d + i];
  }
  return { n, dim: d, mean, cov, variance };
}
