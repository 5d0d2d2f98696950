import type { PointSpec } from "@scoresweep/core";

/**
 * The contract between whoever schedules shards (the coordinator, `simulate`) and whoever runs them (a backend, a
 * pool worker, an agent). Plain data only: it crosses worker-thread and network boundaries (msgpackr).
 */

/** One shard to run: a fixed block of particles of one replicate of one point (DESIGN §2). */
export interface ShardTask {
  /** Stable shard id (`<campaign>/<point>/r<replicate>/b<block>`). */
  shardId: string;
  /** Canonical id of the point (part of the random-stream address). */
  pointId: string;
  /** The validated point; `sampler.steps` is set. */
  point: PointSpec;
  /** Seed of the random streams (the point's `mc.seed` when given, else the campaign seed). */
  seed: number;
  /** Replicate index (part of the stream address). */
  replicate: number;
  /** First particle (inclusive). */
  particleLo: number;
  /** Last particle (exclusive). */
  particleHi: number;
}

/**
 * Exact (grouping-invariant) sums of per-particle moments, shifted by a fixed vector c taken from the point (the data
 * mean) to avoid cancellation: Σ(x−c), Σ(x−c)(x−c)ᵀ (upper triangle, row-major) — or only the diagonal when
 * `diagonalOnly`. Each sum is an exact floating-point expansion (Shewchuk), so merging shards in any grouping gives
 * the same bits.
 */
export interface MomentStats {
  kind: "moments";
  n: number;
  dim: number;
  shift: Float64Array;
  diagonalOnly: boolean;
  /** Expansions, flattened: see `@scoresweep/core`'s exact-sum module for the layout. */
  sums: Float64Array;
  /** Offsets of each component's expansion in `sums` (length components + 1). */
  offsets: Uint32Array;
}

/** A deterministic subsample of the shard's output particles (row-major, `n × dim`), in particle order. */
export interface SampleStats {
  kind: "samples";
  n: number;
  dim: number;
  /** Particle indices of the rows (global, ascending). */
  indices: Uint32Array;
  samples: Float64Array;
}

/** The exact oracle's answer for an `exact`-estimator point (no particles; computed by the agent, not a kernel). */
export interface ExactStats {
  kind: "exact";
  /** W2 to the target (not squared). */
  w2: number;
  /** Squared mean part of W2². */
  meanPart: number;
  /** Squared spread (std or covariance) part of W2². */
  spreadPart: number;
}

/** What one shard returns. */
export interface ShardResult {
  shardId: string;
  /** `diverged`: some particle became non-finite; `divergedAtStep` says when. Never thrown. */
  status: "done" | "diverged";
  divergedAtStep: number | null;
  /** Null when diverged. */
  stats: MomentStats | SampleStats | ExactStats | null;
  /** Particles simulated. */
  particles: number;
  /** Wall time spent in the kernel (ms); informational, never exported. */
  kernelMs: number;
  /** Backend that ran it (`js`, `wasm`, `tfjs-cpu`, ...). */
  backend: string;
}
