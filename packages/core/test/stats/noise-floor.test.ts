import { describe, expect, it } from "vitest";
import {
  debiasedW2,
  gaussianFitNoiseFloor,
  gaussianFitW2,
  gaussianSampler,
  InvalidParameterError,
  noiseFloor,
  noiseFloorFromSamples,
  resolveGaussianData,
  sampleGaussian,
  streamKey,
  w2Estimate,
  type GaussianData,
  type PointCloud,
} from "../../src/index.js";

const law = resolveGaussianData({ kind: "gaussian", dim: 3, mean: [1, 0, -1], cov: [[2, 0.8, 0], [0.8, 1, -0.3], [0, -0.3, 0.4]] });
const diagLaw = resolveGaussianData({ kind: "gaussian", dim: 4, mean: 0, std: [0.5, 1, 2, 3] });

function sampler(g: GaussianData, n: number, tag: string): (r: number, half: 0 | 1) => PointCloud {
  const s = gaussianSampler(g);
  return (r, half) => ({ n, d: g.dim, data: sampleGaussian(s, n, streamKey(9, "noise-floor-test", `${tag}/${half}`), r) });
}

/** Mean and standard error of values. */
function meanSe(v: ArrayLike<number>): { mean: number; se: number } {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  const mean = s / v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += (v[i] - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (v.length - 1) / v.length) };
}

// The closed forms are first order in 1/n: relative corrections O(d/n) (< 0.3% here) sit far inside 4 SE (≈ 4%).
describe("gaussianFitNoiseFloor: closed form against Monte Carlo (4 SE)", () => {
  it("gaussianFitNoiseFloor: one sample vs the exact target — full and diagonal fits", () => {
    for (const g of [law, diagLaw]) {
      const n = 2000;
      const R = 1500;
      const draw = sampler(g, n, `one-${g.dim}`);
      const full = new Float64Array(R);
      const diag = new Float64Array(R);
      for (let r = 0; r < R; r++) {
        const fit = gaussianFitW2(draw(r, 0), g);
        full[r] = fit.w2 ** 2;
        diag[r] = fit.w2_diag_only ** 2;
      }
      const f = gaussianFitNoiseFloor(g, n);
      const a = meanSe(full);
      const b = meanSe(diag);
      expect(Math.abs(a.mean - f.w2_squared), `d=${g.dim} full: MC ${a.mean} ± ${a.se}, closed ${f.w2_squared}`).toBeLessThan(4 * a.se);
      expect(Math.abs(b.mean - f.w2_diag_only_squared), `d=${g.dim} diag: MC ${b.mean} ± ${b.se}, closed ${f.w2_diag_only_squared}`).toBeLessThan(4 * b.se);
    }
  });

  it("gaussianFitNoiseFloor: two independent samples of sizes n1 ≠ n2 (measured with noiseFloor)", () => {
    const n1 = 1500;
    const n2 = 2500;
    const s1 = gaussianSampler(law);
    const key = streamKey(9, "noise-floor-test", "two");
    const sample = (r: number, half: 0 | 1): PointCloud => {
      const n = half === 0 ? n1 : n2;
      return { n, d: 3, data: sampleGaussian(s1, n, key, 2 * r + half) };
    };
    const floor = noiseFloor(sample, { estimator: "gaussian_fit" }, 1000);
    expect(floor.replicates).toBe(1000);
    expect(floor.metric).toBe("w2");
    const sq = meanSe(floor.values.map((v) => v * v));
    const f = gaussianFitNoiseFloor(law, n1, n2);
    expect(Math.abs(sq.mean - f.w2_squared), `MC ${sq.mean} ± ${sq.se}, closed ${f.w2_squared}`).toBeLessThan(4 * sq.se);
    expect(floor.ci95?.n).toBe(1000);
    expect(floor.ci95!.lower).toBeLessThan(floor.mean);
  });
});

describe("noiseFloor: measured floors", () => {
  it("noiseFloorFromSamples: is the estimator between the two samples (same options)", () => {
    const draw = sampler(law, 300, "pair");
    const a = draw(0, 0);
    const b = draw(0, 1);
    expect(noiseFloorFromSamples(a, b, { estimator: "sliced", projections: 20, seed: 2 })).toEqual(w2Estimate(a, b, { estimator: "sliced", projections: 20, seed: 2 }));
  });

  it("noiseFloor: the exact-OT floor shrinks with n (d = 3, n^{-1/3}-type rate), CIs do not overlap", () => {
    const small = noiseFloor(sampler(law, 50, "emd50"), { estimator: "emd" }, 12);
    const large = noiseFloor(sampler(law, 800, "emd800"), { estimator: "emd" }, 12);
    expect(large.ci95!.upper).toBeLessThan(small.ci95!.lower);
  });

  it("noiseFloor: a single replicate has no CI; replicates must be a positive integer", () => {
    const one = noiseFloor(sampler(law, 30, "one"), { estimator: "gaussian_fit" }, 1);
    expect(one.ci95).toBeNull();
    expect(one.values.length).toBe(1);
    expect(() => noiseFloor(sampler(law, 30, "x"), { estimator: "emd" }, 0)).toThrow(InvalidParameterError);
  });
});

describe("debiasedW2 and validation", () => {
  it("debiasedW2: √max(w2² − floor², 0)", () => {
    expect(debiasedW2(5, 3)).toBe(4);
    expect(debiasedW2(1, 2)).toBe(0);
    expect(() => debiasedW2(-1, 0)).toThrow("debiasedW2: w2 must be a finite number >= 0; got -1");
  });

  it("gaussianFitNoiseFloor: isotropic case σ²(5d + d²)/(4n), and validation", () => {
    const iso = resolveGaussianData({ kind: "gaussian", dim: 10, mean: 0, std: 2 });
    expect(gaussianFitNoiseFloor(iso, 1000).w2_squared).toBeCloseTo((4 * (50 + 100)) / 4000, 14);
    expect(gaussianFitNoiseFloor(iso, 1000, 1000).w2_squared).toBeCloseTo((2 * (4 * (50 + 100))) / 4000, 14);
    expect(gaussianFitNoiseFloor(iso, 1000).w2_diag_only_squared).toBeCloseTo((1.5 * 40) / 1000, 14);
    expect(() => gaussianFitNoiseFloor(iso, 1)).toThrow("gaussianFitNoiseFloor: nX must be an integer >= 2; got 1");
  });
});
