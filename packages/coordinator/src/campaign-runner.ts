import { geometricGrid, ScoresweepError } from "@scoresweep/core";
import {
  aggregatePoint,
  canonicalJson,
  exactComplexity,
  NUMERICS_MAJOR,
  SHARD_PROTOCOL_VERSION,
  usesExactOracle,
  validateShardResult,
  type ExpandedPoint,
  type PointAggregateValue,
  type ShardOutcome,
  type SweepSpec,
} from "@scoresweep/sweep";
import type { NewShardResult, ResultStore, ShardRecord } from "@scoresweep/store";
import { decodeValue, encodeValue, type FailureMessage, type MalformedMessage, type ResultMessage, type Transport } from "@scoresweep/transport";
import { campaignRecord, planCampaign, replicatesOf, shardsOf, streamSeed, type CampaignPlan } from "./campaign-plan.js";
import { AdaptiveSearches, checkAdaptiveSearches } from "./adaptive-searches.js";
import { PendingQueue, scanPending } from "./pending-queue.js";

/** Progress of a running campaign (for progress bars and status lines). */
export interface RunProgress {
  campaignId: string;
  pointsTotal: number;
  pointsDone: number;
  shardsTotal: number;
  shardsDone: number;
  shardsFailed: number;
  /** Shards already done before this run started (resume). */
  shardsSkipped: number;
  /** Particles simulated per second of wall time in this run. */
  particlesPerSecond: number;
  /** Seconds since this run started. */
  elapsedSeconds: number;
}

/** What a finished (or stopped) run did. */
export interface RunSummary extends RunProgress {
  status: "done" | "failed" | "stopped";
  /** Results received for shards already committed (at-least-once delivery), ignored. */
  duplicates: number;
  /** Received messages that did not decode or validate, terminated. */
  malformed: number;
}

/** Options of {@link runCampaign}. */
export interface RunCampaignOptions {
  spec: SweepSpec;
  store: ResultStore;
  transport: Transport;
  /** Recorded with the campaign; default `numerics-v<NUMERICS_MAJOR>`. */
  codeVersion?: string;
  /** Allow more than `max_points` points. */
  yes?: boolean;
  /** Aborting stops the run cleanly: no new work, every committed result kept, status `stopped`. */
  signal?: AbortSignal;
  /** Called at most every `progressEveryMs` (default 250 ms) and once at the end. */
  onProgress?: (progress: RunProgress) => void;
  progressEveryMs?: number;
  /** Most shards published and not yet answered (flow control of the work queue); default 2000. */
  window?: number;
  /** Clock for record times (never for results); default `Date.now`. */
  now?: () => number;
  /** Open shards read from the store per page at start-up and while publishing (integer >= 1); default 10 000. */
  pendingPageSize?: number;
}

/** Per-point bookkeeping of a run. */
interface PointState {
  expanded: ExpandedPoint;
  /** Shards of this point not yet final in this run. */
  open: number;
  failed: boolean;
}

/**
 * Runs (or resumes, or extends) a campaign against a transport: registers its points and shards (insert-or-ignore, so
 * a re-run registers only what is new), publishes the shards the database does not have yet, commits each result in
 * one transaction keyed by shard id before acking it (exactly-once effect over at-least-once delivery), aggregates a
 * point as soon as its last shard is in, and runs the adaptive searches: exact-oracle complexity searches in-process,
 * Monte Carlo complexity searches as derived points (the searched point at each step count K the bisection asks for)
 * and precision searches as extra replicates, both computed like any other shards ({@link AdaptiveSearches}). The same
 * function drives the embedded mode (memory transport, in-process agent) and the cluster (NATS, remote agents).
 */
export async function runCampaign(options: RunCampaignOptions): Promise<RunSummary> {
  const { spec, store, transport } = options;
  const now = options.now ?? Date.now;
  const started = performance.now();
  const plan = planCampaign(spec, store, { yes: options.yes });
  checkAdaptiveSearches(plan);
  const codeVersion = options.codeVersion ?? `numerics-v${NUMERICS_MAJOR}`;
  store.upsertCampaign({ ...campaignRecord(plan, codeVersion, "running", now()), createdAt: store.getCampaign(plan.campaignId)?.createdAt ?? now() });
  store.registerPoints(plan.points.map((p) => ({ campaignId: plan.campaignId, pointId: p.id, ordinal: p.ordinal, paramsJson: canonicalJson(p.point), parentId: null })));
  store.registerShards(
    (function* () {
      for (const p of plan.runnable) yield* shardsOf(plan, p, replicatesOf(spec, p.point)).map((s) => ({ ...s, campaignId: plan.campaignId }));
    })(),
  );
  store.requeueRunning(plan.campaignId);

  runExactSearches(plan, store);

  const byId = new Map(plan.runnable.map((p) => [p.id, p] as const));
  const states = new Map<string, PointState>();
  // One paged pass over the open shards: count the spec points' open shards (published later, page by page, from the
  // queue) and keep those of other points (derived points of an interrupted run) for the searches. The queue pages
  // only the spec points' shards — a fixed set, as `byId` grows with derived points, whose open shards reach the
  // queue through the searches.
  const specIds = new Set(byId.keys());
  const deferred: ShardRecord[] = [];
  const upTo = scanPending(
    store,
    plan.campaignId,
    (s) => {
      if (!byId.has(s.pointId)) {
        deferred.push(s);
        return;
      }
      let st = states.get(s.pointId);
      if (!st) states.set(s.pointId, (st = { expanded: byId.get(s.pointId)!, open: 0, failed: false }));
      st.open++;
    },
    options.pendingPageSize,
  );
  const pending = new PendingQueue(store, plan.campaignId, { upTo, accept: (s) => specIds.has(s.pointId), pageSize: options.pendingPageSize });
  const progress0 = store.campaignProgress(plan.campaignId);
  let shardsTotal = progress0.shards.total;
  const shardsSkipped = progress0.shards.done + progress0.shards.diverged;
  let shardsDone = 0;
  let shardsFailed = 0;
  let particles = 0;
  let duplicates = 0;
  let malformed = 0;
  const window = options.window ?? 2000;
  const outstanding = new Set<string>();

  // Precision and Monte Carlo complexity searches: they add replicates and derived points as results come in.
  const searches = new AdaptiveSearches(plan, store, {
    aggregate: (p, failed) => aggregateAndStore(plan, store, p, failed),
    enqueue: (p, shards, registered) => {
      byId.set(p.id, p);
      let st = states.get(p.id);
      if (!st) states.set(p.id, (st = { expanded: p, open: 0, failed: false }));
      st.open += shards.length;
      st.failed = false;
      pending.push(shards);
      shardsTotal += registered;
    },
  });
  // Points whose shards were all committed before this run: reuse their aggregate (or recompute it after a crash
  // between the last commit and the aggregate) and let the searches go on from them; then replay the complexity
  // searches from the database (derived points of a stopped run are picked up with their open shards).
  for (const p of plan.runnable) if (!states.has(p.id)) searches.settle(p, false, false);
  searches.start(deferred);

  const progress = (): RunProgress => {
    const elapsed = (performance.now() - started) / 1000;
    return {
      campaignId: plan.campaignId,
      pointsTotal: plan.points.length + searches.derivedPoints,
      pointsDone: plan.points.length + searches.derivedPoints - [...states.values()].filter((s) => s.open > 0).length - searches.openSearches,
      shardsTotal,
      shardsDone: shardsSkipped + shardsDone,
      shardsFailed,
      shardsSkipped,
      particlesPerSecond: elapsed > 0 ? particles / elapsed : 0,
      elapsedSeconds: elapsed,
    };
  };
  let lastReport = 0;
  const report = (force = false) => {
    const t = performance.now();
    if (options.onProgress && (force || t - lastReport >= (options.progressEveryMs ?? 250))) {
      lastReport = t;
      options.onProgress(progress());
    }
  };

  const publishMore = async () => {
    const batch = pending.take(window - outstanding.size);
    if (batch.length === 0) return;
    const outcomes = await transport.publishWork(
      batch.map((s) => {
        const p = byId.get(s.pointId)!;
        const task = {
          v: SHARD_PROTOCOL_VERSION,
          shardId: s.shardId,
          pointId: s.pointId,
          point: p.point,
          seed: streamSeed(spec, p.point),
          replicate: s.replicate,
          particleLo: s.particleLo,
          particleHi: s.particleHi,
        };
        return { id: s.shardId, payload: encodeValue(task) };
      }),
    );
    for (const s of batch) outstanding.add(s.shardId);
    // A failed shard republished within the server's duplicate window is dropped (its id was seen) and nothing will
    // ever answer it: it stays failed for this run (a run after the window retries it). Never happens in memory, where
    // every run has a fresh broker.
    outcomes.forEach((o, i) => {
      const s = batch[i]!;
      if (o.duplicate && s.status === "failed") {
        shardsFailed++;
        closeShard(s.shardId, s.pointId, true);
      }
    });
  };

  const closeShard = (shardId: string, pointId: string, failed: boolean) => {
    outstanding.delete(shardId);
    const st = states.get(pointId);
    if (!st) return;
    st.open--;
    st.failed ||= failed;
    if (st.open === 0) searches.settle(st.expanded, st.failed, true);
  };

  const handleResults = async (messages: Array<ResultMessage | MalformedMessage>) => {
    const accepted: { msg: ResultMessage; commit: NewShardResult; pointId: string; particles: number }[] = [];
    for (const msg of messages) {
      if (msg.kind === "malformed") {
        malformed++;
        await msg.term().catch(() => {});
        continue;
      }
      let result;
      try {
        result = validateShardResult(decodeValue(msg.payload));
      } catch {
        malformed++;
        await msg.term().catch(() => {});
        continue;
      }
      const shard = store.getShard(result.shardId);
      if (!shard || shard.campaignId !== plan.campaignId) {
        // Not ours (a stale message of another campaign in this namespace): leave it to its owner.
        await msg.nak(1000).catch(() => {});
        continue;
      }
      accepted.push({
        msg,
        pointId: shard.pointId,
        particles: result.particles,
        commit: { shardId: result.shardId, status: result.status, statsBlob: msg.payload, agent: result.agent ?? null, startedAt: null, finishedAt: now() },
      });
    }
    if (accepted.length === 0) return;
    // Group commit: one transaction for the batch, then the acks (a crash in between only redelivers).
    const fresh = store.commitShardResults(accepted.map((a) => a.commit));
    accepted.forEach((a, i) => {
      if (fresh[i]) {
        shardsDone++;
        particles += a.particles;
        closeShard(a.commit.shardId, a.pointId, false);
      } else {
        duplicates++;
        outstanding.delete(a.commit.shardId);
      }
    });
    await Promise.all(accepted.map((a) => a.msg.ack().catch(() => {})));
  };

  const handleFailures = async (messages: Array<FailureMessage | MalformedMessage>) => {
    for (const msg of messages) {
      if (msg.kind === "malformed") {
        malformed++;
        await msg.term().catch(() => {});
        continue;
      }
      const shard = store.getShard(msg.id);
      if (shard && shard.campaignId === plan.campaignId) {
        const error = msg.error ?? `no result after ${msg.attempts} deliveries (max_deliver)`;
        if (store.markFailed(msg.id, error, msg.attempts, now()) && outstanding.has(msg.id)) {
          shardsFailed++;
          closeShard(msg.id, shard.pointId, true);
        }
      }
      await msg.ack().catch(() => {});
    }
  };

  let stopped = false;
  try {
    await publishMore();
    report(true);
    while (outstanding.size > 0 || pending.hasMore()) {
      if (options.signal?.aborted) {
        stopped = true;
        break;
      }
      await handleResults(await transport.pullResults({ max: 512, expiresMs: 200 }));
      // 1 ms, not 0: a NATS pull with no wait at all never asks the server; what a short pull misses waits buffered
      // for the next one.
      await handleFailures(await transport.pullFailures({ max: 256, expiresMs: 1 }));
      await publishMore();
      report();
    }
  } finally {
    const status = stopped ? "stopped" : shardsFailed > 0 ? "failed" : "done";
    store.setCampaignStatus(plan.campaignId, status);
  }
  const final = progress();
  options.onProgress?.(final);
  return { ...final, status: stopped ? "stopped" : shardsFailed > 0 ? "failed" : "done", duplicates, malformed };
}

/** Decodes a point's committed shard results (block order), stores its aggregate and returns it. */
function aggregateAndStore(plan: CampaignPlan, store: ResultStore, p: ExpandedPoint, failed: boolean): PointAggregateValue {
  const rows = store.shardResults(plan.campaignId, p.id);
  const outcomes: ShardOutcome[] = rows.map((r) => {
    const msg = validateShardResult(decodeValue(r.statsBlob));
    return {
      replicate: r.replicate,
      block: r.block,
      particleLo: r.particleLo,
      particleHi: r.particleHi,
      status: msg.status,
      divergedAtStep: msg.divergedAtStep,
      stats: msg.stats,
    };
  });
  const agg = aggregatePoint(p.point, p.id, streamSeed(plan.spec, p.point), outcomes, { failed });
  store.upsertAggregate({
    campaignId: plan.campaignId,
    pointId: p.id,
    estimator: agg.estimator,
    estimate: agg.estimate,
    ciLow: agg.ciLow,
    ciHigh: agg.ciHigh,
    n: agg.n,
    noiseFloor: agg.noiseFloor,
    status: agg.status,
    extraJson: Object.keys(agg.extra).length > 0 ? canonicalJson(agg.extra) : null,
  });
  return agg;
}

/**
 * Complexity searches answered by the exact oracle, in-process (they cost microseconds per K). Points with a Monte
 * Carlo estimator are searched by {@link AdaptiveSearches}.
 */
function runExactSearches(plan: CampaignPlan, store: ResultStore): void {
  const search = plan.spec.searches.complexity;
  if (!search || plan.searched.length === 0) return;
  const [min, max, ratio] = search.grid.split(":").map(Number) as [number, number, number];
  const grid = geometricGrid(min, max, ratio);
  for (const p of plan.searched) {
    if (!usesExactOracle(p.point)) continue;
    const known = store.listComplexity(plan.campaignId, p.id);
    if (search.eps.every((e) => known.some((k) => k.eps === e))) continue;
    try {
      // The same result shape, method name (`exact_oracle`) and status as the Monte Carlo searches'.
      for (const row of exactComplexity(p.point, search.eps, grid)) {
        store.upsertComplexity({
          campaignId: plan.campaignId,
          pointId: p.id,
          eps: row.eps,
          steps: row.steps,
          bracketLow: row.bracketLow,
          bracketHigh: row.bracketHigh,
          method: row.method,
          status: row.status,
        });
      }
    } catch (error) {
      if (error instanceof ScoresweepError) throw new ScoresweepError(error.code, `spec point #${p.ordinal}: ${error.message}`, { cause: error });
      throw error;
    }
  }
}
