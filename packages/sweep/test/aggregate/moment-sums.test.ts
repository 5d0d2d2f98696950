import { describe, expect, it } from "vitest";
import { gaussianSampler, InvalidParameterError, resolveGaussianData, sampleGaussian, streamKey, type PointSpec } from "@scoresweep/core";
import { aggregateMonteCarlo } from "../../src/aggregate/aggregate-monte-carlo.js";
import { fitGaussianFromSamples, fitGaussianFromSums } from "../../src/aggregate/moment-sums.js";
import { doneOutcome, gaussianPoint, momentsOfSamples } from "./helpers.js";

const law = resolveGaussianData({ kind: "gaussian", dim: 3, mean: [1, -1, 0.5], cov: [[1, 0.3, 0], [0.3, 2, -0.4], [0, -0.4, 0.5]] });
const x = sampleGaussian(gaussianSampler(law), 600, streamKey(5, "moment-sums"), 0);
const shift = [1, -1, 0.5];

function expectInvalid(f: () => unknown, re: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InvalidParameterError);
  expect((err as Error).message).toMatch(re);
}

// The layout, the exact merge and its order-independence are core's (`exact-moment-stats.test.ts`); here: the fits,
// and the messages the aggregation gives for statistics that do not fit together.
describe("moment sums", () => {
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

  it("fitGaussianFromSums: needs more particles than ddof", () => {
    expectInvalid(() => fitGaussianFromSums({ ...momentsOfSamples(x, 600, 3, shift), n: 1 }), /gaussian_fit replicate must be more than 1/);
  });

  it("aggregate: blocks of one replicate that disagree on layout or shift are rejected, naming the block", () => {
    const point: PointSpec = gaussianPoint({ dim: 3, mean: shift, cov: [[1, 0.3, 0], [0.3, 2, -0.4], [0, -0.4, 0.5]] });
    const a = momentsOfSamples(x.subarray(0, 900), 300, 3, shift);
    const run = (b: ReturnType<typeof momentsOfSamples>) => () => aggregateMonteCarlo(point, "p", 1, [doneOutcome(0, 0, 0, 300, a), doneOutcome(0, 1, 300, 600, b)]);
    expectInvalid(run(momentsOfSamples(x.subarray(900), 300, 3, shift, true)), /^aggregate: moments\[1\]: /);
    expectInvalid(run(momentsOfSamples(x.subarray(900), 300, 3, [0, 0, 0])), /^aggregate: moments\[1\]: shift\[0\] must be 1 \(as moments\[0\]\); got 0/);
    expectInvalid(run({ ...a, offsets: a.offsets.subarray(0, 4) }), /^aggregate: moments\[1\]: offsets must be of length 10/);
  });
});
