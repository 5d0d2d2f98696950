/**
 * Mergeable first and second moments of a point cloud — the per-shard statistic of the `gaussian_fit` estimator.
 * A shard reports (count, mean, co-moment matrix M = Σ (x − mean)(x − mean)ᵀ); shards combine exactly (as an
 * algebraic identity) with the pairwise update of Chan, Golub & LeVeque, "Updating formulae and a pairwise
 * algorithm for computing sample variances" (Stanford CS report STAN-CS-79-773, 1979), eq. (2.1) in matrix form:
 *
 *     n = n_a + n_b,   δ = mean_b − mean_a,   mean = mean_a + δ n_b/n,   M = M_a + M_b + δδᵀ n_a n_b / n.
 *
 * Floating-point addition is not associative, so the merged bits depend on the merge order: merge shards in their
 * fixed block order ({@link mergeMomentsInOrder}, DESIGN §2) and the result is bitwise reproducible whatever the
 * number of workers. Within a shard the moments are computed in two passes (mean, then centred products), which
 * avoids the cancellation of the one-pass Σxxᵀ − n·mean·meanᵀ.
 */
import { invalid, requireInteger } from "../errors.js";
import { invalidGot } from "../ot/invalid-got.js";

/** Moments of `count` points in R^d. An empty statistic (count 0) is the identity of the merge. */
export interface MomentStats {
  /** Number of points n ≥ 0. */
  readonly count: number;
  /** Dimension d ≥ 1. */
  readonly d: number;
  /** Sample mean (length d; zeros when count = 0), coordinate units. */
  readonly mean: Float64Array;
  /** Co-moment matrix Σ_i (x_i − mean)(x_i − mean)ᵀ, row-major d×d, symmetric; squared coordinate units. */
  readonly comoment: Float64Array;
}

/** The empty statistic in dimension d (count 0). */
export function emptyMoments(d: number): MomentStats {
  requireInteger("emptyMoments", "d", d, 1);
  return { count: 0, d, mean: new Float64Array(d), comoment: new Float64Array(d * d) };
}

/**
 * Kernel: moments of the n points of `data` (row-major n×d, finite), two-pass. Co-moments are accumulated four
 * points at a time into the upper triangle (a quarter of the read-modify-writes of M), then mirrored.
 */
export function momentsImpl(n: number, d: number, data: Float64Array): MomentStats {
  const mean = new Float64Array(d);
  const M = new Float64Array(d * d);
  if (n === 0) return { count: 0, d, mean, comoment: M };
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let k = 0; k < d; k++) mean[k] += data[o + k];
  }
  for (let k = 0; k < d; k++) mean[k] /= n;
  const c0 = new Float64Array(d);
  const c1 = new Float64Array(d);
  const c2 = new Float64Array(d);
  const c3 = new Float64Array(d);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = i * d;
    for (let k = 0; k < d; k++) {
      const mk = mean[k];
      c0[k] = data[o + k] - mk;
      c1[k] = data[o + d + k] - mk;
      c2[k] = data[o + 2 * d + k] - mk;
      c3[k] = data[o + 3 * d + k] - mk;
    }
    for (let a = 0; a < d; a++) {
      const a0 = c0[a];
      const a1 = c1[a];
      const a2 = c2[a];
      const a3 = c3[a];
      const row = a * d;
      for (let b = a; b < d; b++) M[row + b] += a0 * c0[b] + a1 * c1[b] + a2 * c2[b] + a3 * c3[b];
    }
  }
  for (; i < n; i++) {
    const o = i * d;
    for (let k = 0; k < d; k++) c0[k] = data[o + k] - mean[k];
    for (let a = 0; a < d; a++) {
      const a0 = c0[a];
      const row = a * d;
      for (let b = a; b < d; b++) M[row + b] += a0 * c0[b];
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) M[a * d + b] = M[b * d + a];
  return { count: n, d, mean, comoment: M };
}

/**
 * Moments of a point cloud `{n, d, data}` (row-major n×d). Validates shape and finiteness; n = 0 gives the empty
 * statistic.
 */
export function momentsOf(cloud: { n: number; d: number; data: Float64Array }): MomentStats {
  const where = "momentsOf";
  if (cloud === null || typeof cloud !== "object" || !(cloud.data instanceof Float64Array)) {
    invalid(where, "cloud", "a point cloud {n, d, data: Float64Array}", cloud);
  }
  const d = requireInteger(where, "cloud.d", cloud.d, 1);
  const n = requireInteger(where, "cloud.n", cloud.n, 0);
  if (cloud.data.length !== n * d) invalid(where, "cloud.data.length", `n*d = ${n * d}`, cloud.data.length);
  for (let i = 0; i < n * d; i++) {
    if (!Number.isFinite(cloud.data[i])) invalidGot(where, "cloud coordinates", "finite numbers", `${cloud.data[i]} at point ${Math.floor(i / d)}`);
  }
  return momentsImpl(n, d, cloud.data);
}

/** Checks that `m` is a well-formed MomentStats (used on statistics that crossed a process boundary). */
function requireMoments(where: string, what: string, m: MomentStats): void {
  if (m === null || typeof m !== "object") invalid(where, what, "a MomentStats object", m);
  const d = requireInteger(where, `${what}.d`, m.d, 1);
  requireInteger(where, `${what}.count`, m.count, 0);
  if (!(m.mean instanceof Float64Array) || m.mean.length !== d) invalid(where, `${what}.mean`, `a Float64Array of length ${d}`, m.mean);
  if (!(m.comoment instanceof Float64Array) || m.comoment.length !== d * d) {
    invalid(where, `${what}.comoment`, `a Float64Array of length ${d * d}`, m.comoment);
  }
}

/** Kernel: Chan et al.'s pairwise merge of two statistics of the same dimension (trusted). Allocates the result. */
export function mergeMomentsImpl(a: MomentStats, b: MomentStats): MomentStats {
  const d = a.d;
  if (b.count === 0) return { count: a.count, d, mean: a.mean.slice(), comoment: a.comoment.slice() };
  if (a.count === 0) return { count: b.count, d, mean: b.mean.slice(), comoment: b.comoment.slice() };
  const n = a.count + b.count;
  const wb = b.count / n;
  const w = (a.count * b.count) / n;
  const delta = new Float64Array(d);
  const mean = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    delta[k] = b.mean[k] - a.mean[k];
    mean[k] = a.mean[k] + delta[k] * wb;
  }
  const M = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    const dr = delta[r] * w;
    const row = r * d;
    for (let c = 0; c < d; c++) M[row + c] = a.comoment[row + c] + b.comoment[row + c] + dr * delta[c];
  }
  return { count: n, d, mean, comoment: M };
}

/** Merges two statistics (same dimension): the moments of the union of their points. Validates. */
export function mergeMoments(a: MomentStats, b: MomentStats): MomentStats {
  requireMoments("mergeMoments", "a", a);
  requireMoments("mergeMoments", "b", b);
  if (a.d !== b.d) invalidGot("mergeMoments", "a and b", "of the same dimension", `dimensions ${a.d} and ${b.d}`);
  return mergeMomentsImpl(a, b);
}

/**
 * Merges statistics left to right in the given (block) order: ((s0 ⊕ s1) ⊕ s2) ⊕ … — the same order gives the same
 * bits. At least one statistic is required (it fixes the dimension).
 */
export function mergeMomentsInOrder(parts: readonly MomentStats[]): MomentStats {
  if (!Array.isArray(parts) || parts.length === 0) invalid("mergeMomentsInOrder", "parts", "a non-empty array of MomentStats", parts);
  parts.forEach((p, i) => requireMoments("mergeMomentsInOrder", `parts[${i}]`, p));
  const d = parts[0].d;
  let acc = parts[0];
  for (let i = 1; i < parts.length; i++) {
    if (parts[i].d !== d) invalid("mergeMomentsInOrder", `parts[${i}].d`, `${d} (the dimension of parts[0])`, parts[i].d);
    acc = mergeMomentsImpl(acc, parts[i]);
  }
  return acc === parts[0] ? { count: acc.count, d, mean: acc.mean.slice(), comoment: acc.comoment.slice() } : acc;
}

/**
 * Sample covariance M/(n − ddof), row-major d×d (squared coordinate units): ddof 0 is the maximum-likelihood
 * (fitted-Gaussian) covariance, ddof 1 the unbiased one. Needs n > ddof.
 */
export function covarianceOf(m: MomentStats, ddof: 0 | 1 = 1): Float64Array {
  requireMoments("covarianceOf", "m", m);
  if (ddof !== 0 && ddof !== 1) invalid("covarianceOf", "ddof", "0 or 1", ddof);
  if (m.count <= ddof) invalid("covarianceOf", "m.count", `> ddof = ${ddof} (points needed for a covariance)`, m.count);
  const den = m.count - ddof;
  return m.comoment.map((v) => v / den);
}
