/**
 * A campaign read back from a results store for reporting: its record, and its points (in expansion order) with
 * their flattened parameters, aggregate and complexity rows.
 */
import type { CampaignRecord, ComplexityRecord, PointAggregate, ResultStore } from "@scoresweep/store";
import { ReportError } from "../report-error.js";
import { flattenParams, varyingKeys, type ParamValue } from "./flatten-params.js";

/** One point of a campaign with what the store holds about it. */
export interface CampaignPoint {
  pointId: string;
  /** Position in the spec's expansion order. */
  ordinal: number;
  /** The point as stored (parsed canonical JSON). */
  params: Record<string, unknown>;
  /** Dotted keys → values (arrays as JSON text). */
  flat: Record<string, ParamValue>;
  aggregate: PointAggregate | null;
  /** K*(ε) rows sorted by ε. */
  complexity: readonly ComplexityRecord[];
}

/** A campaign ready for a report. */
export interface CampaignData {
  campaign: CampaignRecord;
  /** Points sorted by ordinal (then id). */
  points: CampaignPoint[];
  /** Flattened keys that differ between points, in spec order (sde, data, score, sampler, metric, mc). */
  varying: string[];
}

/** Reads campaign `campaignId` from `store` (ReportError if the store has no such campaign). */
export function loadCampaign(store: ResultStore, campaignId: string): CampaignData {
  const campaign = store.getCampaign(campaignId);
  if (!campaign) {
    const known = store.listCampaigns().map((c) => c.id);
    throw new ReportError(`campaign: must be one of ${known.join(" | ") || "(none: the database is empty)"}; got ${JSON.stringify(campaignId)}`);
  }
  const points: CampaignPoint[] = store.exportRows(campaignId).map((row) => {
    const params = JSON.parse(row.point.paramsJson) as Record<string, unknown>;
    return {
      pointId: row.point.pointId,
      ordinal: row.point.ordinal,
      params,
      flat: flattenParams(params),
      aggregate: row.aggregate,
      complexity: [...row.complexity].sort((a, b) => a.eps - b.eps),
    };
  });
  points.sort((a, b) => a.ordinal - b.ordinal || (a.pointId < b.pointId ? -1 : a.pointId > b.pointId ? 1 : 0));
  return { campaign, points, varying: varyingKeys(points.map((p) => p.flat)) };
}
