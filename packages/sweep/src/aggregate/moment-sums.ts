/**
 * The `gaussian_fit` shard statistic (`MomentStats` of `@scoresweep/compute`, the `moments` variant of the protocol's
 * stats): exact Shewchuk expansions of the shifted sums Σ(x−c) and Σ(x−c)(x−c)ᵀ (upper triangle row-major, or the
 * diagonal only). Layout of the packed components (see `@scoresweep/core`'s exact-sum module for `sums`/`offsets`):
 *
 *     component i            (0 ≤ i < d)   Σ_p (x_pi − c_i)
 *     d + i                  (diagonal only) Σ_p (x_pi − c_i)²
 *     d + i·d − i(i−1)/2 + (j − i)   (full, 0 ≤ i ≤ j < d)   Σ_p (x_pi − c_i)(x_pj − c_j)
 *
 * Merging is an exact sum of the expansions, so the merged statistic — and everything computed from it — has the
 * same bits for every split of the particles into shards and every merge order (DESIGN §2). The fit rounds each
 * exact sum once (correctly), then forms
 *
 *     mean_i = c_i + S1_i / n,      cov_ij = (S2_ij − S1_i S1_j / n) / (n − ddof),
 *
 * with ddof = 1 (the unbiased covariance, numpy.cov's and core `gaussian_fit`'s default). The shift c is the data
 * mean, so S1 is small and the centring subtraction loses little.
 */
import { invalid, mergePackedExactSums, packedExactValue } from "@scoresweep/core";
import type { ShardStats } from "./shard-outcome.js";

/** The `moments` variant of the shard statistics. */
export type MomentSums = Extract<ShardStats, { kind: "moments" }>;

/** Number of packed components of a `moments` statistic in dimension d. */
export function momentComponents(d: number, diagonalOnly: boolean): number {
  return d + (diagonalOnly ? d : (d * (d + 1)) / 2);
}

/** Index of the second-moment component (i, j), i ≤ j, in the full (upper-triangle) layout. */
export function comomentIndex(d: number, i: number, j: number): number {
  return d + i * d - (i * (i - 1)) / 2 + (j - i);
}

/** Checks one statistic's internal consistency (it crossed a process boundary); `where` names it. */
function requireWellFormed(where: string, s: MomentSums): void {
  const m = momentComponents(s.dim, s.diagonalOnly);
  if (s.shift.length !== s.dim) invalid(where, "shift", `of length dim = ${s.dim}`, `length ${s.shift.length}`);
  if (s.offsets.length !== m + 1) invalid(where, "offsets", `of length ${m + 1} (components + 1)`, `length ${s.offsets.length}`);
  if (s.offsets[0] !== 0 || s.offsets[m] !== s.sums.length) invalid(where, "offsets", `to span sums[0..${s.sums.length})`, `[${s.offsets[0]}, ${s.offsets[m]})`);
}

/**
 * The exact merge of the `moments` statistics of one replicate's blocks: counts added, expansions summed exactly.
 * The result does not depend on the order or grouping of `parts` (bit for bit). Throws InvalidParameterError
 * (`aggregate: …`) when the parts disagree on dimension, layout or shift, or are malformed.
 */
export function mergeMomentSums(parts: readonly MomentSums[]): MomentSums {
  if (parts.length === 0) invalid("aggregate", "the moments of a replicate", "at least one shard statistic", "none");
  const first = parts[0];
  let n = 0;
  parts.forEach((p, b) => {
    const where = `aggregate: moments[${b}]`;
    requireWellFormed(where, p);
    if (p.dim !== first.dim) invalid(where, "dim", `${first.dim} (as moments[0])`, p.dim);
    if (p.diagonalOnly !== first.diagonalOnly) invalid(where, "diagonalOnly", `${first.diagonalOnly} (as moments[0])`, p.diagonalOnly);
    for (let i = 0; i < p.dim; i++) {
      if (!Object.is(p.shift[i], first.shift[i])) invalid(where, `shift[${i}]`, `${first.shift[i]} (as moments[0])`, p.shift[i]);
    }
    n += p.n;
  });
  if (parts.length === 1) return { ...first, shift: first.shift.slice(), sums: first.sums.slice(), offsets: first.offsets.slice() };
  const merged = mergePackedExactSums(parts);
  return {
    kind: "moments",
    n,
    dim: first.dim,
    shift: first.shift.slice(),
    diagonalOnly: first.diagonalOnly,
    sums: merged.sums as Float64Array<ArrayBuffer>,
    offsets: merged.offsets as Uint32Array<ArrayBuffer>,
  };
}

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
export function fitGaussianFromSums(s: MomentSums, ddof: 0 | 1 = 1): FittedGaussian {
  requireWellFormed("aggregate: moments", s);
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
