/**
 * {@link KvBucket} over a NATS KV bucket (history 1). The TTL is the bucket-wide `max_age`: on a 2.9 server
 * per-key TTLs and delete-marker TTLs are silently ignored, so they are never used.
 */
import { StorageType, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import { KvConflictError, ProvisionError, messageOf } from "../errors.js";
import { validateKey } from "../options.js";
import type { KvBucket, KvEntry } from "../transport.js";
import { mapNatsError } from "./nats-errors.js";

/** JetStream API code of "wrong last sequence": a failed compare-and-set. */
const WRONG_LAST_SEQUENCE = 10071;

function isConflict(error: unknown): boolean {
  return (error as { code?: number }).code === WRONG_LAST_SEQUENCE || /wrong last sequence/i.test(messageOf(error));
}

/** Opens (creating or re-configuring when `provision`) the bucket `bucket` with a TTL of `ttlMs` (0 = none). */
export async function openNatsKv(
  js: JetStreamClient,
  jsm: JetStreamManager,
  bucket: string,
  ttlMs: number,
  provision: boolean,
  check: (where: string) => void,
): Promise<KvBucket> {
  const kvm = new Kvm(js);
  let kv: KV;
  try {
    if (!provision) {
      kv = await kvm.open(bucket);
      await kv.status();
    } else {
      kv = await kvm.create(bucket, { history: 1, ttl: ttlMs, storage: StorageType.File });
      // `create` opens an existing bucket as is; bring its TTL to the requested one.
      const stream = `KV_${bucket}`;
      const info = await jsm.streams.info(stream);
      const want = Math.round(ttlMs * 1_000_000);
      if (info.config.max_age !== want) await jsm.streams.update(stream, { max_age: want });
    }
  } catch (error) {
    throw new ProvisionError(`kv: bucket ${bucket} must be ${provision ? "creatable" : "present"}; got ${messageOf(error)}`, { cause: error });
  }
  return new NatsKvBucket(bucket, kv, check);
}

class NatsKvBucket implements KvBucket {
  constructor(
    readonly name: string,
    private readonly kv: KV,
    private readonly check: (where: string) => void,
  ) {}

  async get(key: string): Promise<KvEntry | null> {
    this.check("kv.get");
    validateKey("kv.get", key);
    try {
      const e = await this.kv.get(key);
      if (e === null || e.operation !== "PUT") return null;
      return { key, value: e.value, revision: e.revision };
    } catch (error) {
      throw mapNatsError("kv.get", error);
    }
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    this.check("kv.put");
    validateKey("kv.put", key);
    try {
      return await this.kv.put(key, value);
    } catch (error) {
      throw mapNatsError("kv.put", error);
    }
  }

  async create(key: string, value: Uint8Array): Promise<number> {
    this.check("kv.create");
    validateKey("kv.create", key);
    try {
      return await this.kv.create(key, value);
    } catch (error) {
      if (isConflict(error)) throw new KvConflictError(`kv.create: key "${key}" must be absent; got an existing entry`, { cause: error });
      throw mapNatsError("kv.create", error);
    }
  }

  async update(key: string, value: Uint8Array, revision: number): Promise<number> {
    this.check("kv.update");
    validateKey("kv.update", key);
    try {
      return await this.kv.update(key, value, revision);
    } catch (error) {
      if (isConflict(error)) throw new KvConflictError(`kv.update: revision of "${key}" must be ${revision}; got another`, { cause: error });
      throw mapNatsError("kv.update", error);
    }
  }

  async delete(key: string): Promise<void> {
    this.check("kv.delete");
    validateKey("kv.delete", key);
    try {
      await this.kv.delete(key);
    } catch (error) {
      throw mapNatsError("kv.delete", error);
    }
  }

  async keys(): Promise<string[]> {
    this.check("kv.keys");
    try {
      const out: string[] = [];
      for await (const k of await this.kv.keys()) out.push(k);
      return out.sort();
    } catch (error) {
      throw mapNatsError("kv.keys", error);
    }
  }
}
