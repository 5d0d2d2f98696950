/**
 * The reverse-time grid shared by every sampler and by the exact oracle (golden `conventions.time_grid`):
 * η = (T − δ)/K and t_k = T − k·η for k = 0..K, each computed directly as `T - k*eta` (never by repeated
 * subtraction, so t_k carries one rounding, not k). Step k maps y_k (time t_k) to y_{k+1} (time t_{k+1});
 * the output y_K lives at the early-stopping time t_K ≈ δ.
 */

/** The uniform grid of one sampler run: step size `eta` (time units) and the K+1 times `t` (descending). */
export interface TimeGrid {
  /** Number of steps K (≥ 1). */
  readonly K: number;
  /** Horizon T: the start time of the reverse process. */
  readonly T: number;
  /** Early-stopping time δ: the (nominal) end time of the reverse process, 0 < δ < T. */
  readonly delta: number;
  /** Step size η = (T − δ)/K. */
  readonly eta: number;
  /** t[k] = T − k·η for k = 0..K (length K+1, descending; t[0] = T, t[K] ≈ δ). */
  readonly t: Float64Array;
}

/**
 * Builds the grid t_k = T − k·(T − δ)/K, k = 0..K. Trusts its input (validated by the public entry points):
 * K a positive integer, 0 < δ < T finite.
 */
export function timeGrid(T: number, delta: number, K: number): TimeGrid {
  const eta = (T - delta) / K;
  const t = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) t[k] = T - k * eta;
  return { K, T, delta, eta, t };
}
