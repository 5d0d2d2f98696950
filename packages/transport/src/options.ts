/**
 * Options shared by both implementations, their defaults and their validation (done once, at the public entry
 * points; inner code trusts resolved options).
 */
import { invalidOption } from "./errors.js";
import type { OutgoingMessage, PullOptions } from "./transport.js";

/** Semantics of the queues. Every field has a default; see {@link DEFAULT_TRANSPORT_OPTIONS}. */
export interface TransportOptions {
  /** Prefix of every stream, subject and bucket: `[A-Za-z0-9_-]{1,32}`. Separate namespaces never interact. */
  readonly namespace: string;
  /** How long a delivered work message stays owned by its consumer without an ack or `working()`, in ms. */
  readonly ackWaitMs: number;
  /** Most deliveries of one work message (>= 1); then it is reported as a `max_deliver` failure. */
  readonly maxDeliver: number;
  /** Most work messages delivered and not yet acked, over all agents (>= 1). */
  readonly maxAckPending: number;
  /** Window within which a republished work or result id is dropped as a duplicate, in ms. */
  readonly duplicateWindowMs: number;
  /**
   * Upper bound on one message, in bytes. NATS uses min(this, the server's `max_payload`); memory uses it as is.
   * Work above it is rejected ({@link PayloadTooLargeError}); results above it are chunked.
   */
  readonly maxMessageBytes: number;
  /** How long results and failure records are kept at most (NATS `max_age`), in ms; 0 = forever. */
  readonly retentionMs: number;
  /** Deadline of one publish or management call, retries across reconnects included, in ms. */
  readonly operationTimeoutMs: number;
}

/** Defaults: 30 s ack wait, 5 deliveries, 1000 in flight, 2 min dedupe window, 1 MiB messages, 7 days retention. */
export const DEFAULT_TRANSPORT_OPTIONS: TransportOptions = Object.freeze({
  namespace: "scoresweep",
  ackWaitMs: 30_000,
  maxDeliver: 5,
  maxAckPending: 1000,
  duplicateWindowMs: 120_000,
  maxMessageBytes: 1024 * 1024,
  retentionMs: 7 * 24 * 3600 * 1000,
  operationTimeoutMs: 30_000,
});

const NAME = /^[A-Za-z0-9_-]{1,32}$/;
const ID = /^[\x21-\x7e]{1,256}$/;

function requireInt(where: string, what: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    invalidOption(where, what, `an integer >= ${min}`, value);
  }
  return value;
}

function requireMs(where: string, what: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    invalidOption(where, what, `a finite number of ms >= ${min}`, value);
  }
  return value;
}

/** Fills defaults and validates; throws {@link InvalidOptionError} naming the first bad field. */
export function resolveTransportOptions(where: string, options: Partial<TransportOptions> = {}): TransportOptions {
  const o = { ...DEFAULT_TRANSPORT_OPTIONS, ...stripUndefined(options) };
  if (typeof o.namespace !== "string" || !NAME.test(o.namespace)) {
    invalidOption(where, "options.namespace", "1-32 characters of [A-Za-z0-9_-]", o.namespace);
  }
  // Sub-100 ms ack waits are refused: NATS timers are not that precise and heartbeats could not keep up.
  requireMs(where, "options.ackWaitMs", o.ackWaitMs, 100);
  requireInt(where, "options.maxDeliver", o.maxDeliver, 1);
  requireInt(where, "options.maxAckPending", o.maxAckPending, 1);
  requireMs(where, "options.duplicateWindowMs", o.duplicateWindowMs, 100);
  requireInt(where, "options.maxMessageBytes", o.maxMessageBytes, 4096);
  requireMs(where, "options.retentionMs", o.retentionMs, 0);
  if (o.retentionMs !== 0 && o.retentionMs < o.duplicateWindowMs) {
    invalidOption(where, "options.retentionMs", "0 or >= options.duplicateWindowMs", o.retentionMs);
  }
  requireMs(where, "options.operationTimeoutMs", o.operationTimeoutMs, 1);
  return Object.freeze(o);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Validates a pull's options. */
export function validatePullOptions(where: string, options: PullOptions): void {
  if (typeof options !== "object" || options === null) invalidOption(where, "options", "an object", options);
  requireInt(where, "options.max", options.max, 1);
  requireMs(where, "options.expiresMs", options.expiresMs, 0);
}

/** Validates an outgoing message's id and payload type. */
export function validateOutgoing(where: string, item: OutgoingMessage, index?: number): void {
  const at = index === undefined ? "item" : `items[${index}]`;
  if (typeof item !== "object" || item === null) invalidOption(where, at, "an object {id, payload}", item);
  if (typeof item.id !== "string" || !ID.test(item.id)) {
    invalidOption(where, `${at}.id`, "1-256 printable ASCII characters without spaces", item.id);
  }
  if (!(item.payload instanceof Uint8Array)) invalidOption(where, `${at}.payload`, "a Uint8Array", item.payload);
}

/** Validates a KV bucket name. */
export function validateBucketName(where: string, name: unknown): string {
  if (typeof name !== "string" || !NAME.test(name)) invalidOption(where, "name", "1-32 characters of [A-Za-z0-9_-]", name);
  return name;
}

const KEY = /^[-/_=.a-zA-Z0-9]+$/;

/** Validates a KV key (the NATS KV key alphabet, so both implementations accept the same keys). */
export function validateKey(where: string, key: unknown): string {
  if (typeof key !== "string" || !KEY.test(key) || key.startsWith(".") || key.endsWith(".")) {
    invalidOption(where, "key", "characters of [-/_=.a-zA-Z0-9], not starting or ending with '.'", key);
  }
  return key;
}

/** Validates a `nak` delay or KV TTL in ms. */
export function validateDelay(where: string, what: string, value: unknown): number {
  return requireMs(where, what, value, 0);
}

/** Longest error text carried by a failure record, in characters; longer texts are cut (with a marker). */
export const MAX_ERROR_CHARS = 4096;

/** Cuts an error text to {@link MAX_ERROR_CHARS}. */
export function clipError(text: string): string {
  return text.length <= MAX_ERROR_CHARS ? text : `${text.slice(0, MAX_ERROR_CHARS - 14)}… [truncated]`;
}

/** Bytes a NATS header block with a `Nats-Msg-Id` adds to a message, id length excluded (upper bound). */
export const HEADER_OVERHEAD = 32;

/** Room kept in every message for envelope and headers (ids up to 256 chars), in bytes. */
export const MESSAGE_RESERVE = 1024;

/** Size of one message on the wire: envelope plus header block, in bytes. */
export function wireSize(encodedLength: number, id: string): number {
  return encodedLength + HEADER_OVERHEAD + id.length;
}

/** Largest work payload always accepted under a message limit (any valid id), in bytes. */
export function payloadLimit(maxMessageBytes: number): number {
  return maxMessageBytes - MESSAGE_RESERVE;
}

/** Bytes of a result payload carried per chunk under a message limit. */
export function chunkSize(maxMessageBytes: number, id: string): number {
  return maxMessageBytes - MESSAGE_RESERVE - 2 * id.length;
}
