/**
 * The `noise` score-error model (DESIGN §1: "random field of given L2 size, frozen per seed"). Design:
 *
 *     ŝ(x, t) = s(x, t) + e(t),   e(t) = size · z(t)/|z(t)|,   z(t) = Σ_{m<M} g_m P_m(2t/T − 1)/(m + 1),
 *
 * with g_0..g_{M−1} iid N(0, I_d) vectors drawn once from a seeded stream (mode m = particle m, normals at
 * positions 0..d−1), P_m the Legendre polynomials and M = {@link NOISE_ERROR_MODES}. So the error is
 *
 * - of L2 size exactly `size` under every law at every time: |e(t)| = size pointwise, which is the quantity
 *   GNZ's score-error tolerance M bounds (papers.md §1(c): ‖∇log p_t − s_θ‖_{L2(p_t)} ≤ M at the grid times);
 * - constant in x and identical for every particle, so for Gaussian data the iterate law stays Gaussian and
 *   the exact oracle can include it as a per-step bias δ_k = e(t_k) (see {@link noiseErrorTable});
 * - a smooth, random direction in time, frozen by its seed: runs with K and 2K steps see the same function
 *   e(t), only sampled at different times, and every replicate sees the same field (it is part of the
 *   score model, not of the Monte Carlo noise);
 * - cheap: O(M·d) per evaluation time, independent of the number of particles;
 * - bit-reproducible: Legendre recursion and normalisation use only +, −, ×, ÷, √.
 *
 * In d = 1 the direction is sign(z(t)), which flips at the (at most M − 1) roots of z on [0, T]; a zero
 * z(t) (probability 0) gives the first coordinate axis. An x-dependent field (e.g. random Fourier features)
 * was rejected: its L2 size depends on the law it is measured under, which changes along the trajectory.
 */
import { deriveKey, RNG_DOMAIN, streamKey, type StreamKey } from "../rng/stream-key.js";
import { fillNormals } from "../rng/fill-normals.js";

/** Number M of Legendre modes of the time profile z(t). */
export const NOISE_ERROR_MODES = 8;

/** A frozen `noise` score-error field e(t) (see the module comment). */
export interface NoiseErrorField {
  /** |e(t)| for every t (score units). */
  readonly size: number;
  /** Dimension d. */
  readonly dim: number;
  /** Horizon T: the time profile lives on [0, T]. */
  readonly T: number;
  /** Mode vectors g_m/(m + 1), mode-major (length M·d). */
  readonly modes: Float64Array;
}

/**
 * The stream key of the field: from its own `seed` when given (`score.error.seed`: the same field for every
 * point and campaign with that seed), otherwise derived from the point's key (frozen per point and campaign
 * seed, shared by all replicates).
 */
export function noiseErrorKey(seed: number | null, pointKey: StreamKey): StreamKey {
  return seed === null ? deriveKey(pointKey, RNG_DOMAIN.scoreErrorNoise) : streamKey(seed, "", RNG_DOMAIN.scoreErrorNoise);
}

/** Builds the field of L2 size `size` in dimension `dim` on [0, T] from the stream `key`. Trusts its input. */
export function noiseErrorField(size: number, dim: number, T: number, key: StreamKey): NoiseErrorField {
  const modes = new Float64Array(NOISE_ERROR_MODES * dim);
  for (let m = 0; m < NOISE_ERROR_MODES; m++) {
    fillNormals(key, 0, m, 0, dim, modes, m * dim);
    const w = 1 / (m + 1);
    for (let i = 0; i < dim; i++) modes[m * dim + i] *= w;
  }
  return { size, dim, T, modes };
}

/** Writes e(t) (length d) into `out` for a time t in [0, T]. Allocates nothing. Returns `out`. */
export function noiseErrorAt(field: NoiseErrorField, t: number, out: Float64Array, offset = 0): Float64Array {
  const { dim: d, modes } = field;
  const tau = (2 * t) / field.T - 1;
  for (let i = 0; i < d; i++) out[offset + i] = modes[i];
  // Legendre recursion (m + 1) P_{m+1} = (2m + 1) τ P_m − m P_{m−1}.
  let pPrev = 1;
  let pCur = tau;
  for (let m = 1; m < NOISE_ERROR_MODES; m++) {
    for (let i = 0; i < d; i++) out[offset + i] += pCur * modes[m * d + i];
    const pNext = ((2 * m + 1) * tau * pCur - m * pPrev) / (m + 1);
    pPrev = pCur;
    pCur = pNext;
  }
  let n2 = 0;
  for (let i = 0; i < d; i++) n2 += out[offset + i] * out[offset + i];
  if (n2 > 0) {
    // size·(z_i/|z|): exact ±size in d = 1, and |e| within a few ulp of size otherwise.
    const norm = Math.sqrt(n2);
    for (let i = 0; i < d; i++) out[offset + i] = field.size * (out[offset + i] / norm);
  } else {
    for (let i = 0; i < d; i++) out[offset + i] = 0;
    out[offset] = field.size;
  }
  return out;
}

/**
 * Tabulates e(t_k) for every time of `times` into `out` (row k = e(times[k]), length times.length·d): the
 * per-step bias δ_k an exact oracle needs to include this error for Gaussian data. Returns `out`.
 */
export function noiseErrorTable(field: NoiseErrorField, times: Float64Array, out: Float64Array): Float64Array {
  for (let k = 0; k < times.length; k++) noiseErrorAt(field, times[k], out, k * field.dim);
  return out;
}

/** Adds the vector e (length d) to every row of `out` (n×d): applies an x-independent error. Returns `out`. */
export function addRowVector(n: number, d: number, e: Float64Array, out: Float64Array): Float64Array {
  for (let p = 0; p < n; p++) {
    const row = p * d;
    for (let i = 0; i < d; i++) out[row + i] += e[i];
  }
  return out;
}
