/**
 * Opening a SQLite connection for the store: option checks, pragmas, and the schema migration or check.
 */
import Database from "better-sqlite3";
import { StoreError, storeError } from "../store-error.js";
import { ioError } from "./sqlite-errors.js";
import { migrate, readSchemaVersion, SCHEMA_VERSION } from "./migrations.js";

/** Options of `SqliteStore.open`. */
export interface SqliteStoreOptions {
  /** `"normal"` (default; see sqlite-store.ts for the durability trade-off) or `"full"` (fsync at every commit). */
  readonly synchronous?: "normal" | "full";
  /** How long a write waits for another connection's lock before failing with E_STORE_IO, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Open read-only (for `status`, `export`, `report`): no migration, writes fail with E_STORE_IO (default false). */
  readonly readonly?: boolean;
  /** Create the file if it does not exist (default true; ignored when read-only, which never creates). */
  readonly create?: boolean;
  /** SQLite page cache per connection, in MiB (default 64). */
  readonly cacheSizeMiB?: number;
}

const WHERE = "SqliteStore.open";
const KNOWN = ["synchronous", "busyTimeoutMs", "readonly", "create", "cacheSizeMiB"];

/** Checks the options (one fixed message per option) and fills in the defaults. */
export function checkSqliteOptions(options: unknown): Required<SqliteStoreOptions> {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw storeError("E_STORE_INVALID", WHERE, "options", "an object", options);
  }
  const o = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN.includes(key)) throw storeError("E_STORE_INVALID", WHERE, `options.${key}`, `one of the known options (${KNOWN.join(", ")})`, key);
  }
  const bool = (key: string, fallback: boolean): boolean => {
    if (o[key] === undefined) return fallback;
    if (typeof o[key] !== "boolean") throw storeError("E_STORE_INVALID", WHERE, `options.${key}`, "a boolean", o[key]);
    return o[key] as boolean;
  };
  const synchronous = o.synchronous ?? "normal";
  if (synchronous !== "normal" && synchronous !== "full") {
    throw storeError("E_STORE_INVALID", WHERE, "options.synchronous", 'one of "normal" | "full"', o.synchronous);
  }
  const busyTimeoutMs = o.busyTimeoutMs ?? 5000;
  if (typeof busyTimeoutMs !== "number" || !Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw storeError("E_STORE_INVALID", WHERE, "options.busyTimeoutMs", "an integer >= 0 (ms)", o.busyTimeoutMs);
  }
  const cacheSizeMiB = o.cacheSizeMiB ?? 64;
  if (typeof cacheSizeMiB !== "number" || !Number.isSafeInteger(cacheSizeMiB) || cacheSizeMiB < 1) {
    throw storeError("E_STORE_INVALID", WHERE, "options.cacheSizeMiB", "an integer >= 1 (MiB)", o.cacheSizeMiB);
  }
  return { synchronous, busyTimeoutMs, readonly: bool("readonly", false), create: bool("create", true), cacheSizeMiB };
}

/**
 * Opens `path` with checked options `o`: WAL journal, the synchronous level, busy timeout, foreign keys and cache
 * size, then migrates the schema (read-write) or requires the current one (read-only). Closes the connection on
 * any failure. Throws E_STORE_OPEN / E_STORE_SCHEMA / E_STORE_IO.
 */
export function openDatabase(path: string, o: Required<SqliteStoreOptions>): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: o.readonly, fileMustExist: o.readonly || !o.create });
  } catch (e) {
    const constraint = o.readonly || !o.create ? "an existing, readable SQLite file" : "a file SQLite can create or open";
    throw storeError("E_STORE_OPEN", WHERE, "path", constraint, `${path} (${(e as Error).message})`, e);
  }
  try {
    db.pragma(`busy_timeout = ${o.busyTimeoutMs}`);
    try {
      // The first statement that reads the file: a file that is not SQLite fails here.
      db.pragma("schema_version");
      if (!o.readonly) db.pragma("journal_mode = WAL");
    } catch (e) {
      throw storeError("E_STORE_OPEN", WHERE, "path", "a SQLite database file", `${path} (${(e as Error).message})`, e);
    }
    db.pragma(`synchronous = ${o.synchronous === "full" ? "FULL" : "NORMAL"}`);
    db.pragma("foreign_keys = ON");
    // After a checkpoint, shrink the WAL file back to 64 MiB at most (a 10⁶-shard registration grows it to ~200 MB).
    if (!o.readonly) db.pragma("journal_size_limit = 67108864");
    db.pragma(`cache_size = ${-1024 * o.cacheSizeMiB}`);
    if (o.readonly) {
      const version = readSchemaVersion(db, WHERE, path);
      if (version !== SCHEMA_VERSION) {
        const constraint = `${SCHEMA_VERSION} to open read-only (open it read-write once to migrate it)`;
        throw storeError("E_STORE_SCHEMA", WHERE, `the schema version of ${path}`, constraint, version);
      }
    } else {
      migrate(db, WHERE, path, Date.now());
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof StoreError) throw e;
    throw ioError(WHERE, e);
  }
}
