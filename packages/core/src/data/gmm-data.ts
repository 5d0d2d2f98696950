/**
 * Gaussian-mixture data p_0 = Σ_j w_j N(μ_j, diag(s_j²)) (DESIGN §1 `data.kind: gmm`; papers.md §5.2),
 * resolved from its spec into flat typed arrays, and exact sampling of p_0 (or of the noised law p_t).
 *
 * Weights: each w_j must be finite and ≥ 0 and Σ w_j must be 1 within 1e-9 — a spec whose weights do not
 * sum to 1 is a mistake, not something to fix silently. The resolved weights are then divided by their sum
 * (a change of at most 1e-9 relative), so the mixture is exactly a probability law for sampling; the score
 * does not depend on the normalisation at all.
 *
 * Standard deviations `stds` broadcast: a scalar (every component, every coordinate), an array of k numbers
 * (one isotropic std per component — a flat array is always per component, even when k = d), or k arrays
 * of d numbers. Every std must be finite and > 0 (p_0 needs a density; an empirical measure is the
 * separate `empirical` kind).
 */
import { describeValue, invalid, requireInteger } from "../errors.js";
import { deriveKey, RNG_DOMAIN, type StreamKey } from "../rng/stream-key.js";
import { fillNormals, fillUniforms } from "../rng/fill-normals.js";
import type { GmmDataSpec } from "../spec.js";

/** Allowed |Σ w_j − 1| for `data.weights`. */
export const GMM_WEIGHT_SUM_TOLERANCE = 1e-9;

/** A resolved Gaussian mixture with k components in dimension d (component-major flat arrays). */
export interface GmmData {
  /** Number of components k ≥ 1. */
  readonly k: number;
  /** Dimension d ≥ 1. */
  readonly dim: number;
  /** Weights w_j ≥ 0, Σ w_j = 1 (length k). */
  readonly weights: Float64Array;
  /** ln w_j (−Infinity for a zero weight; length k). */
  readonly logWeights: Float64Array;
  /** Means: μ_j,i at [j·d + i] (length k·d). */
  readonly means: Float64Array;
  /** Standard deviations s_j,i > 0 at [j·d + i] (length k·d). */
  readonly stds: Float64Array;
}

function finiteAt(field: string, what: string, x: unknown, positive: boolean): number {
  if (typeof x !== "number" || !Number.isFinite(x) || (positive && !(x > 0))) {
    invalid(field, what, positive ? "a finite number > 0" : "a finite number", x);
  }
  return x;
}

/**
 * Resolves a {@link GmmDataSpec}. Errors ({@link InvalidParameterError}) name `data.weights`, `data.means`,
 * `data.stds` or `data.dim`: weights a non-empty array of finite numbers ≥ 0 summing to 1 within 1e-9;
 * means k arrays of the same length d ≥ 1 (= `data.dim` when given) of finite numbers; stds > 0 as a
 * scalar, k numbers, or k arrays of d numbers.
 */
export function resolveGmmData(spec: GmmDataSpec): GmmData {
  const w = spec.weights as unknown;
  if (!Array.isArray(w) || w.length === 0) invalid("data.weights", "the mixture weights", "a non-empty array of numbers >= 0", w);
  const k = w.length;
  const weights = new Float64Array(k);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const x = w[j] as unknown;
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0) invalid(`data.weights[${j}]`, "a mixture weight", "a finite number >= 0", x);
    weights[j] = x;
    sum += x;
  }
  if (!(Math.abs(sum - 1) <= GMM_WEIGHT_SUM_TOLERANCE)) {
    invalid("data.weights", "the sum of the mixture weights", `1 (within ${GMM_WEIGHT_SUM_TOLERANCE})`, sum);
  }
  const logWeights = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    weights[j] /= sum;
    logWeights[j] = Math.log(weights[j]);
  }

  const m = spec.means as unknown;
  if (!Array.isArray(m) || m.length !== k) {
    invalid("data.means", "the component means", `an array of k = ${k} arrays (one per weight)`, Array.isArray(m) ? `${m.length} entries` : m);
  }
  const row0 = m[0] as unknown;
  if (!Array.isArray(row0) || row0.length === 0) invalid("data.means[0]", "a component mean", "a non-empty array of numbers", row0);
  const d = row0.length;
  if (spec.dim !== undefined) {
    requireInteger("data.dim", "the dimension", spec.dim, 1);
    if (spec.dim !== d) invalid("data.means[0]", "a component mean", `of length data.dim = ${spec.dim}`, `length ${d}`);
  }
  const means = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    const row = m[j] as unknown;
    if (!Array.isArray(row) || row.length !== d) {
      invalid(`data.means[${j}]`, "a component mean", `an array of length ${d}`, Array.isArray(row) ? `length ${row.length}` : row);
    }
    for (let i = 0; i < d; i++) means[j * d + i] = finiteAt(`data.means[${j}][${i}]`, "a mean coordinate", row[i], false);
  }

  const s = spec.stds as unknown;
  const stds = new Float64Array(k * d);
  if (typeof s === "number") {
    stds.fill(finiteAt("data.stds", "the standard deviation", s, true));
  } else if (Array.isArray(s) && s.length === k && s.every((x) => typeof x === "number")) {
    for (let j = 0; j < k; j++) {
      const sj = finiteAt(`data.stds[${j}]`, "a component standard deviation", s[j], true);
      stds.fill(sj, j * d, (j + 1) * d);
    }
  } else if (Array.isArray(s) && s.length === k) {
    for (let j = 0; j < k; j++) {
      const row = s[j] as unknown;
      if (!Array.isArray(row) || row.length !== d) {
        invalid(`data.stds[${j}]`, "a component's standard deviations", `a number > 0 or an array of length ${d}`, Array.isArray(row) ? `length ${row.length}` : row);
      }
      for (let i = 0; i < d; i++) stds[j * d + i] = finiteAt(`data.stds[${j}][${i}]`, "a standard deviation", row[i], true);
    }
  } else {
    invalid(
      "data.stds",
      "the standard deviations",
      `a number > 0, an array of k = ${k} numbers, or k arrays of d = ${d} numbers`,
      Array.isArray(s) ? `an array of length ${s.length}` : describeValue(s),
    );
  }
  return { k, dim: d, weights, logWeights, means, stds };
}

/**
 * Draws `n` exact samples of the noised mixture p_t = Σ_j w_j N(a μ_j, diag(a² s_j² + b²)) (p_0 with the
 * defaults a = 1, b² = 0) into `out` (n×d row-major), for particles particle0..particle0+n−1 of stream
 * (key, replicate). Particle p's component comes from the uniform at position 0 of
 * `deriveKey(key, RNG_DOMAIN.dataComponent)` (inverse CDF over the cumulative weights), its coordinates
 * from the normals at positions 0..d−1 of `key` — so a sample does not depend on how the particles were
 * batched. Writes the component index of each particle to `components` when given. Returns `out`.
 */
export function sampleGmm(
  gmm: GmmData,
  n: number,
  key: StreamKey,
  replicate: number,
  particle0: number,
  out: Float64Array,
  a = 1,
  b2 = 0,
  components?: Int32Array,
): Float64Array {
  const { k, dim: d, weights, means, stds } = gmm;
  const componentKey = deriveKey(key, RNG_DOMAIN.dataComponent);
  const u = new Float64Array(1);
  for (let p = 0; p < n; p++) {
    fillUniforms(componentKey, replicate, particle0 + p, 0, 1, u, 0);
    // Smallest j with u < w_0 + … + w_j; the last positive-weight component absorbs rounding at the top.
    let j = 0;
    let cum = weights[0];
    while (j < k - 1 && !(u[0] < cum)) {
      j++;
      cum += weights[j];
    }
    while (weights[j] === 0 && j > 0) j--;
    if (components !== undefined) components[p] = j;
    const row = p * d;
    fillNormals(key, replicate, particle0 + p, 0, d, out, row);
    for (let i = 0; i < d; i++) {
      const s = stds[j * d + i];
      out[row + i] = a * means[j * d + i] + Math.sqrt(a * a * s * s + b2) * out[row + i];
    }
  }
  return out;
}
