/**
 * An in-process queue with the delivery semantics of a JetStream pull consumer: competing consumers, explicit
 * ack, an ack deadline restarted by `working()`, redelivery (redeliveries before fresh messages, like the
 * server's redelivery queue), a bound on deliveries, a bound on messages in flight, and publish-side dedupe by
 * id within a window.
 *
 * Time is read from a clock and deadlines are applied lazily when the queue is touched; a timer runs only while
 * a pull is waiting (to wake it at the next deadline or at its expiry), so a closed queue leaves no timer behind.
 */

/** Source of the current time, in ms. */
export type Clock = () => number;

/** Delivery semantics of one queue. */
export interface MemoryQueueConfig {
  /** Ack deadline, in ms. */
  ackWaitMs: number;
  /** Most deliveries of one message (Infinity = unbounded). */
  maxDeliver: number;
  /** Most messages delivered and not acked. */
  maxAckPending: number;
  /** Dedupe window of publish ids, in ms. */
  duplicateWindowMs: number;
}

/** A message handed to a consumer, with the handle to settle it. */
export interface RawDelivery {
  readonly seq: number;
  readonly data: Uint8Array;
  /** 1-based. */
  readonly deliveryCount: number;
}

interface Entry {
  readonly seq: number;
  readonly data: Uint8Array;
  deliveries: number;
  state: "fresh" | "ready" | "delayed" | "inflight";
  /** Ack deadline when in flight; ready time when delayed; in ms on the clock. */
  at: number;
}

interface Waiter {
  readonly owner: object;
  readonly max: number;
  readonly expiresAt: number;
  readonly resolve: (d: RawDelivery[]) => void;
}

/** An exhausted message: delivered `maxDeliver` times without an ack. */
export type ExhaustedHandler = (data: Uint8Array, deliveries: number) => void;

/** See the module comment. */
export class MemoryQueue {
  private nextSeq = 1;
  private readonly entries = new Map<number, Entry>();
  private fresh: number[] = [];
  private freshHead = 0;
  private ready: number[] = [];
  private readonly delayed = new Set<number>();
  private readonly inflight = new Set<number>();
  private readonly dedupe = new Map<string, number>();
  private waiters: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    public config: MemoryQueueConfig,
    private readonly onExhausted?: ExhaustedHandler,
  ) {}

  /** Stores a message; with an `id` seen within the dedupe window it is dropped and `true` returned. */
  publish(data: Uint8Array, id?: string): boolean {
    const now = this.clock();
    if (id !== undefined) {
      // Map iteration order is insertion order, i.e. publish time order: expired ids are at the front.
      for (const [k, t] of this.dedupe) {
        if (now - t < this.config.duplicateWindowMs) break;
        this.dedupe.delete(k);
      }
      if (this.dedupe.has(id)) return true;
      this.dedupe.set(id, now);
    }
    const seq = this.nextSeq++;
    this.entries.set(seq, { seq, data, deliveries: 0, state: "fresh", at: 0 });
    this.fresh.push(seq);
    this.dispatch();
    return false;
  }

  /** Waits up to `expiresMs` for at least one message; resolves with up to `max` (see `PullOptions`). */
  pull(owner: object, max: number, expiresMs: number): Promise<RawDelivery[]> {
    if (this.closed) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.waiters.push({ owner, max, expiresAt: this.clock() + expiresMs, resolve });
      this.dispatch();
    });
  }

  /** Removes the message (whatever its state); a no-op when it is gone. */
  ack(seq: number): void {
    const e = this.entries.get(seq);
    if (e === undefined) return;
    this.remove(e);
    this.dispatch();
  }

  /** Makes an in-flight message available again after `delayMs`; exhausts it if no delivery is left. */
  nak(seq: number, deliveryCount: number, delayMs: number): void {
    const e = this.entries.get(seq);
    if (e === undefined || e.state !== "inflight" || e.deliveries !== deliveryCount) return;
    this.inflight.delete(seq);
    if (e.deliveries >= this.config.maxDeliver) {
      this.exhaust(e);
    } else if (delayMs > 0) {
      e.state = "delayed";
      e.at = this.clock() + delayMs;
      this.delayed.add(seq);
    } else {
      this.makeReady(e);
    }
    this.dispatch();
  }

  /** Restarts the ack deadline of an in-flight message (stale deliveries are ignored). */
  working(seq: number, deliveryCount: number): void {
    const e = this.entries.get(seq);
    if (e === undefined || e.state !== "inflight" || e.deliveries !== deliveryCount) return;
    e.at = this.clock() + this.config.ackWaitMs;
  }

  /** Pending (not in flight) and in-flight counts, deadlines applied. */
  stats(): { pending: number; inFlight: number } {
    this.tick(this.clock());
    return { pending: this.entries.size - this.inflight.size, inFlight: this.inflight.size };
  }

  /** Ends the waiting pulls of `owner` with `[]`. */
  cancel(owner: object): void {
    const mine = this.waiters.filter((w) => w.owner === owner);
    this.waiters = this.waiters.filter((w) => w.owner !== owner);
    for (const w of mine) w.resolve([]);
    this.schedule();
  }

  /** Ends every waiting pull and stops the timer. */
  close(): void {
    this.closed = true;
    const all = this.waiters;
    this.waiters = [];
    for (const w of all) w.resolve([]);
    this.schedule();
  }

  private remove(e: Entry): void {
    this.entries.delete(e.seq);
    this.inflight.delete(e.seq);
    this.delayed.delete(e.seq);
    // Stale seqs left in `fresh` / `ready` are skipped when popped.
  }

  private exhaust(e: Entry): void {
    this.remove(e);
    this.onExhausted?.(e.data, e.deliveries);
  }

  private makeReady(e: Entry): void {
    e.state = "ready";
    // Keep `ready` sorted by seq: redeliveries go out oldest first.
    const r = this.ready;
    let i = r.length;
    while (i > 0 && r[i - 1] > e.seq) i--;
    r.splice(i, 0, e.seq);
  }

  /** Applies every deadline due at `now`. */
  private tick(now: number): void {
    for (const seq of this.inflight) {
      const e = this.entries.get(seq)!;
      if (e.at > now) continue;
      this.inflight.delete(seq);
      if (e.deliveries >= this.config.maxDeliver) this.exhaust(e);
      else this.makeReady(e);
    }
    for (const seq of this.delayed) {
      const e = this.entries.get(seq)!;
      if (e.at > now) continue;
      this.delayed.delete(seq);
      this.makeReady(e);
    }
  }

  private next(): Entry | undefined {
    while (this.ready.length > 0) {
      const e = this.entries.get(this.ready.shift()!);
      if (e !== undefined && e.state === "ready") return e;
    }
    while (this.freshHead < this.fresh.length) {
      const e = this.entries.get(this.fresh[this.freshHead++]);
      if (e !== undefined && e.state === "fresh") return e;
    }
    if (this.freshHead > 1024 && this.freshHead * 2 > this.fresh.length) {
      this.fresh = this.fresh.slice(this.freshHead);
      this.freshHead = 0;
    }
    return undefined;
  }

  private dispatch(): void {
    const now = this.clock();
    this.tick(now);
    while (this.waiters.length > 0 && this.inflight.size < this.config.maxAckPending) {
      const w = this.waiters[0];
      const out: RawDelivery[] = [];
      while (out.length < w.max && this.inflight.size < this.config.maxAckPending) {
        const e = this.next();
        if (e === undefined) break;
        e.state = "inflight";
        e.deliveries++;
        e.at = now + this.config.ackWaitMs;
        this.inflight.add(e.seq);
        out.push({ seq: e.seq, data: e.data, deliveryCount: e.deliveries });
      }
      if (out.length === 0) break;
      this.waiters.shift();
      w.resolve(out);
    }
    // Expire waiters whose time is up.
    if (this.waiters.length > 0) {
      const expired = this.waiters.filter((w) => w.expiresAt <= now);
      if (expired.length > 0) {
        this.waiters = this.waiters.filter((w) => w.expiresAt > now);
        for (const w of expired) w.resolve([]);
      }
    }
    this.schedule();
  }

  /** Arms one timer at the next instant something can change for a waiter; none when nobody waits. */
  private schedule(): void {
    let at = Infinity;
    if (this.waiters.length > 0) {
      for (const w of this.waiters) at = Math.min(at, w.expiresAt);
      for (const seq of this.inflight) at = Math.min(at, this.entries.get(seq)!.at);
      for (const seq of this.delayed) at = Math.min(at, this.entries.get(seq)!.at);
    }
    if (at === this.timerAt) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = at;
    if (at === Infinity) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.dispatch();
    }, Math.max(0, at - this.clock()));
  }
}
