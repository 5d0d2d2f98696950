import type { ExactMomentStats, PointSpec } from "@scoresweep/core";

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
 * The `gaussian_fit` shard statistic (wire `kind: "moments"`), defined in `@scoresweep/core`
 * (`stats/exact-moment-stats.ts`) because the kernels here produce it and the sweep's protocol and aggregation
 * consume it. Layout: the particles are summed in float64 per block of `PARTICLE_BLOCK` = 256 particles (in particle
 * order), then exactly across blocks (Shewchuk expansions), shifted by c = the data mean; the components are the d
 * first moments Σ(x − c), then either the d diagonal second moments (`diagonalOnly`) or the d(d+1)/2 co-moments
 * Σ(x_i − c_i)(x_j − c_j), i ≤ j, upper triangle row-major. Merging shards in any grouping or order gives the same
 * bits: merge with `mergeExactMomentStats`, then round once with `momentsOfExact` (both `@scoresweep/core`).
 */
export type { ExactMomentStats };

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
  stats: ExactMomentStats | SampleStats | ExactStats | null;
  /** Particles simulated. */
  particles: number;
  /** Wall time spent in the kernel (ms); informational, never exported. */
  kernelMs: number;
  /** Backend that ran it (`js`, `wasm`, `tfjs-cpu`, ...). */
  backend: string;
}
