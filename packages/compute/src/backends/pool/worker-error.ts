/**
 * Errors across the worker-thread boundary (STYLE §5: worker errors are rebuilt on the main side with the original as
 * `cause`). Structured cloning keeps an error's message and stack but drops its class and own fields such as the
 * stable `code`, so the worker sends a plain {@link SerializedError} and the main side rebuilds:
 *
 * - an error with a scoresweep code (`E_INVALID_PARAMETER`, …) becomes the same core class with the same message and
 *   code — the CLI prints the same one line as when the shard runs in-thread — and `cause` = the original, revived;
 * - anything else (a bug, a Node failure) becomes a {@link WorkerError} naming the shard, keeping any string `code`
 *   of the original and carrying it as `cause`.
 */
import {
  InvalidParameterError,
  ScoresweepError,
  UnknownVariantError,
  UnsupportedError,
  type ErrorCode,
} from "@scoresweep/core";

/** An error as plain data (what a worker posts back). */
export interface SerializedError {
  /** The original's `name` (its class, e.g. `InvalidParameterError`, `TypeError`). */
  name: string;
  message: string;
  /** The original's string `code`, when it had one. */
  code?: string;
  stack?: string;
  /** The original's `cause`, serialized the same way (depth-limited). */
  cause?: SerializedError;
}

/** How many `cause` links are kept. */
const MAX_CAUSE_DEPTH = 4;

/** Turns anything thrown into a {@link SerializedError} (never throws). */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) {
    let message: string;
    try {
      message = typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
    } catch {
      message = String(error);
    }
    return { name: "NonErrorThrown", message: `a non-Error value was thrown: ${message}` };
  }
  const out: SerializedError = { name: error.name, message: error.message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") out.code = code;
  if (typeof error.stack === "string") out.stack = error.stack;
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) out.cause = serializeError(error.cause, depth + 1);
  return out;
}

/** Rebuilds the original as a plain `Error` with its name, message, stack, `code` and `cause` chain. */
export function reviveError(s: SerializedError): Error {
  const error = new Error(s.message, s.cause === undefined ? undefined : { cause: reviveError(s.cause) });
  error.name = s.name;
  if (s.stack !== undefined) error.stack = s.stack;
  if (s.code !== undefined) Object.defineProperty(error, "code", { value: s.code, enumerable: true, configurable: true, writable: true });
  return error;
}

/** A shard failed inside a pool worker with an error that is not a scoresweep user error. */
export class WorkerError extends Error {
  /** The original's string `code` (e.g. a Node `ERR_…` code), if any. */
  readonly code: string | undefined;
  /** The shard that failed. */
  readonly shardId: string;
  constructor(shardId: string, message: string, code: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WorkerError";
    this.code = code;
    this.shardId = shardId;
  }
}

const CORE_CODES: readonly ErrorCode[] = ["E_INVALID_PARAMETER", "E_UNKNOWN_VARIANT", "E_INVALID_INPUT", "E_UNSUPPORTED", "E_NUMERICAL"];

function isCoreCode(code: string | undefined): code is ErrorCode {
  return code !== undefined && (CORE_CODES as readonly string[]).includes(code);
}

/**
 * The main-side error for a worker's {@link SerializedError} from shard `shardId` (see the module comment): same
 * class, message and code for scoresweep errors, a {@link WorkerError} otherwise; `cause` is always the revived
 * original (whose `stack` is the worker's).
 */
export function rebuildWorkerError(s: SerializedError, shardId: string): Error {
  const cause = reviveError(s);
  if (isCoreCode(s.code)) {
    let error: ScoresweepError;
    switch (s.code) {
      case "E_INVALID_PARAMETER":
        error = new InvalidParameterError(s.message, { cause });
        break;
      case "E_UNKNOWN_VARIANT":
        error = new UnknownVariantError(s.message, { cause });
        break;
      case "E_UNSUPPORTED":
        error = new UnsupportedError(s.message, { cause });
        break;
      default:
        error = new ScoresweepError(s.code, s.message, { cause });
    }
    // Keep the original's class name (e.g. a subclass such as CliError) for messages and logs.
    error.name = s.name;
    return error;
  }
  return new WorkerError(shardId, `backend pool: shard ${shardId} failed in a worker: ${s.name}: ${s.message}`, s.code, { cause });
}

/**
 * The main-side error for a rejection of the pool itself (a worker that exited or could not start, a task that
 * could not be cloned): a {@link WorkerError} naming the shard, with the original as `cause` and its `code`.
 */
export function wrapPoolFailure(error: unknown, shardId: string): WorkerError {
  const s = serializeError(error);
  return new WorkerError(shardId, `backend pool: shard ${shardId} failed in a worker: ${s.name}: ${s.message}`, s.code, { cause: error });
}
