/**
 * @scoresweep/store — the results database (DESIGN §5): the {@link ResultStore} contract with a SQLite and an
 * in-memory implementation. The contract's test suite is `runStoreConformance` in `@scoresweep/store/testing`.
 */
export {
  CAMPAIGN_STATUSES,
  OPEN_SHARD_STATUSES,
  SHARD_STATUSES,
  type CampaignProgress,
  type CampaignRecord,
  type CampaignStatus,
  type ComplexityRecord,
  type ExportRow,
  type ListShardsOptions,
  type NewShard,
  type NewShardResult,
  type PointAggregate,
  type PointRecord,
  type ResultStatus,
  type ResultStore,
  type ShardCounts,
  type ShardPage,
  type ShardRecord,
  type ShardResultRecord,
  type ShardStatus,
} from "./store.js";
export { StoreError, type StoreErrorCode } from "./store-error.js";
export { MAX_ID_LENGTH } from "./validate.js";
export { compareCodePoints } from "./order.js";
export { MemoryStore } from "./memory/memory-store.js";
export { SqliteStore, type SqliteSettings } from "./sqlite/sqlite-store.js";
export type { SqliteStoreOptions } from "./sqlite/open-database.js";
export { SCHEMA_VERSION as SQLITE_SCHEMA_VERSION } from "./sqlite/migrations.js";
