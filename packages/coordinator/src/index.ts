/** @scoresweep/coordinator — plans campaigns, hands out shards over a transport, commits and aggregates results. */
export { runCampaign, type RunCampaignOptions, type RunProgress, type RunSummary } from "./campaign-runner.js";
export { planCampaign, streamSeed, replicatesOf, type CampaignPlan } from "./campaign-plan.js";
