/**
 * The general Ornstein–Uhlenbeck forward process, GNZ row VP-0 (papers.md §5.1): f = α, g = σ (constants),
 * a_t = e^{−αt}, b_t² = σ²(1 − e^{−2αt})/(2α) = −σ² expm1(−2αt)/(2α). Variance preserving exactly when σ² = 2α
 * (checked to a relative 1e-12, so decimal inputs such as α = 0.5, σ = 1 qualify).
 */
import type { Schedule } from "./schedule.js";

/** `ou` schedule with drift rate `alpha` (1/time) and diffusion `sigma`. */
export class OuSchedule implements Schedule {
  readonly family = "ou";
  readonly variancePreserving: boolean;
  private readonly sigma2: number;
  constructor(
    readonly T: number,
    readonly params: Readonly<Record<string, number>>,
    private readonly alpha: number,
    sigma: number,
  ) {
    this.sigma2 = sigma * sigma;
    this.variancePreserving = Math.abs(this.sigma2 - 2 * alpha) <= 1e-12 * 2 * alpha;
  }
  f(): number {
    return this.alpha;
  }
  g2(): number {
    return this.sigma2;
  }
  a(t: number): number {
    return Math.exp(-this.alpha * t);
  }
  b2(t: number): number {
    return (-this.sigma2 * Math.expm1(-2 * this.alpha * t)) / (2 * this.alpha);
  }
  intF(lo: number, hi: number): number {
    return this.alpha * (hi - lo);
  }
  intG2(lo: number, hi: number): number {
    return this.sigma2 * (hi - lo);
  }
}
