import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { gaussianSampler, InvalidParameterError, resolveGaussianData, sampleGaussian, streamKey } from "@scoresweep/core";
import { comomentIndex, fitGaussianFromSamples, fitGaussianFromSums, mergeMomentSums, momentComponents } from "../../src/aggregate/moment-sums.js";
import { momentsOfSamples } from "./helpers.js";

const law = resolveGaussianData({ kind: "gaussian", dim: 3, mean: [1, -1, 0.5], cov: [[1, 0.3, 0], [0.3, 2, -0.4], [0, -0.4, 0.5]] });
const x = sampleGaussian(gaussianSampler(law), 600, streamKey(5, "moment-sums"), 0);
const shift = [1, -1, 0.5];

describe("moment sums", () => {
  it("momentComponents / comomentIndex: the upper-triangle layout of shard-task.ts", () => {
    expect(momentComponents(3, false)).toBe(3 + 6);
    expect(momentComponents(3, true)).toBe(6);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = i; j < 3; j++) seen.push(comomentIndex(3, i, j));
    expect(seen).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it("mergeMomentSums: any split of the particles merges to the same bits (property)", () => {
    const whole = mergeMomentSums([momentsOfSamples(x, 600, 3, shift)]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 599 }), { maxLength: 6 }), fc.boolean(), (cuts, reverse) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), 600];
        const parts = [];
        for (let k = 0; k + 1 < bounds.length; k++) {
          const lo = bounds[k];
          const hi = bounds[k + 1];
          parts.push(momentsOfSamples(x.subarray(lo * 3, hi * 3), hi - lo, 3, shift));
        }
        if (reverse) parts.reverse();
        const merged = mergeMomentSums(parts);
        expect(merged.n).toBe(600);
        expect(Array.from(merged.sums)).toEqual(Array.from(whole.sums));
        expect(Array.from(merged.offsets)).toEqual(Array.from(whole.offsets));
      }),
      { numRuns: 40 },
    );
  });

  it("fitGaussianFromSums: equals the two-pass sample mean and covariance (ddof 1) to rounding", () => {
    const fit = fitGaussianFromSums(momentsOfSamples(x, 600, 3, shift));
    const ref = fitGaussianFromSamples(600, 3, x, false);
    for (let i = 0; i < 3; i++) expect(Math.abs(fit.mean[i] - ref.mean[i])).toBeLessThanOrEqual(1e-14);
    for (let k = 0; k < 9; k++) expect(Math.abs(fit.cov![k] - ref.cov![k])).toBeLessThanOrEqual(1e-13);
    expect(Array.from(fit.variance)).toEqual([fit.cov![0], fit.cov![4], fit.cov![8]]);
  });

  it("fitGaussianFromSums: diagonal-only statistics give the variances and no covariance", () => {
    const fit = fitGaussianFromSums(momentsOfSamples(x, 600, 3, shift, true));
    const ref = fitGaussianFromSamples(600, 3, x, true);
    expect(fit.cov).toBeNull();
    for (let i = 0; i < 3; i++) expect(Math.abs(fit.variance[i] - ref.variance[i])).toBeLessThanOrEqual(1e-13);
  });

  it("mergeMomentSums: rejects parts that disagree on dimension, layout or shift", () => {
    const a = momentsOfSamples(x, 600, 3, shift);
    const expectInvalid = (f: () => unknown, re: RegExp) => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidParameterError);
      expect((err as Error).message).toMatch(re);
    };
    expectInvalid(() => mergeMomentSums([a, momentsOfSamples(x, 600, 3, shift, true)]), /^aggregate: moments\[1\]: /);
    expectInvalid(() => mergeMomentSums([a, momentsOfSamples(x, 600, 3, [0, 0, 0])]), /^aggregate: moments\[1\]: shift\[0\] must be 1 \(as moments\[0\]\); got 0/);
    expectInvalid(() => mergeMomentSums([a, { ...a, offsets: a.offsets.subarray(0, 4) }]), /^aggregate: moments\[1\]: offsets must be of length 10/);
    expectInvalid(() => mergeMomentSums([]), /^aggregate: the moments of a replicate must be at least one shard statistic/);
    expectInvalid(() => fitGaussianFromSums({ ...a, n: 1 }), /gaussian_fit replicate must be more than 1/);
  });
});
