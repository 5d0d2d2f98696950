import { describe, expect, it } from "vitest";
import {
  confidenceInterval,
  gaussianFitW2,
  gaussianFitW2FromMoments,
  gaussianSampler,
  gaussianW2Full,
  InvalidParameterError,
  mergeMomentsInOrder,
  momentsOf,
  resolveGaussianData,
  sampleGaussian,
  streamKey,
  type GaussianData,
  type PointCloud,
} from "../../src/index.js";
import { expectClose, loadGolden } from "../golden.js";
import { cloudOf, normalCloud, thrown } from "./clouds.js";

const golden = loadGolden("estimators.json");
const cases = golden.cases.filter((c: any) => c.inputs.target_mean !== undefined);

function target(mean: number[], std: number[]): GaussianData {
  return resolveGaussianData({ kind: "gaussian", dim: mean.length, mean, std });
}

describe("gaussianFitW2: golden estimators.json", () => {
  it("gaussianFitW2: the golden file has Gaussian-fit cases", () => expect(cases.length).toBeGreaterThanOrEqual(4));
  for (const c of cases) {
    for (const ddof of [0, 1] as const) {
      it(`gaussianFitW2: ${c.id} ddof ${ddof} matches w2, w2_diag_only, sample_mean and sample_cov`, () => {
        const e = c.expected[`ddof${ddof}`];
        const r = gaussianFitW2(cloudOf(c.inputs.x), target(c.inputs.target_mean, c.inputs.target_std), { ddof });
        const id = `${c.id} ddof${ddof}`;
        expectClose(id, "w2", r.w2, e.w2, c.tolerance);
        expectClose(id, "w2_diag_only", r.w2_diag_only, e.w2_diag_only, c.tolerance);
        expectClose(id, "sample_mean", r.sample_mean, e.sample_mean, c.tolerance);
        expectClose(id, "sample_cov", r.sample_cov, e.sample_cov.flat(), c.tolerance);
        expect(r.ddof).toBe(ddof);
      });
    }
  }
});

/** n samples of `law`, replicate r of stream `tag`. */
function sampleOf(law: GaussianData, n: number, tag: string, r: number): PointCloud {
  return { n, d: law.dim, data: sampleGaussian(gaussianSampler(law), n, streamKey(3, "gaussian-fit-test", tag), r) };
}

describe("gaussianFitW2: consistency (Monte Carlo)", () => {
  const sampled = resolveGaussianData({ kind: "gaussian", dim: 3, mean: [0.5, -1, 0], cov: [[2, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 0.5]] });
  const known = target([0, 0, 0.5], [1, 0.7, 1.2]);
  const exact = gaussianW2Full(3, sampled.mean, sampled.cov as Float64Array, known.mean, Float64Array.from([1, 0, 0, 0, 0.49, 0, 0, 0, 1.44])).w2;

  it("gaussianFitW2: converges to the closed-form Bures W2 as n grows, within 4 standard errors, with shrinking CIs", () => {
    const R = 40;
    let prevHalf = Infinity;
    for (const n of [300, 3000, 30000]) {
      const values = Array.from({ length: R }, (_, r) => gaussianFitW2(sampleOf(sampled, n, `n${n}`, r), known).w2);
      const ci = confidenceInterval(values);
      // The estimator's bias is O(1/n) (≈ 0.005 at n = 300 here) against a standard error O(1/√(nR)) (≈ 0.015).
      expect(Math.abs(ci.mean - exact), `n = ${n}: mean ${ci.mean} vs closed form ${exact}, SE ${ci.std_error}`).toBeLessThan(4 * ci.std_error);
      expect(ci.half_width).toBeLessThan(prevHalf);
      prevHalf = ci.half_width;
    }
  });

  it("gaussianFitW2: two samples of the same law are close; the two-sample fit is symmetric", () => {
    const x = sampleOf(sampled, 5000, "a", 0);
    const y = sampleOf(sampled, 4000, "b", 0);
    const xy = gaussianFitW2(x, y);
    const yx = gaussianFitW2(y, x);
    expect(xy.w2).toBeCloseTo(yx.w2, 12);
    expect(xy.w2).toBeLessThan(0.1);
  });
});

describe("gaussianFitW2: moments", () => {
  it("gaussianFitW2FromMoments: merged shard moments give the fit of the concatenated sample", () => {
    const x = normalCloud(1000, 4, 1, "x", 2, 1);
    const bounds = [0, 250, 600, 601, 1000]; // shards of 250, 350, 1 and 399 points
    const shards = bounds.slice(1).map((hi, s) => momentsOf({ n: hi - bounds[s], d: 4, data: x.data.slice(bounds[s] * 4, hi * 4) }));
    const merged = mergeMomentsInOrder(shards);
    const t = target([0, 1, 2, 3], [1, 2, 1, 2]);
    const a = gaussianFitW2FromMoments(merged, t, { ddof: 0 });
    const b = gaussianFitW2(x, t, { ddof: 0 });
    expect(Math.abs(a.w2 - b.w2)).toBeLessThanOrEqual(1e-12 * b.w2);
    const y = normalCloud(700, 4, 1, "y");
    const c = gaussianFitW2FromMoments(merged, momentsOf(y));
    expect(Math.abs(c.w2 - gaussianFitW2(x, y).w2)).toBeLessThanOrEqual(1e-12 * c.w2);
  });
});

describe("gaussianFitW2: bad input", () => {
  const x = normalCloud(10, 2, 2, "x");
  it("gaussianFitW2: rejects a target of the wrong dimension, bad ddof and too few points", () => {
    let e = thrown(() => gaussianFitW2(x, target([0, 0, 0], [1, 1, 1])));
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e.message).toBe("gaussianFitW2: target.dim must be the dimension of the points (2); got 3");
    e = thrown(() => gaussianFitW2(x, x, { ddof: 2 as never }));
    expect(e.message).toBe("gaussianFitW2: options.ddof must be 0 or 1; got 2");
    e = thrown(() => gaussianFitW2({ n: 1, d: 2, data: Float64Array.of(1, 2) }, x));
    expect(e.message).toBe("gaussianFitW2: x must be at least 2 points for a covariance with ddof 1; got 1 point");
    const bad = resolveGaussianData({ kind: "gaussian", dim: 2, mean: [0, 0], cov: [[1, 2], [2, 1]] });
    e = thrown(() => gaussianFitW2(x, bad));
    expect(e.message).toMatch(/^gaussianFitW2: target\.cov must be symmetric positive semi-definite/);
  });
});
