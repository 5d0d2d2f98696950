/**
 * Record builders and assertions for store tests. Everything is deterministic: a result's bytes are a function of
 * its shard id, so a test can check any stored blob without keeping a copy. No vitest import: crash-test child
 * processes use these too.
 */
import type {
  CampaignRecord,
  NewShard,
  NewShardResult,
  PointAggregate,
  PointRecord,
  ResultStatus,
  ResultStore,
} from "../store.js";

/** A campaign record; `overrides` replace fields. */
export function makeCampaign(id = "c1", overrides: Partial<CampaignRecord> = {}): CampaignRecord {
  return {
    id,
    name: `campaign ${id}`,
    specJson: JSON.stringify({ name: id, seed: 7 }),
    seed: 7,
    codeVersion: "1.0.0",
    status: "running",
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** A point record. */
export function makePoint(campaignId: string, pointId: string, ordinal = 0): PointRecord {
  return { campaignId, pointId, ordinal, paramsJson: JSON.stringify({ id: pointId, ordinal }), parentId: null };
}

/** The deterministic shard id used by these fixtures. */
export function shardIdOf(campaignId: string, pointId: string, replicate: number, block: number): string {
  return `${campaignId}/${pointId}/r${replicate}/b${block}`;
}

/** A shard of `particles` particles at block position `block`. */
export function makeShard(campaignId: string, pointId: string, replicate: number, block: number, particles = 100): NewShard {
  return {
    shardId: shardIdOf(campaignId, pointId, replicate, block),
    campaignId,
    pointId,
    replicate,
    block,
    particleLo: block * particles,
    particleHi: (block + 1) * particles,
  };
}

/** Deterministic bytes for a shard id (FNV-1a seeded xorshift), `length` of them (default 64 + id-dependent). */
export function blobOf(shardId: string, length?: number): Uint8Array {
  let h = 0x811c9dc5;
  for (let i = 0; i < shardId.length; i++) h = Math.imul(h ^ shardId.charCodeAt(i), 0x01000193) >>> 0;
  const n = length ?? 64 + (h % 64);
  const out = new Uint8Array(n);
  let x = h || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A result whose bytes are `blobOf(shardId)`. */
export function makeResult(shardId: string, status: ResultStatus = "done", overrides: Partial<NewShardResult> = {}): NewShardResult {
  return { shardId, status, statsBlob: blobOf(shardId), agent: "agent-1", startedAt: 1000, finishedAt: 2000, ...overrides };
}

/** An aggregate record. */
export function makeAggregate(campaignId: string, pointId: string, overrides: Partial<PointAggregate> = {}): PointAggregate {
  return {
    campaignId,
    pointId,
    estimator: "gaussian_fit",
    estimate: 0.125,
    ciLow: 0.1,
    ciHigh: 0.15,
    n: 8,
    noiseFloor: 0.001,
    status: "done",
    extraJson: null,
    ...overrides,
  };
}

/**
 * Registers campaign `campaignId` with `points` points (ids `p00`, `p01`, …) of `replicates × blocks` shards each.
 * Returns the shards in registration order.
 */
export function seedCampaign(
  store: ResultStore,
  campaignId = "c1",
  points = 2,
  replicates = 2,
  blocks = 2,
): NewShard[] {
  store.upsertCampaign(makeCampaign(campaignId));
  const pointIds = Array.from({ length: points }, (_, i) => `p${String(i).padStart(2, "0")}`);
  store.registerPoints(pointIds.map((p, i) => makePoint(campaignId, p, i)));
  const shards: NewShard[] = [];
  for (const p of pointIds) for (let r = 0; r < replicates; r++) for (let b = 0; b < blocks; b++) shards.push(makeShard(campaignId, p, r, b));
  store.registerShards(shards);
  return shards;
}
