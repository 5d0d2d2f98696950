/**
 * Pulls from one durable JetStream consumer with the "return as soon as anything is there" rule of
 * `Transport.pullWork`, using only server 2.9 features.
 *
 * Pull requests are `CONSUMER.MSG.NEXT` `{ batch, max_bytes, expires, no_wait: true }`. Since 2.7 a `no_wait` request
 * *with* `expires` waits for the first message and ends as soon as nothing more is immediately available (status
 * 408/404); while messages keep arriving (or `max_ack_pending` holds them back) it stays open. A request asks only
 * for the demand not yet covered (what waiting pulls want, minus what open requests and the buffer will bring), so
 * an agent never takes work it did not ask for; at most {@link MAX_OPEN_REQUESTS} are open, each bounded by
 * `max_bytes`, so the server never has more than the client's pending limit (64 MiB by default) to push — beyond
 * it, it cuts the connection as a slow consumer. Replies go to `<inbox>.<request number>` under one long-lived
 * wildcard subscription, so messages arriving after their pull gave up are not lost: they wait in the buffer for the
 * next pull (or are nak'ed back on close).
 */
import { createInbox, type Msg, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import type { TransportEvent } from "../transport.js";

/** Client-side margin over the server's `expires` before a request is given up for lost (e.g. on a disconnect), in ms. */
const REQUEST_MARGIN_MS = 1000;
/** Bytes asked for per pull request at most (raised to twice the server's max_payload), in bytes. */
const PULL_MAX_BYTES = 16 * 1024 * 1024;
/** Pull requests open at once per channel: pipelining without exceeding the server's per-client pending limit. */
const MAX_OPEN_REQUESTS = 3;
/** Pause before re-asking after the server refused a request (409/503), in ms, so a pull loop never spins. */
const RETRY_PAUSE_MS = 100;

const NAK = new TextEncoder().encode("-NAK");

interface Waiter {
  readonly max: number;
  readonly expiresAt: number;
  readonly resolve: (msgs: Msg[]) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

interface Request {
  readonly id: number;
  remaining: number;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** See the module comment. */
export class PullChannel {
  private readonly inbox = createInbox();
  private readonly sub: Subscription;
  private buffer: Msg[] = [];
  private readonly waiters: Waiter[] = [];
  private open: Request[] = [];
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private flushScheduled = false;
  private closed = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
    private readonly consumer: string,
    private readonly emit: (event: TransportEvent) => void,
  ) {
    this.sub = nc.subscribe(`${this.inbox}.*`, { callback: (error, msg) => (error ? undefined : this.onMessage(msg)) });
  }

  /** Resolves with 1..max messages as soon as any is there, or [] after `expiresMs`. */
  pull(max: number, expiresMs: number): Promise<Msg[]> {
    if (this.closed) return Promise.resolve([]);
    if (this.buffer.length > 0) return Promise.resolve(this.buffer.splice(0, max));
    return new Promise((resolve) => {
      const w: Waiter = { max, expiresAt: Date.now() + expiresMs, resolve, timer: setTimeout(() => this.finish(w, []), expiresMs) };
      this.waiters.push(w);
      this.request();
    });
  }

  /** After a reconnect the server has forgotten our requests: ask again for whoever still waits. */
  reset(): void {
    for (const r of this.open) clearTimeout(r.timer);
    this.open = [];
    this.request();
  }

  /** Ends every waiting pull with [] and naks buffered messages back to the server (prompt redelivery). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.waiters]) this.finish(w, []);
    for (const r of this.open) clearTimeout(r.timer);
    this.open = [];
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    const held = this.buffer;
    this.buffer = [];
    for (const m of held) nakQuietly(m);
    try {
      this.sub.unsubscribe();
    } catch {
      /* already closed */
    }
  }

  /** Sends a request for the uncovered demand of the waiting pulls, if any and if allowed now. */
  private request(): void {
    if (this.closed || this.retryTimer !== undefined || this.open.length >= MAX_OPEN_REQUESTS) return;
    const now = Date.now();
    let demand = -this.buffer.length;
    let until = 0;
    for (const w of this.waiters) {
      demand += w.max;
      until = Math.max(until, w.expiresAt);
    }
    for (const r of this.open) demand -= r.remaining;
    const left = until - now;
    if (demand <= 0 || left <= 0) return;
    const id = this.nextId++;
    this.open.push({ id, remaining: demand, timer: setTimeout(() => this.ended(id, 0), left + REQUEST_MARGIN_MS) });
    // `max_bytes` (2.8+) bounds what one request can bring; a single message larger than it would be refused
    // (409), hence the floor of twice the server's max_payload.
    const maxBytes = Math.max(PULL_MAX_BYTES, 2 * (this.nc.info?.max_payload ?? 0));
    const body = JSON.stringify({ batch: demand, max_bytes: maxBytes, expires: Math.round(left * 1e6), no_wait: true });
    try {
      this.nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${this.stream}.${this.consumer}`, body, { reply: `${this.inbox}.${id}` });
    } catch (error) {
      this.emit({ type: "error", detail: `pull request to ${this.stream}/${this.consumer} failed`, error });
      this.ended(id, RETRY_PAUSE_MS);
    }
  }

  private onMessage(m: Msg): void {
    if (m.reply !== undefined && m.reply.startsWith("$JS.ACK.")) {
      if (this.closed) return nakQuietly(m);
      this.buffer.push(m);
      // A delivered message carries its stream subject, not our inbox: the server serves requests in order, so
      // count it against the oldest open one (a late message of an expired request at worst ends one early, and
      // the next pull asks again).
      const r = this.open[0];
      if (r !== undefined && --r.remaining <= 0) this.ended(r.id, 0);
      this.scheduleFlush();
      return;
    }
    // Status messages do come on `<inbox>.<request number>`.
    const id = Number(m.subject.slice(this.inbox.length + 1));
    const code = m.headers?.code ?? 0;
    if (code === 100) return;
    // 409 "Message Size Exceeds MaxBytes": the request's byte budget is spent — a normal end, like 408 at expiry.
    const spent = code === 409 && /max ?bytes/i.test(m.headers?.description ?? "");
    if (code !== 404 && code !== 408 && !spent) {
      this.emit({ type: "warning", detail: `pull from ${this.stream}/${this.consumer}: status ${code} ${m.headers?.description ?? ""}`.trim() });
    }
    // 404 only answers a request without `expires`; paused anyway so a server answering it early could never make a
    // pull loop spin. Other refusals (409 max waiting, 503 JetStream unavailable…) pause longer.
    this.ended(id, code === 408 || spent ? 0 : code === 404 ? 10 : RETRY_PAUSE_MS);
  }

  /** Request `id` is over: ask again for whoever still waits (after `pauseMs`). */
  private ended(id: number, pauseMs: number): void {
    const i = this.open.findIndex((r) => r.id === id);
    if (i < 0) return;
    clearTimeout(this.open[i].timer);
    this.open.splice(i, 1);
    if (pauseMs > 0) {
      if (this.retryTimer !== undefined) return;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.request();
      }, pauseMs);
    } else {
      this.request();
    }
  }

  /** Hands the buffer out one turn after the first message, so the rest of a batch in the same read joins it. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      while (this.waiters.length > 0 && this.buffer.length > 0) {
        const w = this.waiters[0];
        this.finish(w, this.buffer.splice(0, w.max));
      }
      this.request();
    });
  }

  private finish(w: Waiter, msgs: Msg[]): void {
    const i = this.waiters.indexOf(w);
    if (i < 0) return;
    this.waiters.splice(i, 1);
    clearTimeout(w.timer);
    w.resolve(msgs);
  }
}

function nakQuietly(m: Msg): void {
  try {
    m.respond(NAK);
  } catch {
    /* connection gone: the ack wait will return it */
  }
}
