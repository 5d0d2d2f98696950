/**
 * Monte Carlo iteration-complexity search (DESIGN §8 `searches.complexity` for points whose estimator is not
 * `exact`): a pure, resumable decision procedure that says which step counts K of the grid to estimate next and
 * reports K*(ε) with its bracket for every ε of the list at once. It computes nothing itself: the campaign engine
 * estimates W2 at the requested K (with CIs) and feeds them back with {@link ComplexitySearch.record}.
 *
 * Premise: W2(K) decreases (roughly) in K, so for each ε the grid splits into "not reached" below K* and
 * "reached" from K* on. Each recorded estimate is classified per ε from its 95% CI [lo, hi] and the estimator's
 * noise floor f (the estimator's value between two independent samples of the target, issue 3; 0 if none):
 * - certainly reached: hi ≤ ε and f < ε;
 * - certainly not reached: lo > ε and lo > f (a diverged sampler counts as not reached, at infinite distance);
 * - floor: ε ≤ f and not the above — an estimate near or below the floor says only "W2 is within the estimator's
 *   noise of 0", which certifies no ε ≤ f (even a CI entirely below ε) and refutes none either (an estimator
 *   biased upward by f sits above ε whatever W2 is);
 * - straddle: otherwise (the CI contains ε), or a failed evaluation.
 * With f < ε the floor plays no part: the rules are the plain CI rules.
 *
 * For each ε, with hi = the smallest evaluated K certainly reached and lo = the largest evaluated K below hi
 * certainly not reached, K* = hi and the bracket is (lo, hi]. Evaluated K strictly between lo and hi are all
 * undecided (straddle or floor). The search narrows the bracket:
 * - while no K reaches ε, it gallops upwards from the largest evaluated K to the first grid K ≥ `factor` × that K
 *   (default 4; first the smallest grid K). Cost of one evaluation grows like K, and on a geometric grid the largest
 *   K costs as much as a fifth of the whole grid, so K far above K* are never evaluated (overshoot ≤ `factor`);
 *   `factor: Infinity` evaluates the grid ends first (plain bisection). It stops galloping when the largest
 *   evaluated K is "floor" for ε (the curve is already within noise of 0: larger K cannot certify ε either);
 * - it bisects (over grid indices, i.e. geometric means of K) the unevaluated part of the bracket below the
 *   lowest undecided K and above the highest one. Indices between two undecided K are not evaluated: on a
 *   decreasing curve with comparable CIs they are undecided too — the answer there is the bracket.
 * Every ε's request is computed independently; `next()` returns their union, so evaluations are shared across ε
 * and one round asks for one K per open bracket end (`splits` per segment if more parallelism is wanted).
 *
 * Determinism and resume: the state is only the set of recorded estimates (by grid K, the latest record of a K
 * wins), so `next()` and `result()` are pure functions of it, whatever the order of the `record` calls. A new
 * search replaying the known estimates from the database therefore asks for exactly what the old one would have.
 * Evaluations per ε: at most ⌈log_factor(K_max/K_min)⌉ + 1 while galloping, then ⌈log₂⌉ of the bracket's index
 * width at each of its two ends.
 */
import { invalid, requireFinite } from "@scoresweep/core";
import type { ComplexityResult, ComplexityStatus } from "./complexity-result.js";

/** One W2 estimate at a step count, as the aggregation reports it (W2 units). */
export interface ComplexityObservation {
  /** W2 estimate (mean over replicates); ignored unless `status` is `done`. */
  estimate: number | null;
  /** Lower end of the 95% CI (finite when `status` is `done`). */
  ciLow: number | null;
  /** Upper end of the 95% CI (finite, ≥ `ciLow`, when `status` is `done`). */
  ciHigh: number | null;
  /** The estimator's noise floor at this sample size (≥ 0; null/absent = 0, e.g. a noiseless curve). */
  noiseFloor?: number | null;
  /**
   * `done` (default), `diverged` (the sampler blew up: certainly not reached for every ε) or `failed` (no usable
   * estimate: undecided for every ε, the search works around it).
   */
  status?: "done" | "diverged" | "failed";
}

/** Options of {@link ComplexitySearch}. */
export interface ComplexitySearchOptions {
  /** Gallop factor (> 1, may be Infinity): next K ≥ factor × the largest evaluated K while none reaches ε. Default 4. */
  factor?: number;
  /** Interior K requested per open bracket segment and round (integer ≥ 1; 1 = bisection). Default 1. */
  splits?: number;
}

type Cls = "above" | "below" | "straddle" | "floor";

interface Obs {
  kind: "done" | "diverged" | "failed";
  estimate: number;
  lo: number;
  hi: number;
  floor: number;
}

interface Analysis {
  /** Grid index of K* (smallest evaluated certainly reached), or n. */
  hi: number;
  /** Grid index of the bracket's lower end, or -1. */
  lo: number;
  /** Evaluated indices strictly inside (lo, hi), ascending (all undecided). */
  inside: number[];
  /** Grid indices this ε needs next (unevaluated). */
  requests: number[];
  monotone: boolean;
  /** Class of the largest evaluated index (when hi = n), for the status. */
  topCls: Cls | null;
  top: number;
}

function classify(o: Obs, eps: number): Cls {
  if (o.kind === "diverged") return "above";
  if (o.kind === "failed") return "straddle";
  if (o.hi <= eps && o.floor < eps) return "below";
  if (o.lo > eps && o.lo > o.floor) return "above";
  return eps <= o.floor ? "floor" : "straddle";
}

/**
 * Resumable Monte Carlo search for K*(ε), ε in `epsList`, on the ascending integer step grid `grid` (see the file
 * comment for the rules). Usage: loop `next()` → estimate those K → `record(K, …)` until `done()`; then `result()`.
 */
export class ComplexitySearch {
  /** The accuracies ε (W2 units), as given. */
  readonly eps: readonly number[];
  /** The step grid (ascending integers). */
  readonly grid: readonly number[];
  private readonly factor: number;
  private readonly splits: number;
  private readonly indexOf = new Map<number, number>();
  private readonly obs: (Obs | undefined)[];

  constructor(epsList: readonly number[], grid: readonly number[], options: ComplexitySearchOptions = {}) {
    if (!Array.isArray(epsList) || epsList.length === 0) invalid("eps", "the accuracy list", "a non-empty array of numbers > 0", epsList);
    epsList.forEach((e, i) => {
      if (typeof e !== "number" || !Number.isFinite(e) || e <= 0) invalid(`eps[${i}]`, "an accuracy", "a finite number > 0", e);
    });
    if (!Array.isArray(grid) || grid.length === 0) invalid("grid", "the step grid", "a non-empty array of integers >= 1", grid);
    grid.forEach((K, j) => {
      if (!Number.isInteger(K) || K < 1) invalid(`grid[${j}]`, "a step count", "an integer >= 1", K);
      if (j > 0 && K <= grid[j - 1]) invalid(`grid[${j}]`, "the step grid", `strictly increasing (after ${grid[j - 1]})`, K);
      this.indexOf.set(K, j);
    });
    const factor = options.factor ?? 4;
    if (typeof factor !== "number" || Number.isNaN(factor) || factor <= 1) invalid("options.factor", "the gallop factor", "a number > 1 (Infinity allowed)", factor);
    const splits = options.splits ?? 1;
    if (!Number.isInteger(splits) || splits < 1) invalid("options.splits", "the points per segment", "an integer >= 1", splits);
    this.eps = [...epsList];
    this.grid = [...grid];
    this.factor = factor;
    this.splits = splits;
    this.obs = new Array(grid.length);
  }

  /**
   * Records the estimate at grid step count `K` (replacing an earlier record of `K`). Throws if `K` is not on the
   * grid or the observation is malformed (`record(K).ciLow: …`).
   */
  record(K: number, observation: ComplexityObservation): void {
    const j = this.indexOf.get(K);
    if (j === undefined) invalid("record.K", "a step count", `a value of the search grid (${this.grid[0]}..${this.grid[this.grid.length - 1]})`, K);
    const where = `record(${K})`;
    const o = observation as ComplexityObservation | undefined;
    if (o === null || typeof o !== "object") invalid(where, "the observation", "an object { estimate, ciLow, ciHigh }", o);
    const kind = o.status ?? "done";
    if (kind !== "done" && kind !== "diverged" && kind !== "failed") invalid(`${where}.status`, "the status", "done, diverged or failed", kind);
    if (kind !== "done") {
      this.obs[j] = { kind, estimate: NaN, lo: NaN, hi: NaN, floor: 0 };
      return;
    }
    const estimate = requireFinite(`${where}.estimate`, "the W2 estimate", o.estimate);
    const lo = requireFinite(`${where}.ciLow`, "the CI lower end (Monte Carlo searches need >= 2 replicates)", o.ciLow);
    const hi = requireFinite(`${where}.ciHigh`, "the CI upper end", o.ciHigh);
    if (hi < lo) invalid(`${where}.ciHigh`, "the CI upper end", `>= ciLow = ${lo}`, hi);
    const f = o.noiseFloor ?? 0;
    if (typeof f !== "number" || !Number.isFinite(f) || f < 0) invalid(`${where}.noiseFloor`, "the noise floor", "a finite number >= 0", f);
    this.obs[j] = { kind, estimate, lo, hi, floor: f };
  }

  /** True if an estimate at `K` has been recorded. */
  has(K: number): boolean {
    const j = this.indexOf.get(K);
    return j !== undefined && this.obs[j] !== undefined;
  }

  /**
   * The grid K whose estimates are needed and not yet recorded, ascending; empty iff `done()`. Idempotent: the same
   * records give the same list (the caller tracks which of them are already being computed).
   */
  next(): number[] {
    const need = new Set<number>();
    for (const eps of this.eps) for (const j of this.analyse(eps).requests) need.add(j);
    return [...need].sort((a, b) => a - b).map((j) => this.grid[j]);
  }

  /** True when no ε needs another estimate. */
  done(): boolean {
    return this.eps.every((eps) => this.analyse(eps).requests.length === 0);
  }

  /** Per ε (in the given order): K* with its bracket and status (`pending` while that ε still needs estimates). */
  result(): ComplexityResult[] {
    return this.eps.map((eps) => {
      const a = this.analyse(eps);
      const n = this.grid.length;
      let status: ComplexityStatus;
      if (a.requests.length > 0) status = "pending";
      else if (a.hi < n) status = a.inside.length === 0 ? "resolved" : "bracketed";
      else if (a.topCls === "floor") status = "floor_limited";
      else if (a.lo === n - 1) status = "unreached";
      else status = "undecided";
      return {
        eps,
        steps: a.hi < n ? this.grid[a.hi] : null,
        bracketLow: a.lo >= 0 ? this.grid[a.lo] : null,
        bracketHigh: a.hi < n ? this.grid[a.hi] : null,
        estimate: a.hi < n ? (this.obs[a.hi] as Obs).estimate : null,
        status,
        method: "mc_bisection",
        undecided: a.inside.map((j) => this.grid[j]),
        monotone: a.monotone,
      };
    });
  }

  private analyse(eps: number): Analysis {
    const n = this.grid.length;
    const evaluated: number[] = [];
    const cls: Cls[] = [];
    for (let j = 0; j < n; j++) {
      const o = this.obs[j];
      if (o !== undefined) {
        evaluated.push(j);
        cls.push(classify(o, eps));
      }
    }
    if (evaluated.length === 0) return { hi: n, lo: -1, inside: [], requests: [0], monotone: true, topCls: null, top: -1 };
    let hiPos = cls.indexOf("below");
    if (hiPos < 0) hiPos = evaluated.length;
    const hi = hiPos < evaluated.length ? evaluated[hiPos] : n;
    let loPos = -1;
    for (let p = 0; p < hiPos; p++) if (cls[p] === "above") loPos = p;
    const lo = loPos >= 0 ? evaluated[loPos] : -1;
    const inside = evaluated.slice(loPos + 1, hiPos);
    let monotone = true;
    for (let p = hiPos + 1; p < evaluated.length; p++) if (cls[p] === "above") monotone = false;

    const requests: number[] = [];
    const top = evaluated[evaluated.length - 1];
    const topCls = cls[cls.length - 1];
    if (inside.length === 0) {
      if (hi < n) this.split(lo, hi, requests);
    } else {
      this.split(lo, inside[0], requests);
      if (hi < n) this.split(inside[inside.length - 1], hi, requests);
    }
    if (hi === n && top < n - 1 && topCls !== "floor") requests.push(this.gallop(top));
    return { hi, lo, inside, requests, monotone, topCls: hi === n ? topCls : null, top };
  }

  /** Interior indices of the open index segment (a, b) to evaluate this round (none if it has no interior). */
  private split(a: number, b: number, out: number[]): void {
    const width = b - a;
    if (width <= 1) return;
    let last = a;
    for (let i = 1; i <= this.splits; i++) {
      const j = a + Math.floor((width * i) / (this.splits + 1));
      if (j > last && j < b) {
        out.push(j);
        last = j;
      }
    }
  }

  /** First grid index above `top` whose K is ≥ factor × K_top (the last index if none). */
  private gallop(top: number): number {
    const n = this.grid.length;
    const target = this.factor * this.grid[top];
    let j = top + 1;
    while (j < n - 1 && this.grid[j] < target) j++;
    return j;
  }
}
