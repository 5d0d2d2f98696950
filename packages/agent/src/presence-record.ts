/**
 * Agent presence (DESIGN §4): every agent heartbeats one entry, keyed by its name, into the KV bucket
 * {@link AGENTS_BUCKET}. The bucket has a bucket-wide TTL ({@link PRESENCE_TTL_MS}; a 2.9 server ignores per-key TTLs),
 * so an agent that dies silently disappears from `status` within the TTL. Values are JSON (readable with `nats kv get`)
 * and are validated on receipt like every other message from the bus.
 */

/** Name of the presence bucket (per namespace). */
export const AGENTS_BUCKET = "agents";

/** Bucket-wide TTL of agent presence entries, in ms: an agent that stops heartbeating disappears after this. */
export const PRESENCE_TTL_MS = 15_000;

/** Version of the presence record; a reader ignores other versions. */
export const PRESENCE_VERSION = 1;

/** What an agent says about itself. Counters are since the agent started. */
export interface AgentPresence {
  v: number;
  name: string;
  /** Host name of the machine. */
  host: string;
  /** Process id on that machine. */
  pid: number;
  /** Logical cores of the machine. */
  cores: number;
  /** Compute backend name (`pool`, `js`, `tfjs`, …). */
  backend: string;
  /** Most shards in flight at once (the prefetch bound). */
  concurrency: number;
  /** Shards running now. */
  inFlight: number;
  /** Shards completed (result published and acked). */
  completed: number;
  /** Shards that failed (error reported, redelivered or recorded as failed). */
  failed: number;
  /** Malformed or invalid messages terminated without running. */
  malformed: number;
  /** Shards received again after another delivery (an agent died or a shard was nak'ed). */
  redelivered: number;
  /** Completed shards per second over the last heartbeat interval. */
  shardsPerSecond: number;
  /** Particles per second over the last heartbeat interval. */
  particlesPerSecond: number;
  /** Kernel time summed over completed shards, in ms. */
  kernelMs: number;
  /** `running` while pulling work, `draining` after a stop was requested. */
  state: "running" | "draining";
  /** ms since epoch. */
  startedAt: number;
  /** ms since epoch. */
  updatedAt: number;
}

const NUMBER_FIELDS = [
  "v",
  "pid",
  "cores",
  "concurrency",
  "inFlight",
  "completed",
  "failed",
  "malformed",
  "redelivered",
  "shardsPerSecond",
  "particlesPerSecond",
  "kernelMs",
  "startedAt",
  "updatedAt",
] as const;

/** Encodes a presence record (JSON bytes). */
export function encodeAgentPresence(p: AgentPresence): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(p));
}

/**
 * Decodes and validates a presence entry; throws a `RangeError` `presence: <field> must be …; got …` for anything
 * that is not a presence record of this version (callers skip such entries).
 */
export function decodeAgentPresence(bytes: Uint8Array): AgentPresence {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new RangeError(`presence: value must be JSON; got ${(error as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new RangeError("presence: value must be an object");
  const o = doc as Record<string, unknown>;
  if (o.v !== PRESENCE_VERSION) throw new RangeError(`presence: v must be ${PRESENCE_VERSION}; got ${JSON.stringify(o.v)}`);
  for (const k of NUMBER_FIELDS) {
    if (typeof o[k] !== "number" || !Number.isFinite(o[k] as number) || (o[k] as number) < 0) {
      throw new RangeError(`presence: ${k} must be a finite number >= 0; got ${JSON.stringify(o[k])}`);
    }
  }
  for (const k of ["name", "host", "backend"] as const) {
    if (typeof o[k] !== "string" || (o[k] as string).length > 256) throw new RangeError(`presence: ${k} must be a string of at most 256 characters`);
  }
  if (o.state !== "running" && o.state !== "draining") throw new RangeError(`presence: state must be running | draining; got ${JSON.stringify(o.state)}`);
  const known = new Set<string>([...NUMBER_FIELDS, "name", "host", "backend", "state"]);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new RangeError(`presence: ${k} is not a known field`);
  return o as unknown as AgentPresence;
}
