import { DEFAULT_PARTICLES, type PointSpec } from "@scoresweep/core";

/**
 * One shard: a fixed block of (point, replicate, particle range), the unit of distribution and of resume (DESIGN §2).
 * Its id is a pure function of the campaign, the point and the block, never of the cluster.
 */
export interface ShardPlan {
  shardId: string;
  pointId: string;
  replicate: number;
  block: number;
  /** First particle index (inclusive). */
  particleLo: number;
  /** Last particle index (exclusive); equal to `particleLo` for exact-oracle shards. */
  particleHi: number;
}

/** Deterministic shard id: `<campaign>/<point>/r<replicate>/b<block>`. */
export function shardId(campaignId: string, pointId: string, replicate: number, block: number): string {
  return `${campaignId}/${pointId}/r${replicate}/b${block}`;
}

/**
 * The shards of one point for replicates [fromReplicate, toReplicate): exact-oracle points have one shard (replicate 0,
 * no particles); Monte Carlo points have ceil(particles / shardParticles) blocks per replicate (`mc.particles`,
 * default `DEFAULT_PARTICLES` of `@scoresweep/core`).
 */
export function planShards(
  campaignId: string,
  pointId: string,
  point: PointSpec,
  shardParticles: number,
  fromReplicate: number,
  toReplicate: number,
): ShardPlan[] {
  if (point.metric.estimator === "exact") {
    return fromReplicate === 0 ? [{ shardId: shardId(campaignId, pointId, 0, 0), pointId, replicate: 0, block: 0, particleLo: 0, particleHi: 0 }] : [];
  }
  const n = point.mc?.particles ?? DEFAULT_PARTICLES;
  const blocks = Math.ceil(n / shardParticles);
  const out: ShardPlan[] = [];
  for (let r = fromReplicate; r < toReplicate; r++) {
    for (let b = 0; b < blocks; b++) {
      out.push({
        shardId: shardId(campaignId, pointId, r, b),
        pointId,
        replicate: r,
        block: b,
        particleLo: b * shardParticles,
        particleHi: Math.min(n, (b + 1) * shardParticles),
      });
    }
  }
  return out;
}
