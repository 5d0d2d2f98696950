import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  comomentIndex,
  gaussianSampler,
  InvalidParameterError,
  mergeExactMomentStats,
  momentComponents,
  momentsOf,
  momentsOfExact,
  resolveGaussianData,
  sampleGaussian,
  streamKey,
  type ExactMomentStats,
} from "../../src/index.js";
import { exactStatsOf } from "./exact-stats-of.js";

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

describe("exact moment statistics", () => {
  it("momentComponents / comomentIndex: d first moments, then the diagonal or the upper triangle row-major", () => {
    expect(momentComponents(3, false)).toBe(3 + 6);
    expect(momentComponents(3, true)).toBe(6);
    expect(momentComponents(2, false)).toBe(5);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = i; j < 3; j++) seen.push(comomentIndex(3, i, j));
    expect(seen).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it("mergeExactMomentStats: any split of the particles, in any order, merges to the same bits (property)", () => {
    const whole = mergeExactMomentStats([exactStatsOf(x, 600, 3, shift)]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 599 }), { maxLength: 6 }), fc.boolean(), (cuts, reverse) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), 600];
        const parts: ExactMomentStats[] = [];
        for (let k = 0; k + 1 < bounds.length; k++) parts.push(exactStatsOf(x.subarray(bounds[k] * 3, bounds[k + 1] * 3), bounds[k + 1] - bounds[k], 3, shift));
        if (reverse) parts.reverse();
        const merged = mergeExactMomentStats(parts);
        expect(merged.n).toBe(600);
        expect(Array.from(merged.sums)).toEqual(Array.from(whole.sums));
        expect(Array.from(merged.offsets)).toEqual(Array.from(whole.offsets));
      }),
      { numRuns: 40 },
    );
  });

  it("mergeExactMomentStats: one part is copied, not aliased", () => {
    const a = exactStatsOf(x, 600, 3, shift);
    const m = mergeExactMomentStats([a]);
    expect(m.sums).not.toBe(a.sums);
    expect(Array.from(m.sums)).toEqual(Array.from(a.sums));
  });

  it("mergeExactMomentStats: rejects parts that disagree on dimension, layout or shift, naming the part and field", () => {
    const a = exactStatsOf(x, 600, 3, shift);
    expectInvalid(() => mergeExactMomentStats([]), /^mergeExactMomentStats: stats must be a non-empty array/);
    expectInvalid(() => mergeExactMomentStats([a, exactStatsOf(x, 600, 3, [0, 0, 0])]), /^mergeExactMomentStats: stats\[1\]: shift\[0\] must be 1 \(as stats\[0\]\); got 0$/);
    // The aggregation's names (`aggregate`, `moments`) appear as given.
    expectInvalid(() => mergeExactMomentStats([a, exactStatsOf(x, 600, 3, shift, true)], "aggregate", "moments"), /^aggregate: moments\[1\]: diagonalOnly must be false/);
    expectInvalid(() => mergeExactMomentStats([a, exactStatsOf(x, 600, 3, [0, 0, 0])], "aggregate", "moments"), /^aggregate: moments\[1\]: shift\[0\] must be 1 \(as moments\[0\]\); got 0/);
    expectInvalid(() => mergeExactMomentStats([a, { ...a, offsets: a.offsets.subarray(0, 4) }], "aggregate", "moments"), /^aggregate: moments\[1\]: offsets must be of length 10/);
    expectInvalid(() => mergeExactMomentStats([a, exactStatsOf(x.subarray(0, 1200), 600, 2, [1, -1])]), /^mergeExactMomentStats: stats\[1\]: dim must be 3/);
    expectInvalid(() => mergeExactMomentStats([a, { ...a, kind: "samples" } as unknown as ExactMomentStats]), /^mergeExactMomentStats: stats\[1\]: kind must be moments; got "samples"/);
  });

  it("momentsOfExact: mean and co-moments agree with core's two-pass moments of the same particles", () => {
    const ref = momentsOf({ n: 600, d: 3, data: x });
    const got = momentsOfExact(exactStatsOf(x, 600, 3, shift));
    expect(got.count).toBe(600);
    for (let i = 0; i < 3; i++) expect(Math.abs(got.mean[i] - ref.mean[i])).toBeLessThan(1e-13 * (1 + Math.abs(ref.mean[i])));
    for (let k = 0; k < 9; k++) expect(Math.abs(got.comoment[k] - ref.comoment[k])).toBeLessThan(1e-11 * (1 + Math.abs(ref.comoment[k])));
    // Diagonal-only statistics: the diagonal agrees, the off-diagonal is 0 (unknown).
    const diag = momentsOfExact(exactStatsOf(x, 600, 3, shift, true));
    for (let i = 0; i < 3; i++) expect(Math.abs(diag.comoment[i * 4] - ref.comoment[i * 4])).toBeLessThan(1e-11 * (1 + ref.comoment[i * 4]));
    expect(diag.comoment[1]).toBe(0);
  });
});
