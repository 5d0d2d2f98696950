/**
 * Per-step coefficients of the reverse-time samplers (papers.md §5.3; golden `exact_iterate_schemes.json`
 * `conventions`). Every scheme evaluates the score at the left (larger) time t_k of step k and, except
 * `pf_ode_heun`, has the linear form
 *
 *     y_{k+1} = A_k y_k + B_k ŝ(y_k, t_k) + C_k ξ_k,   ξ_k ~ N(0, I) iid,
 *
 * stored as `drift[k] = A_k`, `scoreGain[k] = B_k`, `noiseStd[k] = C_k` (`noiseVar[k] = C_k²`, computed
 * without a square root so the exact oracle loses nothing):
 *
 * - `em_point` (score_sde Euler–Maruyama): A = 1 + η f(t_k), B = η g²(t_k), C = √(η g²(t_k)).
 * - `em_integral` (GNZ eq. (2.8)-style, integrated coefficients): A = 1 + F_k, B = G_k, C = √G_k, with
 *   F_k = ∫_{t_{k+1}}^{t_k} f and G_k = ∫_{t_{k+1}}^{t_k} g² from the schedule's closed forms.
 * - `exponential` (VP only, g² = 2f): A = e^{F_k}, B = 2(e^{F_k} − 1), C² = e^{2F_k} − 1 (both via expm1).
 * - `pf_ode_heun`: Heun's method (explicit trapezoid) for the probability-flow ODE, written in reverse time
 *   τ (t = T − τ) as dy/dτ = D(y, t) := f(t) y + ½ g²(t) s(y, t), on the same grid, deterministic given y_0:
 *
 *       ỹ_k     = y_k + η D(y_k, t_k)                       (Euler predictor to t_{k+1})
 *       y_{k+1} = y_k + ½ η [D(y_k, t_k) + D(ỹ_k, t_{k+1})]  (trapezoidal corrector)
 *               = ½ y_k + ½ [A'_k ỹ_k + B'_k ŝ(ỹ_k, t_{k+1})],
 *
 *   with the predictor in the linear form above (A_k = 1 + η f(t_k), B_k = ½ η g²(t_k), C_k = 0) and the
 *   corrector coefficients A'_k = `correctorDrift[k]` = 1 + η f(t_{k+1}), B'_k = `correctorScoreGain[k]` =
 *   ½ η g²(t_{k+1}). The corrector is applied on every step, including the last (t_K = δ > 0, where the
 *   score is finite). Point evaluations of f and g² are used (as em_point does).
 */
import { invalid, requireInteger, UnknownVariantError, UnsupportedError } from "../errors.js";
import type { SamplerSpec } from "../spec.js";
import type { Schedule } from "../schedule/schedule.js";
import { timeGrid } from "./time-grid.js";

/** A reverse-time sampling scheme (DESIGN §1 `sampler.scheme`). */
export type SamplerScheme = SamplerSpec["scheme"];

/** Every scheme, in documentation order. */
export const SAMPLER_SCHEMES: readonly SamplerScheme[] = ["em_point", "em_integral", "exponential", "pf_ode_heun"];

/** Coefficients of all K steps of one scheme on one grid (see the module comment for the update rules). */
export interface StepCoefficients {
  /** The scheme these coefficients implement. */
  readonly scheme: SamplerScheme;
  /** Number of steps K. */
  readonly K: number;
  /** Horizon T. */
  readonly T: number;
  /** Early-stopping time δ. */
  readonly delta: number;
  /** Step size η = (T − δ)/K (time units). */
  readonly eta: number;
  /** Grid times t_k = T − k·η, k = 0..K (length K+1). */
  readonly t: Float64Array;
  /** A_k, multiplier of y_k (length K); for `pf_ode_heun` the predictor's. */
  readonly drift: Float64Array;
  /** B_k, multiplier of ŝ(y_k, t_k) (length K); for `pf_ode_heun` the predictor's. */
  readonly scoreGain: Float64Array;
  /** C_k, multiplier of the standard normal ξ_k (length K; zeros for `pf_ode_heun`). */
  readonly noiseStd: Float64Array;
  /** C_k², the variance the step injects (length K). */
  readonly noiseVar: Float64Array;
  /** `pf_ode_heun` only: A'_k = 1 + η f(t_{k+1}); null for the linear schemes. */
  readonly correctorDrift: Float64Array | null;
  /** `pf_ode_heun` only: B'_k = ½ η g²(t_{k+1}); null for the linear schemes. */
  readonly correctorScoreGain: Float64Array | null;
}

/**
 * Computes the coefficients of every step of `scheme` on the grid t_k = T − k(T − δ)/K of `schedule`.
 * Validates K (`sampler.steps`: integer ≥ 1), δ (`sampler.delta`: 0 < δ < T) and the scheme name; the
 * `exponential` scheme needs a variance-preserving schedule (g² = 2f), otherwise {@link UnsupportedError}.
 */
export function stepCoefficients(schedule: Schedule, scheme: SamplerScheme, K: number, delta: number): StepCoefficients {
  requireInteger("sampler.steps", "the number of steps", K, 1);
  if (typeof delta !== "number" || !Number.isFinite(delta) || delta <= 0 || delta >= schedule.T) {
    invalid("sampler.delta", "the early-stopping time", `a number in (0, T) = (0, ${schedule.T})`, delta);
  }
  if (!SAMPLER_SCHEMES.includes(scheme)) {
    throw new UnknownVariantError(
      `sampler.scheme: scheme must be one of ${SAMPLER_SCHEMES.join(", ")}; got ${JSON.stringify(scheme)}`,
    );
  }
  if (scheme === "exponential" && !schedule.variancePreserving) {
    throw new UnsupportedError(
      `sampler.scheme: the exponential integrator needs a variance-preserving SDE (g² = 2f); family ${schedule.family} is not`,
    );
  }
  return stepCoefficientsImpl(schedule, scheme, K, delta);
}

/** {@link stepCoefficients} without validation (inner use: inputs already checked). */
export function stepCoefficientsImpl(schedule: Schedule, scheme: SamplerScheme, K: number, delta: number): StepCoefficients {
  const { eta, t } = timeGrid(schedule.T, delta, K);
  const drift = new Float64Array(K);
  const scoreGain = new Float64Array(K);
  const noiseStd = new Float64Array(K);
  const noiseVar = new Float64Array(K);
  let correctorDrift: Float64Array | null = null;
  let correctorScoreGain: Float64Array | null = null;
  switch (scheme) {
    case "em_point":
      for (let k = 0; k < K; k++) {
        const G = eta * schedule.g2(t[k]);
        drift[k] = 1 + eta * schedule.f(t[k]);
        scoreGain[k] = G;
        noiseVar[k] = G;
        noiseStd[k] = Math.sqrt(G);
      }
      break;
    case "em_integral":
      for (let k = 0; k < K; k++) {
        const G = schedule.intG2(t[k + 1], t[k]);
        drift[k] = 1 + schedule.intF(t[k + 1], t[k]);
        scoreGain[k] = G;
        noiseVar[k] = G;
        noiseStd[k] = Math.sqrt(G);
      }
      break;
    case "exponential":
      for (let k = 0; k < K; k++) {
        const F = schedule.intF(t[k + 1], t[k]);
        const em1 = Math.expm1(F);
        const v = Math.expm1(2 * F);
        drift[k] = 1 + em1;
        scoreGain[k] = 2 * em1;
        noiseVar[k] = v;
        noiseStd[k] = Math.sqrt(v);
      }
      break;
    case "pf_ode_heun":
      correctorDrift = new Float64Array(K);
      correctorScoreGain = new Float64Array(K);
      for (let k = 0; k < K; k++) {
        drift[k] = 1 + eta * schedule.f(t[k]);
        scoreGain[k] = 0.5 * eta * schedule.g2(t[k]);
        correctorDrift[k] = 1 + eta * schedule.f(t[k + 1]);
        correctorScoreGain[k] = 0.5 * eta * schedule.g2(t[k + 1]);
      }
      break;
  }
  return { scheme, K, T: schedule.T, delta, eta, t, drift, scoreGain, noiseStd, noiseVar, correctorDrift, correctorScoreGain };
}
