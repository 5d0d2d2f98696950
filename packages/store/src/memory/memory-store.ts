/**
 * In-memory {@link ResultStore}: the same contract as the SQLite store (it runs the same conformance suite) without
 * durability — for tests and throw-away runs. Every write validates and resolves all references before mutating
 * anything, which gives it the same all-or-nothing behaviour as a SQLite transaction.
 */
import { compareCodePoints, joinExportRows } from "../order.js";
import { StoreError, storeError } from "../store-error.js";
import {
  OPEN_SHARD_STATUSES,
  type CampaignProgress,
  type CampaignRecord,
  type CampaignStatus,
  type ComplexityRecord,
  type ExportRow,
  type ListShardsOptions,
  type NewShard,
  type NewShardResult,
  type PointAggregate,
  type PointRecord,
  type ResultStore,
  type ShardPage,
  type ShardRecord,
  type ShardResultRecord,
  type ShardStatus,
} from "../store.js";
import {
  checkAggregate,
  checkCampaign,
  checkCampaignStatus,
  checkComplexity,
  checkId,
  checkInteger,
  checkListOptions,
  checkNewShard,
  checkNullableString,
  checkNullableTime,
  checkPoint,
  checkResult,
  checkString,
  type CheckedListOptions,
} from "../validate.js";
import { byBlockOrder, FINAL, resultCopy, shardCopy, type CampaignState, type ResultRow, type ShardRow } from "./memory-rows.js";

/** The in-memory results store. */
export class MemoryStore implements ResultStore {
  /** Implementation name. */
  readonly kind = "memory";
  #closed = false;
  #nextSeq = 1;
  readonly #campaigns = new Map<string, CampaignState>();
  readonly #shards = new Map<string, ShardRow>();
  readonly #results = new Map<string, ResultRow>();

  #live(where: string): void {
    if (this.#closed) throw new StoreError("E_STORE_CLOSED", `${where}: the store must be open; got a closed store`);
  }

  #campaign(where: string, what: string, campaignId: string): CampaignState {
    const c = this.#campaigns.get(campaignId);
    if (c === undefined) throw storeError("E_STORE_NOT_FOUND", where, what, "a registered campaign", campaignId);
    return c;
  }

  #point(where: string, what: string, campaignId: string, pointId: string): CampaignState {
    const c = this.#campaigns.get(campaignId);
    if (c === undefined || !c.points.has(pointId)) {
      throw storeError("E_STORE_NOT_FOUND", where, what, `a registered point of campaign ${JSON.stringify(campaignId)}`, pointId);
    }
    return c;
  }

  #shard(where: string, what: string, shardId: string): ShardRow {
    const s = this.#shards.get(shardId);
    if (s === undefined) throw storeError("E_STORE_NOT_FOUND", where, what, "a registered shard", shardId);
    return s;
  }

  #setStatus(s: ShardRow, status: ShardStatus): void {
    const counts = this.#campaigns.get(s.campaignId)!.counts;
    counts[s.status]--;
    counts[status]++;
    s.status = status;
  }

  upsertCampaign(campaign: CampaignRecord): boolean {
    const where = "store.upsertCampaign";
    this.#live(where);
    const c = checkCampaign(where, campaign);
    const existing = this.#campaigns.get(c.id);
    if (existing !== undefined) {
      existing.record = { ...c, createdAt: existing.record.createdAt };
      return false;
    }
    this.#campaigns.set(c.id, {
      record: c,
      points: new Map(),
      shards: [],
      byPoint: new Map(),
      counts: { pending: 0, running: 0, done: 0, failed: 0, diverged: 0 },
      aggregates: new Map(),
      complexity: new Map(),
    });
    return true;
  }

  getCampaign(campaignId: string): CampaignRecord | undefined {
    const where = "store.getCampaign";
    this.#live(where);
    const c = this.#campaigns.get(checkId(where, "campaignId", campaignId));
    return c === undefined ? undefined : { ...c.record };
  }

  setCampaignStatus(campaignId: string, status: CampaignStatus): void {
    const where = "store.setCampaignStatus";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    const s = checkCampaignStatus(where, "status", status);
    const c = this.#campaign(where, "campaignId", campaignId);
    c.record = { ...c.record, status: s };
  }

  listCampaigns(): CampaignRecord[] {
    this.#live("store.listCampaigns");
    return [...this.#campaigns.values()]
      .map((c) => ({ ...c.record }))
      .sort((a, b) => a.createdAt - b.createdAt || compareCodePoints(a.id, b.id));
  }

  registerPoints(points: Iterable<PointRecord>): number {
    const where = "store.registerPoints";
    this.#live(where);
    const checked: PointRecord[] = [];
    let i = 0;
    for (const p of points) {
      const what = `points[${i++}]`;
      const q = checkPoint(where, what, p);
      this.#campaign(where, `${what}.campaignId`, q.campaignId);
      checked.push(q);
    }
    let inserted = 0;
    for (const p of checked) {
      const c = this.#campaigns.get(p.campaignId)!;
      if (!c.points.has(p.pointId)) {
        c.points.set(p.pointId, p);
        inserted++;
      }
    }
    return inserted;
  }

  getPoint(campaignId: string, pointId: string): PointRecord | undefined {
    const where = "store.getPoint";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    checkId(where, "pointId", pointId);
    const p = this.#campaigns.get(campaignId)?.points.get(pointId);
    return p === undefined ? undefined : { ...p };
  }

  listPoints(campaignId: string): PointRecord[] {
    const where = "store.listPoints";
    this.#live(where);
    const c = this.#campaigns.get(checkId(where, "campaignId", campaignId));
    if (c === undefined) return [];
    return [...c.points.values()].map((p) => ({ ...p })).sort((a, b) => compareCodePoints(a.pointId, b.pointId));
  }

  registerShards(shards: Iterable<NewShard>): number {
    const where = "store.registerShards";
    this.#live(where);
    const fresh: NewShard[] = [];
    const staged = new Set<string>();
    let i = 0;
    for (const s of shards) {
      const index = i++;
      const q = checkNewShard(where, index, s);
      // Like SQLite's INSERT OR IGNORE: a known shard id is skipped before its references are looked at.
      if (this.#shards.has(q.shardId) || staged.has(q.shardId)) continue;
      if (this.#campaigns.get(q.campaignId)?.points.has(q.pointId) !== true) {
        this.#point(where, `shards[${index}].pointId`, q.campaignId, q.pointId); // throws
      }
      staged.add(q.shardId);
      fresh.push(q);
    }
    for (const s of fresh) {
      // Explicit fields: an object spread here costs ~10 µs per shard in V8 (measured), 100× the literal.
      const row: ShardRow = {
        seq: this.#nextSeq++,
        shardId: s.shardId,
        campaignId: s.campaignId,
        pointId: s.pointId,
        replicate: s.replicate,
        block: s.block,
        particleLo: s.particleLo,
        particleHi: s.particleHi,
        status: "pending",
        attempts: 0,
        agent: null,
        startedAt: null,
        finishedAt: null,
        error: null,
      };
      const c = this.#campaigns.get(s.campaignId)!;
      this.#shards.set(s.shardId, row);
      c.shards.push(row);
      let list = c.byPoint.get(s.pointId);
      if (list === undefined) c.byPoint.set(s.pointId, (list = []));
      list.push(row);
      c.counts.pending++;
    }
    return fresh.length;
  }

  getShard(shardId: string): ShardRecord | undefined {
    const where = "store.getShard";
    this.#live(where);
    const s = this.#shards.get(checkId(where, "shardId", shardId));
    return s === undefined ? undefined : shardCopy(s);
  }

  #list(campaignId: string, o: CheckedListOptions): ShardRecord[] {
    const c = this.#campaigns.get(campaignId);
    if (c === undefined) return [];
    const rows = c.shards;
    // First index with seq > afterSeq (rows are sorted by seq).
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid].seq <= o.afterSeq) lo = mid + 1;
      else hi = mid;
    }
    const out: ShardRecord[] = [];
    for (let k = lo; k < rows.length && (o.limit < 0 || out.length < o.limit); k++) {
      if (o.statuses === null || o.statuses.includes(rows[k].status)) out.push(shardCopy(rows[k]));
    }
    return out;
  }

  listShards(campaignId: string, options?: ListShardsOptions): ShardRecord[] {
    const where = "store.listShards";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    return this.#list(campaignId, checkListOptions(where, options));
  }

  pendingShards(campaignId: string, page?: ShardPage): ShardRecord[] {
    const where = "store.pendingShards";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    const o = checkListOptions(where, page === undefined ? undefined : { afterSeq: page.afterSeq, limit: page.limit });
    return this.#list(campaignId, { ...o, statuses: OPEN_SHARD_STATUSES });
  }

  markRunning(shardId: string, agent: string | null = null, startedAt: number | null = null): boolean {
    const where = "store.markRunning";
    this.#live(where);
    checkId(where, "shardId", shardId);
    const a = checkNullableString(where, "agent", agent);
    const t = checkNullableTime(where, "startedAt", startedAt);
    const s = this.#shard(where, "shardId", shardId);
    if (FINAL.has(s.status)) return false;
    this.#setStatus(s, "running");
    s.attempts++;
    s.agent = a;
    s.startedAt = t;
    return true;
  }

  markFailed(shardId: string, error: string, attempts: number, finishedAt: number | null = null): boolean {
    const where = "store.markFailed";
    this.#live(where);
    checkId(where, "shardId", shardId);
    const e = checkString(where, "error", error);
    const n = checkInteger(where, "attempts", attempts, 0);
    const t = checkNullableTime(where, "finishedAt", finishedAt);
    const s = this.#shard(where, "shardId", shardId);
    if (FINAL.has(s.status)) return false;
    this.#setStatus(s, "failed");
    s.error = e;
    s.attempts = n;
    s.finishedAt = t;
    return true;
  }

  requeueRunning(campaignId: string): number {
    const where = "store.requeueRunning";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    const c = this.#campaigns.get(campaignId);
    if (c === undefined || c.counts.running === 0) return 0;
    let n = 0;
    for (const s of c.shards) {
      if (s.status === "running") {
        this.#setStatus(s, "pending");
        n++;
      }
    }
    return n;
  }

  #commit(r: NewShardResult, s: ShardRow): boolean {
    if (this.#results.has(r.shardId)) return false;
    this.#results.set(r.shardId, {
      status: r.status,
      blob: r.statsBlob.slice(),
      agent: r.agent,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    });
    this.#setStatus(s, r.status);
    s.agent = r.agent;
    s.startedAt = r.startedAt;
    s.finishedAt = r.finishedAt;
    s.error = null;
    return true;
  }

  commitShardResult(result: NewShardResult): boolean {
    const where = "store.commitShardResult";
    this.#live(where);
    const r = checkResult(where, "result", result);
    return this.#commit(r, this.#shard(where, "result.shardId", r.shardId));
  }

  commitShardResults(results: readonly NewShardResult[]): boolean[] {
    const where = "store.commitShardResults";
    this.#live(where);
    if (!Array.isArray(results)) throw storeError("E_STORE_INVALID", where, "results", "an array", results);
    const checked = results.map((x, i) => {
      const r = checkResult(where, () => `results[${i}]`, x);
      return { r, s: this.#shards.get(r.shardId) ?? this.#shard(where, `results[${i}].shardId`, r.shardId) };
    });
    return checked.map(({ r, s }) => this.#commit(r, s));
  }

  shardResult(shardId: string): ShardResultRecord | undefined {
    const where = "store.shardResult";
    this.#live(where);
    const r = this.#results.get(checkId(where, "shardId", shardId));
    return r === undefined ? undefined : resultCopy(this.#shards.get(shardId)!, r);
  }

  shardResults(campaignId: string, pointId: string): ShardResultRecord[] {
    const where = "store.shardResults";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    checkId(where, "pointId", pointId);
    const rows = this.#campaigns.get(campaignId)?.byPoint.get(pointId) ?? [];
    const out: ShardRow[] = rows.filter((s) => this.#results.has(s.shardId)).sort(byBlockOrder);
    return out.map((s) => resultCopy(s, this.#results.get(s.shardId)!));
  }

  upsertAggregate(aggregate: PointAggregate): void {
    const where = "store.upsertAggregate";
    this.#live(where);
    const a = checkAggregate(where, aggregate);
    this.#point(where, "aggregate.pointId", a.campaignId, a.pointId).aggregates.set(a.pointId, a);
  }

  getAggregate(campaignId: string, pointId: string): PointAggregate | undefined {
    const where = "store.getAggregate";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    checkId(where, "pointId", pointId);
    const a = this.#campaigns.get(campaignId)?.aggregates.get(pointId);
    return a === undefined ? undefined : { ...a };
  }

  listAggregates(campaignId: string): PointAggregate[] {
    const where = "store.listAggregates";
    this.#live(where);
    const c = this.#campaigns.get(checkId(where, "campaignId", campaignId));
    if (c === undefined) return [];
    return [...c.aggregates.values()].map((a) => ({ ...a })).sort((a, b) => compareCodePoints(a.pointId, b.pointId));
  }

  upsertComplexity(record: ComplexityRecord): void {
    const where = "store.upsertComplexity";
    this.#live(where);
    const r = checkComplexity(where, record);
    const c = this.#point(where, "record.pointId", r.campaignId, r.pointId);
    let byEps = c.complexity.get(r.pointId);
    if (byEps === undefined) c.complexity.set(r.pointId, (byEps = new Map()));
    byEps.set(r.eps, r);
  }

  listComplexity(campaignId: string, pointId?: string): ComplexityRecord[] {
    const where = "store.listComplexity";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    if (pointId !== undefined) checkId(where, "pointId", pointId);
    const c = this.#campaigns.get(campaignId);
    if (c === undefined) return [];
    const out: ComplexityRecord[] = [];
    for (const [p, byEps] of c.complexity) {
      if (pointId === undefined || p === pointId) for (const r of byEps.values()) out.push({ ...r });
    }
    return out.sort((a, b) => compareCodePoints(a.pointId, b.pointId) || a.eps - b.eps);
  }

  campaignProgress(campaignId: string): CampaignProgress {
    const where = "store.campaignProgress";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    const c = this.#campaign(where, "campaignId", campaignId);
    const k = c.counts;
    return {
      campaignId,
      status: c.record.status,
      points: c.points.size,
      aggregates: c.aggregates.size,
      shards: {
        pending: k.pending,
        running: k.running,
        done: k.done,
        failed: k.failed,
        diverged: k.diverged,
        total: c.shards.length,
      },
    };
  }

  exportRows(campaignId: string): ExportRow[] {
    const where = "store.exportRows";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    return joinExportRows(this.listPoints(campaignId), this.listAggregates(campaignId), this.listComplexity(campaignId));
  }

  close(): void {
    this.#closed = true;
  }
}
