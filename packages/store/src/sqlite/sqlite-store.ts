/**
 * The durable {@link ResultStore}: one SQLite file through better-sqlite3 (DESIGN §5).
 *
 * Durability. The file is in WAL mode and every write method is one transaction, so a kill -9 (or Ctrl-C) leaves
 * each write either absent or complete. The default `synchronous = NORMAL` syncs the WAL at checkpoints rather than
 * at every commit: a process crash loses nothing committed, while a power loss or OS crash can roll back the last
 * commits (never corrupting the file). That is safe here because a rolled-back result only leaves its shard not
 * done, and resume recomputes it bit for bit (DESIGN §2) — the JetStream ack that may have followed is harmless.
 * `synchronous: "full"` syncs every commit instead; measured on this project's machine it costs ~6× per commit
 * (about 150 µs against 25 µs, see scripts/bench/store.ts), so it is an option, not the default.
 */
import Database from "better-sqlite3";
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
  type ResultStatus,
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
import { migrate, readSchemaVersion, SCHEMA_VERSION } from "./migrations.js";

/** Options of {@link SqliteStore.open}. */
export interface SqliteStoreOptions {
  /** `"normal"` (default; see the module comment for the trade-off) or `"full"` (fsync at every commit). */
  readonly synchronous?: "normal" | "full";
  /** How long a write waits for another connection's lock before failing with E_STORE_IO, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Open read-only (for `status`, `export`, `report`): no migration, writes fail with E_STORE_IO (default false). */
  readonly readonly?: boolean;
  /** Create the file if it does not exist (default true; ignored when read-only, which never creates). */
  readonly create?: boolean;
  /** SQLite page cache per connection, in MiB (default 64: holds the hot index pages of 10⁶ shards). */
  readonly cacheSizeMiB?: number;
}

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

const OPEN_WHERE = "SqliteStore.open";

type Row = Record<string, unknown>;

const SHARD_COLUMNS = `seq, shard_id AS shardId, campaign_id AS campaignId, point_id AS pointId, replicate, block,
  particle_lo AS particleLo, particle_hi AS particleHi, status, attempts, agent, started_at AS startedAt,
  finished_at AS finishedAt, error`;

const RESULT_SELECT = `SELECT s.shard_id AS shardId, s.campaign_id AS campaignId, s.point_id AS pointId, s.replicate,
  s.block, s.particle_lo AS particleLo, s.particle_hi AS particleHi, r.status, r.stats, r.agent,
  r.started_at AS startedAt, r.finished_at AS finishedAt
  FROM shards s JOIN shard_results r ON r.seq = s.seq`;

const CAMPAIGN_SELECT = `SELECT id, name, spec_json AS specJson, seed, code_version AS codeVersion, status,
  created_at AS createdAt FROM campaigns`;

const POINT_SELECT = `SELECT campaign_id AS campaignId, point_id AS pointId, ordinal, params_json AS paramsJson FROM points`;

const AGGREGATE_SELECT = `SELECT campaign_id AS campaignId, point_id AS pointId, estimator, estimate, ci_low AS ciLow,
  ci_high AS ciHigh, n, noise_floor AS noiseFloor, status, extra_json AS extraJson FROM point_aggregates`;

const COMPLEXITY_SELECT = `SELECT campaign_id AS campaignId, point_id AS pointId, eps, steps, bracket_low AS bracketLow,
  bracket_high AS bracketHigh, method FROM complexity_results`;

function toResult(row: Row): ShardResultRecord {
  const b = row.stats as Buffer;
  return {
    shardId: row.shardId as string,
    campaignId: row.campaignId as string,
    pointId: row.pointId as string,
    replicate: row.replicate as number,
    block: row.block as number,
    particleLo: row.particleLo as number,
    particleHi: row.particleHi as number,
    status: row.status as ResultStatus,
    // A plain Uint8Array view of the driver's Buffer: same bytes, same type as the memory store returns.
    statsBlob: new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
    agent: row.agent as string | null,
    startedAt: row.startedAt as number | null,
    finishedAt: row.finishedAt as number | null,
  };
}

function isSqliteError(e: unknown): e is InstanceType<Database.SqliteError> {
  return e instanceof Database.SqliteError;
}

/** Wraps a driver failure as E_STORE_IO, keeping StoreErrors as they are. */
function ioError(where: string, e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const code = isSqliteError(e) ? e.code : (e as Error)?.name;
  const why =
    code === "SQLITE_BUSY"
      ? "free of other writers within the busy timeout"
      : code === "SQLITE_READONLY"
        ? "writable (the store was opened read-only)"
        : "able to complete";
  return storeError("E_STORE_IO", where, "the SQLite operation", why, `${code}: ${(e as Error)?.message}`, e);
}

function checkOptions(options: unknown): Required<SqliteStoreOptions> {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw storeError("E_STORE_INVALID", OPEN_WHERE, "options", "an object", options);
  }
  const o = (options ?? {}) as Record<string, unknown>;
  const known = ["synchronous", "busyTimeoutMs", "readonly", "create", "cacheSizeMiB"];
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw storeError("E_STORE_INVALID", OPEN_WHERE, `options.${key}`, `one of the known options (${known.join(", ")})`, key);
  }
  const bool = (key: string, fallback: boolean): boolean => {
    if (o[key] === undefined) return fallback;
    if (typeof o[key] !== "boolean") throw storeError("E_STORE_INVALID", OPEN_WHERE, `options.${key}`, "a boolean", o[key]);
    return o[key] as boolean;
  };
  const synchronous = o.synchronous ?? "normal";
  if (synchronous !== "normal" && synchronous !== "full") {
    throw storeError("E_STORE_INVALID", OPEN_WHERE, "options.synchronous", 'one of "normal" | "full"', o.synchronous);
  }
  const busyTimeoutMs = o.busyTimeoutMs ?? 5000;
  if (typeof busyTimeoutMs !== "number" || !Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw storeError("E_STORE_INVALID", OPEN_WHERE, "options.busyTimeoutMs", "an integer >= 0 (ms)", o.busyTimeoutMs);
  }
  const cacheSizeMiB = o.cacheSizeMiB ?? 64;
  if (typeof cacheSizeMiB !== "number" || !Number.isSafeInteger(cacheSizeMiB) || cacheSizeMiB < 1) {
    throw storeError("E_STORE_INVALID", OPEN_WHERE, "options.cacheSizeMiB", "an integer >= 1 (MiB)", o.cacheSizeMiB);
  }
  return { synchronous, busyTimeoutMs, readonly: bool("readonly", false), create: bool("create", true), cacheSizeMiB };
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
  #closed = false;

  // Hot statements, prepared once.
  readonly #campaignExists: Database.Statement;
  readonly #upsertCampaign: Database.Statement;
  readonly #insertPoint: Database.Statement;
  readonly #insertShard: Database.Statement;
  readonly #addPending: Database.Statement;
  readonly #shardSeq: Database.Statement;
  readonly #shardById: Database.Statement;
  readonly #insertResult: Database.Statement;
  readonly #finishShard: Database.Statement;
  readonly #markRunning: Database.Statement;
  readonly #markFailed: Database.Statement;
  readonly #statements = new Map<string, Database.Statement>();

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
      throw storeError("E_STORE_INVALID", OPEN_WHERE, "path", "a non-empty file path or \":memory:\"", path);
    }
    const o = checkOptions(options);
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: o.readonly, fileMustExist: o.readonly || !o.create });
    } catch (e) {
      const constraint = o.readonly || !o.create ? "an existing, readable SQLite file" : "a file SQLite can create or open";
      throw storeError("E_STORE_OPEN", OPEN_WHERE, "path", constraint, `${path} (${(e as Error).message})`, e);
    }
    try {
      db.pragma(`busy_timeout = ${o.busyTimeoutMs}`);
      try {
        // The first statement that reads the file: a non-SQLite file fails here.
        db.pragma("schema_version");
        if (!o.readonly) db.pragma("journal_mode = WAL");
      } catch (e) {
        throw storeError("E_STORE_OPEN", OPEN_WHERE, "path", "a SQLite database file", `${path} (${(e as Error).message})`, e);
      }
      db.pragma(`synchronous = ${o.synchronous === "full" ? "FULL" : "NORMAL"}`);
      db.pragma("foreign_keys = ON");
      db.pragma(`cache_size = ${-1024 * o.cacheSizeMiB}`);
      if (o.readonly) {
        const version = readSchemaVersion(db, OPEN_WHERE, path);
        if (version !== SCHEMA_VERSION) {
          throw storeError(
            "E_STORE_SCHEMA",
            OPEN_WHERE,
            `the schema version of ${path}`,
            `${SCHEMA_VERSION} to open read-only (open it read-write once to migrate it)`,
            version,
          );
        }
      } else {
        migrate(db, OPEN_WHERE, path, Date.now());
      }
      return new SqliteStore(db, path, o.readonly);
    } catch (e) {
      db.close();
      if (e instanceof StoreError) throw e;
      throw ioError(OPEN_WHERE, e);
    }
  }

  private constructor(db: Database.Database, path: string, readonly: boolean) {
    this.#db = db;
    this.path = path;
    this.readonly = readonly;
    this.#campaignExists = db.prepare("SELECT 1 FROM campaigns WHERE id = ?").pluck();
    this.#upsertCampaign = db.prepare(
      `INSERT INTO campaigns (id, name, spec_json, seed, code_version, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec_json = excluded.spec_json, seed = excluded.seed,
         code_version = excluded.code_version, status = excluded.status`,
    );
    this.#insertPoint = db.prepare("INSERT OR IGNORE INTO points (campaign_id, point_id, ordinal, params_json) VALUES (?, ?, ?, ?)");
    this.#insertShard = db.prepare(
      `INSERT OR IGNORE INTO shards (shard_id, campaign_id, point_id, replicate, block, particle_lo, particle_hi)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#addPending = db.prepare(
      `INSERT INTO shard_counts (campaign_id, status, n) VALUES (?, 'pending', ?)
       ON CONFLICT (campaign_id, status) DO UPDATE SET n = n + excluded.n`,
    );
    this.#shardSeq = db.prepare("SELECT seq FROM shards WHERE shard_id = ?").pluck();
    this.#shardById = db.prepare(`SELECT ${SHARD_COLUMNS} FROM shards WHERE shard_id = ?`);
    this.#insertResult = db.prepare(
      "INSERT OR IGNORE INTO shard_results (seq, status, stats, agent, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.#finishShard = db.prepare(
      "UPDATE shards SET status = ?, agent = ?, started_at = ?, finished_at = ?, error = NULL WHERE seq = ?",
    );
    this.#markRunning = db.prepare(
      `UPDATE shards SET status = 'running', attempts = attempts + 1, agent = ?, started_at = ?
       WHERE shard_id = ? AND status NOT IN ('done', 'diverged')`,
    );
    this.#markFailed = db.prepare(
      `UPDATE shards SET status = 'failed', error = ?, attempts = ?, finished_at = ?
       WHERE shard_id = ? AND status NOT IN ('done', 'diverged')`,
    );

    this.#registerPointsTx = db.transaction((points: Iterable<PointRecord>) => {
      const where = "store.registerPoints";
      let i = 0;
      let inserted = 0;
      for (const p of points) {
        const what = `points[${i++}]`;
        const q = checkPoint(where, what, p);
        try {
          inserted += this.#insertPoint.run(q.campaignId, q.pointId, q.ordinal, q.paramsJson).changes;
        } catch (e) {
          if (isSqliteError(e) && e.code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
            throw storeError("E_STORE_NOT_FOUND", where, `${what}.campaignId`, "a registered campaign", q.campaignId, e);
          }
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
        const what = `shards[${i++}]`;
        const q = checkNewShard(where, what, s);
        let changes: number;
        try {
          changes = this.#insertShard.run(q.shardId, q.campaignId, q.pointId, q.replicate, q.block, q.particleLo, q.particleHi).changes;
        } catch (e) {
          if (isSqliteError(e) && e.code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
            const constraint = `a registered point of campaign ${JSON.stringify(q.campaignId)}`;
            throw storeError("E_STORE_NOT_FOUND", where, `${what}.pointId`, constraint, q.pointId, e);
          }
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

    this.#commitTx = db.transaction((r: NewShardResult) => this.#commitOne("store.commitShardResult", "result", r));
    this.#commitBatchTx = db.transaction((results: readonly NewShardResult[]) => {
      const where = "store.commitShardResults";
      const out = new Array<boolean>(results.length);
      for (let i = 0; i < results.length; i++) out[i] = this.#commitOne(where, `results[${i}]`, results[i]);
      return out;
    });
  }

  /** Schema version of the open database. */
  get schemaVersion(): number {
    this.#live("SqliteStore.schemaVersion");
    return (this.#sql("SELECT max(version) FROM schema_version").pluck().get() as number | null) ?? 0;
  }

  /** The connection's effective SQLite settings, read back from SQLite (for `status` output and tests). */
  settings(): SqliteSettings {
    this.#live("SqliteStore.settings");
    const p = (name: string) => this.#db.pragma(name, { simple: true });
    const sync = ["off", "normal", "full", "extra"][p("synchronous") as number] ?? String(p("synchronous"));
    return {
      journalMode: String(p("journal_mode")),
      synchronous: sync,
      foreignKeys: p("foreign_keys") === 1,
      busyTimeoutMs: p("busy_timeout") as number,
      cacheSizeMiB: -(p("cache_size") as number) / 1024,
      schemaVersion: this.schemaVersion,
    };
  }

  /** A prepared statement for `text`, prepared once per store (better-sqlite3 has no statement cache). */
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

  /** Insert-or-ignore of one result plus the shard's status change; runs inside the caller's transaction. */
  #commitOne(where: string, what: string, result: NewShardResult): boolean {
    const r = checkResult(where, what, result);
    const seq = this.#shardSeq.get(r.shardId) as number | undefined;
    if (seq === undefined) throw storeError("E_STORE_NOT_FOUND", where, `${what}.shardId`, "a registered shard", r.shardId);
    if (this.#insertResult.run(seq, r.status, r.statsBlob, r.agent, r.startedAt, r.finishedAt).changes === 0) return false;
    this.#finishShard.run(r.status, r.agent, r.startedAt, r.finishedAt, seq);
    return true;
  }

  upsertCampaign(campaign: CampaignRecord): boolean {
    const where = "store.upsertCampaign";
    this.#live(where);
    const c = checkCampaign(where, campaign);
    try {
      return this.#db.transaction(() => {
        const created = this.#campaignExists.get(c.id) === undefined;
        this.#upsertCampaign.run(c.id, c.name, c.specJson, c.seed, c.codeVersion, c.status, c.createdAt);
        return created;
      }).immediate();
    } catch (e) {
      throw ioError(where, e);
    }
  }

  getCampaign(campaignId: string): CampaignRecord | undefined {
    const where = "store.getCampaign";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    try {
      return this.#sql(`${CAMPAIGN_SELECT} WHERE id = ?`).get(campaignId) as CampaignRecord | undefined;
    } catch (e) {
      throw ioError(where, e);
    }
  }

  setCampaignStatus(campaignId: string, status: CampaignStatus): void {
    const where = "store.setCampaignStatus";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    const s = checkCampaignStatus(where, "status", status);
    let changes: number;
    try {
      changes = this.#sql("UPDATE campaigns SET status = ? WHERE id = ?").run(s, campaignId).changes;
    } catch (e) {
      throw ioError(where, e);
    }
    if (changes === 0) throw storeError("E_STORE_NOT_FOUND", where, "campaignId", "a registered campaign", campaignId);
  }

  listCampaigns(): CampaignRecord[] {
    const where = "store.listCampaigns";
    this.#live(where);
    try {
      return this.#sql(`${CAMPAIGN_SELECT} ORDER BY created_at, id`).all() as CampaignRecord[];
    } catch (e) {
      throw ioError(where, e);
    }
  }

  registerPoints(points: Iterable<PointRecord>): number {
    const where = "store.registerPoints";
    this.#live(where);
    try {
      return this.#registerPointsTx.immediate(points);
    } catch (e) {
      throw ioError(where, e);
    }
  }

  getPoint(campaignId: string, pointId: string): PointRecord | undefined {
    const where = "store.getPoint";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    checkId(where, "pointId", pointId);
    try {
      return this.#sql(`${POINT_SELECT} WHERE campaign_id = ? AND point_id = ?`).get(campaignId, pointId) as PointRecord | undefined;
    } catch (e) {
      throw ioError(where, e);
    }
  }

  #listPoints(campaignId: string): PointRecord[] {
    return this.#sql(`${POINT_SELECT} WHERE campaign_id = ? ORDER BY point_id`).all(campaignId) as PointRecord[];
  }

  listPoints(campaignId: string): PointRecord[] {
    const where = "store.listPoints";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    try {
      return this.#listPoints(campaignId);
    } catch (e) {
      throw ioError(where, e);
    }
  }

  registerShards(shards: Iterable<NewShard>): number {
    const where = "store.registerShards";
    this.#live(where);
    try {
      return this.#registerShardsTx.immediate(shards);
    } catch (e) {
      throw ioError(where, e);
    }
  }

  getShard(shardId: string): ShardRecord | undefined {
    const where = "store.getShard";
    this.#live(where);
    checkId(where, "shardId", shardId);
    try {
      return this.#shardById.get(shardId) as ShardRecord | undefined;
    } catch (e) {
      throw ioError(where, e);
    }
  }

  #list(campaignId: string, o: CheckedListOptions): ShardRecord[] {
    // `+campaign_id` keeps the planner on the rowid (= registration order) scan: no sort, and paging by seq costs one
    // pass over the table in total. Statuses come from a closed, checked set, so inlining them is safe.
    const filter = o.statuses === null ? "" : ` AND status IN (${o.statuses.map((s) => `'${s}'`).join(", ")})`;
    const text = `SELECT ${SHARD_COLUMNS} FROM shards WHERE seq > ? AND +campaign_id = ?${filter} ORDER BY seq LIMIT ?`;
    return this.#sql(text).all(o.afterSeq, campaignId, o.limit) as ShardRecord[];
  }

  listShards(campaignId: string, options?: ListShardsOptions): ShardRecord[] {
    const where = "store.listShards";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    const o = checkListOptions(where, options);
    try {
      return this.#list(campaignId, o);
    } catch (e) {
      throw ioError(where, e);
    }
  }

  pendingShards(campaignId: string, page?: ShardPage): ShardRecord[] {
    const where = "store.pendingShards";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    const o = checkListOptions(where, page === undefined ? undefined : { afterSeq: page.afterSeq, limit: page.limit });
    try {
      return this.#list(campaignId, { ...o, statuses: OPEN_SHARD_STATUSES });
    } catch (e) {
      throw ioError(where, e);
    }
  }

  /** Distinguishes "already final" (false) from "unknown shard" (throws) after an UPDATE that changed nothing. */
  #unchanged(where: string, shardId: string): false {
    if (this.#shardSeq.get(shardId) === undefined) throw storeError("E_STORE_NOT_FOUND", where, "shardId", "a registered shard", shardId);
    return false;
  }

  markRunning(shardId: string, agent: string | null = null, startedAt: number | null = null): boolean {
    const where = "store.markRunning";
    this.#live(where);
    checkId(where, "shardId", shardId);
    const a = checkNullableString(where, "agent", agent);
    const t = checkNullableTime(where, "startedAt", startedAt);
    try {
      return this.#markRunning.run(a, t, shardId).changes > 0 || this.#unchanged(where, shardId);
    } catch (e) {
      throw ioError(where, e);
    }
  }

  markFailed(shardId: string, error: string, attempts: number, finishedAt: number | null = null): boolean {
    const where = "store.markFailed";
    this.#live(where);
    checkId(where, "shardId", shardId);
    const e = checkString(where, "error", error);
    const n = checkInteger(where, "attempts", attempts, 0);
    const t = checkNullableTime(where, "finishedAt", finishedAt);
    try {
      return this.#markFailed.run(e, n, t, shardId).changes > 0 || this.#unchanged(where, shardId);
    } catch (err) {
      throw ioError(where, err);
    }
  }

  requeueRunning(campaignId: string): number {
    const where = "store.requeueRunning";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    try {
      return this.#db.transaction(() => {
        const running = this.#sql("SELECT n FROM shard_counts WHERE campaign_id = ? AND status = 'running'")
          .pluck()
          .get(campaignId) as number | undefined;
        if (!running) return 0; // skips the table scan in the common case
        return this.#sql("UPDATE shards SET status = 'pending' WHERE +campaign_id = ? AND status = 'running'").run(campaignId).changes;
      }).immediate();
    } catch (e) {
      throw ioError(where, e);
    }
  }

  commitShardResult(result: NewShardResult): boolean {
    this.#live("store.commitShardResult");
    try {
      return this.#commitTx.immediate(result);
    } catch (e) {
      throw ioError("store.commitShardResult", e);
    }
  }

  commitShardResults(results: readonly NewShardResult[]): boolean[] {
    const where = "store.commitShardResults";
    this.#live(where);
    if (!Array.isArray(results)) throw storeError("E_STORE_INVALID", where, "results", "an array", results);
    try {
      return this.#commitBatchTx.immediate(results);
    } catch (e) {
      throw ioError(where, e);
    }
  }

  shardResult(shardId: string): ShardResultRecord | undefined {
    const where = "store.shardResult";
    this.#live(where);
    checkId(where, "shardId", shardId);
    try {
      const row = this.#sql(`${RESULT_SELECT} WHERE s.shard_id = ?`).get(shardId) as Row | undefined;
      return row === undefined ? undefined : toResult(row);
    } catch (e) {
      throw ioError(where, e);
    }
  }

  shardResults(campaignId: string, pointId: string): ShardResultRecord[] {
    const where = "store.shardResults";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    checkId(where, "pointId", pointId);
    try {
      const rows = this.#sql(`${RESULT_SELECT} WHERE s.campaign_id = ? AND s.point_id = ? ORDER BY s.replicate, s.block, s.shard_id`)
        .all(campaignId, pointId) as Row[];
      return rows.map(toResult);
    } catch (e) {
      throw ioError(where, e);
    }
  }

  upsertAggregate(aggregate: PointAggregate): void {
    const where = "store.upsertAggregate";
    this.#live(where);
    const a = checkAggregate(where, aggregate);
    try {
      this.#sql(
          `INSERT INTO point_aggregates (campaign_id, point_id, estimator, estimate, ci_low, ci_high, n, noise_floor, status,
             extra_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (campaign_id, point_id) DO UPDATE SET estimator = excluded.estimator, estimate = excluded.estimate,
             ci_low = excluded.ci_low, ci_high = excluded.ci_high, n = excluded.n, noise_floor = excluded.noise_floor,
             status = excluded.status, extra_json = excluded.extra_json`,
        )
        .run(a.campaignId, a.pointId, a.estimator, a.estimate, a.ciLow, a.ciHigh, a.n, a.noiseFloor, a.status, a.extraJson);
    } catch (e) {
      if (isSqliteError(e) && e.code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
        const constraint = `a registered point of campaign ${JSON.stringify(a.campaignId)}`;
        throw storeError("E_STORE_NOT_FOUND", where, "aggregate.pointId", constraint, a.pointId, e);
      }
      throw ioError(where, e);
    }
  }

  getAggregate(campaignId: string, pointId: string): PointAggregate | undefined {
    const where = "store.getAggregate";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    checkId(where, "pointId", pointId);
    try {
      return this.#sql(`${AGGREGATE_SELECT} WHERE campaign_id = ? AND point_id = ?`).get(campaignId, pointId) as
        | PointAggregate
        | undefined;
    } catch (e) {
      throw ioError(where, e);
    }
  }

  #listAggregates(campaignId: string): PointAggregate[] {
    return this.#sql(`${AGGREGATE_SELECT} WHERE campaign_id = ? ORDER BY point_id`).all(campaignId) as PointAggregate[];
  }

  listAggregates(campaignId: string): PointAggregate[] {
    const where = "store.listAggregates";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    try {
      return this.#listAggregates(campaignId);
    } catch (e) {
      throw ioError(where, e);
    }
  }

  upsertComplexity(record: ComplexityRecord): void {
    const where = "store.upsertComplexity";
    this.#live(where);
    const r = checkComplexity(where, record);
    try {
      this.#sql(
          `INSERT INTO complexity_results (campaign_id, point_id, eps, steps, bracket_low, bracket_high, method)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (campaign_id, point_id, eps) DO UPDATE SET steps = excluded.steps,
             bracket_low = excluded.bracket_low, bracket_high = excluded.bracket_high, method = excluded.method`,
        )
        .run(r.campaignId, r.pointId, r.eps, r.steps, r.bracketLow, r.bracketHigh, r.method);
    } catch (e) {
      if (isSqliteError(e) && e.code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
        const constraint = `a registered point of campaign ${JSON.stringify(r.campaignId)}`;
        throw storeError("E_STORE_NOT_FOUND", where, "record.pointId", constraint, r.pointId, e);
      }
      throw ioError(where, e);
    }
  }

  #listComplexity(campaignId: string, pointId?: string): ComplexityRecord[] {
    if (pointId === undefined) {
      return this.#sql(`${COMPLEXITY_SELECT} WHERE campaign_id = ? ORDER BY point_id, eps`).all(campaignId) as ComplexityRecord[];
    }
    return this.#sql(`${COMPLEXITY_SELECT} WHERE campaign_id = ? AND point_id = ? ORDER BY eps`)
      .all(campaignId, pointId) as ComplexityRecord[];
  }

  listComplexity(campaignId: string, pointId?: string): ComplexityRecord[] {
    const where = "store.listComplexity";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    if (pointId !== undefined) checkId(where, "pointId", pointId);
    try {
      return this.#listComplexity(campaignId, pointId);
    } catch (e) {
      throw ioError(where, e);
    }
  }

  campaignProgress(campaignId: string): CampaignProgress {
    const where = "store.campaignProgress";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    let progress: CampaignProgress | undefined;
    try {
      // One read transaction: a consistent snapshot of all counts.
      progress = this.#db.transaction((): CampaignProgress | undefined => {
        const status = this.#sql("SELECT status FROM campaigns WHERE id = ?").pluck().get(campaignId) as
          | CampaignStatus
          | undefined;
        if (status === undefined) return undefined;
        const counts: Record<ShardStatus, number> = { pending: 0, running: 0, done: 0, failed: 0, diverged: 0 };
        const rows = this.#sql("SELECT status, n FROM shard_counts WHERE campaign_id = ?").raw().all(campaignId) as [ShardStatus, number][];
        for (const [s, n] of rows) counts[s] = n;
        let total = 0;
        for (const s of SHARD_STATUSES) total += counts[s];
        const points = this.#sql("SELECT count(*) FROM points WHERE campaign_id = ?").pluck().get(campaignId) as number;
        const aggregates = this.#sql("SELECT count(*) FROM point_aggregates WHERE campaign_id = ?").pluck().get(campaignId) as number;
        return { campaignId, status, points, aggregates, shards: { ...counts, total } };
      })();
    } catch (e) {
      throw ioError(where, e);
    }
    if (progress === undefined) throw storeError("E_STORE_NOT_FOUND", where, "campaignId", "a registered campaign", campaignId);
    return progress;
  }

  exportRows(campaignId: string): ExportRow[] {
    const where = "store.exportRows";
    this.#live(where);
    checkId(where, "campaignId", campaignId);
    try {
      // One read transaction: points, aggregates and complexity rows from the same snapshot.
      return this.#db.transaction(() =>
        joinExportRows(this.#listPoints(campaignId), this.#listAggregates(campaignId), this.#listComplexity(campaignId)),
      )();
    } catch (e) {
      throw ioError(where, e);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
