import { describe, expect, it } from "vitest";
import {
  exactOracle,
  gaussianSampler,
  InvalidParameterError,
  resolveGaussianData,
  sampleGaussian,
  sampleGmm,
  resolveGmmData,
  streamKey,
  UnsupportedError,
  type PointSpec,
} from "@scoresweep/core";
import { aggregateMonteCarlo, checkMonteCarloPoint } from "../../src/aggregate/aggregate-monte-carlo.js";
import { aggregatePoint } from "../../src/aggregate/aggregate-point.js";
import type { ShardOutcome } from "../../src/aggregate/shard-outcome.js";
import { doneOutcome, expectWithinSe, gaussianPoint, meanSe, momentsOfSamples, runOutcomes } from "./helpers.js";

const PID = "00000000000000aa";

function expectError(fn: () => unknown, cls: new (...a: any[]) => Error, re: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(cls);
  expect((err as Error).message).toMatch(re);
}

/** Samples outcome (one block) of n×d particles. */
function samplesOutcome(replicate: number, x: Float64Array, n: number, d: number): ShardOutcome {
  return doneOutcome(replicate, 0, 0, n, { kind: "samples", n, dim: d, indices: Uint32Array.from({ length: n }, (_, i) => i), samples: x as Float64Array<ArrayBuffer> });
}

describe("aggregateMonteCarlo: gaussian_fit on real shards", () => {
  it("aggregateMonteCarlo: estimate² − floor² is within 4 SE of the exact oracle's W2² (d = 1, 5 steps)", () => {
    const point = gaussianPoint({ dim: 1, steps: 5, mc: { particles: 20_480 } });
    const exact = exactOracle(point).w2;
    const agg = aggregatePoint(point, PID, 3, runOutcomes(point, PID, 3, 8, 5120));
    expect(agg.status).toBe("done");
    expect(agg.n).toBe(8);
    expect(agg.extra.floor_method).toBe("parametric");
    const est = agg.extra.replicates as number[];
    const floors = agg.extra.floor_replicates as number[];
    const diff = meanSe(est.map((e, r) => e * e - floors[r] * floors[r]));
    expectWithinSe("estimate² − floor² vs exact W2²", diff.mean, exact * exact, diff.se);
    // The debiased estimate is that difference's root (of the means); the CI brackets the estimate.
    expect(agg.ciLow!).toBeLessThan(agg.estimate!);
    expect(agg.ciHigh!).toBeGreaterThan(agg.estimate!);
    expect(agg.extra.separated_from_floor).toBe(true);
    expect(agg.extra.w2_debiased).toBe(Math.sqrt(agg.estimate! ** 2 - agg.noiseFloor! ** 2));
  });

  it("aggregateMonteCarlo: full-covariance data (d = 3) — estimate² − floor² within 4 SE of the exact W2²", () => {
    const point = gaussianPoint({ dim: 3, mean: [1, 0, -1], cov: [[1, 0.3, 0], [0.3, 0.5, 0.1], [0, 0.1, 2]], steps: 4, mc: { particles: 10_240 } });
    const exact = exactOracle(point).w2;
    const agg = aggregateMonteCarlo(point, PID, 4, runOutcomes(point, PID, 4, 8, 5120));
    expect(agg.status).toBe("done");
    expect(agg.extra.floor_method).toBe("parametric");
    const est = agg.extra.replicates as number[];
    const floors = agg.extra.floor_replicates as number[];
    const diff = meanSe(est.map((e, r) => e * e - floors[r] * floors[r]));
    expectWithinSe("estimate² − floor² vs exact W2²", diff.mean, exact * exact, diff.se);
    expect(agg.extra.separated_from_floor).toBe(true);
  });

  it("aggregateMonteCarlo: splitting the same particles into other shard sizes gives the same aggregate, bit for bit", () => {
    for (const point of [
      gaussianPoint({ dim: 2, mean: [1, -1], std: [0.5, 2], steps: 7, mc: { particles: 3000 } }),
      gaussianPoint({ dim: 70, steps: 3, mc: { particles: 1300 } }), // d > 64: diagonal-only moments
      gaussianPoint({ dim: 2, steps: 7, estimator: "sliced", mc: { particles: 600 }, metric: { estimator: "sliced", target: "p_delta", projections: 20 } }),
    ]) {
      const ref = aggregateMonteCarlo(point, PID, 11, runOutcomes(point, PID, 11, 3, 100_000));
      for (const size of [256, 768]) {
        const agg = aggregateMonteCarlo(point, PID, 11, runOutcomes(point, PID, 11, 3, size));
        expect(agg).toStrictEqual(ref);
        expect(Object.is(agg.estimate, ref.estimate)).toBe(true);
      }
      // The order the outcomes arrive in does not matter either.
      const shuffled = runOutcomes(point, PID, 11, 3, 256).reverse();
      expect(aggregateMonteCarlo(point, PID, 11, shuffled)).toStrictEqual(ref);
    }
  });

  it("aggregateMonteCarlo: d > 64 diagonal data uses diagonal-only moments and a parametric floor", () => {
    const point = gaussianPoint({ dim: 70, steps: 3, mc: { particles: 1024 } });
    const agg = aggregateMonteCarlo(point, PID, 2, runOutcomes(point, PID, 2, 2, 512));
    expect(agg.extra.floor_method).toBe("parametric");
    expect(Number.isFinite(agg.estimate)).toBe(true);
  });
});

describe("aggregateMonteCarlo: CI and noise floor (synthetic, exact samples)", () => {
  it("aggregateMonteCarlo: the 95% CI has nominal coverage over 400 seeds (binomial, 4 SE)", () => {
    // Output law N(1.3, 0.8²) against data N(1, 0.5²): W2 = √(0.3² + 0.3²). At n = 4000 the estimator's bias
    // (O(1/n) ≈ 4e-4) is < 0.1 of the CI's standard error, so the CI should cover W2 at its nominal rate.
    const point = gaussianPoint({ dim: 1, mean: 1, std: 0.5 });
    const out = gaussianSampler(resolveGaussianData({ kind: "gaussian", dim: 1, mean: 1.3, std: 0.8 }));
    const w2 = Math.hypot(0.3, 0.3);
    const seeds = 400;
    const n = 4000;
    let covered = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const key = streamKey(seed, "coverage", "output");
      const outcomes: ShardOutcome[] = [];
      for (let r = 0; r < 5; r++) outcomes.push(doneOutcome(r, 0, 0, n, momentsOfSamples(sampleGaussian(out, n, key, r), n, 1, [1])));
      const agg = aggregateMonteCarlo(point, PID, seed, outcomes);
      if (agg.ciLow! <= w2 && w2 <= agg.ciHigh!) covered++;
    }
    const rate = covered / seeds;
    expectWithinSe("CI coverage", rate, 0.95, Math.sqrt((0.95 * 0.05) / seeds));
  });

  /** Outputs drawn exactly from the target: E[estimate] must equal E[floor] (both are "no error at all"). */
  function expectFloorMatchesNull(point: PointSpec, draw: (r: number) => ShardOutcome, R: number, method: string, budget?: number): void {
    const agg = aggregateMonteCarlo(point, PID, 21, Array.from({ length: R }, (_, r) => draw(r)), { floorSampleNumbers: budget });
    expect(agg.extra.floor_method).toBe(method);
    const e = meanSe(agg.extra.replicates as number[]);
    const f = meanSe(agg.extra.floor_replicates as number[]);
    expectWithinSe(`${point.metric.estimator} null estimate vs floor`, e.mean, f.mean, Math.hypot(e.se, f.se));
  }

  it("aggregateMonteCarlo: gaussian_fit parametric floor = the estimator's null value (full and diagonal fits)", () => {
    const law = resolveGaussianData({ kind: "gaussian", dim: 3, mean: [1, 0, 2], std: [0.5, 1, 2] });
    const point = gaussianPoint({ dim: 3, mean: [1, 0, 2], std: [0.5, 1, 2] });
    const s = gaussianSampler(law);
    const key = streamKey(1, "null-output");
    const n = 500;
    for (const diagonalOnly of [false, true]) {
      expectFloorMatchesNull(point, (r) => doneOutcome(r, 0, 0, n, momentsOfSamples(sampleGaussian(s, n, key, r), n, 3, law.mean, diagonalOnly)), 300, "parametric");
    }
  });

  it("aggregateMonteCarlo: gaussian_fit on GMM data — sampled and rescaled floors match the null value", () => {
    const data = { kind: "gmm" as const, weights: [0.4, 0.6], means: [[-1, 0], [1, 0.5]], stds: [[0.5, 0.3], [0.4, 0.6]] };
    const point: PointSpec = { ...gaussianPoint(), data };
    const gmm = resolveGmmData(data);
    const key = streamKey(2, "null-gmm");
    const shift = [0.2, 0.3];
    const draw = (n: number) => (r: number) => doneOutcome(r, 0, 0, n, momentsOfSamples(sampleGmm(gmm, n, key, r, 0, new Float64Array(2 * n)), n, 2, shift));
    expectFloorMatchesNull(point, draw(400), 300, "sampled");
    expectFloorMatchesNull(point, draw(8000), 100, "sampled_rescaled", 2 * 800);
  });

  it("aggregateMonteCarlo: emd and sliced two-sample floors match the null value", () => {
    for (const metric of [{ estimator: "emd" }, { estimator: "sliced", projections: 10 }, { estimator: "w1_sorted_1d" }]) {
      const d = metric.estimator === "w1_sorted_1d" ? 1 : 2;
      const point: PointSpec = { ...gaussianPoint({ dim: d }), metric: { ...metric, target: "p0" } };
      const s = gaussianSampler(resolveGaussianData({ kind: "gaussian", dim: d, mean: 1, std: 0.5 }));
      const key = streamKey(3, "null-samples");
      expectFloorMatchesNull(point, (r) => samplesOutcome(r, sampleGaussian(s, 100, key, r), 100, d), 150, "two_sample");
    }
  });
});

describe("aggregateMonteCarlo: outcomes and options", () => {
  const s1 = gaussianSampler(resolveGaussianData({ kind: "gaussian", dim: 1, mean: 1, std: 0.5 }));
  const moments = (r: number) => doneOutcome(r, 0, 0, 100, momentsOfSamples(sampleGaussian(s1, 100, streamKey(0, "o"), r), 100, 1, [1]));

  it("aggregateMonteCarlo: a diverged shard makes the point diverged at the smallest step", () => {
    const point = gaussianPoint();
    const div = (r: number, b: number, step: number): ShardOutcome => ({ replicate: r, block: b, particleLo: 0, particleHi: 100, status: "diverged", divergedAtStep: step, stats: null });
    const agg = aggregatePoint(point, PID, 0, [moments(0), div(1, 0, 7), div(2, 1, 3), moments(3)]);
    expect(agg).toStrictEqual({
      estimator: "gaussian_fit",
      estimate: null,
      ciLow: null,
      ciHigh: null,
      n: 4,
      noiseFloor: null,
      status: "diverged",
      extra: { diverged_at_step: 3, diverged_replicates: [1, 2] },
    });
  });

  it("aggregateMonteCarlo: a real diverging run (OU, α = 10⁴, 200 steps) is reported diverged with its step", () => {
    const point: PointSpec = { ...gaussianPoint({ steps: 200, mc: { particles: 512 } }), sde: { family: "ou", alpha: 1e4, sigma: 1 } };
    const agg = aggregateMonteCarlo(point, PID, 1, runOutcomes(point, PID, 1, 2, 256));
    expect(agg.status).toBe("diverged");
    expect(agg.estimate).toBeNull();
    expect(agg.extra.diverged_at_step).toBeGreaterThan(0);
    expect(agg.extra.diverged_at_step).toBeLessThanOrEqual(200);
  });

  it("aggregateMonteCarlo: one replicate gives an estimate without CI", () => {
    const agg = aggregateMonteCarlo(gaussianPoint(), PID, 0, [moments(0)]);
    expect(agg.n).toBe(1);
    expect(agg.ciLow).toBeNull();
    expect(agg.ciHigh).toBeNull();
    expect(agg.extra.separated_from_floor).toBeNull();
    expect(agg.extra.std_error).toBeNull();
    expect(Number.isFinite(agg.estimate)).toBe(true);
    expect(Number.isFinite(agg.noiseFloor)).toBe(true);
  });

  it("aggregateMonteCarlo: W1 estimators report metric w1 and no W2 debiasing", () => {
    const point: PointSpec = { ...gaussianPoint(), metric: { estimator: "w1_emd", target: "p0" } };
    const agg = aggregateMonteCarlo(point, PID, 0, [0, 1].map((r) => samplesOutcome(r, sampleGaussian(s1, 30, streamKey(0, "w1"), r), 30, 1)));
    expect(agg.extra.metric).toBe("w1");
    expect(agg.extra.w2_debiased).toBeNull();
  });

  it("aggregateMonteCarlo: rejects outcomes that do not fit the point", () => {
    const point = gaussianPoint();
    expectError(() => aggregateMonteCarlo(point, PID, 0, []), InvalidParameterError, /^aggregate: point 00000000000000aa: the shard outcomes must be at least one/);
    const samples = samplesOutcome(0, new Float64Array(4), 4, 1);
    expectError(() => aggregateMonteCarlo(point, PID, 0, [samples]), InvalidParameterError, /replicate 0 block 0: the shard statistics must be of kind moments; got "samples"/);
    expectError(
      () => aggregateMonteCarlo({ ...point, metric: { estimator: "emd" } }, PID, 0, [moments(0)]),
      InvalidParameterError,
      /the shard statistics must be of kind samples; got "moments"/,
    );
    expectError(() => aggregateMonteCarlo(gaussianPoint({ dim: 2 }), PID, 0, [moments(0)]), InvalidParameterError, /the moments' dimension must be data\.dim = 2; got 1/);
  });

  it("checkMonteCarloPoint: sinkhorn needs metric.reg, sorted_1d needs d = 1, exact is not Monte Carlo", () => {
    expectError(() => checkMonteCarloPoint({ ...gaussianPoint(), metric: { estimator: "sinkhorn" } }), InvalidParameterError, /^metric\.reg: /);
    expectError(() => checkMonteCarloPoint({ ...gaussianPoint({ dim: 2 }), metric: { estimator: "sorted_1d" } }), InvalidParameterError, /^metric\.estimator: estimator sorted_1d must be used with 1-dimensional data/);
    expectError(() => checkMonteCarloPoint({ ...gaussianPoint(), metric: { estimator: "exact" } }), UnsupportedError, /^metric\.estimator: Monte Carlo aggregation supports/);
    expect(() => checkMonteCarloPoint({ ...gaussianPoint(), metric: { estimator: "sinkhorn", reg: 0.1 } })).not.toThrow();
    expect(() => checkMonteCarloPoint(gaussianPoint({ dim: 3 }))).not.toThrow();
  });
});
