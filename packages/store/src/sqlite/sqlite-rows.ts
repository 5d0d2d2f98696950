/**
 * SQL column lists of the SQLite store and the mapping of rows onto the contract's records. Simple records are read
 * with column aliases straight into objects; shard and result rows, which come by the million, are mapped here.
 */
import type { ResultStatus, ShardRecord, ShardResultRecord, ShardStatus } from "../store.js";

/** Columns of a shard row, in the order {@link toShard} reads them (raw mode). */
export const SHARD_COLUMNS = `seq, shard_id, campaign_id, point_id, replicate, block, particle_lo, particle_hi, status,
  attempts, agent, started_at, finished_at, error`;

/**
 * A shard row read in raw (array) mode. Building the object in JS is about twice as fast as letting the driver build
 * named-property objects (measured: 0.7 s against 1.5 s for 3·10⁵ rows), which matters when a resume lists 10⁶ shards.
 */
export function toShard(r: unknown[]): ShardRecord {
  return {
    seq: r[0] as number,
    shardId: r[1] as string,
    campaignId: r[2] as string,
    pointId: r[3] as string,
    replicate: r[4] as number,
    block: r[5] as number,
    particleLo: r[6] as number,
    particleHi: r[7] as number,
    status: r[8] as ShardStatus,
    attempts: r[9] as number,
    agent: r[10] as string | null,
    startedAt: r[11] as number | null,
    finishedAt: r[12] as number | null,
    error: r[13] as string | null,
  };
}

/** Results joined with their shards' coordinates, read in raw mode by {@link toResult}. */
export const RESULT_SELECT = `SELECT s.shard_id, s.campaign_id, s.point_id, s.replicate, s.block, s.particle_lo,
  s.particle_hi, r.status, r.stats, r.agent, r.started_at, r.finished_at
  FROM shards s JOIN shard_results r ON r.seq = s.seq`;

/** A result row (raw mode). The blob is returned as a plain Uint8Array view of the driver's Buffer (no copy). */
export function toResult(r: unknown[]): ShardResultRecord {
  const b = r[8] as Buffer;
  return {
    shardId: r[0] as string,
    campaignId: r[1] as string,
    pointId: r[2] as string,
    replicate: r[3] as number,
    block: r[4] as number,
    particleLo: r[5] as number,
    particleHi: r[6] as number,
    status: r[7] as ResultStatus,
    statsBlob: new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
    agent: r[9] as string | null,
    startedAt: r[10] as number | null,
    finishedAt: r[11] as number | null,
  };
}

/** Campaign rows as `CampaignRecord`s. */
export const CAMPAIGN_SELECT = `SELECT id, name, spec_json AS specJson, seed, code_version AS codeVersion, status,
  created_at AS createdAt FROM campaigns`;

/** Point rows as `PointRecord`s. */
export const POINT_SELECT = `SELECT campaign_id AS campaignId, point_id AS pointId, ordinal, params_json AS paramsJson,
  parent_id AS parentId
  FROM points`;

/** Aggregate rows as `PointAggregate`s. */
export const AGGREGATE_SELECT = `SELECT campaign_id AS campaignId, point_id AS pointId, estimator, estimate,
  ci_low AS ciLow, ci_high AS ciHigh, n, noise_floor AS noiseFloor, status, extra_json AS extraJson
  FROM point_aggregates`;

/** Complexity rows as `ComplexityRecord`s. */
export const COMPLEXITY_SELECT = `SELECT campaign_id AS campaignId, point_id AS pointId, eps, steps,
  bracket_low AS bracketLow, bracket_high AS bracketHigh, method, status FROM complexity_results`;
