/**
 * Coordinator presence: a running coordinator heartbeats one entry into the KV bucket {@link COORDINATORS_BUCKET}
 * (bucket-wide TTL {@link COORDINATOR_TTL_MS}), so `status` and `run --nats` can tell whether anyone will take a
 * submission, and a second coordinator on the same namespace refuses to start. JSON values, validated on receipt.
 */

/** Name of the coordinator presence bucket (per namespace). */
export const COORDINATORS_BUCKET = "coordinators";

/** Bucket-wide TTL of coordinator presence, in ms (heartbeat every third of it). */
export const COORDINATOR_TTL_MS = 15_000;

/** What a coordinator says about itself. */
export interface CoordinatorPresence {
  v: 1;
  name: string;
  host: string;
  pid: number;
  /** Campaign being run now, or null when idle. */
  campaign: string | null;
  /** Campaigns finished since start. */
  campaignsRun: number;
  /** ms since epoch. */
  startedAt: number;
  /** ms since epoch. */
  updatedAt: number;
}

/** Encodes a presence record (JSON bytes). */
export function encodeCoordinatorPresence(p: CoordinatorPresence): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(p));
}

/** Decodes and validates a presence record; throws a `RangeError` naming the bad field. */
export function decodeCoordinatorPresence(bytes: Uint8Array): CoordinatorPresence {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new RangeError(`coordinator presence: value must be JSON; got ${(error as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new RangeError("coordinator presence: value must be an object");
  const o = doc as Record<string, unknown>;
  if (o.v !== 1) throw new RangeError(`coordinator presence: v must be 1; got ${JSON.stringify(o.v)}`);
  for (const k of ["pid", "campaignsRun", "startedAt", "updatedAt"]) {
    if (typeof o[k] !== "number" || !Number.isFinite(o[k] as number) || (o[k] as number) < 0) throw new RangeError(`coordinator presence: ${k} must be a finite number >= 0`);
  }
  for (const k of ["name", "host"]) if (typeof o[k] !== "string" || (o[k] as string).length > 256) throw new RangeError(`coordinator presence: ${k} must be a string`);
  if (o.campaign !== null && typeof o.campaign !== "string") throw new RangeError("coordinator presence: campaign must be a string or null");
  for (const k of Object.keys(o)) {
    if (!["v", "name", "host", "pid", "campaign", "campaignsRun", "startedAt", "updatedAt"].includes(k)) throw new RangeError(`coordinator presence: ${k} is not a known field`);
  }
  return o as unknown as CoordinatorPresence;
}
