import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { covarianceOf, emptyMoments, InvalidParameterError, mergeMoments, mergeMomentsInOrder, momentsOf, type MomentStats } from "../../src/index.js";

/** Moments of rows[lo..hi) (d columns) in exact-ish two-pass arithmetic, independent of momentsImpl's blocking. */
function reference(data: number[], d: number): { mean: number[]; M: number[] } {
  const n = data.length / d;
  const mean = Array.from({ length: d }, (_, k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[i * d + k];
    return s / n;
  });
  const M: number[] = [];
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (data[i * d + a] - mean[a]) * (data[i * d + b] - mean[b]);
      M.push(s);
    }
  }
  return { mean, M };
}

const cloudData = (d: number) => fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: d, maxLength: 40 * d }).map((v) => v.slice(0, v.length - (v.length % d)));

function close(got: ArrayLike<number>, want: ArrayLike<number>, scale: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-11 * scale);
}

describe("momentsOf: values", () => {
  it("momentsOf: equals the two-pass reference (4-point blocking is only a reordering)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((d) => fc.tuple(fc.constant(d), cloudData(d))), ([d, data]) => {
        const m = momentsOf({ n: data.length / d, d, data: Float64Array.from(data) });
        const r = reference(data, d);
        const scale = 1 + data.reduce((s, v) => s + v * v, 0);
        close(m.mean, r.mean, 1e3);
        close(m.comoment, r.M, scale);
        // Symmetric exactly.
        for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) expect(m.comoment[a * d + b]).toBe(m.comoment[b * d + a]);
      }),
    );
  });

  it("covarianceOf: divides by n − ddof", () => {
    const m = momentsOf({ n: 3, d: 1, data: Float64Array.of(1, 2, 6) }); // mean 3, M = 4 + 1 + 9 = 14
    expect(covarianceOf(m, 0)[0]).toBeCloseTo(14 / 3, 15);
    expect(covarianceOf(m, 1)[0]).toBe(7);
  });
});

describe("mergeMoments: Chan et al. pairwise merge", () => {
  it("mergeMomentsInOrder: merged shard moments equal the moments of the concatenation", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(fc.constant(d), fc.array(cloudData(d), { minLength: 1, maxLength: 6 }))),
        ([d, shards]) => {
          const parts: MomentStats[] = shards.map((s) => momentsOf({ n: s.length / d, d, data: Float64Array.from(s) }));
          const all = shards.flat();
          const merged = mergeMomentsInOrder(parts);
          const whole = momentsOf({ n: all.length / d, d, data: Float64Array.from(all) });
          const scale = 1 + all.reduce((s, v) => s + v * v, 0);
          expect(merged.count).toBe(whole.count);
          close(merged.mean, whole.mean, 1e3);
          close(merged.comoment, whole.comoment, scale);
        },
      ),
    );
  });

  it("mergeMomentsInOrder: the same order gives the same bits; the empty statistic is the identity", () => {
    const mk = (seed: number) => momentsOf({ n: 7, d: 2, data: Float64Array.from({ length: 14 }, (_, i) => Math.sin(seed * 31 + i * 7.3) * 1e3) });
    const parts = [mk(1), mk(2), mk(3), mk(4)];
    const a = mergeMomentsInOrder(parts);
    const b = mergeMomentsInOrder(parts.map((p) => ({ ...p, mean: p.mean.slice(), comoment: p.comoment.slice() })));
    expect(Array.from(a.comoment)).toEqual(Array.from(b.comoment));
    expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
    const withEmpty = mergeMomentsInOrder([emptyMoments(2), parts[0], emptyMoments(2)]);
    expect(Array.from(withEmpty.comoment)).toEqual(Array.from(parts[0].comoment));
    expect(withEmpty.count).toBe(7);
  });

  it("mergeMoments: rejects mismatched dimensions and malformed statistics", () => {
    expect(() => mergeMoments(emptyMoments(2), emptyMoments(3))).toThrow("mergeMoments: a and b must be of the same dimension; got dimensions 2 and 3");
    expect(() => mergeMomentsInOrder([])).toThrow(InvalidParameterError);
    const bad = { count: 2, d: 2, mean: new Float64Array(2), comoment: new Float64Array(3) };
    expect(() => mergeMoments(bad, emptyMoments(2))).toThrow("mergeMoments: a.comoment must be a Float64Array of length 4");
    expect(() => covarianceOf(momentsOf({ n: 1, d: 1, data: Float64Array.of(1) }), 1)).toThrow(
      "covarianceOf: m.count must be > ddof = 1 (points needed for a covariance); got 1",
    );
  });
});
