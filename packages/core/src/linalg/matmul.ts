/**
 * Dense matrix products over row-major Float64Array, as kernels that write into `out` and allocate nothing.
 * Explicit shapes instead of stdlib-style strides/offsets: every caller in scoresweep holds whole, contiguous
 * row-major matrices, so strides would only add parameters. `out` must not alias an input.
 * Loop orders keep the innermost loop on contiguous memory (i-k-j for A·B, k-i-j for AᵀB, row dots for ABᵀ).
 */

/** out (m×p) = A (m×k) · B (k×p). Returns `out`. */
export function matmul(m: number, k: number, p: number, a: Float64Array, b: Float64Array, out: Float64Array): Float64Array {
  out.fill(0, 0, m * p);
  for (let i = 0; i < m; i++) {
    const ri = i * k;
    const ro = i * p;
    for (let l = 0; l < k; l++) {
      const x = a[ri + l];
      if (x === 0) continue;
      const rb = l * p;
      for (let j = 0; j < p; j++) out[ro + j] += x * b[rb + j];
    }
  }
  return out;
}

/** out (m×p) = Aᵀ · B for A (k×m) and B (k×p) (the "transpose-multiply" Uᵀ·X). Returns `out`. */
export function matmulTransA(m: number, k: number, p: number, a: Float64Array, b: Float64Array, out: Float64Array): Float64Array {
  out.fill(0, 0, m * p);
  for (let l = 0; l < k; l++) {
    const ra = l * m;
    const rb = l * p;
    for (let i = 0; i < m; i++) {
      const x = a[ra + i];
      if (x === 0) continue;
      const ro = i * p;
      for (let j = 0; j < p; j++) out[ro + j] += x * b[rb + j];
    }
  }
  return out;
}

/** out (m×p) = A · Bᵀ for A (m×k) and B (p×k). Returns `out`. */
export function matmulTransB(m: number, k: number, p: number, a: Float64Array, b: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < m; i++) {
    const ra = i * k;
    for (let j = 0; j < p; j++) {
      const rb = j * k;
      let s = 0;
      for (let l = 0; l < k; l++) s += a[ra + l] * b[rb + l];
      out[i * p + j] = s;
    }
  }
  return out;
}

/** out (length m) = A (m×k) · x. Returns `out`. */
export function matvec(m: number, k: number, a: Float64Array, x: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < m; i++) {
    const ri = i * k;
    let s = 0;
    for (let l = 0; l < k; l++) s += a[ri + l] * x[l];
    out[i] = s;
  }
  return out;
}

/** out (length m) = Aᵀ · x for A (k×m): coordinates of x in the orthonormal basis formed by A's columns. Returns `out`. */
export function matvecTransA(m: number, k: number, a: Float64Array, x: ArrayLike<number>, out: Float64Array): Float64Array {
  out.fill(0, 0, m);
  for (let l = 0; l < k; l++) {
    const xl = x[l];
    if (xl === 0) continue;
    const ra = l * m;
    for (let i = 0; i < m; i++) out[i] += a[ra + i] * xl;
  }
  return out;
}
