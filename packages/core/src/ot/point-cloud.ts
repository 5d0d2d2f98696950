/**
 * Point clouds: the input of every optimal-transport estimator. A cloud of n points in R^d is stored row-major in
 * one Float64Array (point i is `data[i*d .. i*d+d-1]`), the layout of a sampler's particle block, so estimators read
 * particles without copying.
 */
import { describeValue, invalid } from "../errors.js";
import { invalidGot } from "./invalid-got.js";

/** n points in R^d, row-major (`data.length === n*d`), coordinates in the units of the data. */
export interface PointCloud {
  /** Number of points n. */
  readonly n: number;
  /** Dimension d ≥ 1. */
  readonly d: number;
  /** Coordinates, row-major n×d. */
  readonly data: Float64Array;
}

/**
 * Wraps row-major coordinates as a cloud of dimension `d` (no copy for a Float64Array). Checks only the shape;
 * estimators check emptiness and finiteness at their entry ({@link requireCloud}).
 */
export function pointCloud(data: Float64Array | ArrayLike<number>, d: number): PointCloud {
  if (!Number.isInteger(d) || d < 1) invalid("pointCloud", "d (the dimension)", "an integer >= 1", d);
  const arr = data instanceof Float64Array ? data : Float64Array.from(data);
  if (arr.length % d !== 0) invalid("pointCloud", "data.length", `a multiple of d = ${d}`, arr.length);
  return { n: arr.length / d, d, data: arr };
}

/**
 * Builds a cloud from rows (one array of d numbers per point; all rows the same length). Copies into a new
 * Float64Array. An empty list gives a cloud with n = 0 and d = 1 (rejected later by the estimators).
 */
export function pointCloudFromRows(rows: ArrayLike<ArrayLike<number>>, where = "pointCloudFromRows"): PointCloud {
  const n = rows.length;
  if (n === 0) return { n: 0, d: 1, data: new Float64Array(0) };
  const d = rows[0].length;
  if (d < 1) invalidGot(where, "row 0", "a non-empty array of coordinates", "an empty row");
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row.length !== d) invalidGot(where, `row ${i}`, `of length ${d} (the length of row 0)`, `length ${row.length}`);
    for (let k = 0; k < d; k++) data[i * d + k] = row[k];
  }
  return { n, d, data };
}

/**
 * Checks that `cloud` is a usable sample: a {@link PointCloud} with n ≥ 1 points, a consistent length and only
 * finite coordinates. Throws an InvalidParameterError naming `where` and `what` (e.g. "w2Estimate", "x"), the
 * offending point and coordinate.
 */
export function requireCloud(where: string, what: string, cloud: PointCloud): PointCloud {
  if (cloud === null || typeof cloud !== "object" || !(cloud.data instanceof Float64Array)) {
    invalid(where, what, "a point cloud {n, d, data: Float64Array}", cloud);
  }
  const { n, d, data } = cloud;
  if (!Number.isInteger(d) || d < 1) invalid(where, `${what}.d (the dimension)`, "an integer >= 1", d);
  if (!Number.isInteger(n) || n < 0 || data.length !== n * d) {
    invalid(where, `${what}.data.length`, `n*d = ${n}*${d}`, data.length);
  }
  if (n === 0) invalidGot(where, what, "a non-empty point cloud (at least one point)", "0 points");
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) {
      invalidGot(where, `${what} coordinates`, "finite numbers", `${describeValue(v)} at point ${Math.floor(i / d)}, coordinate ${i % d}`);
    }
  }
  return cloud;
}

/** Checks that two clouds live in the same R^d. */
export function requireSameDimension(where: string, x: PointCloud, y: PointCloud): void {
  if (x.d !== y.d) invalidGot(where, "x and y", "of the same dimension", `dimensions ${x.d} and ${y.d}`);
}

/**
 * Checks optional point weights: `n` finite numbers ≥ 0 with a positive sum. Returns them normalised to a
 * probability vector (a new Float64Array), or null when `weights` is undefined (uniform weights).
 */
export function normalizedWeights(where: string, what: string, weights: ArrayLike<number> | undefined, n: number): Float64Array | null {
  if (weights === undefined) return null;
  if (weights === null || typeof weights !== "object" || typeof weights.length !== "number") {
    invalid(where, what, `an array of ${n} weights`, weights);
  }
  if (weights.length !== n) invalidGot(where, what, `an array of ${n} weights (one per point)`, `length ${weights.length}`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) invalid(where, `${what}[${i}]`, "a finite number >= 0", w);
    sum += w;
  }
  if (!(sum > 0)) invalid(where, what, "weights with a positive sum", sum);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = weights[i] / sum;
  return out;
}
