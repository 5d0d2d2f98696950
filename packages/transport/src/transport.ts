/**
 * The transport contract: moves opaque byte payloads between a coordinator and agents. It knows nothing about
 * sweeps, shards or points — only ids and bytes — so that the memory and the NATS implementations can be checked
 * by one conformance suite (`@scoresweep/transport/testing`).
 *
 * Delivery semantics (both implementations):
 * - **Work** is a shared queue with competing consumers. Each message is delivered to one consumer at a time and
 *   stays owned by it for `ackWaitMs` (extended by `working()`); unacknowledged it is redelivered, at most
 *   `maxDeliver` times in total. Work ids are deduplicated on publish within `duplicateWindowMs`.
 * - **Results** are at-least-once: the coordinator acks only after committing a result to its database, so a
 *   crash before the ack redelivers it; a result id republished within `duplicateWindowMs` is dropped by the
 *   server. Committing keyed by id (insert-or-ignore) gives an exactly-once *effect*.
 * - **Failures** tell the coordinator about work that will not complete: `term(reason)` on a work message
 *   (reason `"terminated"`, with the error text) and work that exhausted `maxDeliver` (reason `"max_deliver"`,
 *   error `null` because the last attempt died without saying why, e.g. a killed agent). Failures are
 *   at-least-once too and may even be followed by a result for the same id (an agent that terminated a message
 *   and then crashed before the server saw the term); consumers must be idempotent.
 * - Anything received that does not decode is surfaced as a {@link MalformedMessage} (never thrown, never
 *   crashing the receiver): count it, log it, and `term()` it.
 */
import type { DecodeError } from "./errors.js";

/** An outgoing message: an id (dedupe key; printable ASCII, 1–256 chars, no spaces) and opaque bytes. */
export interface OutgoingMessage {
  readonly id: string;
  readonly payload: Uint8Array;
}

/** What happened to one published message. */
export interface PublishOutcome {
  readonly id: string;
  /**
   * True when a message with this id was already stored within the duplicate window and this one was dropped.
   * (After a publish retried across a reconnect, the earlier attempt may be the one that landed.)
   */
  readonly duplicate: boolean;
}

/** Options of a pull. */
export interface PullOptions {
  /** Most messages to return (integer >= 1). */
  readonly max: number;
  /**
   * How long to wait for the first message, in ms (>= 0). The pull resolves as soon as at least one message is
   * available, with up to `max` of those available then; with `[]` once `expiresMs` has passed.
   */
  readonly expiresMs: number;
}

/** Control of one delivered message (all kinds). */
export interface Delivery {
  /** 1 on the first delivery, incremented on every redelivery. */
  readonly deliveryCount: number;
  /**
   * Done: never deliver it again. Fire-and-forget (resolves once sent, not once applied; the server applies it
   * shortly after): a lost ack only causes a redelivery, which at-least-once consumers absorb.
   */
  ack(): Promise<void>;
  /** Not done: deliver it again after `delayMs` (default 0); counts towards `maxDeliver` for work. */
  nak(delayMs?: number): Promise<void>;
  /** Still working on it: restarts its `ackWaitMs` clock. Never throws (heartbeats run from timers). */
  working(): void;
  /**
   * Give up on it: never deliver it again. On a work message this also publishes a failure record with `reason`
   * as its error (see {@link FailureMessage}) before terminating; resolves once that record is stored.
   */
  term(reason?: string): Promise<void>;
}

/** A unit of work handed to an agent. */
export interface WorkMessage extends Delivery {
  readonly kind: "work";
  readonly id: string;
  readonly payload: Uint8Array;
  /** The configured delivery bound; `deliveryCount === maxDeliver` means no retry is left. */
  readonly maxDeliver: number;
  /**
   * Report a failed attempt: `nak(delayMs)` while retries remain, `term(error)` on the last delivery (so the
   * failure record carries the error instead of an anonymous `max_deliver`).
   */
  fail(error: string, delayMs?: number): Promise<void>;
}

/** A result delivered to the coordinator. Ack it only after it is committed. */
export interface ResultMessage extends Delivery {
  readonly kind: "result";
  readonly id: string;
  readonly payload: Uint8Array;
}

/** Why a work message will not complete. */
export type FailureReason = "terminated" | "max_deliver";

/** A work message that will not complete, delivered to the coordinator. Ack it once recorded. */
export interface FailureMessage extends Delivery {
  readonly kind: "failure";
  /** Id of the failed work message. */
  readonly id: string;
  readonly reason: FailureReason;
  /** The error text given to `term(reason)` / `fail(error)`; `null` for `max_deliver` exhaustion. */
  readonly error: string | null;
  /** How many times the work message had been delivered. */
  readonly attempts: number;
}

/** Received bytes that could not be decoded. Count, log and `term()` it; never crash on it. */
export interface MalformedMessage extends Delivery {
  readonly kind: "malformed";
  readonly error: DecodeError;
  /** The raw bytes as received. */
  readonly raw: Uint8Array;
}

/** A value stored in a KV bucket. */
export interface KvEntry {
  readonly key: string;
  readonly value: Uint8Array;
  /** Monotonic per bucket; use it for compare-and-set with {@link KvBucket.update}. */
  readonly revision: number;
}

/** Options of a KV bucket. */
export interface KvOptions {
  /**
   * Bucket-wide time to live of every entry, in ms (0 = forever). Per-key TTLs are not offered: a 2.9 server
   * silently ignores them. An entry lives `ttlMs` after its last `put`, so presence = put every ttlMs/3.
   */
  readonly ttlMs?: number;
}

/** A small key-value bucket (campaign state, agent presence). Keys: `[-/_=.a-zA-Z0-9]+`, not starting/ending with `.`. */
export interface KvBucket {
  readonly name: string;
  /** The entry, or null when absent, deleted or expired. */
  get(key: string): Promise<KvEntry | null>;
  /** Stores `value`; returns the new revision. */
  put(key: string, value: Uint8Array): Promise<number>;
  /** Stores `value` only if `key` is absent; else throws {@link KvConflictError}. */
  create(key: string, value: Uint8Array): Promise<number>;
  /** Stores `value` only if the key's revision is `revision`; else throws {@link KvConflictError}. */
  update(key: string, value: Uint8Array, revision: number): Promise<number>;
  /** Removes the key (no-op when absent). */
  delete(key: string): Promise<void>;
  /** Live keys, sorted. */
  keys(): Promise<string[]>;
}

/** Depth of one queue. */
export interface QueueStats {
  /** Stored and not yet delivered (or waiting for redelivery). */
  readonly pending: number;
  /** Delivered and not yet acked. */
  readonly inFlight: number;
}

/** Depths of the three queues, for `status`. */
export interface TransportStats {
  readonly work: QueueStats;
  readonly results: QueueStats;
  readonly failures: QueueStats;
}

/** Effective limits of a connected transport. */
export interface TransportLimits {
  /** Largest work message payload accepted by `publishWork`, in bytes (results of any size are chunked). */
  readonly maxPayload: number;
  /** Ack deadline of work messages, in ms. */
  readonly ackWaitMs: number;
  /** Most deliveries of one work message. */
  readonly maxDeliver: number;
}

/** Something a long-running service may want to log. */
export type TransportEvent =
  | { readonly type: "disconnect"; readonly detail: string }
  | { readonly type: "reconnect"; readonly detail: string }
  | { readonly type: "warning"; readonly detail: string }
  | { readonly type: "error"; readonly detail: string; readonly error: unknown };

/** One connection of a coordinator or an agent to the queues and buckets of a namespace. */
export interface Transport {
  /** "memory" or "nats". */
  readonly kind: string;
  /** The namespace (prefix of every stream, subject and bucket name). */
  readonly namespace: string;
  readonly limits: TransportLimits;
  /**
   * Enqueues work, in order. All items are validated (ids, sizes) before any is sent, so a
   * {@link PayloadTooLargeError} publishes nothing. Resolves when every item is stored.
   */
  publishWork(items: readonly OutgoingMessage[]): Promise<PublishOutcome[]>;
  /** Takes work (agents). See {@link PullOptions} for the waiting rule. */
  pullWork(options: PullOptions): Promise<Array<WorkMessage | MalformedMessage>>;
  /** Stores a result of any size (chunked above `limits.maxPayload`); resolves when stored. Publish the result
   * before acking its work message. */
  publishResult(item: OutgoingMessage): Promise<PublishOutcome>;
  /** Takes results (coordinator). */
  pullResults(options: PullOptions): Promise<Array<ResultMessage | MalformedMessage>>;
  /** Takes failure records (coordinator). */
  pullFailures(options: PullOptions): Promise<Array<FailureMessage | MalformedMessage>>;
  /** Opens (creating if needed) the KV bucket `name` (`[A-Za-z0-9_-]+`) of this namespace. */
  kv(name: string, options?: KvOptions): Promise<KvBucket>;
  /** Queue depths. */
  stats(): Promise<TransportStats>;
  /** Subscribes to connection events; returns the unsubscribe function. */
  onEvent(listener: (event: TransportEvent) => void): () => void;
  /**
   * Graceful close: refuses new operations, ends waiting pulls with `[]`, returns undelivered prefetched messages
   * to the queue, flushes what was sent (acks included), then closes. Ack or nak what you hold before calling.
   */
  drain(): Promise<void>;
  /** Immediate close; idempotent. Messages held and not acked are redelivered after their ack wait. */
  close(): Promise<void>;
}
