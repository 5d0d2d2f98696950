/**
 * Reassembles a symmetric matrix from an eigendecomposition: out = V diag(w) Vᵀ, i.e.
 * out_ij = Σ_k V_ik w_k V_jk. Used for matrix functions (√A, A^{-1}) and to rotate a law computed in an
 * eigenbasis back to the original coordinates (papers.md §5.4: cov(y_K) = U diag(v_K) Uᵀ).
 */

/**
 * Kernel: out (n×n, row-major) = V diag(w) Vᵀ for V row-major n×n (columns = basis vectors) and w of
 * length n. Computes the upper triangle as scaled row dot products and mirrors it, so the result is exactly
 * symmetric. `scratch` (length ≥ n) holds one scaled row; `out` must not alias `vectors`. Cost n³ flops.
 * Returns `out`.
 */
export function eigenCompose(
  n: number,
  vectors: Float64Array,
  w: ArrayLike<number>,
  out: Float64Array,
  scratch: Float64Array,
): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < n; k++) scratch[k] = vectors[ri + k] * w[k];
    for (let j = i; j < n; j++) {
      const rj = j * n;
      let s = 0;
      for (let k = 0; k < n; k++) s += scratch[k] * vectors[rj + k];
      out[ri + j] = s;
      out[rj + i] = s;
    }
  }
  return out;
}
