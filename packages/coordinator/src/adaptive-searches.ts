/**
 * The adaptive part of a campaign run (DESIGN §8 `searches`): what happens when a point's shards are all in.
 *
 * `settle(p)` aggregates the point (or reuses a current aggregate from the database at start-up), asks the precision
 * search whether to add replicates (then registers their shards and hands them to the runner to publish), and
 * otherwise declares the point *final* and feeds it to the Monte Carlo complexity searches watching it, whose next
 * rounds become new derived points ({@link ComplexityDriver}). A finished search writes one complexity row per ε.
 *
 * Settling is queued and drained in order rather than recursed into, so a resume — where a whole chain of rounds may
 * already be in the database — replays round after round in one synchronous pass without recomputing anything.
 *
 * Resume without extra state: everything is derived from the spec and the database's shard rows and aggregates.
 * - A stored aggregate is *current* (covers every committed replicate) unless its `n` is below the point's replicate
 *   count from the spec, or the precision search asks for replicates whose shards are already committed (a crash
 *   between the last commit of a round and the aggregate): then it is recomputed.
 * - Derived points and their shards are registered insert-or-ignore with deterministic ordinals and ids.
 */
import { InvalidParameterError } from "@scoresweep/core";
import {
  canonicalJson,
  parseGridSpec,
  usesExactOracle,
  type ComplexityObservation,
  type ExpandedPoint,
  type PointAggregateValue,
} from "@scoresweep/sweep";
import type { PointAggregate, ResultStore, ShardRecord } from "@scoresweep/store";
import { replicatesOf, shardsOf, type CampaignPlan } from "./campaign-plan.js";
import { ComplexityDriver } from "./complexity-driver.js";
import { precisionShards, type SettledAggregate } from "./precision-driver.js";

/** What the runner provides to {@link AdaptiveSearches}. */
export interface AdaptiveHooks {
  /** Aggregates a point from its committed shards (a failed point if `failed`), stores and returns the aggregate. */
  aggregate(p: ExpandedPoint, failed: boolean): PointAggregateValue;
  /**
   * Tracks `p` (it may be new to the runner) and queues its open `shards` for publication; `registered` of them are
   * rows new in the database (for the progress totals).
   */
  enqueue(p: ExpandedPoint, shards: ShardRecord[], registered: number): void;
}

/** The Monte Carlo searched points of a plan (no `sampler.steps`, estimator not `exact`). */
function monteCarloSearched(plan: CampaignPlan): ExpandedPoint[] {
  return plan.searched.filter((p) => !usesExactOracle(p.point));
}

/**
 * Checks, before anything is written, that the plan's adaptive searches can run: a parseable complexity grid, and for
 * every Monte Carlo searched point at least 2 replicates (bisection decides on 95% CIs, which need two) unless
 * `searches.precision` is set (it brings every point to 2 or more). That the estimator can aggregate the point is
 * already checked for every spec point by `expandSpec` (sweep's point validation runs `checkMonteCarloPoint`).
 */
export function checkAdaptiveSearches(plan: CampaignPlan): void {
  const complexity = plan.spec.searches.complexity;
  if (!complexity) return;
  parseGridSpec(complexity.grid, "spec.searches.complexity.grid");
  for (const p of monteCarloSearched(plan)) {
    const where = `spec point #${p.ordinal}`;
    const replicates = replicatesOf(plan.spec, p.point);
    if (replicates < 2 && !plan.spec.searches.precision) {
      throw new InvalidParameterError(
        `${where}: replicates must be >= 2 for a Monte Carlo complexity search (its bisection decides on 95% confidence intervals), or set searches.precision; got ${replicates}`,
      );
    }
  }
}

function settledFromValue(v: PointAggregateValue): SettledAggregate {
  const reps = v.extra.replicates;
  return { status: v.status, n: v.n, estimate: v.estimate, ciLow: v.ciLow, ciHigh: v.ciHigh, noiseFloor: v.noiseFloor, replicates: Array.isArray(reps) ? (reps as (number | null)[]) : null };
}

function settledFromRecord(a: PointAggregate): SettledAggregate {
  const extra = a.extraJson ? (JSON.parse(a.extraJson) as Record<string, unknown>) : {};
  const reps = extra.replicates;
  return { status: a.status, n: a.n, estimate: a.estimate, ciLow: a.ciLow, ciHigh: a.ciHigh, noiseFloor: a.noiseFloor, replicates: Array.isArray(reps) ? (reps as (number | null)[]) : null };
}

/** A final aggregate as a complexity observation. */
function observation(a: SettledAggregate): ComplexityObservation {
  const status = a.status === "done" || a.status === "diverged" ? a.status : "failed";
  return { estimate: a.estimate, ciLow: a.ciLow, ciHigh: a.ciHigh, noiseFloor: a.noiseFloor, status };
}

interface SettleTask {
  p: ExpandedPoint;
  failed: boolean;
  /** The point's shards just completed in this run: aggregate afresh (else a current stored aggregate is reused). */
  fresh: boolean;
}

/** Precision and Monte Carlo complexity searches of one campaign run (see the module comment). */
export class AdaptiveSearches {
  private readonly plan: CampaignPlan;
  private readonly store: ResultStore;
  private readonly hooks: AdaptiveHooks;
  private readonly drivers: ComplexityDriver[] = [];
  /** Point id → the drivers (and their K) waiting for that point to be final. */
  private readonly watchers = new Map<string, { driver: ComplexityDriver; K: number }[]>();
  /** Points the runner tracks (spec runnable points and derived points ensured so far). */
  private readonly known = new Set<string>();
  /** Final observations of points settled in this run (for a driver asking for a point that is already final). */
  private readonly finals = new Map<string, ComplexityObservation>();
  /** Open shards of not-yet-tracked points found in the database at start-up (derived points of a stopped run). */
  private deferred = new Map<string, ShardRecord[]>();
  private readonly queue: SettleTask[] = [];
  private draining = false;
  private readonly written = new Set<ComplexityDriver>();

  constructor(plan: CampaignPlan, store: ResultStore, hooks: AdaptiveHooks) {
    this.plan = plan;
    this.store = store;
    this.hooks = hooks;
    for (const p of plan.runnable) this.known.add(p.id);
    const complexity = plan.spec.searches.complexity;
    if (complexity) {
      const grid = parseGridSpec(complexity.grid, "spec.searches.complexity.grid");
      // Derived ordinals follow the spec's points: searched point s (in expansion order) owns a block of grid.length.
      monteCarloSearched(plan).forEach((point, s) => {
        this.drivers.push(new ComplexityDriver({ point, eps: complexity.eps, grid, firstOrdinal: plan.points.length + s * grid.length }));
      });
    }
  }

  /** Derived points asked for so far (for progress totals). */
  get derivedPoints(): number {
    let n = 0;
    for (const d of this.drivers) n += d.derivedCount;
    return n;
  }

  /** Monte Carlo complexity searches not finished yet. */
  get openSearches(): number {
    return this.drivers.filter((d) => !d.done()).length;
  }

  /**
   * Starts the complexity searches (after the spec points without open shards were settled): `deferred` are the
   * database's open shards of points the runner does not know — the derived points of an interrupted run, picked up
   * when the replay reaches them.
   */
  start(deferred: readonly ShardRecord[]): void {
    for (const s of deferred) {
      let list = this.deferred.get(s.pointId);
      if (!list) this.deferred.set(s.pointId, (list = []));
      list.push(s);
    }
    for (const d of this.drivers) this.ensureAll(d, d.start());
    this.writeFinished();
    this.drain();
  }

  /**
   * A point's shards are all final (`fresh`: they just completed in this run; otherwise at start-up): aggregate,
   * then precision, then the complexity searches (queued; runs now unless already draining).
   */
  settle(p: ExpandedPoint, failed: boolean, fresh: boolean): void {
    this.queue.push({ p, failed, fresh });
    this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let task = this.queue.shift(); task !== undefined; task = this.queue.shift()) this.settleNow(task);
    } finally {
      this.draining = false;
    }
  }

  private settleNow({ p, failed, fresh }: SettleTask): void {
    const { plan, store } = this;
    let agg: SettledAggregate | null = null;
    if (!fresh && !failed) {
      const stored = store.getAggregate(plan.campaignId, p.id);
      if (stored && stored.status !== "failed" && (usesExactOracle(p.point) || stored.n >= replicatesOf(plan.spec, p.point))) agg = settledFromRecord(stored);
    }
    agg ??= settledFromValue(this.hooks.aggregate(p, failed));

    const more = precisionShards(plan.campaignId, plan.spec, p, agg);
    if (more.length > 0) {
      const registered = store.registerShards(more.map((s) => ({ ...s, campaignId: plan.campaignId })));
      const open = this.openRecords(more.map((s) => s.shardId));
      if (open.length > 0) {
        this.hooks.enqueue(p, open, registered);
        return;
      }
      if (!fresh) {
        // Those replicates are already committed: the stored aggregate predates them (a crash between the last
        // commit of a precision round and its aggregate). Aggregate again and decide again.
        this.queue.push({ p, failed: false, fresh: true });
        return;
      }
      // A fresh aggregate covers every committed replicate, so this cannot happen with contiguous replicates; stop
      // rather than loop.
    }

    const obs = observation(agg);
    this.finals.set(p.id, obs);
    const waiting = this.watchers.get(p.id);
    if (waiting) {
      this.watchers.delete(p.id);
      for (const { driver, K } of waiting) this.ensureAll(driver, driver.record(K, obs));
      this.writeFinished();
    }
  }

  /** Shard records of these ids that still need computing (not done or diverged). */
  private openRecords(ids: readonly string[]): ShardRecord[] {
    const out: ShardRecord[] = [];
    for (const id of ids) {
      const s = this.store.getShard(id);
      if (s && s.status !== "done" && s.status !== "diverged") out.push(s);
    }
    return out;
  }

  /** Makes the derived points of a round exist (registered, tracked, queued or settled) and watched by `driver`. */
  private ensureAll(driver: ComplexityDriver, points: readonly ExpandedPoint[]): void {
    for (const p of points) this.ensure(driver, p);
  }

  private ensure(driver: ComplexityDriver, p: ExpandedPoint): void {
    const K = p.point.sampler.steps as number;
    const final = this.finals.get(p.id);
    if (final) {
      // Already final in this run (a spec point equal to this derived point): record it through the queue order.
      this.ensureAll(driver, driver.record(K, final));
      return;
    }
    let list = this.watchers.get(p.id);
    if (!list) this.watchers.set(p.id, (list = []));
    list.push({ driver, K });
    if (this.known.has(p.id)) return; // the runner computes it already; it is settled when its shards are in
    this.known.add(p.id);

    const { plan, store } = this;
    // parentId: the export marks derived points by their searched point (a spec point equal to a derived point was
    // registered first, without a parent, and stays so).
    store.registerPoints([{ campaignId: plan.campaignId, pointId: p.id, ordinal: p.ordinal, paramsJson: canonicalJson(p.point), parentId: driver.point.id }]);
    const base = shardsOf(plan, p, replicatesOf(plan.spec, p.point));
    const registered = store.registerShards(base.map((s) => ({ ...s, campaignId: plan.campaignId })));
    // Open shards: those of the base replicates not committed, plus any precision replicates left open by a stopped run.
    const open = this.openRecords(base.map((s) => s.shardId));
    const seen = new Set(open.map((s) => s.shardId));
    for (const s of this.deferred.get(p.id) ?? []) if (!seen.has(s.shardId)) open.push(s);
    this.deferred.delete(p.id);
    if (open.length > 0) this.hooks.enqueue(p, open, registered);
    else this.queue.push({ p, failed: false, fresh: false });
  }

  /** Writes the complexity rows of searches that just finished (once per search and run). */
  private writeFinished(): void {
    for (const d of this.drivers) {
      if (this.written.has(d) || !d.done()) continue;
      this.written.add(d);
      for (const row of d.rows(this.plan.campaignId)) this.store.upsertComplexity(row);
    }
  }
}
