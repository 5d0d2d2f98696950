/**
 * Exponents of K*(ε, d) ≈ C·d^{p_d}·(1/ε)^{p_ε}: least squares on logs over the cells in the asymptotic regime,
 * jointly in both variables when both vary, else in the one that does.
 */
import { fitPowerLawMulti, type FittedExponent } from "../fit/power-law-fit.js";

/** One measured K* (null: no K on the grid reached ε). */
export interface ComplexityCell {
  dim: number;
  eps: number;
  steps: number | null;
}

/** Result of {@link fitComplexityExponents}. */
export interface ComplexityExponents {
  d: FittedExponent | null;
  invEps: FittedExponent | null;
  /** Cells fitted (reached, K* ≥ the threshold). */
  used: number;
  /** Cells with a K* at all. */
  reached: number;
  total: number;
}

/**
 * Fits the exponents on cells with K* ≥ `minSteps`. The threshold keeps the fit in the regime where the sampler's
 * first-order error expansion holds (W2 = √d·(C·η + O(η²)), η = T/K): at a few steps the O(η²) term bends the curve.
 */
export function fitComplexityExponents(cells: readonly ComplexityCell[], minSteps: number): ComplexityExponents {
  const used = cells.filter((c) => c.steps !== null && c.steps >= minSteps);
  const reached = cells.filter((c) => c.steps !== null).length;
  const varies = (f: (c: ComplexityCell) => number) => new Set(used.map(f)).size > 1;
  const dVaries = varies((c) => c.dim);
  const eVaries = varies((c) => c.eps);
  const regs: ((c: ComplexityCell) => number)[] = [];
  if (dVaries) regs.push((c) => c.dim);
  if (eVaries) regs.push((c) => 1 / c.eps);
  const fit = regs.length > 0 ? fitPowerLawMulti(used.map((c) => regs.map((r) => r(c))), used.map((c) => c.steps!)) : null;
  return {
    d: fit && dVaries ? fit.exponents[0]! : null,
    invEps: fit && eVaries ? fit.exponents[dVaries ? 1 : 0]! : null,
    used: fit ? fit.n : 0,
    reached,
    total: cells.length,
  };
}
