/**
 * In-process KV bucket with the semantics of a NATS KV bucket of history 1: revisions are one counter per
 * bucket, `create`/`update` are compare-and-set, and a bucket-wide TTL counts from each entry's last write
 * (applied lazily on read, so no timer runs).
 */
import { KvConflictError } from "../errors.js";
import { validateKey } from "../options.js";
import type { KvBucket, KvEntry } from "../transport.js";
import type { Clock } from "./memory-queue.js";

interface Stored {
  value: Uint8Array;
  revision: number;
  writtenAt: number;
}

/** The shared state of one bucket (one per broker namespace and name). */
export class MemoryKvState {
  readonly entries = new Map<string, Stored>();
  revision = 0;
  constructor(
    readonly name: string,
    public ttlMs: number,
  ) {}
}

/** A handle on a {@link MemoryKvState}; `check` throws when the owning transport is closed. */
export class MemoryKvBucket implements KvBucket {
  constructor(
    private readonly state: MemoryKvState,
    private readonly clock: Clock,
    private readonly check: (where: string) => void,
  ) {}

  get name(): string {
    return this.state.name;
  }

  private live(key: string): Stored | undefined {
    const s = this.state.entries.get(key);
    if (s === undefined) return undefined;
    if (this.state.ttlMs > 0 && this.clock() - s.writtenAt >= this.state.ttlMs) {
      this.state.entries.delete(key);
      return undefined;
    }
    return s;
  }

  private write(key: string, value: Uint8Array): number {
    const revision = ++this.state.revision;
    // Copy: the caller keeps ownership of its buffer, as it does when bytes go over a socket.
    this.state.entries.set(key, { value: value.slice(), revision, writtenAt: this.clock() });
    return revision;
  }

  async get(key: string): Promise<KvEntry | null> {
    this.check("kv.get");
    validateKey("kv.get", key);
    const s = this.live(key);
    return s === undefined ? null : { key, value: s.value, revision: s.revision };
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    this.check("kv.put");
    validateKey("kv.put", key);
    return this.write(key, value);
  }

  async create(key: string, value: Uint8Array): Promise<number> {
    this.check("kv.create");
    validateKey("kv.create", key);
    if (this.live(key) !== undefined) throw new KvConflictError(`kv.create: key "${key}" must be absent; got an existing entry`);
    return this.write(key, value);
  }

  async update(key: string, value: Uint8Array, revision: number): Promise<number> {
    this.check("kv.update");
    validateKey("kv.update", key);
    const s = this.live(key);
    if (s === undefined || s.revision !== revision) {
      throw new KvConflictError(`kv.update: revision of "${key}" must be ${revision}; got ${s === undefined ? "no entry" : s.revision}`);
    }
    return this.write(key, value);
  }

  async delete(key: string): Promise<void> {
    this.check("kv.delete");
    validateKey("kv.delete", key);
    this.state.entries.delete(key);
    this.state.revision++;
  }

  async keys(): Promise<string[]> {
    this.check("kv.keys");
    return [...this.state.entries.keys()].filter((k) => this.live(k) !== undefined).sort();
  }
}
