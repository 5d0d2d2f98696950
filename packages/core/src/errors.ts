/**
 * Errors of scoresweep. Every failure a user can cause is a {@link ScoresweepError} with a stable `code`
 * and a one-line message of the form `<where>: <what> must be <constraint>; got <value>`, so the CLI can
 * print it as is and exit 2.
 */

/** Stable error codes; tests and the CLI match on these, never on message text. */
export type ErrorCode =
  | "E_INVALID_PARAMETER"
  | "E_UNKNOWN_VARIANT"
  | "E_INVALID_INPUT"
  | "E_UNSUPPORTED"
  | "E_NUMERICAL";

/** Base class: a user-facing failure with a stable code. */
export class ScoresweepError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ScoresweepError";
    this.code = code;
  }
}

/** A parameter is missing, of the wrong type or out of its domain. */
export class InvalidParameterError extends ScoresweepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_INVALID_PARAMETER", message, options);
    this.name = "InvalidParameterError";
  }
}

/** A discriminator (family, scheme, estimator, kind) names no known variant. */
export class UnknownVariantError extends ScoresweepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_UNKNOWN_VARIANT", message, options);
    this.name = "UnknownVariantError";
  }
}

/** A combination of valid parts that this code does not support (e.g. the exact oracle on GMM data). */
export class UnsupportedError extends ScoresweepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_UNSUPPORTED", message, options);
    this.name = "UnsupportedError";
  }
}

/** Renders a value for an error message: short, JSON-like, never throws. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

/** Throws an {@link InvalidParameterError} `<where>: <what> must be <constraint>; got <value>`. */
export function invalid(where: string, what: string, constraint: string, got: unknown): never {
  throw new InvalidParameterError(`${where}: ${what} must be ${constraint}; got ${describeValue(got)}`);
}

/** Returns `value` if it is a finite number > 0, otherwise throws naming `where` and `what`. */
export function requirePositive(where: string, what: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) invalid(where, what, "a finite number > 0", value);
  return value;
}

/** Returns `value` if it is a finite number >= 0, otherwise throws. */
export function requireNonNegative(where: string, what: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) invalid(where, what, "a finite number >= 0", value);
  return value;
}

/** Returns `value` if it is a finite number, otherwise throws. */
export function requireFinite(where: string, what: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) invalid(where, what, "a finite number", value);
  return value;
}

/** Returns `value` if it is an integer in [min, max], otherwise throws. */
export function requireInteger(where: string, what: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    invalid(where, what, max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`, value);
  }
  return value;
}
