/**
 * Internal rows of the memory store and their copies out to callers (records handed out are never the stored
 * objects, so a caller cannot change the store by mutating them).
 */
import { compareCodePoints } from "../order.js";
import type {
  CampaignRecord,
  ComplexityRecord,
  PointAggregate,
  PointRecord,
  ResultStatus,
  ShardRecord,
  ShardResultRecord,
  ShardStatus,
} from "../store.js";

/** A shard as stored (mutable). */
export interface ShardRow {
  seq: number;
  shardId: string;
  campaignId: string;
  pointId: string;
  replicate: number;
  block: number;
  particleLo: number;
  particleHi: number;
  status: ShardStatus;
  attempts: number;
  agent: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
}

/** A result as stored (the blob is the store's own copy). */
export interface ResultRow {
  status: ResultStatus;
  blob: Uint8Array;
  agent: string | null;
  startedAt: number | null;
  finishedAt: number | null;
}

/** Everything stored for one campaign. */
export interface CampaignState {
  record: CampaignRecord;
  points: Map<string, PointRecord>;
  /** Shards in seq order (seq only grows, so appending keeps it sorted). */
  shards: ShardRow[];
  byPoint: Map<string, ShardRow[]>;
  counts: Record<ShardStatus, number>;
  aggregates: Map<string, PointAggregate>;
  complexity: Map<string, Map<number, ComplexityRecord>>;
}

/** Final shard statuses. */
export const FINAL: ReadonlySet<ShardStatus> = new Set<ShardStatus>(["done", "diverged"]);

/** A caller's copy of a shard. */
export function shardCopy(s: ShardRow): ShardRecord {
  return {
    seq: s.seq,
    shardId: s.shardId,
    campaignId: s.campaignId,
    pointId: s.pointId,
    replicate: s.replicate,
    block: s.block,
    particleLo: s.particleLo,
    particleHi: s.particleHi,
    status: s.status,
    attempts: s.attempts,
    agent: s.agent,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    error: s.error,
  };
}

/** A caller's copy of a result, with its own blob. */
export function resultCopy(s: ShardRow, r: ResultRow): ShardResultRecord {
  return {
    shardId: s.shardId,
    campaignId: s.campaignId,
    pointId: s.pointId,
    replicate: s.replicate,
    block: s.block,
    particleLo: s.particleLo,
    particleHi: s.particleHi,
    status: r.status,
    statsBlob: r.blob.slice(),
    agent: r.agent,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

/** The merge order of DESIGN §2: replicate, block, then shard id. */
export function byBlockOrder(a: ShardRow, b: ShardRow): number {
  return a.replicate - b.replicate || a.block - b.block || compareCodePoints(a.shardId, b.shardId);
}
