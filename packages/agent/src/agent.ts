import { availableParallelism, hostname } from "node:os";
import type { Backend, ShardResult, ShardTask } from "@scoresweep/compute";
import { isSdeFamily, SDE_FAMILY_NAMES } from "@scoresweep/core";
import { validateShardTask, SHARD_PROTOCOL_VERSION } from "@scoresweep/sweep";
import { ClosedError, decodeValue, encodeValue, type KvBucket, type Transport, type WorkMessage } from "@scoresweep/transport";
import { executeShard } from "./execute-shard.js";
import { AGENTS_BUCKET, encodeAgentPresence, PRESENCE_TTL_MS, PRESENCE_VERSION, type AgentPresence } from "./presence-record.js";

/** Something an agent reports (for logs and tests). */
export type AgentEvent =
  | { type: "shard-done"; shardId: string; status: "done" | "diverged"; kernelMs: number }
  | { type: "shard-failed"; shardId: string; error: string; attempt: number }
  /** A shard delivered again (its previous holder died, timed out or gave it back). */
  | { type: "redelivered"; shardId: string; deliveryCount: number }
  /** A shard handed back unfinished (nak) because the agent is stopping. */
  | { type: "returned"; shardId: string }
  | { type: "malformed"; error: string }
  | { type: "pull-error"; error: string }
  | { type: "stopped"; completed: number; returned: number };

/** Options of {@link Agent}. */
export interface AgentOptions {
  /** Where work comes from and results go. */
  transport: Transport;
  /** What runs Monte Carlo shards. */
  backend: Backend;
  /** Agent name (presence key and result label): `[-_=.a-zA-Z0-9]{1,128}`, not starting or ending with '.'; default `<hostname>-<pid>`. */
  name?: string;
  /**
   * Most Monte Carlo shards held at once (running or queued in the backend: the prefetch bound); default the machine's
   * parallelism. Exact-oracle shards, which run in this thread in microseconds, are not counted against it.
   */
  concurrency?: number;
  /** Publish presence in the `agents` KV bucket; default true. */
  presence?: boolean;
  /** Event listener. */
  onEvent?: (event: AgentEvent) => void;
}

/** Options of {@link Agent.stop}. */
export interface AgentStopOptions {
  /**
   * How long shards in flight may run on before they are aborted and handed back (nak, for prompt redelivery to
   * another agent), in ms; default `Infinity` (finish them all). A shard that finishes within it is published and
   * acked as usual.
   */
  graceMs?: number;
}

const NAME = /^[-_=a-zA-Z0-9][-_=.a-zA-Z0-9]{0,126}[-_=a-zA-Z0-9]$|^[-_=a-zA-Z0-9]$/;

/** Longest wait of one pull, in ms: also how long `stop()` may wait for the loop to notice. */
const PULL_WAIT_MS = 500;

/** Most light messages (exact-oracle shards, terminations) held at once: results being published and acked. */
const LIGHT_MAX = 256;

/** Extra messages asked for after a batch of only light work. */
const LIGHT_BATCH = 64;

/**
 * An agent: pulls shard tasks from the transport with a prefetch bounded by its concurrency (Monte Carlo shards; the
 * closed-form exact-oracle shards only by {@link LIGHT_MAX}, so tiny shards are not throttled), validates each one
 * against the protocol schema and the table of known kernels (malformed or invalid tasks are terminated and counted,
 * never run: agents execute data, never code from the bus — DESIGN §4), runs it, publishes the result with the
 * shard id as message id and only then acks; heartbeats `working()` while a shard runs so its ack deadline never
 * expires mid-shard. `stop()` stops pulling, finishes in-flight shards (or, past a grace period, aborts them and
 * hands them back with a nak), and removes its presence.
 */
export class Agent {
  readonly name: string;
  private readonly transport: Transport;
  private readonly backend: Backend;
  private readonly concurrency: number;
  private readonly presenceOn: boolean;
  private readonly onEvent: (event: AgentEvent) => void;
  private running = false;
  private stopping: Promise<void> | null = null;
  /** Monte Carlo shards held (running or queued in the pool): bounded by `concurrency`. */
  private readonly inFlight = new Set<Promise<void>>();
  /**
   * Light work held: exact-oracle shards (closed form, run in this thread in microseconds) and terminations. Not
   * bounded by the pool, only by {@link LIGHT_MAX}, so a sweep of tiny shards is not throttled to `concurrency` per
   * round trip.
   */
  private readonly light = new Set<Promise<void>>();
  /** The last pull brought only light work. */
  private lightStreak = false;
  private readonly controllers = new Set<AbortController>();
  private loop: Promise<void> | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private nudgeTimer: NodeJS.Timeout | null = null;
  private presence: KvBucket | null = null;
  /** Shards completed (result published and acked). */
  completed = 0;
  /** Shards whose run failed (reported with `fail`). */
  failed = 0;
  /** Malformed or invalid messages terminated. */
  malformed = 0;
  /** Deliveries with a delivery count above 1. */
  redelivered = 0;
  /** Shards handed back unfinished while stopping. */
  returned = 0;
  private particles = 0;
  private kernelMs = 0;
  private readonly startedAt = Date.now();
  private lastBeat = { at: Date.now(), completed: 0, particles: 0 };

  constructor(options: AgentOptions) {
    this.transport = options.transport;
    this.backend = options.backend;
    this.name = options.name ?? `${hostname()}-${process.pid}`;
    if (typeof this.name !== "string" || !NAME.test(this.name)) {
      throw new RangeError(`agent: name must be 1-128 characters of [-_=.a-zA-Z0-9], not starting or ending with '.'; got ${JSON.stringify(this.name)}`);
    }
    this.concurrency = options.concurrency ?? availableParallelism();
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError(`agent: concurrency must be an integer >= 1; got ${options.concurrency}`);
    this.presenceOn = options.presence ?? true;
    this.onEvent = options.onEvent ?? (() => {});
  }

  /** Shards running now. */
  get inFlightCount(): number {
    return this.inFlight.size + this.light.size;
  }

  /** Starts pulling work; resolves once the agent is registered (the loop runs in the background). */
  async start(): Promise<void> {
    if (this.running || this.stopping) return;
    this.running = true;
    if (this.presenceOn) {
      this.presence = await this.transport.kv(AGENTS_BUCKET, { ttlMs: PRESENCE_TTL_MS });
      await this.heartbeat();
      this.presenceTimer = setInterval(() => void this.heartbeat().catch(() => {}), PRESENCE_TTL_MS / 3);
      this.presenceTimer.unref();
    }
    this.loop = this.pullLoop();
  }

  /**
   * Stops pulling, lets in-flight shards finish (within `graceMs`, then aborts and naks the rest), removes presence.
   * Does not close the transport (drain it afterwards, so the acks and naks are flushed). Idempotent: a second call
   * returns the same promise (use {@link abortInFlight} to cut a running stop short).
   */
  stop(options: AgentStopOptions = {}): Promise<void> {
    if (this.stopping) return this.stopping;
    const graceMs = options.graceMs ?? Infinity;
    if (!(graceMs >= 0)) throw new RangeError(`agent.stop: options.graceMs must be a number >= 0; got ${graceMs}`);
    this.stopping = this.stopImpl(graceMs);
    return this.stopping;
  }

  /** Aborts every shard in flight now; each is handed back with a nak (for another agent) instead of finishing. */
  abortInFlight(): void {
    for (const c of this.controllers) c.abort();
  }

  private async stopImpl(graceMs: number): Promise<void> {
    const wasRunning = this.running;
    this.running = false;
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    if (this.nudgeTimer) clearTimeout(this.nudgeTimer);
    // The deadline runs from the stop request, also while the loop waits for a free slot or a pull to end.
    const timer = Number.isFinite(graceMs) ? setTimeout(() => this.abortInFlight(), graceMs) : undefined;
    if (wasRunning) await this.heartbeat("draining").catch(() => {});
    await this.loop;
    // Shards that finish while we wait are still published and acked; only those still running at the deadline go back.
    while (this.inFlight.size + this.light.size > 0) await Promise.allSettled([...this.inFlight, ...this.light]);
    if (timer !== undefined) clearTimeout(timer);
    if (this.presence) await this.presence.delete(this.name).catch(() => {});
    this.onEvent({ type: "stopped", completed: this.completed, returned: this.returned });
  }

  /** The presence record as of now. */
  presenceRecord(state: AgentPresence["state"] = this.running ? "running" : "draining"): AgentPresence {
    const now = Date.now();
    const dt = Math.max(1, now - this.lastBeat.at) / 1000;
    return {
      v: PRESENCE_VERSION,
      name: this.name,
      host: hostname(),
      pid: process.pid,
      cores: availableParallelism(),
      backend: this.backend.name,
      concurrency: this.concurrency,
      inFlight: this.inFlightCount,
      completed: this.completed,
      failed: this.failed,
      malformed: this.malformed,
      redelivered: this.redelivered,
      shardsPerSecond: (this.completed - this.lastBeat.completed) / dt,
      particlesPerSecond: (this.particles - this.lastBeat.particles) / dt,
      kernelMs: this.kernelMs,
      state,
      startedAt: this.startedAt,
      updatedAt: now,
    };
  }

  private async heartbeat(state?: AgentPresence["state"]): Promise<void> {
    if (!this.presence) return;
    const record = this.presenceRecord(state);
    this.lastBeat = { at: record.updatedAt, completed: this.completed, particles: this.particles };
    await this.presence.put(this.name, encodeAgentPresence(record));
  }

  /** An early heartbeat (e.g. after a malformed message, so `status` shows it without waiting a full interval). */
  private nudgePresence(): void {
    if (!this.presence || !this.running || this.nudgeTimer) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = null;
      if (this.running) void this.heartbeat().catch(() => {});
    }, 200);
    this.nudgeTimer.unref();
  }

  private async pullLoop(): Promise<void> {
    while (this.running) {
      if (this.light.size >= LIGHT_MAX) {
        await Promise.race(this.light);
        continue;
      }
      const free = this.concurrency - this.inFlight.size;
      if (free <= 0) {
        await Promise.race(this.inFlight);
        continue;
      }
      // After a batch of nothing but light work, ask for more at once: a sweep of tiny shards then moves in batches, not
      // `concurrency` per round trip. (Should Monte Carlo shards come instead, at most LIGHT_BATCH extra wait in the pool.)
      const extra = this.lightStreak ? Math.min(LIGHT_BATCH, LIGHT_MAX - this.light.size) : 0;
      let messages;
      try {
        messages = await this.transport.pullWork({ max: free + extra, expiresMs: PULL_WAIT_MS });
      } catch (error) {
        if (!this.running || error instanceof ClosedError) break;
        this.onEvent({ type: "pull-error", error: (error as Error).message });
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      let heavy = 0;
      for (const msg of messages) {
        if (msg.kind === "malformed") {
          this.malformed++;
          this.onEvent({ type: "malformed", error: msg.error.message });
          await msg.term(`malformed message: ${msg.error.message}`).catch(() => {});
          this.nudgePresence();
          continue;
        }
        if (!this.running) {
          // Arrived after stop(): hand it straight back so another agent takes it now, not after the ack wait.
          this.returned++;
          this.onEvent({ type: "returned", shardId: msg.id });
          await msg.nak(0).catch(() => {});
          continue;
        }
        const checked = this.prepare(msg);
        const task = typeof checked === "string" ? null : checked;
        const set = task === null || task.point.metric.estimator === "exact" ? this.light : this.inFlight;
        if (set === this.inFlight) heavy++;
        const p: Promise<void> = (task === null ? this.reject(msg, checked as string) : this.handle(msg, task)).finally(() => set.delete(p));
        set.add(p);
      }
      this.lightStreak = messages.length > 0 && heavy === 0;
    }
  }

  /** Validates a delivered task; returns it, or the reason it must not run (counted and reported here). */
  private prepare(msg: WorkMessage): ShardTask | string {
    if (msg.deliveryCount > 1) {
      this.redelivered++;
      this.onEvent({ type: "redelivered", shardId: msg.id, deliveryCount: msg.deliveryCount });
    }
    try {
      return checkTask(validateShardTask(decodeValue(msg.payload)), msg.id);
    } catch (error) {
      this.malformed++;
      const text = (error as Error).message;
      this.onEvent({ type: "malformed", error: text });
      return text;
    }
  }

  /** Terminates a task `prepare` refused (publishing a failure record with the reason). */
  private async reject(msg: WorkMessage, text: string): Promise<void> {
    await msg.term(`invalid shard task: ${text}`).catch(() => {});
    this.nudgePresence();
  }

  private async handle(msg: WorkMessage, task: ShardTask): Promise<void> {
    const controller = new AbortController();
    this.controllers.add(controller);
    // Heartbeat well inside the ack deadline so a long shard is never redelivered while it runs (or is published).
    const beat = setInterval(() => msg.working(), Math.max(100, this.transport.limits.ackWaitMs / 3));
    beat.unref();
    let result: ShardResult;
    try {
      result = await executeShard(task, this.backend, controller.signal);
    } catch (error) {
      clearInterval(beat);
      if (controller.signal.aborted) {
        this.returned++;
        this.onEvent({ type: "returned", shardId: task.shardId });
        await msg.nak(0).catch(() => {});
        return;
      }
      await this.reportFailure(msg, task, error);
      return;
    } finally {
      this.controllers.delete(controller);
    }
    // The backend's slot is free once the kernel is done: publishing the result overlaps the next pull.
    const p: Promise<void> = this.deliver(msg, task, result, beat).finally(() => this.light.delete(p));
    this.light.add(p);
  }

  /** Publishes a shard's result, then acks its work message (a crash in between only causes a duplicate). */
  private async deliver(msg: WorkMessage, task: ShardTask, result: ShardResult, beat: NodeJS.Timeout): Promise<void> {
    try {
      const payload = encodeValue({ v: SHARD_PROTOCOL_VERSION, ...result, agent: this.name });
      await this.transport.publishResult({ id: task.shardId, payload });
      await msg.ack();
      this.completed++;
      this.particles += result.particles;
      this.kernelMs += result.kernelMs;
      this.onEvent({ type: "shard-done", shardId: task.shardId, status: result.status, kernelMs: result.kernelMs });
    } catch (error) {
      await this.reportFailure(msg, task, error);
    } finally {
      clearInterval(beat);
    }
  }

  private async reportFailure(msg: WorkMessage, task: ShardTask, error: unknown): Promise<void> {
    this.failed++;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.onEvent({ type: "shard-failed", shardId: task.shardId, error: text, attempt: msg.deliveryCount });
    await msg.fail(text, 200).catch(() => {});
  }

}

/**
 * Checks beyond the schema (which already refuses unknown fields, non-numbers where numbers belong and names outside
 * the closed sets): the SDE family — the one free-form name in a point — must be in the kernel table, and the task
 * must be the shard its message says it is.
 */
function checkTask(task: ShardTask, messageId: string): ShardTask {
  if (task.shardId !== messageId) {
    throw new RangeError(`shard task: shardId must equal the message id ${JSON.stringify(messageId)}; got ${JSON.stringify(task.shardId)}`);
  }
  const family = task.point.sde.family;
  if (!isSdeFamily(family)) {
    throw new RangeError(`shard task: point.sde.family must be one of ${SDE_FAMILY_NAMES.join(", ")}; got ${JSON.stringify(String(family).slice(0, 80))}`);
  }
  return task;
}
