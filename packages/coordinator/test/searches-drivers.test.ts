import { geometricGrid } from "@scoresweep/core";
import { expandSpec, parseSpec, pointId, type ExpandedPoint } from "@scoresweep/sweep";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ComplexityDriver } from "../src/complexity-driver.js";
import { precisionShards } from "../src/precision-driver.js";

const SPEC = parseSpec({
  name: "drivers",
  seed: 1,
  base: {
    sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
    data: { kind: "gaussian", dim: 2, mean: 1, std: 0.5 },
    score: { kind: "exact" },
    sampler: { scheme: "em_point", delta: 0.001 },
    metric: { estimator: "gaussian_fit", target: "p0" },
    mc: { particles: 2048 },
  },
  replicates: 2,
  shard: { particles: 1024 },
  searches: { complexity: { eps: [0.3, 0.1, 0.05] }, precision: { ci_half_width: 0.01, max_replicates: 10 } },
});
const SEARCHED: ExpandedPoint = expandSpec(SPEC)[0]!;
const GRID = geometricGrid(2, 1000, 1.25);

/** A synthetic W2 curve 2/K with a ±4 % CI: what a decreasing Monte Carlo estimate looks like. */
const observe = (K: number) => ({ estimate: 2 / K, ciLow: 1.92 / K, ciHigh: 2.08 / K, noiseFloor: 0.001, status: "done" as const });

/** Runs a driver to the end, recording each round's K in the order `order` puts them; returns the rounds. */
function drive(order: (ks: number[]) => number[]): { rounds: number[][]; rows: unknown } {
  const d = new ComplexityDriver({ point: SEARCHED, eps: [0.3, 0.1, 0.05], grid: GRID, firstOrdinal: 1 });
  const rounds: number[][] = [];
  let round = d.start().map((p) => p.point.sampler.steps!);
  while (round.length > 0) {
    rounds.push(round);
    let next: number[] = [];
    for (const K of order(round)) {
      const more = d.record(K, observe(K)).map((p) => p.point.sampler.steps!);
      if (more.length > 0) next = more;
    }
    round = next;
  }
  expect(d.done()).toBe(true);
  return { rounds, rows: d.rows("drivers") };
}

describe("ComplexityDriver", () => {
  it("ComplexityDriver: rounds and rows do not depend on the order results arrive in", () => {
    const ref = drive((ks) => ks);
    expect(ref.rounds.length).toBeGreaterThan(2);
    expect(ref.rounds.some((r) => r.length > 1)).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        let s = seed;
        const shuffle = (ks: number[]) =>
          [...ks].map((k) => ({ k, r: (s = (Math.imul(s, 1103515245) + 12345) >>> 0) })).sort((a, b) => a.r - b.r).map((x) => x.k);
        const got = drive(shuffle);
        expect(got.rounds).toEqual(ref.rounds);
        expect(got.rows).toEqual(ref.rows);
      }),
      { numRuns: 50 },
    );
  });

  it("ComplexityDriver: K* of the synthetic curve 2/K is the first grid K with 2.08/K <= eps", () => {
    const { rows } = drive((ks) => ks) as { rows: { eps: number; steps: number; bracketLow: number; method: string }[] };
    for (const r of rows) {
      const expected = GRID.find((K) => 2.08 / K <= r.eps)!;
      expect(r.steps).toBe(expected);
      expect(r.bracketLow).toBe(GRID[GRID.indexOf(expected) - 1]);
      expect(r.method).toBe("mc_bisection");
    }
  });

  it("ComplexityDriver: derived points are the searched point with sampler.steps = K, with deterministic ordinals", () => {
    const d = new ComplexityDriver({ point: SEARCHED, eps: [0.1], grid: GRID, firstOrdinal: 7 });
    const p = d.derivedPoint(GRID[3]!);
    expect(p.point.sampler.steps).toBe(GRID[3]);
    expect({ ...p.point, sampler: { ...p.point.sampler, steps: undefined } }).toEqual({ ...SEARCHED.point, sampler: { ...SEARCHED.point.sampler, steps: undefined } });
    expect(p.id).toBe(pointId(p.point));
    expect(p.ordinal).toBe(7 + 3);
    expect(() => d.derivedPoint(7.5)).toThrow(/derivedPoint\.K/);
    // A record of a K that is not in the current round is ignored.
    d.start();
    expect(d.record(GRID[5]!, observe(GRID[5]!))).toEqual([]);
    expect(d.done()).toBe(false);
  });
});

describe("precisionShards", () => {
  const runnable: ExpandedPoint = { ...SEARCHED, point: { ...SEARCHED.point, sampler: { ...SEARCHED.point.sampler, steps: 10 } } };
  const agg = (replicates: number[], status = "done") => ({ status, n: replicates.length, estimate: 0, ciLow: 0, ciHigh: 0, noiseFloor: 0, replicates });

  it("precisionShards: plans the shards of replicates [n, n + add) when the CI is too wide", () => {
    const shards = precisionShards("drivers", SPEC, runnable, agg([0.1, 0.2]));
    const reps = [...new Set(shards.map((s) => s.replicate))];
    expect(reps[0]).toBe(2);
    expect(reps).toEqual(Array.from({ length: reps.length }, (_, i) => 2 + i));
    expect(shards).toHaveLength(reps.length * 2); // 2048 particles in shards of 1024
    expect(shards[0]!.shardId).toBe(`drivers/${runnable.id}/r2/b0`);
  });

  it("precisionShards: nothing when the target is met, the cap is hit, the point diverged or is exact", () => {
    expect(precisionShards("drivers", SPEC, runnable, agg([0.1, 0.1, 0.1]))).toEqual([]);
    expect(precisionShards("drivers", SPEC, runnable, agg(Array.from({ length: 10 }, (_, i) => i)))).toEqual([]);
    expect(precisionShards("drivers", SPEC, runnable, agg([0.1, 0.5], "diverged"))).toEqual([]);
    const exact = { ...runnable, point: { ...runnable.point, metric: { ...runnable.point.metric, estimator: "exact" } } } as ExpandedPoint;
    expect(precisionShards("drivers", SPEC, exact, agg([0.1, 0.5]))).toEqual([]);
    const noPrecision = { ...SPEC, searches: {} };
    expect(precisionShards("drivers", noPrecision, runnable, agg([0.1, 0.5]))).toEqual([]);
  });
});
