/**
 * Builds the delivered-message objects of {@link Transport} from an implementation's settle operations, so that
 * the rules that are not about the wire (argument checks, term-publishes-a-failure-record, `fail`'s nak-or-term
 * choice) are written once for both implementations.
 */
import type { DecodeError } from "./errors.js";
import { clipError, validateDelay } from "./options.js";
import type { FailureMessage, FailureReason, MalformedMessage, ResultMessage, WorkMessage } from "./transport.js";

/** The wire-level operations on one delivered message. */
export interface Settle {
  readonly deliveryCount: number;
  ack(): Promise<void>;
  nak(delayMs: number): Promise<void>;
  working(): void;
  term(): Promise<void>;
}

/** A work message; `recordFailure` stores the failure record that `term(reason)` promises. */
export function workMessage(
  id: string,
  payload: Uint8Array,
  maxDeliver: number,
  s: Settle,
  recordFailure: (error: string, attempts: number) => Promise<void>,
): WorkMessage {
  const term = async (reason?: string): Promise<void> => {
    await recordFailure(clipError(reason ?? "terminated"), s.deliveryCount);
    await s.term();
  };
  const nak = async (delayMs = 0): Promise<void> => s.nak(validateDelay("WorkMessage.nak", "delayMs", delayMs));
  return {
    kind: "work",
    id,
    payload,
    maxDeliver,
    deliveryCount: s.deliveryCount,
    ack: () => s.ack(),
    nak,
    working: () => s.working(),
    term,
    fail: (error: string, delayMs = 0) => (s.deliveryCount >= maxDeliver ? term(error) : nak(delayMs)),
  };
}

function plain(s: Settle): Pick<ResultMessage, "deliveryCount" | "ack" | "nak" | "working" | "term"> {
  return {
    deliveryCount: s.deliveryCount,
    ack: () => s.ack(),
    nak: async (delayMs = 0) => s.nak(validateDelay("nak", "delayMs", delayMs)),
    working: () => s.working(),
    term: () => s.term(),
  };
}

/** A result message. */
export function resultMessage(id: string, payload: Uint8Array, s: Settle): ResultMessage {
  return { kind: "result", id, payload, ...plain(s) };
}

/** A failure record. */
export function failureMessage(id: string, reason: FailureReason, error: string | null, attempts: number, s: Settle): FailureMessage {
  return { kind: "failure", id, reason, error, attempts, ...plain(s) };
}

/** Bytes that did not decode. */
export function malformedMessage(error: DecodeError, raw: Uint8Array, s: Settle): MalformedMessage {
  return { kind: "malformed", error, raw, ...plain(s) };
}
