import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../src/errors.js";
import { GMM_WEIGHT_SUM_TOLERANCE, resolveGmmData, sampleGmm } from "../../src/data/gmm-data.js";
import { streamKey } from "../../src/rng/stream-key.js";
import type { GmmDataSpec } from "../../src/spec.js";
import { bonferroniZ, columnMoments } from "../rng/stat-helpers.js";

const base: GmmDataSpec = { kind: "gmm", weights: [0.25, 0.75], means: [[0, 1], [2, 3]], stds: [[0.5, 1], [2, 0.25]] };

function expectInvalid(spec: unknown, field: RegExp): void {
  let err: unknown;
  try {
    resolveGmmData(spec as GmmDataSpec);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InvalidParameterError);
  expect((err as InvalidParameterError).code).toBe("E_INVALID_PARAMETER");
  expect((err as Error).message).toMatch(field);
}

describe("resolveGmmData", () => {
  it("resolveGmmData: flattens means and stds component-major", () => {
    const g = resolveGmmData(base);
    expect(g.k).toBe(2);
    expect(g.dim).toBe(2);
    expect(Array.from(g.weights)).toEqual([0.25, 0.75]);
    expect(Array.from(g.logWeights)).toEqual([Math.log(0.25), Math.log(0.75)]);
    expect(Array.from(g.means)).toEqual([0, 1, 2, 3]);
    expect(Array.from(g.stds)).toEqual([0.5, 1, 2, 0.25]);
  });

  it("resolveGmmData: stds broadcast from a scalar and from one number per component", () => {
    expect(Array.from(resolveGmmData({ ...base, stds: 0.3 }).stds)).toEqual([0.3, 0.3, 0.3, 0.3]);
    expect(Array.from(resolveGmmData({ ...base, stds: [0.3, 2] }).stds)).toEqual([0.3, 0.3, 2, 2]);
  });

  it("resolveGmmData: weights within 1e-9 of summing to 1 are normalised exactly", () => {
    const g = resolveGmmData({ ...base, weights: [0.25, 0.75 + 5e-10] });
    expect(Math.abs(g.weights[0] + g.weights[1] - 1)).toBeLessThanOrEqual(1e-16);
    expectInvalid({ ...base, weights: [0.25, 0.75 + 3 * GMM_WEIGHT_SUM_TOLERANCE] }, /^data\.weights: the sum of the mixture weights must be 1/);
  });

  it("resolveGmmData: a zero weight is allowed (log weight −∞)", () => {
    const g = resolveGmmData({ ...base, weights: [0, 1] });
    expect(g.logWeights[0]).toBe(-Infinity);
  });

  it.each([
    [{ ...base, weights: [] }, /^data\.weights: /],
    [{ ...base, weights: "x" }, /^data\.weights: /],
    [{ ...base, weights: [-0.25, 1.25] }, /^data\.weights\[0\]: a mixture weight must be a finite number >= 0; got -0\.25/],
    [{ ...base, weights: [NaN, 1] }, /^data\.weights\[0\]: /],
    [{ ...base, means: [[0, 1]] }, /^data\.means: the component means must be an array of k = 2 arrays/],
    [{ ...base, means: [[0, 1], [2]] }, /^data\.means\[1\]: a component mean must be an array of length 2; got "length 1"/],
    [{ ...base, means: [[], []] }, /^data\.means\[0\]: /],
    [{ ...base, means: [[0, Infinity], [2, 3]] }, /^data\.means\[0\]\[1\]: a mean coordinate must be a finite number/],
    [{ ...base, dim: 3 }, /^data\.means\[0\]: a component mean must be of length data\.dim = 3; got "length 2"/],
    [{ ...base, dim: 0 }, /^data\.dim: /],
    [{ ...base, stds: 0 }, /^data\.stds: the standard deviation must be a finite number > 0; got 0/],
    [{ ...base, stds: [1, -1] }, /^data\.stds\[1\]: /],
    [{ ...base, stds: [[1, 1], [1]] }, /^data\.stds\[1\]: /],
    [{ ...base, stds: [[1, 1], [1, 0]] }, /^data\.stds\[1\]\[1\]: a standard deviation must be a finite number > 0; got 0/],
    [{ ...base, stds: [1, 2, 3] }, /^data\.stds: the standard deviations must be a number > 0, an array of k = 2 numbers, or k arrays/],
    [{ ...base, stds: undefined }, /^data\.stds: /],
  ])("resolveGmmData: rejects %j", (spec, message) => {
    expectInvalid(spec, message);
  });
});

describe("sampleGmm", () => {
  const g = resolveGmmData({ kind: "gmm", weights: [0.2, 0.5, 0.3], means: [[-4, 0], [0, 1], [4, -1]], stds: [[0.5, 0.2], [1, 1], [0.3, 2]] });
  const key = streamKey(3, "gmm-sample-test");

  it("sampleGmm: component frequencies match the weights within a Bonferroni binomial CI", () => {
    const n = 20_000;
    const comp = new Int32Array(n);
    sampleGmm(g, n, key, 0, 0, new Float64Array(n * 2), 1, 0, comp);
    const z = bonferroniZ(3);
    for (let j = 0; j < 3; j++) {
      const c = comp.reduce((s, v) => s + (v === j ? 1 : 0), 0);
      const w = g.weights[j];
      expect(Math.abs(c / n - w)).toBeLessThan(z * Math.sqrt((w * (1 - w)) / n));
    }
  });

  it("sampleGmm: per-component means and variances of p_t match a μ_j and a² s_j² + b² within SEs", () => {
    const n = 30_000;
    const a = 0.6;
    const b2 = 0.5;
    const comp = new Int32Array(n);
    const x = sampleGmm(g, n, key, 1, 0, new Float64Array(n * 2), a, b2, comp);
    const z = bonferroniZ(12);
    for (let j = 0; j < 3; j++) {
      const rows: number[] = [];
      for (let p = 0; p < n; p++) if (comp[p] === j) rows.push(x[2 * p], x[2 * p + 1]);
      const m = rows.length / 2;
      const xs = Float64Array.from(rows);
      for (let i = 0; i < 2; i++) {
        const { mean, var: v } = columnMoments(xs, m, 2, i);
        const wantV = a * a * g.stds[j * 2 + i] ** 2 + b2;
        expect(Math.abs(mean - a * g.means[j * 2 + i])).toBeLessThan(z * Math.sqrt(wantV / m));
        expect(Math.abs(v - wantV)).toBeLessThan(z * wantV * Math.sqrt(2 / (m - 1)));
      }
    }
  });

  it("sampleGmm: particles drawn in two batches equal one batch bit for bit", () => {
    const all = sampleGmm(g, 100, key, 2, 0, new Float64Array(200));
    const split = new Float64Array(200);
    sampleGmm(g, 37, key, 2, 0, split.subarray(0, 74));
    sampleGmm(g, 63, key, 2, 37, split.subarray(74));
    expect(split).toEqual(all);
  });
});
