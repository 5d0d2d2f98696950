import { describe, expect, it } from "vitest";
import { deriveKey, gaussianFitNoiseFloor, gaussianSampler, resolveGaussianData, sampleGaussian, streamKey, type GaussianData } from "@scoresweep/core";
import { canDrawSampleFit, drawSampleFit } from "../../src/aggregate/parametric-fit.js";
import { fitGaussianFromSamples } from "../../src/aggregate/moment-sums.js";
import { fittedW2 } from "../../src/aggregate/fitted-w2.js";
import { expectWithinSe, meanSe } from "./helpers.js";

const full = resolveGaussianData({ kind: "gaussian", dim: 3, mean: [1, -1, 0.5], cov: [[1, 0.3, 0], [0.3, 2, -0.4], [0, -0.4, 0.5]] });
const diag = resolveGaussianData({ kind: "gaussian", dim: 3, mean: [0, 2, -1], std: [0.5, 1, 2] });
const key = streamKey(9, "parametric-fit", "target-A");

/**
 * The parametric draw and a direct n-sample must give the same law of the fit: compare the mean of W2(fit, law)
 * and of every fitted mean/covariance entry over R replicates, within 4 combined SE.
 */
function compareWithSampled(law: GaussianData, diagonalOnly: boolean, n: number, R: number): void {
  const s = gaussianSampler(law);
  const d = law.dim;
  const wP: number[] = [];
  const wS: number[] = [];
  const cP: number[][] = Array.from({ length: d * d + d }, () => []);
  const cS: number[][] = Array.from({ length: d * d + d }, () => []);
  const sampleKey = deriveKey(key, "direct");
  for (let r = 0; r < R; r++) {
    const p = drawSampleFit(s, n, diagonalOnly, key, r);
    const q = fitGaussianFromSamples(n, d, sampleGaussian(s, n, sampleKey, r), diagonalOnly);
    wP.push(fittedW2(p, law).w2);
    wS.push(fittedW2(q, law).w2);
    for (let i = 0; i < d; i++) {
      cP[i].push(p.mean[i]);
      cS[i].push(q.mean[i]);
    }
    for (let k = 0; k < d * d; k++) {
      cP[d + k].push(p.cov ? p.cov[k] : k % (d + 1) === 0 ? p.variance[k / (d + 1)] : 0);
      cS[d + k].push(q.cov ? q.cov[k] : k % (d + 1) === 0 ? q.variance[k / (d + 1)] : 0);
    }
  }
  const a = meanSe(wP);
  const b = meanSe(wS);
  expectWithinSe("E W2(fit, law): parametric vs sampled", a.mean, b.mean, Math.hypot(a.se, b.se));
  for (let k = 0; k < cP.length; k++) {
    const x = meanSe(cP[k]);
    const y = meanSe(cS[k]);
    if (x.se === 0 && y.se === 0) {
      expect(x.mean).toBe(y.mean);
      continue;
    }
    expectWithinSe(`fit component ${k}: parametric vs sampled`, x.mean, y.mean, Math.hypot(x.se, y.se));
  }
  // Unbiasedness of the draw itself: E cov = Σ (ddof 1), E mean = m.
  for (let i = 0; i < d; i++) {
    const x = meanSe(cP[i]);
    expectWithinSe(`E mean[${i}]`, x.mean, law.mean[i], x.se);
    const v = meanSe(cP[d + i * d + i]);
    const trueVar = law.std ? law.std[i] ** 2 : law.cov![i * d + i];
    expectWithinSe(`E var[${i}]`, v.mean, trueVar, v.se);
  }
}

describe("drawSampleFit", () => {
  it("drawSampleFit: full fit of a full-covariance law has the law of a sampled fit (Bartlett)", () => compareWithSampled(full, false, 12, 3000));
  it("drawSampleFit: full fit of a diagonal law has the law of a sampled fit", () => compareWithSampled(diag, false, 12, 3000));
  it("drawSampleFit: diagonal fit of a diagonal law (independent χ²) has the law of a sampled fit", () => compareWithSampled(diag, true, 12, 3000));
  it("drawSampleFit: diagonal fit of a full-covariance law has the law of a sampled fit", () => compareWithSampled(full, true, 12, 3000));

  it("canDrawSampleFit: needs n − 1 ≥ d, or n ≥ 2 for a diagonal fit of a diagonal law", () => {
    expect(canDrawSampleFit(4, 3, false, true)).toBe(true);
    expect(canDrawSampleFit(3, 3, false, true)).toBe(false);
    expect(canDrawSampleFit(2, 3, true, true)).toBe(true);
    expect(canDrawSampleFit(2, 3, true, false)).toBe(false);
  });

  it("drawSampleFit: at n = 10⁷, d = 100 the floor matches core's first-order closed form (4 SE)", () => {
    const big = resolveGaussianData({ kind: "gaussian", dim: 100, mean: 1, std: 0.5 });
    const s = gaussianSampler(big);
    const n = 10_000_000;
    const closed = gaussianFitNoiseFloor(big, n);
    for (const [diagonalOnly, R, expected] of [
      [true, 40, closed.w2_diag_only_squared],
      [false, 6, closed.w2_squared],
    ] as const) {
      const w2sq: number[] = [];
      for (let r = 0; r < R; r++) w2sq.push(fittedW2(drawSampleFit(s, n, diagonalOnly, key, r), big).w2 ** 2);
      const m = meanSe(w2sq);
      expectWithinSe(`E W2² (diagonalOnly ${diagonalOnly})`, m.mean, expected, m.se);
    }
  });
});
