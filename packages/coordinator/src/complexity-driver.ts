/**
 * Drives one Monte Carlo iteration-complexity search inside a campaign run (DESIGN §8 `searches.complexity` for a
 * point without `sampler.steps` whose estimator is not `exact`): it turns the requests of sweep's
 * {@link ComplexitySearch} into *derived points* (the searched point with `sampler.steps = K`), which the campaign
 * computes like any other point (shards, aggregate, precision), and feeds their final aggregates back.
 *
 * Rounds. The search is advanced in synchronous rounds: a round is the list `next()` returns; the next round is asked
 * for only once every K of the current one is recorded. `next()` is a pure function of the recorded set, so the K
 * evaluated — hence the derived points, the database and the export — never depend on which result arrived first,
 * and a resumed run, replaying the aggregates already in the database round by round, asks for exactly the K the
 * interrupted run asked for (none is recomputed). Within a round all K run in parallel.
 */
import { invalid } from "@scoresweep/core";
import { ComplexitySearch, parsePoint, pointId, withPath, type ComplexityObservation, type ComplexitySearchOptions, type ExpandedPoint } from "@scoresweep/sweep";
import type { ComplexityRecord } from "@scoresweep/store";

/** Method name stored with Monte Carlo complexity rows. */
export const MC_COMPLEXITY_METHOD = "mc_bisection";

/** Options of {@link ComplexityDriver}. */
export interface ComplexityDriverOptions {
  /** The searched point (no `sampler.steps`). */
  point: ExpandedPoint;
  /** The accuracies ε (W2 units). */
  eps: readonly number[];
  /** The ascending step grid. */
  grid: readonly number[];
  /**
   * Ordinal of the derived point at grid index 0; grid index j gets `firstOrdinal + j`. Deterministic (a function of
   * the spec), so a resumed run registers the same ordinals.
   */
  firstOrdinal: number;
  /** Passed to {@link ComplexitySearch}. */
  search?: ComplexitySearchOptions;
}

/** One Monte Carlo complexity search of a campaign, advanced in rounds (see the module comment). */
export class ComplexityDriver {
  /** The searched point. */
  readonly point: ExpandedPoint;
  private readonly search: ComplexitySearch;
  private readonly grid: readonly number[];
  private readonly firstOrdinal: number;
  /** K of the current round not recorded yet. */
  private readonly waiting = new Set<number>();
  private readonly derived = new Map<number, ExpandedPoint>();
  private started = false;

  constructor(options: ComplexityDriverOptions) {
    this.point = options.point;
    this.grid = [...options.grid];
    this.firstOrdinal = options.firstOrdinal;
    this.search = new ComplexitySearch(options.eps, options.grid, options.search);
  }

  /** The derived point of grid step count `K`: the searched point with `sampler.steps = K` (validated, with its id). */
  derivedPoint(K: number): ExpandedPoint {
    let p = this.derived.get(K);
    if (p === undefined) {
      const j = this.grid.indexOf(K);
      if (j < 0) invalid("derivedPoint.K", "a step count", "a value of the search grid", K);
      const point = parsePoint(withPath(this.point.point, "sampler.steps", K), `spec point #${this.point.ordinal} with sampler.steps = ${K}`);
      p = { ordinal: this.firstOrdinal + j, id: pointId(point), point, axes: { ...this.point.axes, "sampler.steps": K } };
      this.derived.set(K, p);
    }
    return p;
  }

  /** Starts the search: the derived points of the first round (call once). */
  start(): ExpandedPoint[] {
    if (this.started) throw new Error(`complexity search of point ${this.point.id}: start() called twice`);
    this.started = true;
    return this.nextRound();
  }

  /**
   * Records the final aggregate of the derived point of `K` (a K of the current round; others are ignored, e.g. a
   * spec point that happens to equal a derived point of an earlier round). Returns the derived points of the next
   * round when this record completes the round, else [].
   */
  record(K: number, observation: ComplexityObservation): ExpandedPoint[] {
    if (!this.waiting.has(K)) return [];
    this.search.record(K, observation);
    this.waiting.delete(K);
    return this.waiting.size === 0 ? this.nextRound() : [];
  }

  /** True once the search needs no more estimates. */
  done(): boolean {
    return this.started && this.waiting.size === 0 && this.search.done();
  }

  /** How many derived points have been asked for so far. */
  get derivedCount(): number {
    return this.derived.size;
  }

  /** The complexity rows (one per ε) of a finished search, for `upsertComplexity`. */
  rows(campaignId: string): ComplexityRecord[] {
    return this.search.result().map((r) => ({
      campaignId,
      pointId: this.point.id,
      eps: r.eps,
      steps: r.steps,
      bracketLow: r.bracketLow,
      bracketHigh: r.bracketHigh,
      method: MC_COMPLEXITY_METHOD,
      status: r.status,
    }));
  }

  private nextRound(): ExpandedPoint[] {
    const ks = this.search.next();
    for (const K of ks) this.waiting.add(K);
    return ks.map((K) => this.derivedPoint(K));
  }
}
