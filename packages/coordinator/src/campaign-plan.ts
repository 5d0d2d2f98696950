import { InvalidParameterError } from "@scoresweep/core";
import type { PointSpec } from "@scoresweep/core";
import { canonicalJson, expandSpec, planShards, type ExpandedPoint, type ShardPlan, type SweepSpec } from "@scoresweep/sweep";
import type { CampaignRecord, ResultStore } from "@scoresweep/store";

/** A campaign's identity and what it must compute, derived from its spec alone. */
export interface CampaignPlan {
  campaignId: string;
  spec: SweepSpec;
  /** Every expanded point (with and without `sampler.steps`). */
  points: ExpandedPoint[];
  /** Points that get shards now (those with `sampler.steps`). */
  runnable: ExpandedPoint[];
  /** Points whose `sampler.steps` is searched (`searches.complexity`). */
  searched: ExpandedPoint[];
}

/** The seed of a point's random streams: its own `mc.seed` when given, else the campaign seed. */
export function streamSeed(spec: SweepSpec, point: PointSpec): number {
  return point.mc?.seed ?? spec.seed;
}

/** Replicates a point gets: its own `mc.replicates`, else the spec's `replicates`. */
export function replicatesOf(spec: SweepSpec, point: PointSpec): number {
  return point.mc?.replicates ?? spec.replicates;
}

/**
 * Expands the spec and checks it against what the database already holds for a campaign of the same name: the seed
 * and the shard size fix every number and every shard id, so they cannot change under an existing campaign (extending
 * one — more axis values, more replicates — is fine and computes only the new work).
 */
export function planCampaign(spec: SweepSpec, store: ResultStore, options: { yes?: boolean } = {}): CampaignPlan {
  const campaignId = spec.name;
  const existing = store.getCampaign(campaignId);
  if (existing) {
    const old = JSON.parse(existing.specJson) as SweepSpec;
    if (old.seed !== spec.seed) {
      throw new InvalidParameterError(`spec: seed must stay ${old.seed} for the existing campaign ${JSON.stringify(campaignId)} (use a new name for a new seed); got ${spec.seed}`);
    }
    if (old.shard.particles !== spec.shard.particles) {
      throw new InvalidParameterError(`spec: shard.particles must stay ${old.shard.particles} for the existing campaign ${JSON.stringify(campaignId)}; got ${spec.shard.particles}`);
    }
  }
  const points = expandSpec(spec, options);
  const runnable: ExpandedPoint[] = [];
  const searched: ExpandedPoint[] = [];
  for (const p of points) {
    // expandSpec guarantees: no steps only when searches.complexity is set.
    if (p.point.sampler.steps !== undefined) runnable.push(p);
    else searched.push(p);
  }
  return { campaignId, spec, points, runnable, searched };
}

/** The campaign record to upsert for a plan. */
export function campaignRecord(plan: CampaignPlan, codeVersion: string, status: CampaignRecord["status"], now: number): CampaignRecord {
  return { id: plan.campaignId, name: plan.spec.name, specJson: canonicalJson(plan.spec), seed: plan.spec.seed, codeVersion, status, createdAt: now };
}

/** All shards of a runnable point for replicates [0, replicates). */
export function shardsOf(plan: CampaignPlan, p: ExpandedPoint, replicates: number): ShardPlan[] {
  return planShards(plan.campaignId, p.id, p.point, plan.spec.shard.particles, 0, replicates);
}
