import { describe, expect, it } from "vitest";
import { makeSchedule, streamKey, type PointSpec } from "@scoresweep/core";
import { resolveTargetLaw, sampleTarget, TARGET_DOMAIN_A, TARGET_DOMAIN_B } from "../../src/aggregate/target-law.js";
import { fitGaussianFromSamples } from "../../src/aggregate/moment-sums.js";
import { expectWithinSe, gaussianPoint, meanSe } from "./helpers.js";

const sde = { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 };

describe("resolveTargetLaw", () => {
  it("resolveTargetLaw: p0 of Gaussian data is the data law", () => {
    const law = resolveTargetLaw(gaussianPoint({ dim: 2, mean: [1, 2], std: [0.5, 3] }));
    expect(law.kind).toBe("gaussian");
    expect(Array.from(law.gaussian.mean)).toEqual([1, 2]);
    expect(Array.from(law.gaussian.std!)).toEqual([0.5, 3]);
  });

  it("resolveTargetLaw: p_delta of Gaussian data is N(a_δ m, a_δ² Σ + b_δ² I), δ defaulting to 1e-3 for VP", () => {
    const s = makeSchedule(sde);
    const a = s.a(1e-3);
    const b2 = s.b2(1e-3);
    const diag = resolveTargetLaw({ ...gaussianPoint({ dim: 1, mean: 2, std: 0.5 }), metric: { estimator: "gaussian_fit", target: "p_delta" } });
    expect(diag.gaussian.mean[0]).toBe(a * 2);
    expect(diag.gaussian.std![0]).toBe(Math.sqrt(a * a * 0.25 + b2));
    const full = resolveTargetLaw({
      ...gaussianPoint({ dim: 2, mean: [1, 0], cov: [[1, 0.5], [0.5, 2]] }),
      sampler: { scheme: "em_point", steps: 5, delta: 0.01 },
      metric: { estimator: "gaussian_fit", target: "p_delta" },
    });
    const a2 = s.a(0.01);
    const b22 = s.b2(0.01);
    expect(Array.from(full.gaussian.cov!)).toEqual([a2 * a2 + b22, a2 * a2 * 0.5, a2 * a2 * 0.5, a2 * a2 * 2 + b22]);
  });

  it("resolveTargetLaw: GMM data — the moment-matched Gaussian matches the sample moments of the (noised) mixture", () => {
    const point: PointSpec = {
      ...gaussianPoint(),
      data: { kind: "gmm", weights: [0.3, 0.7], means: [[-2, 0], [1, 1]], stds: [[0.5, 1], [0.3, 0.2]] },
      metric: { estimator: "gaussian_fit", target: "p_delta" },
      sampler: { scheme: "em_point", steps: 5, delta: 0.2 },
    };
    const law = resolveTargetLaw(point);
    expect(law.kind).toBe("gmm");
    const n = 40_000;
    const x = sampleTarget(law, n, streamKey(1, "target-law", TARGET_DOMAIN_A), 0);
    const fit = fitGaussianFromSamples(n, 2, x, false);
    const g = law.gaussian;
    for (let i = 0; i < 2; i++) expectWithinSe(`mean[${i}]`, fit.mean[i], g.mean[i], Math.sqrt(g.cov![i * 3] / n));
    for (let k = 0; k < 4; k++) {
      const i = Math.floor(k / 2);
      const j = k % 2;
      // SE of a sample covariance: the standard deviation of the centred products (x_i − m_i)(x_j − m_j), over √n.
      const prods: number[] = [];
      for (let p = 0; p < n; p++) prods.push((x[2 * p + i] - fit.mean[i]) * (x[2 * p + j] - fit.mean[j]));
      expectWithinSe(`cov[${k}]`, fit.cov![k], g.cov![k], meanSe(prods).se);
    }
  });

  it("sampleTarget: reproducible, and the A and B streams differ", () => {
    const law = resolveTargetLaw(gaussianPoint({ dim: 2 }));
    const a1 = sampleTarget(law, 5, streamKey(1, "p", TARGET_DOMAIN_A), 0);
    const a2 = sampleTarget(law, 5, streamKey(1, "p", TARGET_DOMAIN_A), 0);
    const b = sampleTarget(law, 5, streamKey(1, "p", TARGET_DOMAIN_B), 0);
    expect(Array.from(a1)).toEqual(Array.from(a2));
    expect(Array.from(a1)).not.toEqual(Array.from(b));
  });
});
