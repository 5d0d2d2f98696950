/**
 * Errors of the transport. One class per failure, each with a stable `code` (tests and callers match on codes,
 * never on message text) and, where a lower layer failed, that failure as `cause` — the nats.js convention.
 * Messages follow the project form `<where>: <what> must be <constraint>; got <value>` where a constraint was
 * violated.
 */

/** Stable error codes of this package. `E_INVALID_PARAMETER` is shared with `@scoresweep/core` on purpose. */
export type TransportErrorCode =
  | "E_TRANSPORT"
  | "E_TRANSPORT_CONNECTION"
  | "E_TRANSPORT_AUTH"
  | "E_TRANSPORT_CLOSED"
  | "E_TRANSPORT_TIMEOUT"
  | "E_TRANSPORT_PAYLOAD_TOO_LARGE"
  | "E_TRANSPORT_DECODE"
  | "E_TRANSPORT_PROVISION"
  | "E_TRANSPORT_KV_CONFLICT"
  | "E_INVALID_PARAMETER";

/** Base class of every error this package throws; catch this to catch them all. */
export class TransportError extends Error {
  readonly code: TransportErrorCode;
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TransportError";
    this.code = code;
  }
}

/** The server could not be reached, or the connection failed in a way that is not an authentication failure. */
export class ConnectionError extends TransportError {
  constructor(message: string, options?: { cause?: unknown }, code: TransportErrorCode = "E_TRANSPORT_CONNECTION") {
    super(code, message, options);
    this.name = "ConnectionError";
  }
}

/** The server refused the credentials (user/password, token, creds file) or a permission was denied. */
export class AuthenticationError extends ConnectionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, "E_TRANSPORT_AUTH");
    this.name = "AuthenticationError";
  }
}

/** An operation was attempted on a transport that is closed or draining. */
export class ClosedError extends TransportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_TRANSPORT_CLOSED", message, options);
    this.name = "ClosedError";
  }
}

/** An operation did not complete within its deadline (e.g. a publish while the server stayed unreachable). */
export class TransportTimeoutError extends TransportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_TRANSPORT_TIMEOUT", message, options);
    this.name = "TransportTimeoutError";
  }
}

/** A message is larger than the limit (the server's `max_payload`, or a lower configured limit), in bytes. */
export class PayloadTooLargeError extends TransportError {
  /** The encoded size of the offending message, in bytes. */
  readonly size: number;
  /** The limit it exceeded, in bytes. */
  readonly limit: number;
  constructor(message: string, size: number, limit: number, options?: { cause?: unknown }) {
    super("E_TRANSPORT_PAYLOAD_TOO_LARGE", message, options);
    this.name = "PayloadTooLargeError";
    this.size = size;
    this.limit = limit;
  }
}

/** Received bytes are not a valid message of this protocol (not msgpack, wrong shape, unknown version). */
export class DecodeError extends TransportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_TRANSPORT_DECODE", message, options);
    this.name = "DecodeError";
  }
}

/** Streams, consumers or buckets are missing or have a configuration this transport cannot use or fix. */
export class ProvisionError extends TransportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_TRANSPORT_PROVISION", message, options);
    this.name = "ProvisionError";
  }
}

/** A KV compare-and-set failed: `create` of an existing key or `update` with a stale revision. */
export class KvConflictError extends TransportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_TRANSPORT_KV_CONFLICT", message, options);
    this.name = "KvConflictError";
  }
}

/** An option or argument is missing, of the wrong type or out of its domain. */
export class InvalidOptionError extends TransportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_INVALID_PARAMETER", message, options);
    this.name = "InvalidOptionError";
  }
}

/** Renders a value for an error message: short, JSON-like, never throws. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.byteLength})`;
  try {
    const s = JSON.stringify(value);
    if (s === undefined) return String(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

/** Throws an {@link InvalidOptionError} `<where>: <what> must be <constraint>; got <value>`. */
export function invalidOption(where: string, what: string, constraint: string, got: unknown): never {
  throw new InvalidOptionError(`${where}: ${what} must be ${constraint}; got ${describeValue(got)}`);
}

/** Message of any thrown value, for wrapping into a `cause`-carrying error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
