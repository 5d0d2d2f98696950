/**
 * Forward-only schema migrations of the SQLite store. Migration k turns schema k−1 into schema k; each runs in the
 * same transaction as the `schema_version` row that records it, so a crash mid-migration leaves the old version.
 * Never edit a released migration: add the next one.
 */
import type Database from "better-sqlite3";
import { StoreError, storeError } from "../store-error.js";

/** One schema step. */
export interface Migration {
  /** Schema version this migration produces (1, 2, … without gaps). */
  readonly version: number;
  readonly description: string;
  /** SQL run in one transaction. */
  readonly sql: string;
}

/**
 * `PRAGMA application_id` of a scoresweep database ("SSWP" in ASCII), so `file(1)` and this code can tell one from
 * any other SQLite file.
 */
export const APPLICATION_ID = 0x53535750;

/**
 * Migration 1, the initial schema (DESIGN §5).
 *
 * - `shards.seq` (the rowid) is the registration order; `shard_results` is keyed by it (one-to-one with the shard id,
 *   which stays unique in `shards`): an integer key keeps the result table a single B-tree, so a commit writes fewer
 *   pages than a text key with its separate index would.
 * - `shard_counts` holds per-campaign counts by status, kept by `registerShards` (new rows are `pending`) and by a
 *   trigger on every status change, so progress is O(1) however many shards there are.
 * - `shards_by_point` serves the block-ordered result listing of a point; pending listings scan `shards` in rowid
 *   order (one pass over the table at resume) rather than paying an index write on every commit.
 */
const INITIAL_SCHEMA = `
CREATE TABLE schema_version (
  version     INTEGER PRIMARY KEY,
  description TEXT    NOT NULL,
  applied_at  INTEGER NOT NULL
);

CREATE TABLE campaigns (
  id           TEXT    PRIMARY KEY,
  name         TEXT    NOT NULL,
  spec_json    TEXT    NOT NULL,
  seed         INTEGER NOT NULL,
  code_version TEXT    NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('running', 'done', 'failed', 'stopped')),
  created_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE points (
  campaign_id TEXT    NOT NULL REFERENCES campaigns (id),
  point_id    TEXT    NOT NULL,
  ordinal     INTEGER NOT NULL,
  params_json TEXT    NOT NULL,
  PRIMARY KEY (campaign_id, point_id)
) WITHOUT ROWID;

CREATE TABLE shards (
  seq         INTEGER PRIMARY KEY,
  shard_id    TEXT    NOT NULL UNIQUE,
  campaign_id TEXT    NOT NULL,
  point_id    TEXT    NOT NULL,
  replicate   INTEGER NOT NULL,
  block       INTEGER NOT NULL,
  particle_lo INTEGER NOT NULL,
  particle_hi INTEGER NOT NULL,
  status      TEXT    NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'running', 'done', 'failed', 'diverged')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  agent       TEXT,
  started_at  INTEGER,
  finished_at INTEGER,
  error       TEXT,
  FOREIGN KEY (campaign_id, point_id) REFERENCES points (campaign_id, point_id)
);
CREATE INDEX shards_by_point ON shards (campaign_id, point_id, replicate, block);

CREATE TABLE shard_results (
  seq         INTEGER PRIMARY KEY REFERENCES shards (seq),
  status      TEXT    NOT NULL CHECK (status IN ('done', 'diverged')),
  stats       BLOB    NOT NULL,
  agent       TEXT,
  started_at  INTEGER,
  finished_at INTEGER
);

-- For people reading the file with the sqlite3 shell: results by shard id.
CREATE VIEW shard_results_by_id AS
  SELECT s.shard_id, s.campaign_id, s.point_id, s.replicate, s.block, r.status, length(r.stats) AS stats_bytes,
         r.agent, r.started_at, r.finished_at
  FROM shard_results r JOIN shards s ON s.seq = r.seq;

CREATE TABLE shard_counts (
  campaign_id TEXT    NOT NULL,
  status      TEXT    NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, status)
) WITHOUT ROWID;

CREATE TRIGGER shards_status_counts AFTER UPDATE OF status ON shards
WHEN old.status IS NOT new.status
BEGIN
  UPDATE shard_counts SET n = n - 1 WHERE campaign_id = old.campaign_id AND status = old.status;
  INSERT INTO shard_counts (campaign_id, status, n) VALUES (new.campaign_id, new.status, 1)
    ON CONFLICT (campaign_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TABLE point_aggregates (
  campaign_id TEXT    NOT NULL,
  point_id    TEXT    NOT NULL,
  estimator   TEXT    NOT NULL,
  estimate    REAL,
  ci_low      REAL,
  ci_high     REAL,
  n           INTEGER NOT NULL,
  noise_floor REAL,
  status      TEXT    NOT NULL,
  extra_json  TEXT,
  PRIMARY KEY (campaign_id, point_id),
  FOREIGN KEY (campaign_id, point_id) REFERENCES points (campaign_id, point_id)
) WITHOUT ROWID;

CREATE TABLE complexity_results (
  campaign_id  TEXT    NOT NULL,
  point_id     TEXT    NOT NULL,
  eps          REAL    NOT NULL,
  steps        INTEGER,
  bracket_low  INTEGER,
  bracket_high INTEGER,
  method       TEXT    NOT NULL,
  PRIMARY KEY (campaign_id, point_id, eps),
  FOREIGN KEY (campaign_id, point_id) REFERENCES points (campaign_id, point_id)
) WITHOUT ROWID;

PRAGMA application_id = ${APPLICATION_ID};
`;

/**
 * Migration 2: the point a search generated a point from (`points.parent_id`: a Monte Carlo complexity search's
 * derived points name their searched point; NULL for spec points, and for every point of a schema-1 database, which
 * did not record it), the outcome of a complexity search per ε (`complexity_results.status`, the sweep's
 * `ComplexityStatus`), and one name for the exact oracle's method (`exact_oracle`, as the sweep names it; schema 1
 * rows written by the campaign runner said `exact`). An exact-oracle row's status follows from its K* alone (the
 * oracle's scan is exact: `resolved` when a grid K reaches ε, else `unreached`), so those rows are backfilled; a
 * Monte Carlo row's status depended on confidence intervals the row does not keep, so it stays NULL (unknown).
 */
const SEARCH_PROVENANCE = `
ALTER TABLE points ADD COLUMN parent_id TEXT;
ALTER TABLE complexity_results ADD COLUMN status TEXT;
UPDATE complexity_results SET method = 'exact_oracle' WHERE method = 'exact';
UPDATE complexity_results SET status = CASE WHEN steps IS NULL THEN 'unreached' ELSE 'resolved' END
  WHERE method = 'exact_oracle';
`;

/** All migrations, in order. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: "initial schema", sql: INITIAL_SCHEMA },
  { version: 2, description: "search parents and complexity status", sql: SEARCH_PROVENANCE },
];

/** The schema version this code writes (the last migration's). */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Reads the schema version of an open database: 0 for an empty database, k for a scoresweep database at schema k.
 * Throws E_STORE_SCHEMA for a SQLite file that is not a scoresweep database or is newer than this code.
 */
export function readSchemaVersion(db: Database.Database, where: string, path: string): number {
  const appId = db.pragma("application_id", { simple: true }) as number;
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get() !== undefined;
  if (!hasTable) {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    if (tables.length > 0 || (appId !== 0 && appId !== APPLICATION_ID)) {
      throw storeError("E_STORE_SCHEMA", where, path, "an empty file or a scoresweep database", { applicationId: appId, tables });
    }
    return 0;
  }
  if (appId !== APPLICATION_ID) {
    throw storeError("E_STORE_SCHEMA", where, `the application id of ${path}`, `${APPLICATION_ID} (a scoresweep database)`, appId);
  }
  const version = (db.prepare("SELECT max(version) FROM schema_version").pluck().get() as number | null) ?? 0;
  if (version > SCHEMA_VERSION) {
    throw storeError(
      "E_STORE_SCHEMA",
      where,
      `the schema version of ${path}`,
      `at most ${SCHEMA_VERSION} (written by a newer scoresweep: upgrade scoresweep to open it)`,
      version,
    );
  }
  return version;
}

/**
 * Brings the database to {@link SCHEMA_VERSION}. Runs under `BEGIN IMMEDIATE` (the write lock), re-reading the
 * version inside it, so two processes opening a new file at once migrate it exactly once. Returns the version found.
 */
export function migrate(db: Database.Database, where: string, path: string, now: number): number {
  const step = db.transaction(() => {
    const found = readSchemaVersion(db, where, path);
    for (const m of MIGRATIONS) {
      if (m.version <= found) continue;
      db.exec(m.sql);
      db
        .prepare("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")
        .run(m.version, m.description, Math.floor(now));
    }
    return found;
  });
  try {
    return step.immediate();
  } catch (e) {
    if (e instanceof StoreError) throw e;
    throw storeError("E_STORE_IO", where, `the schema migration of ${path}`, "able to complete", (e as Error).message, e);
  }
}
