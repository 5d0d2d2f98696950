/**
 * Iteration-complexity search with the exact oracle (DESIGN §8 `searches.complexity` for Gaussian data with
 * `metric.estimator: exact`): a thin adapter over core's {@link complexitySearch}, which scans the grid upwards,
 * evaluates the closed-form W2(K) lazily and stops once every ε is met — so only the K it needs are computed.
 * K_min there is the first grid K with W2 ≤ ε, hence every smaller grid K has W2 > ε and the bracket is exact.
 */
import { complexitySearch, type ExactOptions, type PointSpec } from "@scoresweep/core";
import type { ComplexityResult } from "./complexity-result.js";

/** True when a point's complexity search uses the exact oracle (estimator `exact`) rather than Monte Carlo. */
export function usesExactOracle(point: PointSpec): boolean {
  return point.metric.estimator === "exact";
}

/**
 * K*(ε) for each ε of `epsList` (W2 units) on the ascending step `grid` with the exact oracle (`point`'s own
 * `sampler.steps` is ignored). `status` is `resolved` (bracketLow = the grid K before K*, null at the first grid
 * K) or `unreached` (steps null, bracketLow = the largest grid K). Errors name `eps[i]`, `grid[j]` or the point's
 * field (core's validation).
 */
export function exactComplexity(
  point: PointSpec,
  epsList: readonly number[],
  grid: readonly number[],
  opts: ExactOptions = {},
): ComplexityResult[] {
  return complexitySearch(point, epsList, grid, opts).map((row) => {
    const j = row.steps === null ? grid.length : grid.indexOf(row.steps);
    return {
      eps: row.eps,
      steps: row.steps,
      bracketLow: j > 0 ? grid[j - 1] : null,
      bracketHigh: row.steps,
      estimate: row.w2,
      status: row.steps === null ? "unreached" : "resolved",
      method: "exact_oracle",
      undecided: [],
      monotone: true,
    };
  });
}
