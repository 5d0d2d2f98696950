import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { momentComponents, packedExactValue, streamKey, type ExactMomentStats } from "@scoresweep/core";
import { resolveKernelPlan } from "../../src/impl/kernel-plan.js";
import { MomentAccumulator, momentsDiagonalOnly } from "../../src/impl/moment-accumulator.js";
import { inSubsample, SampleCollector, subsampleCount } from "../../src/impl/sample-collector.js";
import { fusedNoiseKey } from "../../src/impl/particle-streams.js";
import { simulateRange } from "../../src/impl/simulate-range.js";
import { runShard } from "../../src/run-shard.js";
import { shardStatsFromParticles } from "../../src/shard-stats.js";
import type { SampleStats } from "../../src/shard-task.js";
import { point, task } from "../helpers/tasks.js";

const hex = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

describe("MomentAccumulator", () => {
  it("MomentAccumulator: sums Σ(x−c) and the upper-triangle co-moments in the documented order", () => {
    const acc = new MomentAccumulator(2, Float64Array.of(1, 10), false);
    acc.addBlock(Float64Array.of(2, 12, 0, 7, 4, 10), 3);
    const s = acc.result();
    expect(s.n).toBe(3);
    expect(momentComponents(2, false)).toBe(5);
    // z = (1, 2), (−1, −3), (3, 0): Σz = (3, −1); Σz0² = 11, Σz0z1 = 5, Σz1² = 13.
    expect([0, 1, 2, 3, 4].map((c) => packedExactValue(s, c))).toEqual([3, -1, 11, 5, 13]);
    const diag = new MomentAccumulator(2, Float64Array.of(1, 10), true);
    diag.addBlock(Float64Array.of(2, 12, 0, 7, 4, 10), 3);
    expect([0, 1, 2, 3].map((c) => packedExactValue(diag.result(), c))).toEqual([3, -1, 11, 13]);
  });

  it("MomentAccumulator: the same micro-blocks added in any order give identical bits", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 6, maxLength: 6 }), { minLength: 2, maxLength: 8 }), (blocks) => {
        const a = new MomentAccumulator(3, Float64Array.of(0.5, -2, 7), false);
        const b = new MomentAccumulator(3, Float64Array.of(0.5, -2, 7), false);
        for (const blk of blocks) a.addBlock(Float64Array.from(blk), 2);
        for (const blk of [...blocks].reverse()) b.addBlock(Float64Array.from(blk), 2);
        expect(hex(b.result().sums)).toBe(hex(a.result().sums));
      }),
      { numRuns: 100 },
    );
  });

  it("momentsDiagonalOnly: full co-moments for a full covariance or d ≤ 64, the diagonal above", () => {
    expect(momentsDiagonalOnly(64, false)).toBe(false);
    expect(momentsDiagonalOnly(65, false)).toBe(true);
    expect(momentsDiagonalOnly(500, true)).toBe(false);
  });

  it("MomentAccumulator: an overflowing square is reported as not finite", () => {
    const acc = new MomentAccumulator(1, Float64Array.of(0), true);
    acc.addBlock(Float64Array.of(1e200), 1);
    expect(acc.isFinite()).toBe(false);
  });
});

describe("subsample by index", () => {
  it("inSubsample / subsampleCount: exactly min(S, N) particles, counted correctly on every range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (N, S, a, b) => {
        const lo = Math.min(a, b, N);
        const hi = Math.min(Math.max(a, b), N);
        let c = 0;
        for (let p = lo; p < hi; p++) if (inSubsample(p, S, N)) c++;
        expect(subsampleCount(lo, hi, S, N)).toBe(c);
        expect(subsampleCount(0, N, S, N)).toBe(Math.min(S, N));
      }),
      { numRuns: 200 },
    );
  });

  it("SampleCollector: keeps the selected rows with their global indices", () => {
    const col = new SampleCollector(2, 0, 10, 5, 10);
    col.addBlock(Float64Array.from({ length: 20 }, (_, i) => i), 0, 10);
    const s = col.result();
    expect(Array.from(s.indices)).toEqual([1, 3, 5, 7, 9]);
    expect(Array.from(s.samples)).toEqual([2, 3, 6, 7, 10, 11, 14, 15, 18, 19]);
  });
});

describe("shardStatsFromParticles", () => {
  const base = point({ sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20 }, data: { kind: "gaussian", dim: 3, mean: 1, std: 0.5 }, sampler: { scheme: "em_point", steps: 10 } }, 1000);

  function particles(lo: number, hi: number, p = base): Float64Array {
    const t = task(p, lo, hi);
    const plan = resolveKernelPlan(p, streamKey(t.seed, t.pointId));
    const out = new Float64Array((hi - lo) * plan.d);
    simulateRange(plan, fusedNoiseKey(t.seed, t.pointId), 0, lo, hi, (x, p0, n) => out.set(x.subarray(0, n * plan.d), (p0 - lo) * plan.d));
    return out;
  }

  it("shardStatsFromParticles: the same bits as runShard for moments and for (sub)samples", () => {
    const t = task(base, 256, 1000);
    const a = shardStatsFromParticles(t, particles(256, 1000)) as ExactMomentStats;
    const b = runShard(t).stats as ExactMomentStats;
    expect(hex(a.sums)).toBe(hex(b.sums));
    expect(hex(a.offsets)).toBe(hex(b.offsets));
    const ps = { ...base, metric: { estimator: "sliced", subsample: 100 } };
    const ts = task(ps, 0, 512);
    const c = shardStatsFromParticles(ts, particles(0, 512, ps)) as SampleStats;
    const d = runShard(ts).stats as SampleStats;
    expect(hex(c.indices)).toBe(hex(d.indices));
    expect(hex(c.samples)).toBe(hex(d.samples));
  });

  it("shardStatsFromParticles: rejects particles of the wrong length and invalid tasks", () => {
    expect(() => shardStatsFromParticles(task(base, 0, 256), new Float64Array(10))).toThrow(RangeError);
    expect(() => shardStatsFromParticles(task(base, 3, 256), new Float64Array(253 * 3))).toThrow(/task\.particleLo/);
  });
});
