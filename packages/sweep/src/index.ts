/**
 * @scoresweep/sweep — experiment points and sweep specs at the edge: schemas, validation, canonical ids; expansion,
 * sharding and searches.
 */
export { parsePoint } from "./point.js";
export { pointSchema, ESTIMATORS } from "./point-schema.js";
export { schemaError } from "./schema-error.js";
export { canonicalJson } from "./canonical-json.js";
export { pointId, NUMERICS_MAJOR } from "./point-id.js";
export { parseSpec, parseSpecText } from "./spec.js";
export { specSchema, DEFAULT_SHARD_PARTICLES, type SweepSpec } from "./spec-schema.js";
export { expandSpec, countPoints, type ExpandedPoint } from "./expand.js";
export { planShards, shardId, type ShardPlan } from "./shard-plan.js";
/** The default `mc.particles`, owned by `@scoresweep/core`. */
export { DEFAULT_PARTICLES } from "@scoresweep/core";
export { withPath, getPath } from "./object-path.js";
export {
  SHARD_PROTOCOL_VERSION,
  shardTaskMessageSchema,
  shardResultMessageSchema,
  validateShardTask,
  validateShardResult,
  type ShardTaskMessage,
  type ShardResultMessage,
} from "./protocol.js";
export { aggregatePoint, type AggregateOptions } from "./aggregate/aggregate-point.js";
export type { ShardOutcome, ShardStats, PointAggregateValue } from "./aggregate/shard-outcome.js";
export * from "./search/index.js";
export { aggregateMonteCarlo, checkMonteCarloPoint, FLOOR_SAMPLE_NUMBERS, CI_LEVEL, DIRECTIONS_DOMAIN, type MonteCarloOptions } from "./aggregate/aggregate-monte-carlo.js";
export { fitGaussianFromSums, fitGaussianFromSamples, type FittedGaussian } from "./aggregate/moment-sums.js";
