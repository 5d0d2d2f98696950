import { availableParallelism, hostname } from "node:os";
import type { Backend, ShardTask } from "@scoresweep/compute";
import { validateShardTask, SHARD_PROTOCOL_VERSION } from "@scoresweep/sweep";
import { decodeValue, encodeValue, type KvBucket, type Transport, type WorkMessage } from "@scoresweep/transport";
import { executeShard } from "./execute-shard.js";

/** Something an agent reports (for logs and tests). */
export type AgentEvent =
  | { type: "shard-done"; shardId: string; status: "done" | "diverged"; kernelMs: number }
  | { type: "shard-failed"; shardId: string; error: string; attempt: number }
  | { type: "malformed"; error: string }
  | { type: "stopped"; completed: number };

/** Options of {@link Agent}. */
export interface AgentOptions {
  /** Where work comes from and results go. */
  transport: Transport;
  /** What runs Monte Carlo shards. */
  backend: Backend;
  /** Agent name (presence key and result label); default `<hostname>-<pid>`. */
  name?: string;
  /** Most shards in flight at once (the prefetch bound); default the backend's parallelism. */
  concurrency?: number;
  /** Publish presence in the `agents` KV bucket; default true. */
  presence?: boolean;
  /** Event listener. */
  onEvent?: (event: AgentEvent) => void;
}

/** Bucket-wide TTL of agent presence entries (ms): an agent that stops heartbeating disappears after this. */
export const PRESENCE_TTL_MS = 15_000;

/**
 * An agent: pulls shard tasks from the transport with a prefetch bounded by its concurrency, validates each one
 * against the protocol schema (malformed or invalid tasks are terminated and counted, never run), runs it, publishes
 * the result with the shard id as message id and only then acks; heartbeats `working()` while a shard runs so its
 * ack deadline never expires mid-shard. `stop()` stops pulling, lets in-flight shards finish, and drains.
 */
export class Agent {
  readonly name: string;
  private readonly transport: Transport;
  private readonly backend: Backend;
  private readonly concurrency: number;
  private readonly presenceOn: boolean;
  private readonly onEvent: (event: AgentEvent) => void;
  private running = false;
  private readonly inFlight = new Set<Promise<void>>();
  private loop: Promise<void> | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private presence: KvBucket | null = null;
  /** Shards completed (result published and acked). */
  completed = 0;
  /** Malformed or invalid messages terminated. */
  malformed = 0;
  private kernelMs = 0;
  private readonly startedAt = Date.now();

  constructor(options: AgentOptions) {
    this.transport = options.transport;
    this.backend = options.backend;
    this.name = options.name ?? `${hostname()}-${process.pid}`;
    this.concurrency = options.concurrency ?? availableParallelism();
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError(`agent: concurrency must be an integer >= 1; got ${options.concurrency}`);
    this.presenceOn = options.presence ?? true;
    this.onEvent = options.onEvent ?? (() => {});
  }

  /** Starts pulling work; resolves once the agent is registered (the loop runs in the background). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.presenceOn) {
      this.presence = await this.transport.kv("agents", { ttlMs: PRESENCE_TTL_MS });
      await this.heartbeat();
      this.presenceTimer = setInterval(() => void this.heartbeat().catch(() => {}), PRESENCE_TTL_MS / 3);
      this.presenceTimer.unref();
    }
    this.loop = this.pullLoop();
  }

  /** Stops pulling, waits for in-flight shards, removes presence. Does not close the transport. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    await this.loop;
    await Promise.all(this.inFlight);
    if (this.presence) await this.presence.delete(this.name).catch(() => {});
    this.onEvent({ type: "stopped", completed: this.completed });
  }

  private async heartbeat(): Promise<void> {
    const value = {
      name: this.name,
      cores: availableParallelism(),
      backend: this.backend.name,
      concurrency: this.concurrency,
      completed: this.completed,
      kernelMs: this.kernelMs,
      startedAt: this.startedAt,
      updatedAt: Date.now(),
    };
    await this.presence?.put(this.name, encodeValue(value));
  }

  private async pullLoop(): Promise<void> {
    while (this.running) {
      const free = this.concurrency - this.inFlight.size;
      if (free <= 0) {
        await Promise.race(this.inFlight);
        continue;
      }
      let messages;
      try {
        messages = await this.transport.pullWork({ max: free, expiresMs: 500 });
      } catch (error) {
        if (!this.running) break;
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      for (const msg of messages) {
        if (msg.kind === "malformed") {
          this.malformed++;
          this.onEvent({ type: "malformed", error: msg.error.message });
          await msg.term(`malformed message: ${msg.error.message}`).catch(() => {});
          continue;
        }
        const p = this.handle(msg).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      }
    }
  }

  private async handle(msg: WorkMessage): Promise<void> {
    let task: ShardTask;
    try {
      task = validateShardTask(decodeValue(msg.payload));
    } catch (error) {
      this.malformed++;
      const text = (error as Error).message;
      this.onEvent({ type: "malformed", error: text });
      await msg.term(`invalid shard task: ${text}`).catch(() => {});
      return;
    }
    // Heartbeat well inside the ack deadline so a long shard is never redelivered while it runs.
    const beat = setInterval(() => msg.working(), Math.max(100, this.transport.limits.ackWaitMs / 3));
    beat.unref();
    try {
      const result = await executeShard(task, this.backend);
      clearInterval(beat);
      const payload = encodeValue({ v: SHARD_PROTOCOL_VERSION, ...result, agent: this.name });
      await this.transport.publishResult({ id: task.shardId, payload });
      await msg.ack();
      this.completed++;
      this.kernelMs += result.kernelMs;
      this.onEvent({ type: "shard-done", shardId: task.shardId, status: result.status, kernelMs: result.kernelMs });
    } catch (error) {
      clearInterval(beat);
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.onEvent({ type: "shard-failed", shardId: task.shardId, error: text, attempt: msg.deliveryCount });
      await msg.fail(text, 200).catch(() => {});
    }
  }
}
