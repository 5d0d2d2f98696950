// Test helper (also used by the sweep's aggregation tests): exact moment statistics of a point cloud.
import { comomentIndex, ExactSum, momentComponents, packExactSums, type ExactMomentStats } from "../../src/index.js";

/**
 * Exact moment statistics of n×d particles `x` in the shard layout, built with exact sums of the per-particle
 * products (independent of the kernels' block sums): grouping-invariant for any split, not only block-aligned ones.
 */
export function exactStatsOf(x: Float64Array, n: number, d: number, c: ArrayLike<number>, diagonalOnly = false): ExactMomentStats {
  const sums: ExactSum[] = [];
  for (let k = 0; k < momentComponents(d, diagonalOnly); k++) sums.push(new ExactSum());
  const z = new Float64Array(d);
  for (let p = 0; p < n; p++) {
    for (let i = 0; i < d; i++) {
      z[i] = x[p * d + i] - c[i];
      sums[i].add(z[i]);
    }
    if (diagonalOnly) {
      for (let i = 0; i < d; i++) sums[d + i].add(z[i] * z[i]);
    } else {
      for (let i = 0; i < d; i++) for (let j = i; j < d; j++) sums[comomentIndex(d, i, j)].add(z[i] * z[j]);
    }
  }
  const packed = packExactSums(sums);
  return { kind: "moments", n, dim: d, shift: Float64Array.from(c), diagonalOnly, sums: packed.sums as Float64Array<ArrayBuffer>, offsets: packed.offsets as Uint32Array<ArrayBuffer> };
}

