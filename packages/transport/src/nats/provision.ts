/**
 * Creates or checks the streams and durable consumers of a namespace. Idempotent and safe when several clients
 * start at once (a lost create race falls back to the existing resource). Mutable settings that differ (subjects,
 * dedupe window, max age; ack wait, max deliver, max ack pending) are updated; immutable ones (retention,
 * storage, filter subject) that differ are a {@link ProvisionError}. Only server 2.9 features are used.
 */
import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerInfo,
  type JetStreamManager,
  type StreamInfo,
} from "@nats-io/jetstream";
import { ProvisionError, messageOf } from "../errors.js";

const NS_PER_MS = 1_000_000;

/** A stream as this package wants it. */
export interface StreamSpec {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly retention: "workqueue" | "limits";
  readonly duplicateWindowMs: number;
  /** 0 = forever. */
  readonly maxAgeMs: number;
}

/** A durable pull consumer as this package wants it. */
export interface ConsumerSpec {
  readonly stream: string;
  readonly durable: string;
  readonly ackWaitMs: number;
  /** -1 = unbounded. */
  readonly maxDeliver: number;
  readonly maxAckPending: number;
  readonly filterSubject?: string;
}

function isNotFound(error: unknown): boolean {
  const n = error instanceof Error ? error.name : "";
  return n === "StreamNotFoundError" || n === "ConsumerNotFoundError" || /not found/i.test(messageOf(error));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

/** Ensures `spec` exists (creating/updating it when `provision`); returns its info. */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec, provision: boolean): Promise<StreamInfo> {
  const want = {
    name: spec.name,
    subjects: [...spec.subjects],
    retention: spec.retention === "workqueue" ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    storage: StorageType.File,
    duplicate_window: spec.duplicateWindowMs * NS_PER_MS,
    max_age: spec.maxAgeMs * NS_PER_MS,
    // Direct get (2.9+) returns stored messages raw; the MSG.GET API base64s them into JSON, which for a
    // message near max_payload would not fit in a reply.
    allow_direct: true,
  };
  let info: StreamInfo | undefined;
  try {
    info = await jsm.streams.info(spec.name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (info === undefined) {
    if (!provision) throw new ProvisionError(`provision: stream ${spec.name} must exist; got none (start a client with provisioning first)`);
    try {
      return await jsm.streams.add(want);
    } catch (error) {
      // Lost a race with another client creating it: use theirs, checked below.
      try {
        info = await jsm.streams.info(spec.name);
      } catch {
        throw new ProvisionError(`provision: stream ${spec.name} must be creatable; got ${messageOf(error)}`, { cause: error });
      }
    }
  }
  const c = info.config;
  if (c.retention !== want.retention || c.storage !== want.storage) {
    throw new ProvisionError(
      `provision: stream ${spec.name} must have retention ${want.retention} and storage ${want.storage}; got ${c.retention} and ${c.storage} (delete it or use another namespace)`,
    );
  }
  const differs = !sameSet(c.subjects ?? [], want.subjects) || c.duplicate_window !== want.duplicate_window || c.max_age !== want.max_age || c.allow_direct !== true;
  if (!differs || !provision) return info;
  try {
    return await jsm.streams.update(spec.name, {
      subjects: want.subjects,
      duplicate_window: want.duplicate_window,
      max_age: want.max_age,
      allow_direct: true,
    });
  } catch (error) {
    throw new ProvisionError(`provision: stream ${spec.name} must be updatable; got ${messageOf(error)}`, { cause: error });
  }
}

/** Ensures the durable pull consumer `spec` exists (creating/updating it when `provision`); returns its info. */
export async function ensureConsumer(jsm: JetStreamManager, spec: ConsumerSpec, provision: boolean): Promise<ConsumerInfo> {
  const want = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: Math.round(spec.ackWaitMs * NS_PER_MS),
    max_deliver: spec.maxDeliver,
    max_ack_pending: spec.maxAckPending,
    ...(spec.filterSubject === undefined ? {} : { filter_subject: spec.filterSubject }),
  };
  let info: ConsumerInfo | undefined;
  try {
    info = await jsm.consumers.info(spec.stream, spec.durable);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (info === undefined) {
    if (!provision) throw new ProvisionError(`provision: consumer ${spec.stream}/${spec.durable} must exist; got none`);
    try {
      return await jsm.consumers.add(spec.stream, want);
    } catch (error) {
      try {
        info = await jsm.consumers.info(spec.stream, spec.durable);
      } catch {
        throw new ProvisionError(`provision: consumer ${spec.stream}/${spec.durable} must be creatable; got ${messageOf(error)}`, { cause: error });
      }
    }
  }
  const c = info.config;
  if ((c.filter_subject ?? "") !== (spec.filterSubject ?? "") || c.ack_policy !== AckPolicy.Explicit || c.deliver_subject) {
    throw new ProvisionError(
      `provision: consumer ${spec.stream}/${spec.durable} must be a pull consumer with explicit ack and filter ${JSON.stringify(spec.filterSubject ?? "")}; got ${JSON.stringify({ filter_subject: c.filter_subject, ack_policy: c.ack_policy, deliver_subject: c.deliver_subject })}`,
    );
  }
  const differs = c.ack_wait !== want.ack_wait || c.max_deliver !== want.max_deliver || c.max_ack_pending !== want.max_ack_pending;
  if (!differs || !provision) return info;
  try {
    return await jsm.consumers.update(spec.stream, spec.durable, {
      ack_wait: want.ack_wait,
      max_deliver: want.max_deliver,
      max_ack_pending: want.max_ack_pending,
    });
  } catch (error) {
    throw new ProvisionError(`provision: consumer ${spec.stream}/${spec.durable} must be updatable; got ${messageOf(error)}`, { cause: error });
  }
}
