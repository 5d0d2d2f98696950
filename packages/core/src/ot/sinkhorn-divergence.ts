/**
 * Entropic optimal transport and the debiased Sinkhorn divergence (Genevay, Peyré & Cuturi, AISTATS 2018;
 * Feydy et al., AISTATS 2019), in POT's convention (golden estimators.json):
 *
 *     OT_ε(x, y) = Σ_ij P_ij C_ij   with P the entropic plan  argmin_P ⟨P, C⟩ − ε H(P)   (no entropy term),
 *     S_ε(x, y)  = OT_ε(x, y) − ½ OT_ε(x, x) − ½ OT_ε(y, y),
 *
 * C_ij = |x_i − y_j|² and ε = `reg` in the units of C (squared coordinate units). S_ε → W2² as ε → 0; the
 * reported W2 proxy is √max(S_ε, 0).
 *
 * Numerics: see {@link entropicCostImpl} (log-domain potentials with absorption, adaptive over-relaxation) and
 * {@link entropicSelfCostImpl} (averaged symmetric updates for the two debiasing terms). Defaults: stopThr 1e-9
 * (POT's), at most 10 000 iterations; a problem that stops at the cap reports `converged: false`.
 */
import { ScoresweepError, invalid, requireInteger, requirePositive } from "../errors.js";
import { costMatrixImpl } from "./cost-matrix.js";
import { entropicCostImpl, entropicSelfCostImpl, type EntropicCostResult } from "./entropic-ot.js";
import { requireCloud, requireSameDimension, type PointCloud } from "./point-cloud.js";

export type { EntropicCostResult } from "./entropic-ot.js";

/** Default stopping threshold on the 2-norm of the marginal violation (POT's default). */
export const DEFAULT_SINKHORN_STOP = 1e-9;
/** Default iteration cap. */
export const DEFAULT_SINKHORN_MAX_ITER = 10_000;

/** Options of {@link sinkhornDivergence} and {@link entropicTransportCost}. */
export interface SinkhornOptions {
  /** Entropic regularisation ε > 0, in the units of the cost (squared coordinate units). */
  reg: number;
  /** Stop when the marginal violation ‖P1 − a‖² + ‖Pᵀ1 − b‖² is below stopThr² (default {@link DEFAULT_SINKHORN_STOP}). */
  stopThr?: number;
  /** Iteration cap (default {@link DEFAULT_SINKHORN_MAX_ITER}); reaching it sets `converged: false`. */
  maxIter?: number;
}

/** Result of {@link sinkhornDivergence}. */
export interface SinkhornDivergenceResult {
  /** √max(S_ε, 0): the W2 proxy (coordinate units). */
  readonly w2: number;
  /** The debiased divergence S_ε (squared coordinate units; may be slightly negative from convergence error). */
  readonly sinkhorn_divergence: number;
  /** OT_ε(x, y), OT_ε(x, x), OT_ε(y, y) (squared coordinate units). */
  readonly loss_xy: number;
  readonly loss_xx: number;
  readonly loss_yy: number;
  /** ε used. */
  readonly reg: number;
  /** Iterations of the three problems (xy, xx, yy). */
  readonly iterations: readonly [number, number, number];
  /** All three problems converged. */
  readonly converged: boolean;
}

function resolveSinkhorn(where: string, options: SinkhornOptions): { reg: number; stopThr: number; maxIter: number } {
  if (options === null || typeof options !== "object") invalid(where, "options", "an object with reg", options);
  const reg = requirePositive(where, "options.reg", options.reg);
  const stopThr = options.stopThr === undefined ? DEFAULT_SINKHORN_STOP : requirePositive(where, "options.stopThr", options.stopThr);
  const maxIter = options.maxIter === undefined ? DEFAULT_SINKHORN_MAX_ITER : requireInteger(where, "options.maxIter", options.maxIter, 1);
  return { reg, stopThr, maxIter };
}

function entropic(x: PointCloud, y: PointCloud, o: { reg: number; stopThr: number; maxIter: number }): EntropicCostResult {
  const C = costMatrixImpl(x, y, 2, new Float64Array(x.n * y.n));
  const a = new Float64Array(x.n).fill(1 / x.n);
  const r =
    x === y
      ? entropicSelfCostImpl(x.n, a, C, o.reg, o.stopThr, o.maxIter)
      : entropicCostImpl(x.n, y.n, a, new Float64Array(y.n).fill(1 / y.n), C, o.reg, o.stopThr, o.maxIter);
  if (!Number.isFinite(r.cost)) {
    throw new ScoresweepError("E_NUMERICAL", `sinkhorn: the entropic transport cost must be finite; got ${r.cost} (reg ${o.reg})`);
  }
  return r;
}

/**
 * ⟨P_ε, C⟩ for uniform weights on x and y and C = squared distances: the cost of the entropic plan (not including
 * the entropy term), squared coordinate units. Passing the same cloud object twice selects the symmetric solver.
 */
export function entropicTransportCost(x: PointCloud, y: PointCloud, options: SinkhornOptions): EntropicCostResult {
  const where = "entropicTransportCost";
  requireCloud(where, "x", x);
  requireCloud(where, "y", y);
  requireSameDimension(where, x, y);
  return entropic(x, y, resolveSinkhorn(where, options));
}

/**
 * Debiased Sinkhorn divergence S_ε(x, y) = OT_ε(x, y) − ½OT_ε(x, x) − ½OT_ε(y, y) between the uniform empirical
 * measures of x and y (any sizes), and the W2 proxy √max(S_ε, 0) as `w2`.
 */
export function sinkhornDivergence(x: PointCloud, y: PointCloud, options: SinkhornOptions): SinkhornDivergenceResult {
  const where = "sinkhornDivergence";
  requireCloud(where, "x", x);
  requireCloud(where, "y", y);
  requireSameDimension(where, x, y);
  const o = resolveSinkhorn(where, options);
  const xy = entropic(x, y, o);
  const xx = entropic(x, x, o);
  const yy = entropic(y, y, o);
  const s = xy.cost - 0.5 * (xx.cost + yy.cost);
  return {
    w2: Math.sqrt(Math.max(s, 0)),
    sinkhorn_divergence: s,
    loss_xy: xy.cost,
    loss_xx: xx.cost,
    loss_yy: yy.cost,
    reg: o.reg,
    iterations: [xy.iterations, xx.iterations, yy.iterations],
    converged: xy.converged && xx.converged && yy.converged,
  };
}
