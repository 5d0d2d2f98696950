/**
 * Variance-preserving schedules (papers.md §5.1): f = β/2, g² = β, a_t = exp(−B(t)/2), b_t² = 1 − a_t² =
 * −expm1(−B(t)) with B(t) = ∫_0^t β. Each family supplies β, B and a cancellation-free B(hi) − B(lo), from
 * which intF = (B(hi) − B(lo))/2 and intG2 = B(hi) − B(lo) (golden `step_integrals_closed_form`).
 */
import type { Schedule } from "./schedule.js";
import { powerDifference } from "./power-difference.js";

/** The noise rate of a VP schedule: β(t), B(t) = ∫_0^t β and ΔB = ∫_lo^hi β (all in closed form). */
export interface VpRate {
  /** β(t) (1/time). */
  beta(t: number): number;
  /** B(t) = ∫_0^t β(s) ds. */
  B(t: number): number;
  /** ∫_lo^hi β(s) ds for lo ≤ hi, without subtracting two B values. */
  dB(lo: number, hi: number): number;
}

/** A VP schedule from its rate β. */
export class VpSchedule implements Schedule {
  readonly variancePreserving = true;
  constructor(
    readonly family: string,
    readonly T: number,
    readonly params: Readonly<Record<string, number>>,
    private readonly rate: VpRate,
  ) {}
  f(t: number): number {
    return 0.5 * this.rate.beta(t);
  }
  g2(t: number): number {
    return this.rate.beta(t);
  }
  a(t: number): number {
    return Math.exp(-0.5 * this.rate.B(t));
  }
  b2(t: number): number {
    return -Math.expm1(-this.rate.B(t));
  }
  intF(lo: number, hi: number): number {
    return 0.5 * this.rate.dB(lo, hi);
  }
  intG2(lo: number, hi: number): number {
    return this.rate.dB(lo, hi);
  }
}

/** `vp_constant`: β = c, B = c·t. */
export function vpConstantRate(c: number): VpRate {
  return { beta: () => c, B: (t) => c * t, dB: (lo, hi) => c * (hi - lo) };
}

/** `vp_linear`: β = β_min + (β_max − β_min)·t, B = β_min t + (β_max − β_min) t²/2. */
export function vpLinearRate(betaMin: number, betaMax: number): VpRate {
  const slope = betaMax - betaMin;
  return {
    beta: (t) => betaMin + slope * t,
    B: (t) => betaMin * t + 0.5 * slope * t * t,
    // ∫_lo^hi β = (hi − lo)·β((hi + lo)/2): exact for a linear β, no cancellation.
    dB: (lo, hi) => (hi - lo) * (betaMin + 0.5 * slope * (hi + lo)),
  };
}

/**
 * `vp_polynomial`: β = (p + q t)^ρ with p = β_min^{1/ρ}, q = β_max^{1/ρ} − p;
 * B = ((p + qt)^{ρ+1} − p^{ρ+1})/(q(ρ+1)) = p^{ρ+1} expm1((ρ+1) log1p(qt/p))/(q(ρ+1)).
 */
export function vpPolynomialRate(betaMin: number, betaMax: number, rho: number): VpRate {
  const p = Math.pow(betaMin, 1 / rho);
  const q = Math.pow(betaMax, 1 / rho) - p;
  const e = rho + 1;
  return {
    beta: (t) => Math.pow(p + q * t, rho),
    B: (t) => powerDifference(p, q * t, e) / (q * e),
    dB: (lo, hi) => powerDifference(p + q * lo, q * (hi - lo), e) / (q * e),
  };
}

/** `vp_exponential`: β = β_min·(β_max/β_min)^t = β_min e^{Lt}, L = ln(β_max/β_min); B = β_min expm1(Lt)/L. */
export function vpExponentialRate(betaMin: number, betaMax: number): VpRate {
  const L = Math.log(betaMax / betaMin);
  return {
    beta: (t) => betaMin * Math.exp(L * t),
    B: (t) => (betaMin * Math.expm1(L * t)) / L,
    dB: (lo, hi) => (betaMin * Math.exp(L * lo) * Math.expm1(L * (hi - lo))) / L,
  };
}
