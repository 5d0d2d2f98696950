/**
 * Errors of the results store. Every failure is a {@link StoreError} with a stable `code` (tests and the CLI match
 * on codes, never on text) and a one-line message `<where>: <what> must be <constraint>; got <value>`; a failure of
 * SQLite itself keeps the driver's error as `cause`.
 */

/**
 * Stable codes:
 * - `E_STORE_INVALID` — a record field or an option is out of its domain (caught before anything is written);
 * - `E_STORE_NOT_FOUND` — a record refers to a campaign, point or shard that was never registered;
 * - `E_STORE_SCHEMA` — the database was written by a newer scoresweep, or is not a scoresweep database;
 * - `E_STORE_OPEN` — the database file cannot be opened (missing, not SQLite, no permission);
 * - `E_STORE_CLOSED` — the store was used after `close()`;
 * - `E_STORE_IO` — SQLite failed while reading or writing (busy past the timeout, disk full, read-only, corrupt).
 */
export type StoreErrorCode =
  | "E_STORE_INVALID"
  | "E_STORE_NOT_FOUND"
  | "E_STORE_SCHEMA"
  | "E_STORE_OPEN"
  | "E_STORE_CLOSED"
  | "E_STORE_IO";

/** A failure of a {@link ResultStore} operation; `cause` carries the underlying driver error when there is one. */
export class StoreError extends Error {
  /** Stable machine-readable code. */
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
    this.code = code;
  }
}

/** Renders a value for an error message: short, JSON-like, never throws. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.length})`;
  try {
    const s = JSON.stringify(value);
    if (s === undefined) return String(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

/** Builds a `StoreError` with the standard message `<where>: <what> must be <constraint>; got <value>`. */
export function storeError(
  code: StoreErrorCode,
  where: string,
  what: string,
  constraint: string,
  got: unknown,
  cause?: unknown,
): StoreError {
  const message = `${where}: ${what} must be ${constraint}; got ${describeValue(got)}`;
  return cause === undefined ? new StoreError(code, message) : new StoreError(code, message, { cause });
}
