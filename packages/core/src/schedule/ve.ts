/**
 * Variance-exploding schedules (f = 0, a_t = 1, b_t² = ∫_0^t g²; papers.md §5.1). Each family supplies g²(t)
 * and a cancellation-free ∫_lo^hi g², from which b_t² = ∫_0^t g². The σ-defined families (Song's VE and the
 * GNZ experiment variants) have b_t² = σ²(t) − σ²(0); the GNZ table rows VE-1..VE-4 are defined through g.
 */
import type { Schedule } from "./schedule.js";
import { powerDifference } from "./power-difference.js";

/** The diffusion of a VE schedule: g²(t) and ∫_lo^hi g² in closed form. */
export interface VeDiffusion {
  /** g(t)². */
  g2(t: number): number;
  /** ∫_lo^hi g(s)² ds for lo ≤ hi, without subtracting two b² values. */
  intG2(lo: number, hi: number): number;
}

/** A VE schedule from its diffusion. */
export class VeSchedule implements Schedule {
  readonly variancePreserving = false;
  constructor(
    readonly family: string,
    readonly T: number,
    readonly params: Readonly<Record<string, number>>,
    private readonly diffusion: VeDiffusion,
  ) {}
  f(): number {
    return 0;
  }
  g2(t: number): number {
    return this.diffusion.g2(t);
  }
  a(): number {
    return 1;
  }
  b2(t: number): number {
    return this.diffusion.intG2(0, t);
  }
  intF(): number {
    return 0;
  }
  intG2(lo: number, hi: number): number {
    return this.diffusion.intG2(lo, hi);
  }
}

/** `ve` (Song's VE): σ(t) = σ_min r^t, r = σ_max/σ_min; g² = σ_min² r^{2t}·2 ln r; ∫ = σ_min² r^{2lo} expm1(2(hi − lo) ln r). */
export function veSongDiffusion(sigmaMin: number, sigmaMax: number): VeDiffusion {
  const lnr = Math.log(sigmaMax / sigmaMin);
  const s2 = sigmaMin * sigmaMin;
  return {
    g2: (t) => s2 * Math.exp(2 * t * lnr) * 2 * lnr,
    intG2: (lo, hi) => s2 * Math.exp(2 * lo * lnr) * Math.expm1(2 * (hi - lo) * lnr),
  };
}

/** `ve_linear_var`: σ²(t) = σ_min² + c·t, c = σ_max² − σ_min²; g² = c. */
export function veLinearVarDiffusion(sigmaMin: number, sigmaMax: number): VeDiffusion {
  const c = (sigmaMax - sigmaMin) * (sigmaMax + sigmaMin);
  return { g2: () => c, intG2: (lo, hi) => c * (hi - lo) };
}

/** `ve_quadratic_var`: σ²(t) = σ_min² + c·t², c = σ_max² − σ_min²; g² = 2ct; ∫ = c(hi − lo)(hi + lo). */
export function veQuadraticVarDiffusion(sigmaMin: number, sigmaMax: number): VeDiffusion {
  const c = (sigmaMax - sigmaMin) * (sigmaMax + sigmaMin);
  return { g2: (t) => 2 * c * t, intG2: (lo, hi) => c * (hi - lo) * (hi + lo) };
}

/**
 * `ve_polynomial`: σ(t) = (p + qt)^ρ, p = σ_min^{1/ρ}, q = σ_max^{1/ρ} − p; g² = dσ²/dt = 2ρq(p + qt)^{2ρ−1};
 * ∫_lo^hi g² = (p + q hi)^{2ρ} − (p + q lo)^{2ρ}.
 */
export function vePolynomialDiffusion(sigmaMin: number, sigmaMax: number, rho: number): VeDiffusion {
  const p = Math.pow(sigmaMin, 1 / rho);
  const q = Math.pow(sigmaMax, 1 / rho) - p;
  return {
    g2: (t) => 2 * rho * q * Math.pow(p + q * t, 2 * rho - 1),
    intG2: (lo, hi) => powerDifference(p + q * lo, q * (hi - lo), 2 * rho),
  };
}

/** `ve_exp` (GNZ VE-1): g = a e^{bt}; ∫_lo^hi g² = a² e^{2b lo} expm1(2b(hi − lo))/(2b). */
export function veExpDiffusion(a: number, b: number): VeDiffusion {
  const a2 = a * a;
  return {
    g2: (t) => a2 * Math.exp(2 * b * t),
    intG2: (lo, hi) => (a2 * Math.exp(2 * b * lo) * Math.expm1(2 * b * (hi - lo))) / (2 * b),
  };
}

/** `ve_const` (GNZ VE-2): g = a; ∫ = a²(hi − lo). */
export function veConstDiffusion(a: number): VeDiffusion {
  const a2 = a * a;
  return { g2: () => a2, intG2: (lo, hi) => a2 * (hi - lo) };
}

/** `ve_sqrt` (GNZ VE-3): g = √(2at); g² = 2at; ∫ = a(hi − lo)(hi + lo). */
export function veSqrtDiffusion(a: number): VeDiffusion {
  return { g2: (t) => 2 * a * t, intG2: (lo, hi) => a * (hi - lo) * (hi + lo) };
}

/** `ve_power` (GNZ VE-4): g = (b + at)^c; ∫_lo^hi g² = ((b + a hi)^{2c+1} − (b + a lo)^{2c+1})/(a(2c + 1)). */
export function vePowerDiffusion(a: number, b: number, c: number): VeDiffusion {
  const e = 2 * c + 1;
  return {
    g2: (t) => Math.pow(b + a * t, 2 * c),
    intG2: (lo, hi) => powerDifference(b + a * lo, a * (hi - lo), e) / (a * e),
  };
}
