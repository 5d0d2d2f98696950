/**
 * Classifies errors of the nats.js client (by `name`, which is stable across its packages and needs no deep
 * imports) into this package's error classes, and tells transient failures (worth a retry) from permanent ones.
 */
import {
  AuthenticationError,
  ClosedError,
  ConnectionError,
  PayloadTooLargeError,
  TransportError,
  TransportTimeoutError,
  messageOf,
} from "../errors.js";

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : "";
}

/** Failures that a retry can cure: timeouts, no responders (JetStream restarting), a connection being re-made. */
export function isTransient(error: unknown): boolean {
  const n = nameOf(error);
  if (n === "TimeoutError" || n === "NoResponders" || n === "JetStreamNotEnabled" || n === "ConnectionError") return true;
  if (n === "RequestError") return true;
  // During a JetStream restart the API answers 503 until streams are recovered.
  if (n === "JetStreamApiError" || n === "JetStreamStatusError") {
    const code = (error as { code?: number; status?: number }).status ?? (error as { code?: number }).code;
    return code === 503;
  }
  return false;
}

/** True for the client's "connection is closed / draining" errors. */
export function isClosed(error: unknown): boolean {
  const n = nameOf(error);
  return n === "ClosedConnectionError" || n === "DrainingConnectionError";
}

/** Wraps a nats.js error into the matching {@link TransportError} subclass, keeping it as `cause`. */
export function mapNatsError(where: string, error: unknown): TransportError {
  if (error instanceof TransportError) return error;
  const n = nameOf(error);
  const msg = messageOf(error);
  if (isClosed(error)) return new ClosedError(`${where}: connection must be open; got ${msg}`, { cause: error });
  if (n === "AuthorizationError" || n === "UserAuthenticationExpiredError" || n === "PermissionViolationError") {
    return new AuthenticationError(`${where}: credentials must be accepted by the server; got ${msg}`, { cause: error });
  }
  if (n === "InvalidArgumentError" && /max_payload/.test(msg)) {
    return new PayloadTooLargeError(`${where}: message must fit the server's max_payload; got ${msg}`, -1, -1, { cause: error });
  }
  if (n === "TimeoutError") return new TransportTimeoutError(`${where}: the server must answer in time; got ${msg}`, { cause: error });
  if (n === "ConnectionError" || n === "NoResponders" || n === "JetStreamNotEnabled") {
    return new ConnectionError(`${where}: JetStream must be reachable; got ${msg}`, { cause: error });
  }
  return new TransportError("E_TRANSPORT", `${where}: ${msg}`, { cause: error });
}
