/**
 * Sliced Wasserstein distance (Rabin, Peyré, Delon & Bernot, "Wasserstein barycenter and its application to
 * texture mixing", SSVM 2011; Bonneel et al. 2015): the average over directions θ of the exact 1-D W_p^p between
 * the projections ⟨x, θ⟩ and ⟨y, θ⟩, to the power 1/p:
 *
 *     SW2 = ( (1/L) Σ_l W2²(⟨x, θ_l⟩, ⟨y, θ_l⟩) )^{1/2},     SW1 = (1/L) Σ_l W1(⟨x, θ_l⟩, ⟨y, θ_l⟩).
 *
 * Directions are either given (unit vectors, used as given, as in POT's `projections` argument) or drawn
 * uniformly on the sphere from the counter-based generator (normal vectors, normalised), so a seed fixes them.
 * Since each 1-D term is at most the full W_p^p for the same coupling, SW ≤ W for every direction set.
 *
 * Cost: L·(n + m)·d multiply-adds for the projections (eight directions per pass over the points) and 2L sorts.
 */
import { invalid, requireInteger } from "../errors.js";
import { fillNormals } from "../rng/fill-normals.js";
import { streamKey } from "../rng/stream-key.js";
import { requireCloud, requireSameDimension, type PointCloud } from "./point-cloud.js";
import { sortedCostImpl } from "./sorted-1d.js";
import { invalidGot } from "./invalid-got.js";

/** Number of random directions when neither `projections` nor `directions` is given. */
export const DEFAULT_PROJECTIONS = 100;

/** RNG domain of the sliced directions (see rng/stream-key.ts). */
export const SLICED_DIRECTIONS_DOMAIN = "ot.sliced.directions";

/** Options of {@link slicedW2} / {@link slicedW1}: either `directions`, or `projections` (and `seed`). */
export interface SlicedOptions {
  /** Number L of random directions (integer ≥ 1; default {@link DEFAULT_PROJECTIONS}). */
  projections?: number;
  /** Seed of the random directions (integer in [0, 2^53); default 0). */
  seed?: number;
  /** Given directions: L unit vectors of length d, as rows, or row-major L×d in a Float64Array. */
  directions?: Float64Array | ArrayLike<ArrayLike<number>>;
}

/** Result of {@link slicedW2}. */
export interface SlicedW2Result {
  /** Sliced W2 (not squared), coordinate units. */
  readonly w2: number;
  /** Its square, the mean of the per-direction W2². */
  readonly w2_squared: number;
  /** Number of directions L. */
  readonly projections: number;
  /** W2² of the projections on each direction (length L). */
  readonly per_projection_w2_squared: Float64Array;
}

/** Result of {@link slicedW1}. */
export interface SlicedW1Result {
  /** Sliced W1, coordinate units. */
  readonly w1: number;
  /** Number of directions L. */
  readonly projections: number;
  /** W1 of the projections on each direction (length L). */
  readonly per_projection_w1: Float64Array;
}

/**
 * L directions drawn uniformly on the unit sphere of R^d, row-major L×d: direction l is the normalised vector of
 * normals at positions 0..d−1 of stream (key(seed, "", {@link SLICED_DIRECTIONS_DOMAIN}), replicate 0, particle l),
 * so the first L directions of a seed do not depend on how many are drawn.
 */
export function randomDirections(count: number, d: number, seed = 0): Float64Array {
  requireInteger("randomDirections", "count", count, 1);
  requireInteger("randomDirections", "d", d, 1);
  requireInteger("randomDirections", "seed", seed, 0);
  const key = streamKey(seed, "", SLICED_DIRECTIONS_DOMAIN);
  const out = new Float64Array(count * d);
  for (let l = 0; l < count; l++) {
    // A zero vector has probability 0 (normals are never all exactly 0); redraw from the next positions anyway.
    let position = 0;
    for (;;) {
      fillNormals(key, 0, l, position, d, out, l * d);
      let s = 0;
      for (let k = 0; k < d; k++) s += out[l * d + k] * out[l * d + k];
      if (s > 0) {
        const inv = 1 / Math.sqrt(s);
        for (let k = 0; k < d; k++) out[l * d + k] *= inv;
        break;
      }
      position += d;
    }
  }
  return out;
}

/** Checks given directions (L rows of d numbers, unit length to 1e-6) and returns them row-major. */
function resolveDirections(where: string, directions: SlicedOptions["directions"], d: number): Float64Array {
  let flat: Float64Array;
  if (directions instanceof Float64Array) {
    if (directions.length === 0 || directions.length % d !== 0) {
      invalidGot(where, "options.directions", `a non-empty row-major L×${d} array`, `length ${directions.length}`);
    }
    flat = directions;
  } else {
    if (directions === null || typeof directions !== "object" || typeof (directions as ArrayLike<unknown>).length !== "number") {
      invalid(where, "options.directions", `an array of unit vectors of length ${d}`, directions);
    }
    const rows = directions as ArrayLike<ArrayLike<number>>;
    if (rows.length === 0) invalidGot(where, "options.directions", "at least one direction", "an empty list");
    flat = new Float64Array(rows.length * d);
    for (let l = 0; l < rows.length; l++) {
      const row = rows[l];
      if (row === null || typeof row !== "object" || row.length !== d) {
        invalid(where, `options.directions[${l}]`, `a vector of length ${d} (the dimension of the points)`, row);
      }
      for (let k = 0; k < d; k++) flat[l * d + k] = row[k];
    }
  }
  const L = flat.length / d;
  for (let l = 0; l < L; l++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const v = flat[l * d + k];
      if (!Number.isFinite(v)) invalid(where, `options.directions[${l}][${k}]`, "a finite number", v);
      s += v * v;
    }
    if (Math.abs(Math.sqrt(s) - 1) > 1e-6) invalidGot(where, `options.directions[${l}]`, "a unit vector (norm 1 within 1e-6)", `norm ${Math.sqrt(s)}`);
  }
  return flat;
}

/** Kernel: projections of the n points of `data` (row-major n×d) on directions l..l+7, into out[0..7]. */
function project8(n: number, d: number, data: Float64Array, dirs: Float64Array, l: number, out: Float64Array[]): void {
  const a0 = l * d;
  const a1 = a0 + d;
  const a2 = a1 + d;
  const a3 = a2 + d;
  const a4 = a3 + d;
  const a5 = a4 + d;
  const a6 = a5 + d;
  const a7 = a6 + d;
  const o0 = out[0];
  const o1 = out[1];
  const o2 = out[2];
  const o3 = out[3];
  const o4 = out[4];
  const o5 = out[5];
  const o6 = out[6];
  const o7 = out[7];
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let k = 0; k < d; k++) {
      const v = data[xo + k];
      s0 += v * dirs[a0 + k];
      s1 += v * dirs[a1 + k];
      s2 += v * dirs[a2 + k];
      s3 += v * dirs[a3 + k];
      s4 += v * dirs[a4 + k];
      s5 += v * dirs[a5 + k];
      s6 += v * dirs[a6 + k];
      s7 += v * dirs[a7 + k];
    }
    o0[i] = s0;
    o1[i] = s1;
    o2[i] = s2;
    o3[i] = s3;
    o4[i] = s4;
    o5[i] = s5;
    o6[i] = s6;
    o7[i] = s7;
  }
}

/** Kernel: projections of the n points of `data` on direction l, into `out`. */
function project1(n: number, d: number, data: Float64Array, dirs: Float64Array, l: number, out: Float64Array): void {
  const a = l * d;
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    let s = 0;
    for (let k = 0; k < d; k++) s += data[xo + k] * dirs[a + k];
    out[i] = s;
  }
}

/**
 * Kernel: for each of the L directions (row-major L×d in `dirs`), writes W_p^p between the projections of x and y
 * to perProjection[l] (p = 1 or 2). Trusts its input; allocates 16 scratch vectors once.
 */
export function slicedCostImpl(x: PointCloud, y: PointCloud, L: number, dirs: Float64Array, p: 1 | 2, perProjection: Float64Array): Float64Array {
  const { n, d } = x;
  const m = y.n;
  const px = Array.from({ length: 8 }, () => new Float64Array(n));
  const py = Array.from({ length: 8 }, () => new Float64Array(m));
  let l = 0;
  for (; l + 8 <= L; l += 8) {
    project8(n, d, x.data, dirs, l, px);
    project8(m, d, y.data, dirs, l, py);
    for (let b = 0; b < 8; b++) perProjection[l + b] = sortedCostImpl(n, px[b].sort(), m, py[b].sort(), p);
  }
  for (; l < L; l++) {
    project1(n, d, x.data, dirs, l, px[0]);
    project1(m, d, y.data, dirs, l, py[0]);
    perProjection[l] = sortedCostImpl(n, px[0].sort(), m, py[0].sort(), p);
  }
  return perProjection;
}

function resolveOptions(where: string, x: PointCloud, y: PointCloud, options: SlicedOptions): Float64Array {
  requireCloud(where, "x", x);
  requireCloud(where, "y", y);
  requireSameDimension(where, x, y);
  if (options === null || typeof options !== "object") invalid(where, "options", "an object", options);
  if (options.directions !== undefined) {
    if (options.projections !== undefined) {
      invalid(where, "options.projections", "omitted when options.directions is given", options.projections);
    }
    if (options.seed !== undefined) invalid(where, "options.seed", "omitted when options.directions is given", options.seed);
    return resolveDirections(where, options.directions, x.d);
  }
  const L = options.projections === undefined ? DEFAULT_PROJECTIONS : requireInteger(where, "options.projections", options.projections, 1);
  const seed = options.seed === undefined ? 0 : requireInteger(where, "options.seed", options.seed, 0);
  return randomDirections(L, x.d, seed);
}

/**
 * Sliced W2 between the uniform empirical measures of x and y (any sizes, same dimension), over the given
 * directions or L seeded random ones. Returns SW2 (`w2`, not squared, coordinate units) and the per-direction W2².
 */
export function slicedW2(x: PointCloud, y: PointCloud, options: SlicedOptions = {}): SlicedW2Result {
  const dirs = resolveOptions("slicedW2", x, y, options);
  const L = dirs.length / x.d;
  const per = slicedCostImpl(x, y, L, dirs, 2, new Float64Array(L));
  let s = 0;
  for (let l = 0; l < L; l++) s += per[l];
  const w2sq = s / L;
  return { w2: Math.sqrt(w2sq), w2_squared: w2sq, projections: L, per_projection_w2_squared: per };
}

/** Sliced W1 (mean over directions of the 1-D W1) between the uniform empirical measures of x and y. */
export function slicedW1(x: PointCloud, y: PointCloud, options: SlicedOptions = {}): SlicedW1Result {
  const dirs = resolveOptions("slicedW1", x, y, options);
  const L = dirs.length / x.d;
  const per = slicedCostImpl(x, y, L, dirs, 1, new Float64Array(L));
  let s = 0;
  for (let l = 0; l < L; l++) s += per[l];
  return { w1: s / L, projections: L, per_projection_w1: per };
}
