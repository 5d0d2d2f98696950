/**
 * The in-process transport, for the embedded single-process mode and for tests of the services: a
 * {@link MemoryBroker} plays the server (queues and buckets per namespace), and each `connect()` is one client.
 * Messages are stored encoded (the same envelopes as on NATS), so the codec path, size limits and malformed-input
 * handling behave as on the wire.
 */
import { decodeEnvelope, encodeEnvelope } from "../codec.js";
import { ClosedError, DecodeError, PayloadTooLargeError } from "../errors.js";
import { failureMessage, malformedMessage, resultMessage, workMessage, type Settle } from "../delivery.js";
import {
  payloadLimit,
  resolveTransportOptions,
  validateBucketName,
  validateDelay,
  validateOutgoing,
  validatePullOptions,
  wireSize,
  type TransportOptions,
} from "../options.js";
import type {
  FailureMessage,
  KvBucket,
  KvOptions,
  MalformedMessage,
  OutgoingMessage,
  PublishOutcome,
  PullOptions,
  ResultMessage,
  Transport,
  TransportEvent,
  TransportLimits,
  TransportStats,
  WorkMessage,
} from "../transport.js";
import { MemoryKvBucket, MemoryKvState } from "./memory-kv.js";
import { MemoryQueue, type Clock, type MemoryQueueConfig, type RawDelivery } from "./memory-queue.js";

/** Queues and buckets of one namespace, shared by every connection to it. */
class MemoryNamespace {
  readonly work: MemoryQueue;
  readonly results: MemoryQueue;
  readonly failures: MemoryQueue;
  readonly buckets = new Map<string, MemoryKvState>();

  constructor(clock: Clock, options: TransportOptions) {
    // Results and failure records are never dropped for lack of an ack: unbounded deliveries, as on NATS.
    this.results = new MemoryQueue(clock, MemoryNamespace.sideConfig(options));
    this.failures = new MemoryQueue(clock, MemoryNamespace.sideConfig(options));
    this.work = new MemoryQueue(clock, MemoryNamespace.workConfig(options), (data, deliveries) => {
      // Exhausted work becomes a failure record; undecodable work has no id to report and is dropped, as the
      // NATS implementation drops it when it reads the exhausted message back.
      try {
        const e = decodeEnvelope(data, ["work"]);
        this.failures.publish(encodeEnvelope({ type: "failure", id: e.id, reason: "max_deliver", error: null, attempts: deliveries }));
      } catch {
        /* dropped */
      }
    });
  }

  static workConfig(o: TransportOptions): MemoryQueueConfig {
    return { ackWaitMs: o.ackWaitMs, maxDeliver: o.maxDeliver, maxAckPending: o.maxAckPending, duplicateWindowMs: o.duplicateWindowMs };
  }

  static sideConfig(o: TransportOptions): MemoryQueueConfig {
    return { ackWaitMs: o.ackWaitMs, maxDeliver: Infinity, maxAckPending: 10_000, duplicateWindowMs: o.duplicateWindowMs };
  }

  /** A connection's options re-provision the namespace, like a NATS client updating its consumers. */
  configure(o: TransportOptions): void {
    this.work.config = MemoryNamespace.workConfig(o);
    this.results.config = MemoryNamespace.sideConfig(o);
    this.failures.config = MemoryNamespace.sideConfig(o);
  }

  close(): void {
    this.work.close();
    this.results.close();
    this.failures.close();
  }
}

/** Which queue of a namespace. */
export type MemoryQueueName = "work" | "results" | "failures";

/** The in-process "server": holds the queues and buckets of every namespace. */
export class MemoryBroker {
  private readonly namespaces = new Map<string, MemoryNamespace>();

  /** @param clock source of time in ms (default `Date.now`); deadlines and TTLs are read from it. */
  constructor(private readonly clock: Clock = Date.now) {}

  /** Opens a client connection; options are validated and fill defaults as for NATS. */
  connect(options: Partial<TransportOptions> = {}): MemoryTransport {
    const o = resolveTransportOptions("MemoryBroker.connect", options);
    let ns = this.namespaces.get(o.namespace);
    if (ns === undefined) {
      ns = new MemoryNamespace(this.clock, o);
      this.namespaces.set(o.namespace, ns);
    } else {
      ns.configure(o);
    }
    return new MemoryTransport(ns, o, this.clock);
  }

  /** Stores raw bytes in a queue, bypassing the codec: for tests of malformed input. */
  injectRaw(namespace: string, queue: MemoryQueueName, bytes: Uint8Array): void {
    const ns = this.namespaces.get(namespace);
    if (ns === undefined) throw new ClosedError(`MemoryBroker.injectRaw: namespace must have been connected to; got ${namespace}`);
    ns[queue].publish(bytes);
  }

  /** Ends every waiting pull of every connection and stops all timers. */
  close(): void {
    for (const ns of this.namespaces.values()) ns.close();
    this.namespaces.clear();
  }
}

/** A transport over its own private broker (the embedded mode's usual entry point). */
export function openMemoryTransport(options: Partial<TransportOptions> = {}): MemoryTransport {
  return new MemoryBroker().connect(options);
}

/** One connection to a {@link MemoryBroker}. */
export class MemoryTransport implements Transport {
  readonly kind = "memory";
  readonly limits: TransportLimits;
  private closed = false;

  constructor(
    private readonly ns: MemoryNamespace,
    private readonly options: TransportOptions,
    private readonly clock: Clock,
  ) {
    this.limits = Object.freeze({ maxPayload: payloadLimit(options.maxMessageBytes), ackWaitMs: options.ackWaitMs, maxDeliver: options.maxDeliver });
  }

  get namespace(): string {
    return this.options.namespace;
  }

  private check(where: string): void {
    if (this.closed) throw new ClosedError(`${where}: transport must be open; got closed`);
  }

  private settle(queue: MemoryQueue, d: RawDelivery): Settle {
    const guard = (where: string): void => this.check(where);
    return {
      deliveryCount: d.deliveryCount,
      ack: async () => {
        guard("ack");
        queue.ack(d.seq);
      },
      nak: async (delayMs: number) => {
        guard("nak");
        queue.nak(d.seq, d.deliveryCount, delayMs);
      },
      working: () => {
        if (!this.closed) queue.working(d.seq, d.deliveryCount);
      },
      term: async () => {
        guard("term");
        queue.ack(d.seq);
      },
    };
  }

  async publishWork(items: readonly OutgoingMessage[]): Promise<PublishOutcome[]> {
    this.check("publishWork");
    const encoded = items.map((item, i) => {
      validateOutgoing("publishWork", item, i);
      const bytes = encodeEnvelope({ type: "work", id: item.id, payload: item.payload });
      const size = wireSize(bytes.byteLength, item.id);
      if (size > this.options.maxMessageBytes) {
        throw new PayloadTooLargeError(
          `publishWork: message of items[${i}] ("${item.id}") must be at most ${this.options.maxMessageBytes} bytes; got ${size}`,
          size,
          this.options.maxMessageBytes,
        );
      }
      return bytes;
    });
    return items.map((item, i) => ({ id: item.id, duplicate: this.ns.work.publish(encoded[i], item.id) }));
  }

  async pullWork(options: PullOptions): Promise<Array<WorkMessage | MalformedMessage>> {
    this.check("pullWork");
    validatePullOptions("pullWork", options);
    const q = this.ns.work;
    const raw = await q.pull(this, options.max, options.expiresMs);
    return raw.map((d) => {
      const s = this.settle(q, d);
      try {
        const e = decodeEnvelope(d.data, ["work"]) as { id: string; payload: Uint8Array };
        return workMessage(e.id, e.payload, this.options.maxDeliver, s, async (error, attempts) => {
          this.check("term");
          this.ns.failures.publish(encodeEnvelope({ type: "failure", id: e.id, reason: "terminated", error, attempts }));
        });
      } catch (error) {
        return malformedMessage(error as DecodeError, d.data, s);
      }
    });
  }

  async publishResult(item: OutgoingMessage): Promise<PublishOutcome> {
    this.check("publishResult");
    validateOutgoing("publishResult", item);
    // Any size: the memory queue has no frame limit, so there is nothing to chunk.
    const bytes = encodeEnvelope({ type: "result", id: item.id, payload: item.payload });
    return { id: item.id, duplicate: this.ns.results.publish(bytes, item.id) };
  }

  async pullResults(options: PullOptions): Promise<Array<ResultMessage | MalformedMessage>> {
    this.check("pullResults");
    validatePullOptions("pullResults", options);
    const q = this.ns.results;
    const raw = await q.pull(this, options.max, options.expiresMs);
    return raw.map((d) => {
      const s = this.settle(q, d);
      try {
        const e = decodeEnvelope(d.data, ["result"]) as { id: string; payload: Uint8Array };
        return resultMessage(e.id, e.payload, s);
      } catch (error) {
        return malformedMessage(error as DecodeError, d.data, s);
      }
    });
  }

  async pullFailures(options: PullOptions): Promise<Array<FailureMessage | MalformedMessage>> {
    this.check("pullFailures");
    validatePullOptions("pullFailures", options);
    const q = this.ns.failures;
    const raw = await q.pull(this, options.max, options.expiresMs);
    return raw.map((d) => {
      const s = this.settle(q, d);
      try {
        const e = decodeEnvelope(d.data, ["failure"]);
        if (e.type !== "failure") throw new DecodeError("pullFailures: type must be failure");
        return failureMessage(e.id, e.reason, e.error, e.attempts, s);
      } catch (error) {
        return malformedMessage(error as DecodeError, d.data, s);
      }
    });
  }

  async kv(name: string, options: KvOptions = {}): Promise<KvBucket> {
    this.check("kv");
    validateBucketName("kv", name);
    const ttlMs = validateDelay("kv", "options.ttlMs", options.ttlMs ?? 0);
    let state = this.ns.buckets.get(name);
    if (state === undefined) {
      state = new MemoryKvState(name, ttlMs);
      this.ns.buckets.set(name, state);
    } else {
      state.ttlMs = ttlMs;
    }
    return new MemoryKvBucket(state, this.clock, (where) => this.check(where));
  }

  async stats(): Promise<TransportStats> {
    this.check("stats");
    return { work: this.ns.work.stats(), results: this.ns.results.stats(), failures: this.ns.failures.stats() };
  }

  onEvent(_listener: (event: TransportEvent) => void): () => void {
    // In process: there is no connection to lose.
    return () => {};
  }

  async drain(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ns.work.cancel(this);
    this.ns.results.cancel(this);
    this.ns.failures.cancel(this);
  }
}
