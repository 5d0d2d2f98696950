/**
 * Entry-point checks shared by every store implementation, so both reject exactly the same records with exactly the
 * same message. Each returns a fresh plain copy of its input (extra properties dropped), so a store never keeps a
 * reference to a caller's object.
 */
import { storeError } from "./store-error.js";
import {
  CAMPAIGN_STATUSES,
  SHARD_STATUSES,
  type CampaignRecord,
  type CampaignStatus,
  type ComplexityRecord,
  type NewShard,
  type NewShardResult,
  type PointAggregate,
  type PointRecord,
  type ShardStatus,
} from "./store.js";

/** Longest accepted id (characters): ids are hashes or short names, and they are repeated in every shard row. */
export const MAX_ID_LENGTH = 1024;

function fail(where: string, what: string, constraint: string, got: unknown): never {
  throw storeError("E_STORE_INVALID", where, what, constraint, got);
}

/** A non-empty string of at most {@link MAX_ID_LENGTH} characters. */
export function checkId(where: string, what: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_ID_LENGTH) {
    fail(where, what, `a non-empty string of at most ${MAX_ID_LENGTH} characters`, value);
  }
  return value;
}

/** Any string (possibly empty). */
export function checkString(where: string, what: string, value: unknown): string {
  if (typeof value !== "string") fail(where, what, "a string", value);
  return value;
}

/** A non-empty string. */
export function checkNonEmpty(where: string, what: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) fail(where, what, "a non-empty string", value);
  return value;
}

/** A string or null (undefined reads as null). */
export function checkNullableString(where: string, what: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") fail(where, what, "a string or null", value);
  return value;
}

/** An integer >= min (and a safe integer, so it survives SQLite's 64-bit integers and JS numbers exactly). */
export function checkInteger(where: string, what: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    fail(where, what, `an integer >= ${min}`, value);
  }
  return value;
}

/** An integer >= 0, or null (undefined reads as null). */
export function checkNullableCount(where: string, what: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) fail(where, what, "an integer >= 0 or null", value);
  return value;
}

/** A finite number or null. NaN is refused: SQLite would silently store it as NULL. */
export function checkNullableFinite(where: string, what: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) fail(where, what, "a finite number or null", value);
  return value;
}

/** A time in ms since the epoch (finite, >= 0) or null. */
export function checkNullableTime(where: string, what: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    fail(where, what, "a time in ms since the epoch (a finite number >= 0) or null", value);
  }
  return value;
}

function checkOneOf<T extends string>(where: string, what: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    fail(where, what, `one of ${allowed.map((s) => JSON.stringify(s)).join(" | ")}`, value);
  }
  return value as T;
}

function checkObject(where: string, what: string, value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(where, what, "an object", value);
  return value as Record<string, unknown>;
}

/** A campaign status. */
export function checkCampaignStatus(where: string, what: string, value: unknown): CampaignStatus {
  return checkOneOf(where, what, value, CAMPAIGN_STATUSES);
}

/** A campaign record. */
export function checkCampaign(where: string, value: unknown): CampaignRecord {
  const c = checkObject(where, "campaign", value);
  return {
    id: checkId(where, "campaign.id", c.id),
    name: checkString(where, "campaign.name", c.name),
    specJson: checkNonEmpty(where, "campaign.specJson", c.specJson),
    seed: checkInteger(where, "campaign.seed", c.seed, Number.MIN_SAFE_INTEGER),
    codeVersion: checkString(where, "campaign.codeVersion", c.codeVersion),
    status: checkCampaignStatus(where, "campaign.status", c.status),
    createdAt: checkTime(where, "campaign.createdAt", c.createdAt),
  };
}

function checkTime(where: string, what: string, value: unknown): number {
  const t = checkNullableTime(where, what, value);
  if (t === null) fail(where, what, "a time in ms since the epoch (a finite number >= 0)", value);
  return t;
}

/** A point record; `what` names it in messages (e.g. `points[3]`). */
export function checkPoint(where: string, what: string, value: unknown): PointRecord {
  const p = checkObject(where, what, value);
  return {
    campaignId: checkId(where, `${what}.campaignId`, p.campaignId),
    pointId: checkId(where, `${what}.pointId`, p.pointId),
    ordinal: checkInteger(where, `${what}.ordinal`, p.ordinal, 0),
    paramsJson: checkNonEmpty(where, `${what}.paramsJson`, p.paramsJson),
    parentId: p.parentId === undefined || p.parentId === null ? null : checkId(where, `${what}.parentId`, p.parentId),
  };
}

function isId(v: unknown): v is string {
  return typeof v === "string" && v.length > 0 && v.length <= MAX_ID_LENGTH;
}

function isCount(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/**
 * A shard to register, the `index`-th of the batch (named `shards[index]` in messages). Registration checks 10⁶
 * of these, so a valid shard takes a fast path that builds no message strings.
 */
export function checkNewShard(where: string, index: number, value: unknown): NewShard {
  const v = value as Record<string, unknown> | null;
  if (
    typeof v === "object" &&
    v !== null &&
    isId(v.shardId) &&
    isId(v.campaignId) &&
    isId(v.pointId) &&
    isCount(v.replicate) &&
    isCount(v.block) &&
    isCount(v.particleLo) &&
    isCount(v.particleHi) &&
    v.particleHi >= v.particleLo
  ) {
    return {
      shardId: v.shardId,
      campaignId: v.campaignId,
      pointId: v.pointId,
      replicate: v.replicate,
      block: v.block,
      particleLo: v.particleLo,
      particleHi: v.particleHi,
    };
  }
  const what = `shards[${index}]`;
  const s = checkObject(where, what, value);
  const particleLo = checkInteger(where, `${what}.particleLo`, s.particleLo, 0);
  return {
    shardId: checkId(where, `${what}.shardId`, s.shardId),
    campaignId: checkId(where, `${what}.campaignId`, s.campaignId),
    pointId: checkId(where, `${what}.pointId`, s.pointId),
    replicate: checkInteger(where, `${what}.replicate`, s.replicate, 0),
    block: checkInteger(where, `${what}.block`, s.block, 0),
    particleLo,
    particleHi: checkInteger(where, `${what}.particleHi`, s.particleHi, particleLo),
  };
}

function isTime(v: unknown): v is number | null | undefined {
  return v === null || v === undefined || (typeof v === "number" && Number.isFinite(v) && v >= 0);
}

/**
 * A shard result; the blob is checked, not copied (each store copies it the way it needs). `what` names it in
 * messages (`result`, `results[3]`); a valid result takes a fast path that builds no strings.
 */
export function checkResult(where: string, what: string | (() => string), value: unknown): NewShardResult {
  const v = value as Record<string, unknown> | null;
  if (
    typeof v === "object" &&
    v !== null &&
    isId(v.shardId) &&
    (v.status === "done" || v.status === "diverged") &&
    v.statsBlob instanceof Uint8Array &&
    (v.agent === null || v.agent === undefined || typeof v.agent === "string") &&
    isTime(v.startedAt) &&
    isTime(v.finishedAt)
  ) {
    return {
      shardId: v.shardId,
      status: v.status,
      statsBlob: v.statsBlob,
      agent: (v.agent as string | null | undefined) ?? null,
      startedAt: v.startedAt ?? null,
      finishedAt: v.finishedAt ?? null,
    };
  }
  return checkResultSlow(where, typeof what === "string" ? what : what(), value);
}

function checkResultSlow(where: string, what: string, value: unknown): NewShardResult {
  const r = checkObject(where, what, value);
  if (!(r.statsBlob instanceof Uint8Array)) fail(where, `${what}.statsBlob`, "a Uint8Array", r.statsBlob);
  return {
    shardId: checkId(where, `${what}.shardId`, r.shardId),
    status: checkOneOf(where, `${what}.status`, r.status, ["done", "diverged"] as const),
    statsBlob: r.statsBlob,
    agent: checkNullableString(where, `${what}.agent`, r.agent),
    startedAt: checkNullableTime(where, `${what}.startedAt`, r.startedAt),
    finishedAt: checkNullableTime(where, `${what}.finishedAt`, r.finishedAt),
  };
}

/** A point aggregate. */
export function checkAggregate(where: string, value: unknown): PointAggregate {
  const a = checkObject(where, "aggregate", value);
  return {
    campaignId: checkId(where, "aggregate.campaignId", a.campaignId),
    pointId: checkId(where, "aggregate.pointId", a.pointId),
    estimator: checkNonEmpty(where, "aggregate.estimator", a.estimator),
    estimate: checkNullableFinite(where, "aggregate.estimate", a.estimate),
    ciLow: checkNullableFinite(where, "aggregate.ciLow", a.ciLow),
    ciHigh: checkNullableFinite(where, "aggregate.ciHigh", a.ciHigh),
    n: checkInteger(where, "aggregate.n", a.n, 0),
    noiseFloor: checkNullableFinite(where, "aggregate.noiseFloor", a.noiseFloor),
    status: checkNonEmpty(where, "aggregate.status", a.status),
    extraJson: checkNullableString(where, "aggregate.extraJson", a.extraJson),
  };
}

/** An iteration-complexity record. */
export function checkComplexity(where: string, value: unknown): ComplexityRecord {
  const c = checkObject(where, "record", value);
  if (typeof c.eps !== "number" || !Number.isFinite(c.eps) || c.eps <= 0) fail(where, "record.eps", "a finite number > 0", c.eps);
  return {
    campaignId: checkId(where, "record.campaignId", c.campaignId),
    pointId: checkId(where, "record.pointId", c.pointId),
    eps: c.eps,
    steps: checkNullableCount(where, "record.steps", c.steps),
    bracketLow: checkNullableCount(where, "record.bracketLow", c.bracketLow),
    bracketHigh: checkNullableCount(where, "record.bracketHigh", c.bracketHigh),
    method: checkNonEmpty(where, "record.method", c.method),
    status: c.status === undefined || c.status === null ? null : checkNonEmpty(where, "record.status", c.status),
  };
}

/** Checked paging and filter options with defaults filled in (`limit` -1 means no limit, as in SQLite). */
export interface CheckedListOptions {
  readonly afterSeq: number;
  readonly limit: number;
  readonly statuses: readonly ShardStatus[] | null;
}

/** Checks `listShards` / `pendingShards` options. */
export function checkListOptions(where: string, value: unknown): CheckedListOptions {
  if (value === undefined) return { afterSeq: 0, limit: -1, statuses: null };
  const o = checkObject(where, "options", value);
  const afterSeq = o.afterSeq === undefined ? 0 : checkInteger(where, "options.afterSeq", o.afterSeq, 0);
  const limit = o.limit === undefined ? -1 : checkInteger(where, "options.limit", o.limit, 1);
  let statuses: ShardStatus[] | null = null;
  if (o.statuses !== undefined) {
    if (!Array.isArray(o.statuses)) fail(where, "options.statuses", "an array of shard statuses", o.statuses);
    statuses = [];
    for (let i = 0; i < o.statuses.length; i++) {
      const s = checkOneOf(where, `options.statuses[${i}]`, o.statuses[i], SHARD_STATUSES);
      if (!statuses.includes(s)) statuses.push(s);
    }
    // A stable order makes the SQLite statement cache key independent of the caller's order.
    statuses.sort((a, b) => SHARD_STATUSES.indexOf(a) - SHARD_STATUSES.indexOf(b));
  }
  return { afterSeq, limit, statuses };
}
