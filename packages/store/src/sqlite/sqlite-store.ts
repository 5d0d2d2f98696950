/**
 * The durable {@link ResultStore}: one SQLite file through better-sqlite3 (DESIGN §5).
 *
 * Durability. The file is in WAL mode and every write method is one transaction (`BEGIN IMMEDIATE`, so a writer
 * waits for the lock up front instead of failing on upgrade), so a kill -9 or Ctrl-C leaves each write either absent
 * or complete. The default `synchronous = NORMAL` syncs the WAL at checkpoints rather than at every commit: a process
 * crash loses nothing committed, while a power loss or OS crash can roll back the last commits (never corrupting the
 * file). That is safe here because a rolled-back result only leaves its shard not done, and resume recomputes it bit
 * for bit (DESIGN §2) — a JetStream ack that followed the lost commit is harmless. `synchronous: "full"` syncs every
 * commit instead; it measured 4.5–20× the cost of NORMAL per commit on the project machine (≈160 µs against ≈35 µs
 * on a quiet disk, much worse on a busy one; scripts/bench/store.ts), so it is an option, not the default. Where
 * throughput matters more than latency, `commitShardResults` (group commit) cuts the per-shard cost ~4×.
 */
import type Database from "better-sqlite3";
import { joinExportRows } from "../order.js";
import { StoreError, storeError } from "../store-error.js";
import {
  OPEN_SHARD_STATUSES,
  SHARD_STATUSES,
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
import { checkSqliteOptions, openDatabase, type SqliteStoreOptions } from "./open-database.js";
import { ioError, isForeignKeyError } from "./sqlite-errors.js";
import {
  AGGREGATE_SELECT,
  CAMPAIGN_SELECT,
  COMPLEXITY_SELECT,
  POINT_SELECT,
  RESULT_SELECT,
  SHARD_COLUMNS,
  toResult,
  toShard,
} from "./sqlite-rows.js";

/** Effective settings of an open {@link SqliteStore} connection. */
export interface SqliteSettings {
  /** `wal` for files (`memory` for `:memory:`). */
  readonly journalMode: string;
  /** `normal` or `full`. */
  readonly synchronous: string;
  readonly foreignKeys: boolean;
  /** ms. */
  readonly busyTimeoutMs: number;
  /** MiB. */
  readonly cacheSizeMiB: number;
  readonly schemaVersion: number;
}

/** Shards per registration above which the WAL is checkpointed right away (≈ 20 MB of WAL). */
const BIG_REGISTRATION = 50_000;

function pointNotFound(where: string, what: string, campaignId: string, pointId: string, cause: unknown): StoreError {
  return storeError("E_STORE_NOT_FOUND", where, what, `a registered point of campaign ${JSON.stringify(campaignId)}`, pointId, cause);
}

/** The SQLite results store. Open with {@link SqliteStore.open}. */
export class SqliteStore implements ResultStore {
  /** Implementation name. */
  readonly kind = "sqlite";
  /** The database path (or `:memory:`). */
  readonly path: string;
  /** Whether the store was opened read-only. */
  readonly readonly: boolean;
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  #closed = false;

  // The hot path, prepared once: registration and commits.
  readonly #insertPoint: Database.Statement;
  readonly #insertShard: Database.Statement;
  readonly #addPending: Database.Statement;
  readonly #shardSeq: Database.Statement;
  readonly #insertResult: Database.Statement;
  readonly #finishShard: Database.Statement;
  readonly #registerPointsTx: Database.Transaction<(points: Iterable<PointRecord>) => number>;
  readonly #registerShardsTx: Database.Transaction<(shards: Iterable<NewShard>) => number>;
  readonly #commitTx: Database.Transaction<(result: NewShardResult) => boolean>;
  readonly #commitBatchTx: Database.Transaction<(results: readonly NewShardResult[]) => boolean[]>;

  /**
   * Opens (creating and migrating if needed) the database at `path` (`:memory:` for a private in-memory database).
   * Throws E_STORE_OPEN when the file cannot be opened or is not SQLite, E_STORE_SCHEMA when it was written by a
   * newer schema or another application, E_STORE_INVALID for bad options.
   */
  static open(path: string, options?: SqliteStoreOptions): SqliteStore {
    if (typeof path !== "string" || path.length === 0) {
      throw storeError("E_STORE_INVALID", "SqliteStore.open", "path", 'a non-empty file path or ":memory:"', path);
    }
    const o = checkSqliteOptions(options);
    return new SqliteStore(openDatabase(path, o), path, o.readonly);
  }

  private constructor(db: Database.Database, path: string, readonly: boolean) {
    this.#db = db;
    this.path = path;
    this.readonly = readonly;
    this.#insertPoint = db.prepare("INSERT OR IGNORE INTO points (campaign_id, point_id, ordinal, params_json, parent_id) VALUES (?, ?, ?, ?, ?)");
    this.#insertShard = db.prepare(
      `INSERT OR IGNORE INTO shards (shard_id, campaign_id, point_id, replicate, block, particle_lo, particle_hi)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#addPending = db.prepare(
      `INSERT INTO shard_counts (campaign_id, status, n) VALUES (?, 'pending', ?)
       ON CONFLICT (campaign_id, status) DO UPDATE SET n = n + excluded.n`,
    );
    this.#shardSeq = db.prepare("SELECT seq FROM shards WHERE shard_id = ?").pluck();
    this.#insertResult = db.prepare(
      "INSERT OR IGNORE INTO shard_results (seq, status, stats, agent, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.#finishShard = db.prepare("UPDATE shards SET status = ?, agent = ?, started_at = ?, finished_at = ?, error = NULL WHERE seq = ?");

    this.#registerPointsTx = db.transaction((points: Iterable<PointRecord>) => {
      const where = "store.registerPoints";
      let i = 0;
      let inserted = 0;
      for (const p of points) {
        const what = `points[${i++}]`;
        const q = checkPoint(where, what, p);
        try {
          inserted += this.#insertPoint.run(q.campaignId, q.pointId, q.ordinal, q.paramsJson, q.parentId).changes;
        } catch (e) {
          if (isForeignKeyError(e)) throw storeError("E_STORE_NOT_FOUND", where, `${what}.campaignId`, "a registered campaign", q.campaignId, e);
          throw e;
        }
      }
      return inserted;
    });

    this.#registerShardsTx = db.transaction((shards: Iterable<NewShard>) => {
      const where = "store.registerShards";
      let i = 0;
      let inserted = 0;
      // New rows are `pending`; their counts are added once per campaign at the end (cheaper than a row trigger).
      const added = new Map<string, number>();
      for (const s of shards) {
        const index = i++;
        const q = checkNewShard(where, index, s);
        let changes: number;
        try {
          changes = this.#insertShard.run(q.shardId, q.campaignId, q.pointId, q.replicate, q.block, q.particleLo, q.particleHi).changes;
        } catch (e) {
          if (isForeignKeyError(e)) throw pointNotFound(where, `shards[${index}].pointId`, q.campaignId, q.pointId, e);
          throw e;
        }
        if (changes > 0) {
          inserted++;
          added.set(q.campaignId, (added.get(q.campaignId) ?? 0) + 1);
        }
      }
      for (const [campaignId, n] of added) this.#addPending.run(campaignId, n);
      return inserted;
    });

    this.#commitTx = db.transaction((r: NewShardResult) => this.#commitOne("store.commitShardResult", -1, r));
    this.#commitBatchTx = db.transaction((results: readonly NewShardResult[]) => {
      const out = new Array<boolean>(results.length);
      for (let i = 0; i < results.length; i++) out[i] = this.#commitOne("store.commitShardResults", i, results[i]);
      return out;
    });
  }

  /** Schema version of the open database. */
  get schemaVersion(): number {
    return this.#guard("SqliteStore.schemaVersion", () => this.#sql("SELECT max(version) FROM schema_version").pluck().get() as number);
  }

  /** The connection's effective SQLite settings, read back from SQLite (for `status` output and tests). */
  settings(): SqliteSettings {
    return this.#guard("SqliteStore.settings", () => {
      const p = (name: string) => this.#db.pragma(name, { simple: true });
      return {
        journalMode: String(p("journal_mode")),
        synchronous: ["off", "normal", "full", "extra"][p("synchronous") as number] ?? String(p("synchronous")),
        foreignKeys: p("foreign_keys") === 1,
        busyTimeoutMs: p("busy_timeout") as number,
        cacheSizeMiB: -(p("cache_size") as number) / 1024,
        schemaVersion: this.schemaVersion,
      };
    });
  }

  /** A statement for `text`, prepared once per store (better-sqlite3 keeps no statement cache). */
  #sql(text: string): Database.Statement {
    let stmt = this.#statements.get(text);
    if (stmt === undefined) {
      stmt = this.#db.prepare(text);
      this.#statements.set(text, stmt);
    }
    return stmt;
  }

  #live(where: string): void {
    if (this.#closed) throw new StoreError("E_STORE_CLOSED", `${where}: the store must be open; got a closed store`);
  }

  /** Runs `body` on an open store, turning driver failures into E_STORE_IO. */
  #guard<T>(where: string, body: () => T): T {
    this.#live(where);
    try {
      return body();
    } catch (e) {
      throw ioError(where, e);
    }
  }

  /** `body` in one write transaction (BEGIN IMMEDIATE). */
  #write<T>(where: string, body: () => T): T {
    return this.#guard(where, () => this.#db.transaction(body).immediate());
  }

  /** `body` in one read transaction: a consistent snapshot across several queries. */
  #read<T>(where: string, body: () => T): T {
    return this.#guard(where, () => this.#db.transaction(body).deferred());
  }

  /**
   * Insert-or-ignore of one result plus the shard's status change; runs inside the caller's transaction. `index` is
   * the result's position in a batch, or -1 for a single commit (it only names the result in messages).
   */
  #commitOne(where: string, index: number, result: NewShardResult): boolean {
    const what = () => (index < 0 ? "result" : `results[${index}]`);
    const r = checkResult(where, what, result);
    const seq = this.#shardSeq.get(r.shardId) as number | undefined;
    if (seq === undefined) throw storeError("E_STORE_NOT_FOUND", where, `${what()}.shardId`, "a registered shard", r.shardId);
    if (this.#insertResult.run(seq, r.status, r.statsBlob, r.agent, r.startedAt, r.finishedAt).changes === 0) return false;
    this.#finishShard.run(r.status, r.agent, r.startedAt, r.finishedAt, seq);
    return true;
  }

  upsertCampaign(campaign: CampaignRecord): boolean {
    const where = "store.upsertCampaign";
    this.#live(where);
    const c = checkCampaign(where, campaign);
    return this.#write(where, () => {
      const created = this.#sql("SELECT 1 FROM campaigns WHERE id = ?").get(c.id) === undefined;
      this.#sql(
        `INSERT INTO campaigns (id, name, spec_json, seed, code_version, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec_json = excluded.spec_json, seed = excluded.seed,
           code_version = excluded.code_version, status = excluded.status`,
      ).run(c.id, c.name, c.specJson, c.seed, c.codeVersion, c.status, c.createdAt);
      return created;
    });
  }

  getCampaign(campaignId: string): CampaignRecord | undefined {
    const where = "store.getCampaign";
    return this.#guard(where, () => {
      checkId(where, "campaignId", campaignId);
      return this.#sql(`${CAMPAIGN_SELECT} WHERE id = ?`).get(campaignId) as CampaignRecord | undefined;
    });
  }

  setCampaignStatus(campaignId: string, status: CampaignStatus): void {
    const where = "store.setCampaignStatus";
    this.#guard(where, () => {
      checkId(where, "campaignId", campaignId);
      const s = checkCampaignStatus(where, "status", status);
      const changes = this.#sql("UPDATE campaigns SET status = ? WHERE id = ?").run(s, campaignId).changes;
      if (changes === 0) throw storeError("E_STORE_NOT_FOUND", where, "campaignId", "a registered campaign", campaignId);
    });
  }

  listCampaigns(): CampaignRecord[] {
    return this.#guard("store.listCampaigns", () => this.#sql(`${CAMPAIGN_SELECT} ORDER BY created_at, id`).all() as CampaignRecord[]);
  }

  registerPoints(points: Iterable<PointRecord>): number {
    return this.#guard("store.registerPoints", () => this.#registerPointsTx.immediate(points));
  }

  getPoint(campaignId: string, pointId: string): PointRecord | undefined {
    const where = "store.getPoint";
    return this.#guard(where, () => {
      checkId(where, "campaignId", campaignId);
      checkId(where, "pointId", pointId);
      return this.#sql(`${POINT_SELECT} WHERE campaign_id = ? AND point_id = ?`).get(campaignId, pointId) as PointRecord | undefined;
    });
  }

  #listPoints(campaignId: string): PointRecord[] {
    return this.#sql(`${POINT_SELECT} WHERE campaign_id = ? ORDER BY point_id`).all(campaignId) as PointRecord[];
  }

  listPoints(campaignId: string): PointRecord[] {
    const where = "store.listPoints";
    return this.#guard(where, () => this.#listPoints(checkId(where, "campaignId", campaignId)));
  }

  registerShards(shards: Iterable<NewShard>): number {
    return this.#guard("store.registerShards", () => {
      const inserted = this.#registerShardsTx.immediate(shards);
      // A large registration leaves a large WAL; checkpoint it now (PASSIVE: never waits for readers) so the first
      // commits of the run do not pay for copying it back into the database.
      if (inserted >= BIG_REGISTRATION && this.path !== ":memory:") this.#db.pragma("wal_checkpoint(PASSIVE)");
      return inserted;
    });
  }

  getShard(shardId: string): ShardRecord | undefined {
    const where = "store.getShard";
    return this.#guard(where, () => {
      checkId(where, "shardId", shardId);
      const row = this.#sql(`SELECT ${SHARD_COLUMNS} FROM shards WHERE shard_id = ?`).raw().get(shardId) as unknown[] | undefined;
      return row === undefined ? undefined : toShard(row);
    });
  }

  #list(campaignId: string, o: CheckedListOptions): ShardRecord[] {
    // `+campaign_id` keeps the planner on the rowid (= registration order) scan: no sort, and paging by seq costs one
    // pass over the table in total. Statuses come from a closed, checked set, so inlining them is safe.
    const filter = o.statuses === null ? "" : ` AND status IN (${o.statuses.map((s) => `'${s}'`).join(", ")})`;
    const text = `SELECT ${SHARD_COLUMNS} FROM shards WHERE seq > ? AND +campaign_id = ?${filter} ORDER BY seq LIMIT ?`;
    const rows = this.#sql(text).raw().all(o.afterSeq, campaignId, o.limit) as unknown[][];
    const out = new Array<ShardRecord>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = toShard(rows[i]);
    return out;
  }

  listShards(campaignId: string, options?: ListShardsOptions): ShardRecord[] {
    const where = "store.listShards";
    return this.#guard(where, () => this.#list(checkId(where, "campaignId", campaignId), checkListOptions(where, options)));
  }

  pendingShards(campaignId: string, page?: ShardPage): ShardRecord[] {
    const where = "store.pendingShards";
    return this.#guard(where, () => {
      checkId(where, "campaignId", campaignId);
      const o = checkListOptions(where, page === undefined ? undefined : { afterSeq: page.afterSeq, limit: page.limit });
      return this.#list(campaignId, { ...o, statuses: OPEN_SHARD_STATUSES });
    });
  }

  /** After an UPDATE that changed nothing: false if the shard exists (it is final), E_STORE_NOT_FOUND if not. */
  #unchanged(where: string, shardId: string): false {
    if (this.#shardSeq.get(shardId) === undefined) throw storeError("E_STORE_NOT_FOUND", where, "shardId", "a registered shard", shardId);
    return false;
  }

  markRunning(shardId: string, agent: string | null = null, startedAt: number | null = null): boolean {
    const where = "store.markRunning";
    return this.#guard(where, () => {
      checkId(where, "shardId", shardId);
      const a = checkNullableString(where, "agent", agent);
      const t = checkNullableTime(where, "startedAt", startedAt);
      const sql = `UPDATE shards SET status = 'running', attempts = attempts + 1, agent = ?, started_at = ?
                   WHERE shard_id = ? AND status NOT IN ('done', 'diverged')`;
      return this.#sql(sql).run(a, t, shardId).changes > 0 || this.#unchanged(where, shardId);
    });
  }

  markFailed(shardId: string, error: string, attempts: number, finishedAt: number | null = null): boolean {
    const where = "store.markFailed";
    return this.#guard(where, () => {
      checkId(where, "shardId", shardId);
      const e = checkString(where, "error", error);
      const n = checkInteger(where, "attempts", attempts, 0);
      const t = checkNullableTime(where, "finishedAt", finishedAt);
      const sql = `UPDATE shards SET status = 'failed', error = ?, attempts = ?, finished_at = ?
                   WHERE shard_id = ? AND status NOT IN ('done', 'diverged')`;
      return this.#sql(sql).run(e, n, t, shardId).changes > 0 || this.#unchanged(where, shardId);
    });
  }

  requeueRunning(campaignId: string): number {
    const where = "store.requeueRunning";
    return this.#write(where, () => {
      checkId(where, "campaignId", campaignId);
      const running = this.#sql("SELECT n FROM shard_counts WHERE campaign_id = ? AND status = 'running'").pluck().get(campaignId);
      if (!running) return 0; // the counts let the common case skip a table scan
      return this.#sql("UPDATE shards SET status = 'pending' WHERE +campaign_id = ? AND status = 'running'").run(campaignId).changes;
    });
  }

  commitShardResult(result: NewShardResult): boolean {
    return this.#guard("store.commitShardResult", () => this.#commitTx.immediate(result));
  }

  commitShardResults(results: readonly NewShardResult[]): boolean[] {
    const where = "store.commitShardResults";
    return this.#guard(where, () => {
      if (!Array.isArray(results)) throw storeError("E_STORE_INVALID", where, "results", "an array", results);
      return this.#commitBatchTx.immediate(results);
    });
  }

  shardResult(shardId: string): ShardResultRecord | undefined {
    const where = "store.shardResult";
    return this.#guard(where, () => {
      checkId(where, "shardId", shardId);
      const row = this.#sql(`${RESULT_SELECT} WHERE s.shard_id = ?`).raw().get(shardId) as unknown[] | undefined;
      return row === undefined ? undefined : toResult(row);
    });
  }

  shardResults(campaignId: string, pointId: string): ShardResultRecord[] {
    const where = "store.shardResults";
    return this.#guard(where, () => {
      checkId(where, "campaignId", campaignId);
      checkId(where, "pointId", pointId);
      const sql = `${RESULT_SELECT} WHERE s.campaign_id = ? AND s.point_id = ? ORDER BY s.replicate, s.block, s.shard_id`;
      return (this.#sql(sql).raw().all(campaignId, pointId) as unknown[][]).map(toResult);
    });
  }

  upsertAggregate(aggregate: PointAggregate): void {
    const where = "store.upsertAggregate";
    this.#live(where);
    const a = checkAggregate(where, aggregate);
    const sql = `INSERT INTO point_aggregates (campaign_id, point_id, estimator, estimate, ci_low, ci_high, n, noise_floor,
        status, extra_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (campaign_id, point_id) DO UPDATE SET estimator = excluded.estimator, estimate = excluded.estimate,
        ci_low = excluded.ci_low, ci_high = excluded.ci_high, n = excluded.n, noise_floor = excluded.noise_floor,
        status = excluded.status, extra_json = excluded.extra_json`;
    try {
      this.#sql(sql).run(a.campaignId, a.pointId, a.estimator, a.estimate, a.ciLow, a.ciHigh, a.n, a.noiseFloor, a.status, a.extraJson);
    } catch (e) {
      throw isForeignKeyError(e) ? pointNotFound(where, "aggregate.pointId", a.campaignId, a.pointId, e) : ioError(where, e);
    }
  }

  getAggregate(campaignId: string, pointId: string): PointAggregate | undefined {
    const where = "store.getAggregate";
    return this.#guard(where, () => {
      checkId(where, "campaignId", campaignId);
      checkId(where, "pointId", pointId);
      return this.#sql(`${AGGREGATE_SELECT} WHERE campaign_id = ? AND point_id = ?`).get(campaignId, pointId) as PointAggregate | undefined;
    });
  }

  #listAggregates(campaignId: string): PointAggregate[] {
    return this.#sql(`${AGGREGATE_SELECT} WHERE campaign_id = ? ORDER BY point_id`).all(campaignId) as PointAggregate[];
  }

  listAggregates(campaignId: string): PointAggregate[] {
    const where = "store.listAggregates";
    return this.#guard(where, () => this.#listAggregates(checkId(where, "campaignId", campaignId)));
  }

  upsertComplexity(record: ComplexityRecord): void {
    const where = "store.upsertComplexity";
    this.#live(where);
    const r = checkComplexity(where, record);
    const sql = `INSERT INTO complexity_results (campaign_id, point_id, eps, steps, bracket_low, bracket_high, method, status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (campaign_id, point_id, eps) DO UPDATE SET steps = excluded.steps, bracket_low = excluded.bracket_low,
        bracket_high = excluded.bracket_high, method = excluded.method, status = excluded.status`;
    try {
      this.#sql(sql).run(r.campaignId, r.pointId, r.eps, r.steps, r.bracketLow, r.bracketHigh, r.method, r.status);
    } catch (e) {
      throw isForeignKeyError(e) ? pointNotFound(where, "record.pointId", r.campaignId, r.pointId, e) : ioError(where, e);
    }
  }

  #listComplexity(campaignId: string, pointId?: string): ComplexityRecord[] {
    if (pointId === undefined) {
      return this.#sql(`${COMPLEXITY_SELECT} WHERE campaign_id = ? ORDER BY point_id, eps`).all(campaignId) as ComplexityRecord[];
    }
    return this.#sql(`${COMPLEXITY_SELECT} WHERE campaign_id = ? AND point_id = ? ORDER BY eps`).all(campaignId, pointId) as ComplexityRecord[];
  }

  listComplexity(campaignId: string, pointId?: string): ComplexityRecord[] {
    const where = "store.listComplexity";
    return this.#guard(where, () => {
      checkId(where, "campaignId", campaignId);
      if (pointId !== undefined) checkId(where, "pointId", pointId);
      return this.#listComplexity(campaignId, pointId);
    });
  }

  campaignProgress(campaignId: string): CampaignProgress {
    const where = "store.campaignProgress";
    const progress = this.#read(where, (): CampaignProgress | undefined => {
      checkId(where, "campaignId", campaignId);
      const status = this.#sql("SELECT status FROM campaigns WHERE id = ?").pluck().get(campaignId) as CampaignStatus | undefined;
      if (status === undefined) return undefined;
      const counts: Record<ShardStatus, number> = { pending: 0, running: 0, done: 0, failed: 0, diverged: 0 };
      const rows = this.#sql("SELECT status, n FROM shard_counts WHERE campaign_id = ?").raw().all(campaignId) as [ShardStatus, number][];
      for (const [s, n] of rows) counts[s] = n;
      let total = 0;
      for (const s of SHARD_STATUSES) total += counts[s];
      const points = this.#sql("SELECT count(*) FROM points WHERE campaign_id = ?").pluck().get(campaignId) as number;
      const aggregates = this.#sql("SELECT count(*) FROM point_aggregates WHERE campaign_id = ?").pluck().get(campaignId) as number;
      return { campaignId, status, points, aggregates, shards: { ...counts, total } };
    });
    if (progress === undefined) throw storeError("E_STORE_NOT_FOUND", where, "campaignId", "a registered campaign", campaignId);
    return progress;
  }

  exportRows(campaignId: string): ExportRow[] {
    const where = "store.exportRows";
    return this.#read(where, () => {
      checkId(where, "campaignId", campaignId);
      return joinExportRows(this.#listPoints(campaignId), this.#listAggregates(campaignId), this.#listComplexity(campaignId));
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
