import { makeSchedule, resolveGaussianData, resolveScoreError, ScoresweepError, invalid } from "@scoresweep/core";
import type { PointSpec } from "@scoresweep/core";
import { checkMonteCarloPoint } from "./aggregate/aggregate-monte-carlo.js";

/**
 * Checks the numeric domains of a structurally valid point with core's own factories, so each family's and each law's
 * rules live in one place, and — for a Monte Carlo point (estimator not `exact`) — that its result can be aggregated
 * (the aggregation's own {@link checkMonteCarloPoint}: e.g. `sorted_1d` needs d = 1, `sinkhorn` needs `metric.reg`), so
 * `run`, `simulate` and a cluster submission reject such a point before anything is written or computed. Core errors
 * already name the field (`sde.beta_min: ...`); when `where` is not the plain `point`, it is put in front so a bad
 * point in a list is found.
 */
export function checkPointDomains(point: PointSpec, where: string): void {
  try {
    const schedule = makeSchedule(point.sde);
    const dim = point.data.kind === "gaussian" ? resolveGaussianData(point.data).dim : gmmDim(point);
    if (point.score.error) resolveScoreError(point.score.error, dim);
    const delta = point.sampler.delta;
    if (delta !== undefined && !(delta > 0 && delta < schedule.T)) {
      invalid("sampler.delta", "the early-stopping time", `a number in (0, T) = (0, ${schedule.T})`, delta);
    }
    if (point.metric.estimator !== "exact") checkMonteCarloPoint(point);
  } catch (error) {
    if (where !== "point" && error instanceof ScoresweepError) {
      throw new ScoresweepError(error.code, `${where}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function gmmDim(point: PointSpec): number {
  const data = point.data as { means: number[][]; dim?: number };
  return data.dim ?? data.means[0]!.length;
}
