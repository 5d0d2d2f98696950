/**
 * `@scoresweep/transport` — moves opaque byte messages between a coordinator and agents (DESIGN §3–4). One
 * interface ({@link Transport}, in `transport.ts`, where the delivery semantics are specified), two
 * implementations with the same semantics, checked by one conformance suite (`@scoresweep/transport/testing`):
 *
 * - **memory** ({@link MemoryBroker}, {@link openMemoryTransport}): in process, for the embedded single-process mode
 *   and for service tests. Deterministic in order, timers only while a pull waits, none after close.
 * - **NATS JetStream** ({@link openNatsTransport}): server 2.9 (Debian's `nats-server` 2.9.10) is the floor; no 2.10
 *   feature is used (no consumer pause, no per-message or per-key TTL, no multiple filter subjects, no `+TERM`
 *   reason). Layout per namespace `ns` (see `nats/names.ts`):
 *   work = WorkQueue stream `<ns>_work` (file storage, `Nats-Msg-Id` dedupe) + one durable pull consumer `agents`
 *   shared by all agents (explicit ack, `ack_wait`, `max_deliver`, `max_ack_pending`); results = limits stream
 *   `<ns>_results` (`Nats-Msg-Id` = result id, duplicate window, `max_age` = `retentionMs`) + durable `coordinator`;
 *   failures = limits stream `<ns>_failures` holding `term` records and the captured
 *   `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<ns>_work.agents` advisories + durable `coordinator`; KV buckets
 *   `<ns>_<name>` with a bucket-wide TTL. Results above the server's `max_payload` are chunked (protocol in
 *   `nats/nats-transport.ts`); work above it is refused with {@link PayloadTooLargeError}.
 *
 * Pulls (`pullWork`, `pullResults`, `pullFailures`) resolve as soon as at least one message is there, with up to
 * `max`, or with `[]` after `expiresMs`; NATS pulls never ask the server for more than the waiting callers want
 * (competing agents share work fairly) and bound the bytes in flight below the server's slow-consumer limit
 * (`nats/pull-channel.ts`). {@link consume} wraps a pull in the ack-after-handler loop.
 *
 * Usage contract for the services:
 * - agent: `pullWork` (max = free pool slots) → run → `publishResult` (await it) → `ack`; call `working()` about
 *   every `limits.ackWaitMs / 3` during long work; on error `fail(error)`; on a `malformed` message count, log,
 *   `term()`.
 * - coordinator: `publishWork`; `pullResults` → commit keyed by id (insert-or-ignore) → `ack`; `pullFailures` →
 *   record the failure (idempotently; a result for the same id may still arrive) → `ack` (on NATS, acking a
 *   `max_deliver` failure also deletes the exhausted message from the work stream, so republishing the id after
 *   the duplicate window works).
 * - payloads: encode with {@link encodeValue} (msgpackr with `moreTypes`, typed arrays bit-identical).
 * - errors: every thrown error is a {@link TransportError} with a stable `code`.
 */
export type {
  Delivery,
  FailureMessage,
  FailureReason,
  KvBucket,
  KvEntry,
  KvOptions,
  MalformedMessage,
  OutgoingMessage,
  PublishOutcome,
  PullOptions,
  QueueStats,
  ResultMessage,
  Transport,
  TransportEvent,
  TransportLimits,
  TransportStats,
  WorkMessage,
} from "./transport.js";
export {
  AuthenticationError,
  ClosedError,
  ConnectionError,
  DecodeError,
  InvalidOptionError,
  KvConflictError,
  PayloadTooLargeError,
  ProvisionError,
  TransportError,
  TransportTimeoutError,
  type TransportErrorCode,
} from "./errors.js";
export { DEFAULT_TRANSPORT_OPTIONS, resolveTransportOptions, type TransportOptions } from "./options.js";
export { PROTOCOL_VERSION, decodeEnvelope, decodeValue, encodeEnvelope, encodeValue, type Envelope } from "./codec.js";
export { MemoryBroker, MemoryTransport, openMemoryTransport, type MemoryQueueName } from "./memory/memory-transport.js";
export {
  connectNats,
  connectionOptionsFromEnv,
  type NatsConnectionOptions,
  type NatsTlsOptions,
} from "./nats/connection-options.js";
export { NatsTransport, openNatsTransport, type NatsTransportOptions } from "./nats/nats-transport.js";
export { consume, type ConsumeOptions, type Consumer } from "./consume.js";
