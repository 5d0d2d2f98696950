/**
 * Dense ground-cost matrices between two point clouds, row-major n×m in one Float64Array (8·n·m bytes: 32 MB
 * at n = m = 2000). Distances are summed from coordinate differences, not expanded as |x|² + |y|² − 2⟨x,y⟩:
 * the expansion cancels catastrophically for nearby points, and the exact OT goldens are checked to 1e-10.
 */
import type { PointCloud } from "./point-cloud.js";

/**
 * Kernel: out[i*m + j] = |x_i − y_j|^p for p = 2 (squared Euclidean, the W2 cost) or p = 1 (Euclidean, the W1
 * cost), in coordinate units to the power p. `out` must have length x.n·y.n; returns it.
 */
export function costMatrixImpl(x: PointCloud, y: PointCloud, p: 1 | 2, out: Float64Array): Float64Array {
  const { n, d } = x;
  const m = y.n;
  const xd = x.data;
  const yd = y.data;
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    const row = i * m;
    let j = 0;
    // Four columns at a time: each x coordinate is loaded once for four y points (about 1.5× faster in V8).
    for (; j + 3 < m; j += 4) {
      const y0 = j * d;
      const y1 = y0 + d;
      const y2 = y1 + d;
      const y3 = y2 + d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < d; k++) {
        const xk = xd[xo + k];
        const t0 = xk - yd[y0 + k];
        const t1 = xk - yd[y1 + k];
        const t2 = xk - yd[y2 + k];
        const t3 = xk - yd[y3 + k];
        s0 += t0 * t0;
        s1 += t1 * t1;
        s2 += t2 * t2;
        s3 += t3 * t3;
      }
      if (p === 2) {
        out[row + j] = s0;
        out[row + j + 1] = s1;
        out[row + j + 2] = s2;
        out[row + j + 3] = s3;
      } else {
        out[row + j] = Math.sqrt(s0);
        out[row + j + 1] = Math.sqrt(s1);
        out[row + j + 2] = Math.sqrt(s2);
        out[row + j + 3] = Math.sqrt(s3);
      }
    }
    for (; j < m; j++) {
      const yo = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = xd[xo + k] - yd[yo + k];
        s += t * t;
      }
      out[row + j] = p === 2 ? s : Math.sqrt(s);
    }
  }
  return out;
}
