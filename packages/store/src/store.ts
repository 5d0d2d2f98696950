/**
 * The results-store contract (DESIGN §5): plain typed records and the operations a coordinator, the CLI and the
 * report need. No sweep logic lives here — ids, shard boundaries and aggregates are computed by `sweep` and only
 * stored. Two implementations run the same conformance suite (`@scoresweep/store/testing`): `SqliteStore` (the
 * durable default) and `MemoryStore` (tests, throw-away runs).
 *
 * The API is synchronous: SQLite through better-sqlite3 is synchronous and a commit costs tens of microseconds, far
 * less than a promise round trip would add at 10⁵ commits.
 *
 * Keys. A point id is a hash of the point alone, so two campaigns (e.g. two seeds) can hold the same point with
 * different results: points, aggregates and complexity rows are keyed by (campaignId, pointId). A shard id is
 * globally unique (the sweep derives it from the campaign, point, replicate and block).
 *
 * Times are milliseconds since the Unix epoch, supplied by the caller (the store never reads the clock for record
 * data); they are kept for `status` and debugging and never appear in exports.
 */

/** Lifecycle of a campaign. */
export type CampaignStatus = "running" | "done" | "failed" | "stopped";
/** All campaign statuses, in lifecycle order. */
export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ["running", "done", "failed", "stopped"];

/** A campaign: one sweep spec run with one seed. Upserted by `id`. */
export interface CampaignRecord {
  /** Stable campaign id (chosen by the sweep; re-running the same spec on the same database reuses it). */
  readonly id: string;
  /** Human name from the spec. */
  readonly name: string;
  /** The spec as canonical JSON text. */
  readonly specJson: string;
  /** Campaign seed (a safe integer). */
  readonly seed: number;
  /** Version of the code that ran it (numerics major version, package version or git describe). */
  readonly codeVersion: string;
  readonly status: CampaignStatus;
  /** Creation time (ms since epoch); kept from the first upsert. */
  readonly createdAt: number;
}

/** An experiment point of a campaign. Inserted once (insert-or-ignore on (campaignId, pointId)). */
export interface PointRecord {
  readonly campaignId: string;
  /** Canonical hash of the point (DESIGN §1). */
  readonly pointId: string;
  /** Position in the spec's expansion order (integer >= 0). */
  readonly ordinal: number;
  /** The point as canonical JSON text. */
  readonly paramsJson: string;
  /**
   * For a point an adaptive search generated (a Monte Carlo complexity search's *derived point*: the searched point
   * at one step count), the id of the searched point of the same campaign; null for the spec's own points (absent
   * on input reads as null). Kept from the first registration, like the rest of the record.
   */
  readonly parentId: string | null;
}

/** Lifecycle of a shard. `done` and `diverged` are final and carry a result row. */
export type ShardStatus = "pending" | "running" | "done" | "failed" | "diverged";
/** All shard statuses. */
export const SHARD_STATUSES: readonly ShardStatus[] = ["pending", "running", "done", "failed", "diverged"];
/** Statuses that still need work: everything but `done` and `diverged`. */
export const OPEN_SHARD_STATUSES: readonly ShardStatus[] = ["pending", "running", "failed"];

/** A shard to register: a fixed block of (point, replicate, particle range) decided by the spec (DESIGN §2). */
export interface NewShard {
  /** Deterministic, globally unique shard id. */
  readonly shardId: string;
  readonly campaignId: string;
  readonly pointId: string;
  /** Replicate index (integer >= 0). */
  readonly replicate: number;
  /** Particle-block index within the replicate (integer >= 0). */
  readonly block: number;
  /** First particle of the block (integer >= 0). */
  readonly particleLo: number;
  /** One past the last particle (integer >= particleLo; equal for shards without particles, e.g. exact oracle). */
  readonly particleHi: number;
}

/** A registered shard with its state. */
export interface ShardRecord extends NewShard {
  /** Registration ordinal (1, 2, …, store-assigned): the stable order of `pendingShards` and the paging cursor. */
  readonly seq: number;
  readonly status: ShardStatus;
  /** Number of attempts so far (incremented by `markRunning`, set by `markFailed`). */
  readonly attempts: number;
  /** Agent that ran (or is running) it, if known. */
  readonly agent: string | null;
  /** Start of the last attempt (ms since epoch). */
  readonly startedAt: number | null;
  /** End of the last attempt (ms since epoch). */
  readonly finishedAt: number | null;
  /** Last error message, for `failed` shards (cleared when a result is committed). */
  readonly error: string | null;
}

/** Final status carried by a shard result. */
export type ResultStatus = "done" | "diverged";

/** A shard result to commit. */
export interface NewShardResult {
  readonly shardId: string;
  readonly status: ResultStatus;
  /** Shard statistics as msgpack bytes; opaque to the store (copied on commit). */
  readonly statsBlob: Uint8Array;
  readonly agent: string | null;
  /** ms since epoch. */
  readonly startedAt: number | null;
  /** ms since epoch. */
  readonly finishedAt: number | null;
}

/** A stored shard result together with the shard's coordinates (what a merge needs). */
export interface ShardResultRecord extends NewShardResult {
  readonly campaignId: string;
  readonly pointId: string;
  readonly replicate: number;
  readonly block: number;
  readonly particleLo: number;
  readonly particleHi: number;
}

/** The aggregate of one point (derived from its shard results by `sweep`; upserted on (campaignId, pointId)). */
export interface PointAggregate {
  readonly campaignId: string;
  readonly pointId: string;
  /** Estimator name (`exact`, `gaussian_fit`, `sorted_1d`, …). */
  readonly estimator: string;
  /** The estimate (finite) or null when there is none (e.g. diverged). */
  readonly estimate: number | null;
  /** Lower end of the 95% CI, or null (exact estimator). */
  readonly ciLow: number | null;
  /** Upper end of the 95% CI, or null. */
  readonly ciHigh: number | null;
  /** Sample count behind the estimate (integer >= 0). */
  readonly n: number;
  /** Estimator noise floor, or null. */
  readonly noiseFloor: number | null;
  /** Point status as the sweep defines it (e.g. `done`, `partial`, `diverged`, `failed`). */
  readonly status: string;
  /** Any further fields as JSON text, or null. */
  readonly extraJson: string | null;
}

/** One iteration-complexity result K*(ε) of a point; upserted on (campaignId, pointId, eps). */
export interface ComplexityRecord {
  readonly campaignId: string;
  readonly pointId: string;
  /** Target accuracy ε (> 0). */
  readonly eps: number;
  /** K*: smallest grid step count reaching ε, or null when none on the grid does. */
  readonly steps: number | null;
  /** Largest grid K known to miss ε (integer >= 0), or null. */
  readonly bracketLow: number | null;
  /** Smallest grid K known to reach ε (integer >= 0), or null. */
  readonly bracketHigh: number | null;
  /** How K* was found (e.g. `exact_oracle`, `mc_bisection`: the sweep's `ComplexityMethod`). */
  readonly method: string;
  /**
   * Outcome of the search for this ε as the sweep names it (`resolved`, `bracketed`, `unreached`, `undecided`,
   * `floor_limited`, `pending`: its `ComplexityStatus`), or null when unknown (a Monte Carlo row written before
   * SQLite schema 2; absent on input reads as null).
   */
  readonly status: string | null;
}

/** Shard counts by status. */
export interface ShardCounts {
  readonly pending: number;
  readonly running: number;
  readonly done: number;
  readonly failed: number;
  readonly diverged: number;
  readonly total: number;
}

/** Progress of a campaign (O(1) in the number of shards for the SQLite store). */
export interface CampaignProgress {
  readonly campaignId: string;
  readonly status: CampaignStatus;
  /** Registered points. */
  readonly points: number;
  /** Points with an aggregate row. */
  readonly aggregates: number;
  readonly shards: ShardCounts;
}

/** A page of shards in registration order: those with `seq > afterSeq`, at most `limit` of them. */
export interface ShardPage {
  /** Cursor: the `seq` of the last shard of the previous page (default 0). */
  readonly afterSeq?: number;
  /** Page size (integer >= 1; default: everything). */
  readonly limit?: number;
}

/** Options of `listShards`: a page, optionally restricted to some statuses. */
export interface ListShardsOptions extends ShardPage {
  /** Only shards with one of these statuses (default: all). */
  readonly statuses?: readonly ShardStatus[];
}

/** One export row: a point with its aggregate and its complexity results (sorted by eps); no timings. */
export interface ExportRow {
  readonly point: PointRecord;
  readonly aggregate: PointAggregate | null;
  readonly complexity: readonly ComplexityRecord[];
}

/**
 * The results store. Every write is atomic: a method either applies completely or throws and changes nothing
 * (for SQLite: one transaction; a kill -9 leaves the state before or after it). Records returned are fresh copies.
 * All methods throw {@link StoreError}.
 */
export interface ResultStore {
  /** Implementation name: `sqlite` or `memory`. */
  readonly kind: string;

  /** Inserts the campaign or, when `id` exists, updates every field but `createdAt`. Returns true if it was new. */
  upsertCampaign(campaign: CampaignRecord): boolean;
  /** The campaign, or undefined. */
  getCampaign(campaignId: string): CampaignRecord | undefined;
  /** Sets a campaign's status (E_STORE_NOT_FOUND if unknown). */
  setCampaignStatus(campaignId: string, status: CampaignStatus): void;
  /** All campaigns, by (createdAt, id). */
  listCampaigns(): CampaignRecord[];

  /** Inserts points, ignoring (campaignId, pointId) pairs already present (first write wins). Returns how many were new. */
  registerPoints(points: Iterable<PointRecord>): number;
  /** The point, or undefined. */
  getPoint(campaignId: string, pointId: string): PointRecord | undefined;
  /** The campaign's points sorted by point id. */
  listPoints(campaignId: string): PointRecord[];

  /**
   * Inserts shards with status `pending`, ignoring shard ids already present, all in one transaction (feed a
   * generator to register 10⁶ shards without building an array). Every shard's point must be registered.
   * Returns how many were new.
   */
  registerShards(shards: Iterable<NewShard>): number;
  /** The shard, or undefined. */
  getShard(shardId: string): ShardRecord | undefined;
  /** The campaign's shards in registration order, optionally filtered by status and paged. */
  listShards(campaignId: string, options?: ListShardsOptions): ShardRecord[];
  /** The campaign's shards still to compute (`pending`, `running`, `failed`) in registration order. */
  pendingShards(campaignId: string, page?: ShardPage): ShardRecord[];
  /**
   * Marks a shard `running` (attempts + 1, agent, start time). A shard that is already `done`/`diverged` is left
   * untouched (a redelivery after commit) and false is returned; otherwise true.
   */
  markRunning(shardId: string, agent?: string | null, startedAt?: number | null): boolean;
  /**
   * Marks a shard `failed` with its last error and its attempt count (e.g. JetStream's delivery count). A shard that
   * is already `done`/`diverged` is left untouched and false is returned; otherwise true.
   */
  markFailed(shardId: string, error: string, attempts: number, finishedAt?: number | null): boolean;
  /** Puts the campaign's `running` shards back to `pending` (after a crash); returns how many. */
  requeueRunning(campaignId: string): number;

  /**
   * In ONE transaction: inserts the result row keyed by shard id unless one exists, and if inserted moves the shard
   * to the result's status (clearing its error). Returns true if the row is new, false for a duplicate (the first
   * result is kept). A crash leaves either nothing or the whole result.
   */
  commitShardResult(result: NewShardResult): boolean;
  /** `commitShardResult` for a batch in one transaction (group commit); one boolean per result, in order. */
  commitShardResults(results: readonly NewShardResult[]): boolean[];
  /** The result of a shard, or undefined. */
  shardResult(shardId: string): ShardResultRecord | undefined;
  /** The point's results in block order (replicate, block, shard id) — the deterministic merge order of DESIGN §2. */
  shardResults(campaignId: string, pointId: string): ShardResultRecord[];

  /** Inserts or replaces the point's aggregate (the point must be registered). */
  upsertAggregate(aggregate: PointAggregate): void;
  /** The point's aggregate, or undefined. */
  getAggregate(campaignId: string, pointId: string): PointAggregate | undefined;
  /** The campaign's aggregates sorted by point id. */
  listAggregates(campaignId: string): PointAggregate[];

  /** Inserts or replaces the complexity row (campaignId, pointId, eps) (the point must be registered). */
  upsertComplexity(record: ComplexityRecord): void;
  /** The campaign's complexity rows (of one point if given) sorted by (point id, eps). */
  listComplexity(campaignId: string, pointId?: string): ComplexityRecord[];

  /** Counts for `status` and progress bars (E_STORE_NOT_FOUND if the campaign is unknown). */
  campaignProgress(campaignId: string): CampaignProgress;
  /** Export rows sorted by point id (CSV / JSON-lines formatting lives in the CLI). */
  exportRows(campaignId: string): ExportRow[];

  /** Releases the store; idempotent. Any later call throws E_STORE_CLOSED. */
  close(): void;
}
