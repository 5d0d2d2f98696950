import { describe, expect, it } from "vitest";
import { momentsOf as coreMomentsOf } from "@scoresweep/core";
import { mergeMomentStats, toCoreMoments } from "../src/merge-moment-stats.js";
import { runShard } from "../src/run-shard.js";
import type { MomentStats, SampleStats } from "../src/shard-task.js";
import { point, task } from "./helpers/tasks.js";

const hex = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
const P = point({ sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20 }, data: { kind: "gaussian", dim: 3, mean: [1, 2, 3], std: [0.5, 1, 2] }, sampler: { scheme: "em_point", steps: 10 } }, 1000);

describe("mergeMomentStats / toCoreMoments", () => {
  it("mergeMomentStats: order-independent exact merge, equal to the one-shard statistic", () => {
    const parts = [
      [0, 256],
      [256, 768],
      [768, 1000],
    ].map(([lo, hi]) => runShard(task(P, lo, hi)).stats as MomentStats);
    const whole = runShard(task(P)).stats as MomentStats;
    const a = mergeMomentStats(parts);
    const b = mergeMomentStats([parts[2], parts[0], parts[1]]);
    expect(a.n).toBe(1000);
    expect(hex(a.sums)).toBe(hex(whole.sums));
    expect(hex(b.sums)).toBe(hex(whole.sums));
  });

  it("toCoreMoments: mean and co-moments agree with core's two-pass moments of the same particles", () => {
    const samples = runShard(task({ ...P, metric: { estimator: "sliced" } })).stats as SampleStats;
    const ref = coreMomentsOf({ n: samples.n, d: 3, data: samples.samples });
    const got = toCoreMoments(runShard(task(P)).stats as MomentStats);
    expect(got.count).toBe(1000);
    for (let i = 0; i < 3; i++) expect(Math.abs(got.mean[i] - ref.mean[i])).toBeLessThan(1e-13 * (1 + Math.abs(ref.mean[i])));
    for (let k = 0; k < 9; k++) expect(Math.abs(got.comoment[k] - ref.comoment[k])).toBeLessThan(1e-11 * (1 + Math.abs(ref.comoment[k])));
  });

  it("mergeMomentStats: rejects mismatched statistics", () => {
    const a = runShard(task(P, 0, 256)).stats as MomentStats;
    const other = runShard(task({ ...P, data: { kind: "gaussian", dim: 3, mean: 0, std: 1 } }, 0, 256)).stats as MomentStats;
    expect(() => mergeMomentStats([])).toThrow(/non-empty/);
    expect(() => mergeMomentStats([a, other])).toThrow(/stats\[1\]\.shift\[0\]/);
  });
});
