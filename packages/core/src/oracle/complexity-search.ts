/**
 * Iteration complexity with the exact oracle (DESIGN §6 `gnz-complexity`, §7 `scoresweep complexity`; golden
 * `iteration_complexity.json`): on an ascending grid of step counts K, the W2(K) curve of a point, and per
 * accuracy ε the fewest grid K with W2 ≤ ε (`steps`, golden `K_min`) and, optionally, the smallest grid K from
 * which W2 ≤ ε holds for every larger grid K too (`steps_stable`, golden `K_min_stable`). The two differ when
 * the curve is not monotone (e.g. VE at tiny K, or the δ-floor of W2 to p_0 at huge K).
 *
 * The curve is evaluated lazily and shared across ε: `steps` scans K upwards and stops once every ε is met;
 * `steps_stable` needs the whole curve.
 */
import { invalid } from "../errors.js";
import type { PointSpec } from "../spec.js";
import { exactAtSteps, type ExactResult } from "./exact-oracle.js";
import { resolveExactProblem, type ExactOptions, type ExactProblem } from "./exact-problem.js";

/** One ε of a complexity search. */
export interface ComplexityRow {
  /** The accuracy ε (W2 units). */
  eps: number;
  /** Fewest grid K with W2(K) ≤ ε, or null if no grid K reaches ε. */
  steps: number | null;
  /** W2 at `steps` (null with it). */
  w2: number | null;
  /** Only with `{ stable: true }`: smallest grid K with W2 ≤ ε there and at every larger grid K, or null. */
  steps_stable?: number | null;
}

/** Options of {@link complexitySearch}. */
export interface ComplexityOptions extends ExactOptions {
  /** Also compute `steps_stable` (evaluates the whole grid). Default false. */
  stable?: boolean;
}

/** Relative slack of the monotonicity rule (golden `monotone_rule`): an increase counts if w2[j] > w2[j−1]·(1 + 1e-9). */
export const MONOTONE_RELATIVE_SLACK = 1e-9;

/** A lazily evaluated W2(K) curve of one resolved point over an ascending grid. */
export class ExactCurve {
  private readonly cache: (ExactResult | undefined)[];
  constructor(
    readonly problem: ExactProblem,
    readonly grid: readonly number[],
  ) {
    this.cache = new Array(grid.length);
  }
  /** The exact result at grid index j (computed once). */
  at(j: number): ExactResult {
    let r = this.cache[j];
    if (r === undefined) {
      r = exactAtSteps(this.problem, this.grid[j]);
      this.cache[j] = r;
    }
    return r;
  }
  /** W2 at every grid K. */
  w2All(): number[] {
    return this.grid.map((_, j) => this.at(j).w2);
  }
}

function checkGrid(grid: readonly number[]): void {
  if (!Array.isArray(grid) || grid.length === 0) invalid("grid", "the step grid", "a non-empty array of integers >= 1", grid);
  for (let j = 0; j < grid.length; j++) {
    const K = grid[j];
    if (!Number.isInteger(K) || K < 1) invalid(`grid[${j}]`, "a step count", "an integer >= 1", K);
    if (j > 0 && K <= grid[j - 1]) invalid(`grid[${j}]`, "the step grid", `strictly increasing (after ${grid[j - 1]})`, K);
  }
}

function checkEps(epsList: readonly number[]): void {
  if (!Array.isArray(epsList) || epsList.length === 0) invalid("eps", "the accuracy list", "a non-empty array of numbers > 0", epsList);
  epsList.forEach((e, i) => {
    if (typeof e !== "number" || !Number.isFinite(e) || e <= 0) invalid(`eps[${i}]`, "an accuracy", "a finite number > 0", e);
  });
}

/** Builds the lazily evaluated curve of `point` (its `sampler.steps` is ignored) over the ascending `grid`. */
export function exactCurve(point: PointSpec, grid: readonly number[], opts: ExactOptions = {}): ExactCurve {
  checkGrid(grid);
  return new ExactCurve(resolveExactProblem(point, opts), grid);
}

/** Per-ε K_min (and optionally K_min_stable) on an already built curve. */
export function complexityOnCurve(curve: ExactCurve, epsList: readonly number[], opts: ComplexityOptions = {}): ComplexityRow[] {
  checkEps(epsList);
  const rows: ComplexityRow[] = epsList.map((eps) => ({ eps, steps: null, w2: null }));
  let open = rows.length;
  for (let j = 0; j < curve.grid.length && open > 0; j++) {
    const w2 = curve.at(j).w2;
    for (const row of rows) {
      if (row.steps === null && w2 <= row.eps) {
        row.steps = curve.grid[j];
        row.w2 = w2;
        open--;
      }
    }
  }
  if (opts.stable) {
    // Walk down from the largest K: the stable K is the last index of the trailing run with W2 ≤ ε.
    const w2 = curve.w2All();
    for (const row of rows) {
      let j = w2.length;
      while (j > 0 && w2[j - 1] <= row.eps) j--;
      row.steps_stable = j < w2.length ? curve.grid[j] : null;
    }
  }
  return rows;
}

/**
 * For each ε of `epsList`, the fewest K on the ascending integer `grid` with exact W2 ≤ ε (null if none).
 * Errors name `eps[i]` / `grid[j]` or the point's field.
 */
export function complexitySearch(
  point: PointSpec,
  epsList: readonly number[],
  grid: readonly number[],
  opts: ComplexityOptions = {},
): ComplexityRow[] {
  return complexityOnCurve(exactCurve(point, grid, opts), epsList, opts);
}

/** Shape of a W2 curve (golden `monotone_nonincreasing`, `first_increase_K`). */
export interface CurveShape {
  /** False iff some w2[j] > w2[j−1]·(1 + 1e-9). */
  monotone_nonincreasing: boolean;
  /** The first grid K where W2 increased, or null. */
  first_increase_K: number | null;
}

/** Monotonicity of a curve `w2` over `grid` by the golden rule (relative slack {@link MONOTONE_RELATIVE_SLACK}). */
export function curveShape(grid: readonly number[], w2: readonly number[]): CurveShape {
  for (let j = 1; j < w2.length; j++) {
    if (w2[j] > w2[j - 1] * (1 + MONOTONE_RELATIVE_SLACK)) return { monotone_nonincreasing: false, first_increase_K: grid[j] };
  }
  return { monotone_nonincreasing: true, first_increase_K: null };
}
