// Test helpers of the aggregation tests: shard outcomes from real shards (`runShard` of @scoresweep/compute) or
// synthesised from exact samples, and the 4-SE comparison used by the Monte Carlo checks.
import { expect } from "vitest";
import { DEFAULT_PARTICLES, type PointSpec } from "@scoresweep/core";
import { runShard } from "@scoresweep/compute";
import type { ShardOutcome } from "../../src/aggregate/shard-outcome.js";

/** A point in the DESIGN §1 schema. */
export function gaussianPoint(over: { dim?: number; mean?: number | number[]; std?: number | number[]; cov?: number[][]; steps?: number; estimator?: string } & Partial<PointSpec> = {}): PointSpec {
  const { dim = 1, mean = 1, std = 0.5, cov, steps = 5, estimator = "gaussian_fit", ...rest } = over;
  return {
    sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
    data: cov ? { kind: "gaussian", dim, mean, cov } : { kind: "gaussian", dim, mean, std },
    score: { kind: "exact" },
    sampler: { scheme: "em_point", steps },
    metric: { estimator, target: "p0" },
    ...rest,
  };
}

/**
 * Outcomes of `replicates` replicates of `point` (particles `mc.particles`) run by `runShard` in shards of
 * `shardSize` particles (a multiple of PARTICLE_BLOCK), in block order.
 */
export function runOutcomes(point: PointSpec, pointId: string, seed: number, replicates: number, shardSize: number): ShardOutcome[] {
  const N = point.mc?.particles ?? DEFAULT_PARTICLES;
  const out: ShardOutcome[] = [];
  for (let r = 0; r < replicates; r++) {
    for (let b = 0, lo = 0; lo < N; b++, lo += shardSize) {
      const hi = Math.min(N, lo + shardSize);
      const res = runShard({ shardId: `t/${pointId}/r${r}/b${b}`, pointId, point, seed, replicate: r, particleLo: lo, particleHi: hi });
      out.push({ replicate: r, block: b, particleLo: lo, particleHi: hi, status: res.status, divergedAtStep: res.divergedAtStep, stats: res.stats as ShardOutcome["stats"] });
    }
  }
  return out;
}

/** Moment statistics of n×d particles in the shard layout, from exact per-particle sums (core's test helper). */
export { exactStatsOf as momentsOfSamples } from "../../../core/test/stats/exact-stats-of.js";

/** A done outcome holding `stats`. */
export function doneOutcome(replicate: number, block: number, lo: number, hi: number, stats: ShardOutcome["stats"]): ShardOutcome {
  return { replicate, block, particleLo: lo, particleHi: hi, status: "done", divergedAtStep: null, stats };
}

/** Mean and standard error of the mean of xs. */
export function meanSe(xs: readonly number[]): { mean: number; se: number } {
  const n = xs.length;
  let s = 0;
  for (const x of xs) s += x;
  const mean = s / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (n - 1) / n) };
}

/** |got − expected| ≤ k·se, with a message naming label, got, expected, difference and tolerance. */
export function expectWithinSe(label: string, got: number, expected: number, se: number, k = 4): void {
  const diff = Math.abs(got - expected);
  expect(diff <= k * se, `${label}: got ${got}, expected ${expected}, difference ${diff}, tolerance ${k * se} (${k} SE)`).toBe(true);
}
