/**
 * Pulls from one durable JetStream consumer with the "return as soon as anything is there" rule of
 * `Transport.pullWork`, using only server 2.9 features.
 *
 * Each pull that finds the local buffer empty sends one `CONSUMER.MSG.NEXT` request
 * `{ batch: max, expires, no_wait: true }`: since 2.7 a `no_wait` request *with* `expires` waits for the first
 * message and then ends as soon as nothing more is immediately available (status 404/408). The reply subject is
 * `<inbox>.<request number>` under one long-lived wildcard subscription, so messages that arrive after their pull
 * gave up (the server may still be serving a request that waited on `max_ack_pending`) are not lost: they go to
 * the buffer and are handed to the next pull (or nak'ed back on close).
 */
import { createInbox, type Msg, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import type { TransportEvent } from "../transport.js";

/** Client-side margin over the server's `expires` before a request is given up for lost (e.g. on a disconnect), in ms. */
const REQUEST_MARGIN_MS = 1000;
/** Pause before re-asking after the server refused a request (409/503), in ms, so a pull loop never spins. */
const RETRY_PAUSE_MS = 100;

const NAK = new TextEncoder().encode("-NAK");

interface Waiter {
  readonly max: number;
  readonly expiresAt: number;
  readonly resolve: (msgs: Msg[]) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  requestId: number;
}

interface Request {
  remaining: number;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** See the module comment. */
export class PullChannel {
  private readonly inbox = createInbox();
  private readonly sub: Subscription;
  private buffer: Msg[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly requests = new Map<number, Request>();
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
      const w: Waiter = {
        max,
        expiresAt: Date.now() + expiresMs,
        resolve,
        requestId: 0,
        timer: setTimeout(() => this.finish(w, []), expiresMs),
      };
      this.waiters.push(w);
      this.request(w);
    });
  }

  /** After a reconnect the server has forgotten our requests: re-ask for whoever still waits. */
  reset(): void {
    for (const [id, r] of this.requests) {
      clearTimeout(r.timer);
      this.requests.delete(id);
    }
    for (const w of this.waiters) this.request(w);
  }

  /** Ends every waiting pull with [] and naks buffered messages back to the server (prompt redelivery). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.waiters]) this.finish(w, []);
    for (const r of this.requests.values()) clearTimeout(r.timer);
    this.requests.clear();
    const held = this.buffer;
    this.buffer = [];
    for (const m of held) {
      try {
        m.respond(NAK);
      } catch {
        /* connection already gone: the ack wait will return it */
      }
    }
    try {
      this.sub.unsubscribe();
    } catch {
      /* already closed */
    }
  }

  private request(w: Waiter): void {
    if (this.closed) return;
    const left = w.expiresAt - Date.now();
    if (left <= 0) return this.finish(w, []);
    const id = this.nextId++;
    w.requestId = id;
    this.requests.set(id, { remaining: w.max, timer: setTimeout(() => this.ended(id, 0), left + REQUEST_MARGIN_MS) });
    const body = JSON.stringify({ batch: w.max, expires: Math.round(left * 1e6), no_wait: true });
    try {
      this.nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${this.stream}.${this.consumer}`, body, { reply: `${this.inbox}.${id}` });
    } catch (error) {
      this.emit({ type: "error", detail: `pull request to ${this.stream}/${this.consumer} failed`, error });
      this.ended(id, 0);
    }
  }

  private onMessage(m: Msg): void {
    const id = Number(m.subject.slice(this.inbox.length + 1));
    const r = this.requests.get(id);
    if (m.reply !== undefined && m.reply.startsWith("$JS.ACK.")) {
      if (this.closed) {
        try {
          m.respond(NAK);
        } catch {
          /* ignore */
        }
        return;
      }
      this.buffer.push(m);
      if (r !== undefined && --r.remaining <= 0) this.ended(id, 0);
      this.scheduleFlush();
      return;
    }
    // A status: 404 / 408 end the request normally; 100 is a heartbeat; anything else is worth a warning.
    const code = m.headers?.code ?? 0;
    if (code === 100) return;
    if (code !== 404 && code !== 408) {
      this.emit({ type: "warning", detail: `pull from ${this.stream}/${this.consumer}: status ${code} ${m.headers?.description ?? ""}`.trim() });
    }
    // 408 comes at the request's expiry; 404 only for a request without `expires`, paused anyway so a server
    // that answered it early could never make a pull loop spin.
    this.ended(id, code === 408 ? 0 : code === 404 ? 10 : RETRY_PAUSE_MS);
  }

  /** A request is over: whoever waited on it and got nothing asks again (after `pauseMs`), until it expires. */
  private ended(id: number, pauseMs: number): void {
    const r = this.requests.get(id);
    if (r === undefined) return;
    clearTimeout(r.timer);
    this.requests.delete(id);
    for (const w of this.waiters) {
      if (w.requestId !== id) continue;
      w.requestId = 0;
      if (this.buffer.length > 0) continue; // served by the pending flush
      if (pauseMs > 0) {
        setTimeout(() => {
          if (this.waiters.includes(w) && w.requestId === 0) this.request(w);
        }, Math.min(pauseMs, Math.max(0, w.expiresAt - Date.now()))).unref?.();
      } else if (w.expiresAt - Date.now() > 5) {
        this.request(w);
      }
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
