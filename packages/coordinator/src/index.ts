/** @scoresweep/coordinator — plans campaigns, hands out shards over a transport, commits and aggregates results. */
export { runCampaign, type RunCampaignOptions, type RunProgress, type RunSummary } from "./campaign-runner.js";
export { planCampaign, streamSeed, replicatesOf, type CampaignPlan } from "./campaign-plan.js";
export {
  CAMPAIGNS_BUCKET,
  CAMPAIGN_ENTRY_VERSION,
  FINAL_CAMPAIGN_STATES,
  campaignKey,
  decodeCampaignEntry,
  encodeCampaignEntry,
  isFinalState,
  type CampaignEntry,
  type CampaignFailure,
  type CampaignState,
} from "./campaign-entry.js";
export { followCampaign, newCampaignEntry, sleep, submitCampaign, type FollowOptions, type Submission } from "./campaign-board.js";
export {
  COORDINATORS_BUCKET,
  COORDINATOR_TTL_MS,
  decodeCoordinatorPresence,
  encodeCoordinatorPresence,
  type CoordinatorPresence,
} from "./coordinator-presence.js";
export { CoordinatorService, type CoordinatorServiceOptions } from "./coordinator-service.js";
