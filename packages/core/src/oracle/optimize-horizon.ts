/**
 * Horizon optimisation for iteration complexity (DESIGN §6 `gnz-complexity`: "T optimised over a grid"): the
 * horizon T trades the initialisation error (which falls with T) against the discretisation error at a fixed K
 * (which grows with T). For each T of `Tgrid` the point is re-resolved with `sde.T = T` — `sampler.prior_var`,
 * if the point sets it, is kept, otherwise its default (1 for VP, b_T² otherwise) follows T — and its K*(ε) is
 * searched on `grid`.
 */
import { invalid } from "../errors.js";
import type { PointSpec } from "../spec.js";
import { complexitySearch } from "./complexity-search.js";

/** Result of {@link optimizeHorizon}. */
export interface HorizonChoice {
  /** The T with the fewest steps (ties: the smaller T), or null if no T reaches ε on the grid. */
  T: number | null;
  /** K*(ε) at that T, or null. */
  steps: number | null;
  /** K*(ε) for every T of the grid (in the given order). */
  perT: { T: number; steps: number | null }[];
}

/** The horizon T of `Tgrid` minimising the fewest grid K with exact W2 ≤ `eps`. Errors name `Tgrid[i]`. */
export function optimizeHorizon(point: PointSpec, eps: number, grid: readonly number[], Tgrid: readonly number[]): HorizonChoice {
  if (!Array.isArray(Tgrid) || Tgrid.length === 0) invalid("Tgrid", "the horizon grid", "a non-empty array of numbers > 0", Tgrid);
  Tgrid.forEach((T, i) => {
    if (typeof T !== "number" || !Number.isFinite(T) || T <= 0) invalid(`Tgrid[${i}]`, "a horizon", "a finite number > 0", T);
  });
  const perT = Tgrid.map((T) => ({
    T,
    steps: complexitySearch({ ...point, sde: { ...point.sde, T } }, [eps], grid)[0].steps,
  }));
  let best: { T: number; steps: number | null } = { T: NaN, steps: null };
  for (const r of perT) {
    if (r.steps === null) continue;
    if (best.steps === null || r.steps < best.steps || (r.steps === best.steps && r.T < best.T)) best = r;
  }
  return best.steps === null ? { T: null, steps: null, perT } : { T: best.T, steps: best.steps, perT };
}
