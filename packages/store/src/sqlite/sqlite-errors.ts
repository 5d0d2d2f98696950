/**
 * Mapping of better-sqlite3 failures onto {@link StoreError}s.
 */
import Database from "better-sqlite3";
import { StoreError, storeError } from "../store-error.js";

/** Whether `e` is the driver's error class (it carries SQLite's extended result code as `code`). */
export function isSqliteError(e: unknown): e is InstanceType<Database.SqliteError> {
  return e instanceof Database.SqliteError;
}

/** Whether `e` is a foreign-key violation: a record referring to something never registered. */
export function isForeignKeyError(e: unknown): boolean {
  return isSqliteError(e) && e.code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

/** Wraps a driver failure as E_STORE_IO (naming the cause: busy, read-only, …), keeping StoreErrors as they are. */
export function ioError(where: string, e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const code = isSqliteError(e) ? e.code : (e as Error)?.name;
  const constraint =
    code === "SQLITE_BUSY"
      ? "free of other writers within the busy timeout"
      : code === "SQLITE_READONLY"
        ? "writable (the store was opened read-only)"
        : "able to complete";
  return storeError("E_STORE_IO", where, "the SQLite operation", constraint, `${code}: ${(e as Error)?.message}`, e);
}
