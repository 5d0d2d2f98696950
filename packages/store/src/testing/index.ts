/**
 * @scoresweep/store/testing — the store conformance suite and its fixtures (imports vitest and fast-check; use it
 * from tests only).
 */
export { runStoreConformance } from "./store-conformance.js";
export type { StoreFactory } from "./context.js";
export { expectStoreError } from "./expect-store-error.js";
export {
  blobOf,
  makeAggregate,
  makeCampaign,
  makePoint,
  makeResult,
  makeShard,
  seedCampaign,
  shardIdOf,
} from "./fixtures.js";
