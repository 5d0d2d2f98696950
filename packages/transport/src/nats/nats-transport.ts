/**
 * The NATS JetStream transport (DESIGN §4). Resources are named in `names.ts`; this file maps the
 * {@link Transport} operations onto them:
 * - `publishWork`: JetStream publish to `<ns>.work` with `Nats-Msg-Id` = work id (server dedupe), retried with the
 *   same id across reconnects until `operationTimeoutMs` (a retry of a publish that did land is a duplicate).
 * - `pullWork` / `pullResults` / `pullFailures`: see `pull-channel.ts`; acks: see `nats-settle.ts`.
 * - `term(reason)` on work: publishes a failure record to `<ns>.failed` (`Nats-Msg-Id`
 *   `failed:<id>:<stream seq>:<delivery count>`),
 *   then terminates; a WorkQueue stream drops a terminated message.
 * - exhaustion: the server's MAX_DELIVERIES advisory is captured by the failures stream; `pullFailures` reads the
 *   exhausted message back (it stays in the WorkQueue stream, unacked) to learn its id, and acking the failure
 *   deletes that message. An advisory whose message is already gone was handled before and is skipped.
 * - results above the message limit are chunked (protocol in `result-chunks.ts`); `ack` of an assembled result
 *   purges its chunks.
 */
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type PubAck } from "@nats-io/jetstream";
import { headers, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { decodeEnvelope, encodeEnvelope } from "../codec.js";
import { failureMessage, malformedMessage, resultMessage, workMessage, type Settle } from "../delivery.js";
import { ClosedError, DecodeError, PayloadTooLargeError, TransportError, TransportTimeoutError, messageOf } from "../errors.js";
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
import { connectNats, type NatsConnectionOptions } from "./connection-options.js";
import { isClosed, isTransient, mapNatsError } from "./nats-errors.js";
import { openNatsKv } from "./nats-kv.js";
import { natsNames, type NatsNames } from "./names.js";
import { natsSettle, parseAckSubject } from "./nats-settle.js";
import { ensureConsumer, ensureStream } from "./provision.js";
import { assembleChunks, publishChunked, purgeChunks, type ChunkContext } from "./result-chunks.js";
import { PullChannel } from "./pull-channel.js";

/** Options of {@link openNatsTransport}. */
export interface NatsTransportOptions extends Partial<TransportOptions> {
  readonly connection: NatsConnectionOptions;
  /**
   * Create or update streams, consumers and buckets (default true). With false they must already exist (e.g.
   * agents whose credentials may not manage streams), and the ack wait / max deliver in force are read from them.
   */
  readonly provision?: boolean;
}

/** Publishes in flight at once in `publishWork`. */
const PUBLISH_WINDOW = 256;
/** Longest wait for one publish acknowledgement before retrying it, in ms. */
const PUBLISH_ATTEMPT_MS = 5000;

/** JetStream API error code of "no message found". */
const NO_MESSAGE_FOUND = 10037;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Connects, checks JetStream, provisions the namespace and returns the transport. */
export async function openNatsTransport(options: NatsTransportOptions): Promise<NatsTransport> {
  const { connection, provision = true, ...rest } = options ?? ({} as NatsTransportOptions);
  const o = resolveTransportOptions("openNatsTransport", rest);
  const nc = await connectNats(connection);
  try {
    const jsm = await jetstreamManager(nc, { timeout: Math.min(o.operationTimeoutMs, PUBLISH_ATTEMPT_MS) });
    const names = natsNames(o.namespace);
    const t = new NatsTransport(nc, jsm, jetstream(nc, { timeout: PUBLISH_ATTEMPT_MS }), names, o, provision);
    await t.provision();
    return t;
  } catch (error) {
    await nc.close().catch(() => {});
    throw mapNatsError("openNatsTransport", error);
  }
}

/** See the module comment. Create with {@link openNatsTransport}. */
export class NatsTransport implements Transport {
  readonly kind = "nats";
  private state: "open" | "draining" | "closed" = "open";
  private readonly listeners = new Set<(e: TransportEvent) => void>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly work: PullChannel;
  private readonly results: PullChannel;
  private readonly failures: PullChannel;
  private ackWaitMs: number;
  private maxDeliver: number;

  /** @internal use {@link openNatsTransport}. */
  constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly names: NatsNames,
    private readonly options: TransportOptions,
    private readonly provisioning: boolean,
  ) {
    this.ackWaitMs = options.ackWaitMs;
    this.maxDeliver = options.maxDeliver;
    const emit = (e: TransportEvent): void => this.emit(e);
    this.work = new PullChannel(nc, names.workStream, names.workConsumer, emit);
    this.results = new PullChannel(nc, names.resultStream, names.resultConsumer, emit);
    this.failures = new PullChannel(nc, names.failureStream, names.failureConsumer, emit);
    void this.watchStatus();
  }

  /** @internal Creates/updates (or checks) the streams and consumers; reads the limits in force. */
  async provision(): Promise<void> {
    const o = this.options;
    const n = this.names;
    const p = this.provisioning;
    await this.retry("provision", async () => {
      await ensureStream(this.jsm, { name: n.workStream, subjects: [n.workSubject], retention: "workqueue", duplicateWindowMs: o.duplicateWindowMs, maxAgeMs: 0 }, p);
      const work = await ensureConsumer(
        this.jsm,
        { stream: n.workStream, durable: n.workConsumer, ackWaitMs: o.ackWaitMs, maxDeliver: o.maxDeliver, maxAckPending: o.maxAckPending },
        p,
      );
      const side = { retention: "limits" as const, duplicateWindowMs: o.duplicateWindowMs, maxAgeMs: o.retentionMs };
      await ensureStream(this.jsm, { name: n.resultStream, subjects: [n.resultSubject, `${n.chunkPrefix}.>`], ...side }, p);
      await ensureConsumer(
        this.jsm,
        { stream: n.resultStream, durable: n.resultConsumer, ackWaitMs: o.ackWaitMs, maxDeliver: -1, maxAckPending: 10_000, filterSubject: n.resultSubject },
        p,
      );
      await ensureStream(this.jsm, { name: n.failureStream, subjects: [n.failureSubject, n.advisorySubject], ...side }, p);
      await ensureConsumer(this.jsm, { stream: n.failureStream, durable: n.failureConsumer, ackWaitMs: o.ackWaitMs, maxDeliver: -1, maxAckPending: 10_000 }, p);
      this.ackWaitMs = (work.config.ack_wait ?? o.ackWaitMs * 1_000_000) / 1_000_000;
      this.maxDeliver = work.config.max_deliver ?? o.maxDeliver;
    });
  }

  get namespace(): string {
    return this.options.namespace;
  }

  /** Message limit in force: the lower of the option and the connected server's `max_payload`. */
  private maxMessageBytes(): number {
    const server = this.nc.info?.max_payload;
    return typeof server === "number" && server > 0 ? Math.min(server, this.options.maxMessageBytes) : this.options.maxMessageBytes;
  }

  get limits(): TransportLimits {
    return { maxPayload: payloadLimit(this.maxMessageBytes()), ackWaitMs: this.ackWaitMs, maxDeliver: this.maxDeliver };
  }

  private emit(e: TransportEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  onEvent(listener: (event: TransportEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async watchStatus(): Promise<void> {
    try {
      for await (const s of this.nc.status()) {
        switch (s.type) {
          case "disconnect":
            this.emit({ type: "disconnect", detail: `disconnected from ${s.server}` });
            break;
          case "reconnect":
            this.emit({ type: "reconnect", detail: `reconnected to ${s.server}` });
            // The server forgot our pending pull requests with the old connection.
            this.work.reset();
            this.results.reset();
            this.failures.reset();
            break;
          case "error":
            this.emit({ type: "error", detail: messageOf(s.error), error: s.error });
            break;
          case "ldm":
          case "slowConsumer":
          case "staleConnection":
            this.emit({ type: "warning", detail: s.type });
            break;
          default:
            break;
        }
      }
    } catch {
      /* the iterator ends with the connection */
    }
  }

  private check(where: string): void {
    if (this.state !== "open" || this.nc.isClosed()) throw new ClosedError(`${where}: transport must be open; got ${this.state === "open" ? "closed" : this.state}`);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    const done = (): void => void this.pending.delete(p);
    p.then(done, done);
    return p;
  }

  /** Runs `fn`, retrying transient failures (reconnects, JetStream restarting) until `operationTimeoutMs`. */
  private async retry<T>(where: string, fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.options.operationTimeoutMs;
    let pause = 50;
    for (;;) {
      try {
        return await fn();
      } catch (error) {
        if (error instanceof TransportError) throw error;
        if (isClosed(error) || this.nc.isClosed()) throw new ClosedError(`${where}: transport must be open; got closed`, { cause: error });
        if (!isTransient(error)) throw mapNatsError(where, error);
        if (Date.now() + pause >= deadline) {
          throw new TransportTimeoutError(`${where}: the server must answer within ${this.options.operationTimeoutMs} ms; got ${messageOf(error)}`, { cause: error });
        }
        await sleep(pause);
        pause = Math.min(pause * 2, 1000);
      }
    }
  }

  private publish(where: string, subject: string, data: Uint8Array, msgId: string): Promise<PubAck> {
    return this.retry(where, () => {
      const h = headers();
      h.set("Nats-Msg-Id", msgId);
      return this.js.publish(subject, data, { headers: h, timeout: PUBLISH_ATTEMPT_MS });
    });
  }

  private tooLarge(where: string, what: string, size: number): PayloadTooLargeError {
    const limit = this.maxMessageBytes();
    return new PayloadTooLargeError(`${where}: message of ${what} must be at most ${limit} bytes; got ${size}`, size, limit);
  }

  async publishWork(items: readonly OutgoingMessage[]): Promise<PublishOutcome[]> {
    this.check("publishWork");
    const limit = this.maxMessageBytes();
    const encoded = items.map((item, i) => {
      validateOutgoing("publishWork", item, i);
      const bytes = encodeEnvelope({ type: "work", id: item.id, payload: item.payload });
      const size = wireSize(bytes.byteLength, item.id);
      if (size > limit) throw this.tooLarge("publishWork", `items[${i}] ("${item.id}")`, size);
      return bytes;
    });
    const out: PublishOutcome[] = new Array(items.length);
    let next = 0;
    // A window of publishes: issued in index order on one connection, so stored in order unless a retry intervenes.
    const lane = async (): Promise<void> => {
      while (next < items.length) {
        const i = next++;
        const ack = await this.publish("publishWork", this.names.workSubject, encoded[i], items[i].id);
        out[i] = { id: items[i].id, duplicate: ack.duplicate };
      }
    };
    await this.track(Promise.all(Array.from({ length: Math.min(PUBLISH_WINDOW, items.length) }, lane)));
    return out;
  }

  private settle(m: Msg): Settle {
    return natsSettle(m, () => this.state === "closed");
  }

  async pullWork(options: PullOptions): Promise<Array<WorkMessage | MalformedMessage>> {
    this.check("pullWork");
    validatePullOptions("pullWork", options);
    const msgs = await this.work.pull(options.max, options.expiresMs);
    return msgs.map((m) => {
      const s = this.settle(m);
      try {
        const e = decodeEnvelope(m.data, ["work"]) as { id: string; payload: Uint8Array };
        const seq = parseAckSubject(m.reply ?? "").streamSeq;
        return workMessage(e.id, e.payload, this.maxDeliver, s, async (error, attempts) => {
          this.check("term");
          const record = encodeEnvelope({ type: "failure", id: e.id, reason: "terminated", error, attempts });
          await this.track(this.publish("term", this.names.failureSubject, record, `failed:${e.id}:${seq}:${attempts}`));
        });
      } catch (error) {
        return malformedMessage(error as DecodeError, m.data, s);
      }
    });
  }

  async publishResult(item: OutgoingMessage): Promise<PublishOutcome> {
    this.check("publishResult");
    validateOutgoing("publishResult", item);
    return this.track(this.publishResultImpl(item));
  }

  private async publishResultImpl(item: OutgoingMessage): Promise<PublishOutcome> {
    const limit = this.maxMessageBytes();
    const whole = encodeEnvelope({ type: "result", id: item.id, payload: item.payload });
    if (wireSize(whole.byteLength, item.id) <= limit) {
      const ack = await this.publish("publishResult", this.names.resultSubject, whole, item.id);
      return { id: item.id, duplicate: ack.duplicate };
    }
    return { id: item.id, duplicate: await publishChunked(this.chunkContext(), item, limit) };
  }

  private chunkContext(): ChunkContext {
    return {
      names: this.names,
      jsm: this.jsm,
      publish: (subject, data, msgId) => this.publish("publishResult", subject, data, msgId),
      retry: (fn) => this.retry("pullResults", fn),
      emit: (e) => this.emit(e),
    };
  }

  async pullResults(options: PullOptions): Promise<Array<ResultMessage | MalformedMessage>> {
    this.check("pullResults");
    validatePullOptions("pullResults", options);
    const msgs = await this.results.pull(options.max, options.expiresMs);
    const out: Array<ResultMessage | MalformedMessage> = [];
    for (const m of msgs) {
      const s = this.settle(m);
      let e;
      try {
        e = decodeEnvelope(m.data, ["result", "head"]);
      } catch (error) {
        out.push(malformedMessage(error as DecodeError, m.data, s));
        continue;
      }
      if (e.type === "result") {
        out.push(resultMessage(e.id, e.payload, s));
        continue;
      }
      if (e.type !== "head") continue;
      const head = e;
      try {
        const payload = await assembleChunks(this.chunkContext(), head);
        const ack = async (): Promise<void> => {
          await s.ack();
          await purgeChunks(this.chunkContext(), head.nonce);
        };
        out.push(resultMessage(head.id, payload, { ...s, ack }));
      } catch (error) {
        if (error instanceof DecodeError) {
          out.push(malformedMessage(error, m.data, s));
        } else {
          // Could not read the chunks now (connection trouble): hand it back for a later delivery.
          this.emit({ type: "error", detail: `result "${head.id}": chunks unreadable`, error });
          await s.nak(0).catch(() => {});
        }
      }
    }
    return out;
  }

  async pullFailures(options: PullOptions): Promise<Array<FailureMessage | MalformedMessage>> {
    this.check("pullFailures");
    validatePullOptions("pullFailures", options);
    const deadline = Date.now() + options.expiresMs;
    for (;;) {
      const msgs = await this.failures.pull(options.max, Math.max(0, deadline - Date.now()));
      const out: Array<FailureMessage | MalformedMessage> = [];
      for (const m of msgs) {
        const item = await this.toFailure(m);
        if (item !== null) out.push(item);
      }
      // Advisories of already-handled exhaustions are consumed silently; keep waiting if that was all.
      if (out.length > 0 || msgs.length === 0 || Date.now() >= deadline || this.state !== "open") return out;
    }
  }

  private async toFailure(m: Msg): Promise<FailureMessage | MalformedMessage | null> {
    const s = this.settle(m);
    if (m.subject !== this.names.advisorySubject) {
      try {
        const e = decodeEnvelope(m.data, ["failure"]);
        if (e.type !== "failure") throw new DecodeError("pullFailures: type must be failure");
        return failureMessage(e.id, e.reason, e.error, e.attempts, s);
      } catch (error) {
        return malformedMessage(error as DecodeError, m.data, s);
      }
    }
    let seq: number;
    let deliveries: number;
    try {
      const a = JSON.parse(new TextDecoder().decode(m.data)) as { stream_seq?: unknown; deliveries?: unknown };
      if (typeof a.stream_seq !== "number" || typeof a.deliveries !== "number") throw new Error("stream_seq and deliveries must be numbers");
      seq = a.stream_seq;
      deliveries = a.deliveries;
    } catch (error) {
      return malformedMessage(new DecodeError(`pullFailures: advisory must be JSON with stream_seq; got ${messageOf(error)}`, { cause: error }), m.data, s);
    }
    const stored = await this.retry("pullFailures", () => this.jsm.direct.getMessage(this.names.workStream, { seq }));
    const deleteWork = (): Promise<void> =>
      this.retry("ack", async () => {
        try {
          await this.jsm.streams.deleteMessage(this.names.workStream, seq, false);
        } catch (error) {
          // Already deleted by an earlier ack of the same advisory (whose own ack was lost): done.
          if ((error as { code?: number }).code !== NO_MESSAGE_FOUND && !/no message found/i.test(messageOf(error))) throw error;
        }
      });
    if (stored === null || stored.seq !== seq) {
      await s.ack();
      return null;
    }
    let id: string;
    try {
      id = decodeEnvelope(stored.data, ["work"]).id;
    } catch {
      // Undecodable work has no id to report (the agent that got it should have terminated it).
      await deleteWork();
      await s.ack();
      return null;
    }
    return failureMessage(id, "max_deliver", null, deliveries, {
      ...s,
      ack: async () => {
        await deleteWork();
        await s.ack();
      },
    });
  }

  async kv(name: string, options: KvOptions = {}): Promise<KvBucket> {
    this.check("kv");
    validateBucketName("kv", name);
    const ttlMs = validateDelay("kv", "options.ttlMs", options.ttlMs ?? 0);
    return openNatsKv(this.js, this.jsm, this.names.bucket(name), ttlMs, this.provisioning, (where) => this.check(where));
  }

  async stats(): Promise<TransportStats> {
    this.check("stats");
    const one = async (stream: string, consumer: string) => {
      const ci = await this.retry("stats", () => this.jsm.consumers.info(stream, consumer));
      return { pending: ci.num_pending, inFlight: ci.num_ack_pending };
    };
    const n = this.names;
    const [work, results, failures] = await Promise.all([
      one(n.workStream, n.workConsumer),
      one(n.resultStream, n.resultConsumer),
      one(n.failureStream, n.failureConsumer),
    ]);
    return { work, results, failures };
  }

  async drain(): Promise<void> {
    if (this.state !== "open") return this.close();
    this.state = "draining";
    this.work.close();
    this.results.close();
    this.failures.close();
    await Promise.allSettled([...this.pending]);
    this.state = "closed";
    try {
      await this.nc.drain();
    } catch {
      await this.nc.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    if (this.state === "closed") {
      await this.nc.closed();
      return;
    }
    this.state = "closed";
    this.work.close();
    this.results.close();
    this.failures.close();
    if (!this.nc.isClosed()) {
      // Push out acks/naks already written, without waiting on a server that may be gone.
      await Promise.race([this.nc.flush().catch(() => {}), sleep(500)]);
      await this.nc.close().catch(() => {});
    }
  }
}
