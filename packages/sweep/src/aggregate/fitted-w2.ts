/**
 * W2 between a fitted Gaussian (`moment-sums.ts`) and the target's Gaussian (`resolveTargetLaw` of
 * `@scoresweep/core`), closed form (papers.md §5.5): per coordinate when both are diagonal —
 * Σ (m̂_i − m_i)² + (ŝ_i − s_i)², no trace cancellation — and the Bures formula (`gaussianW2Full`) otherwise.
 */
import { gaussianW2Diag, gaussianW2Full, gaussianW2Workspace, type GaussianData, type GaussianW2Workspace } from "@scoresweep/core";
import type { FittedGaussian } from "./moment-sums.js";

/** W2 of a fit to a Gaussian, with its two squared parts (data units, data units²). */
export interface FittedW2 {
  /** W2 (not squared), data units. */
  w2: number;
  /** |m̂ − m|², data units². */
  meanPart: number;
  /** Spread part of W2² (Σ (ŝ_i − s_i)² or the Bures term), data units². */
  spreadPart: number;
}

/** The d×d diagonal matrix diag(variance) (row-major). */
function diagonalMatrix(d: number, variance: ArrayLike<number>): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) out[i * d + i] = variance[i];
  return out;
}

/**
 * W2(N(fit.mean, fit covariance), target) — `ws` (order d) is reused across calls when given. Deterministic:
 * fixed-order arithmetic only.
 */
export function fittedW2(fit: FittedGaussian, target: GaussianData, ws?: GaussianW2Workspace): FittedW2 {
  const d = fit.dim;
  if (fit.cov === null && target.std !== null) {
    const std = fit.variance.map((v) => Math.sqrt(v));
    const r = gaussianW2Diag(d, fit.mean, std, target.mean, target.std);
    return { w2: r.w2, meanPart: r.meanPart, spreadPart: r.stdPart };
  }
  const fcov = fit.cov ?? diagonalMatrix(d, fit.variance);
  const tcov = target.cov ?? diagonalMatrix(d, (target.std as Float64Array).map((s) => s * s));
  const r = gaussianW2Full(d, fit.mean, fcov, target.mean, tcov, ws ?? gaussianW2Workspace(d));
  return { w2: r.w2, meanPart: r.meanPart, spreadPart: r.covPart };
}
