/** Test helpers for the OT estimators: reproducible Gaussian clouds and golden-case conversion. */
import { expect } from "vitest";
import { fillNormals, pointCloudFromRows, streamKey, type PointCloud } from "../../src/index.js";

/** n points of N(shift, scale² I_d), reproducible from (seed, tag); row-major n×d. */
export function normalCloud(n: number, d: number, seed: number, tag = "cloud", scale = 1, shift = 0): PointCloud {
  const data = new Float64Array(n * d);
  const key = streamKey(seed, "ot-test", tag);
  for (let i = 0; i < n; i++) fillNormals(key, 0, i, 0, d, data, i * d);
  for (let k = 0; k < n * d; k++) data[k] = shift + scale * data[k];
  return { n, d, data };
}

/** A golden case's point array (rows of numbers) as a cloud. */
export function cloudOf(rows: number[][]): PointCloud {
  return pointCloudFromRows(rows);
}

/** The cloud translated by the vector c. */
export function translate(x: PointCloud, c: ArrayLike<number>): PointCloud {
  const data = x.data.slice();
  for (let i = 0; i < x.n; i++) for (let k = 0; k < x.d; k++) data[i * x.d + k] += c[k];
  return { n: x.n, d: x.d, data };
}

/** Each point of x repeated `times` times (consecutively). */
export function repeatPoints(x: PointCloud, times: number): PointCloud {
  const data = new Float64Array(x.n * times * x.d);
  for (let i = 0; i < x.n; i++) for (let r = 0; r < times; r++) data.set(x.data.subarray(i * x.d, (i + 1) * x.d), (i * times + r) * x.d);
  return { n: x.n * times, d: x.d, data };
}

/** Runs `fn` and returns the error it throws (fails the test if it returns normally). */
export function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error & { code?: string };
  }
  expect.fail("expected an error to be thrown");
}
