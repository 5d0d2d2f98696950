import { describe, expect, it } from "vitest";
import { InvalidParameterError, resolveGaussianData, type GaussianDataSpec } from "../../src/index.js";

const spec = (over: Partial<GaussianDataSpec>): GaussianDataSpec => ({ kind: "gaussian", dim: 3, mean: 1, std: 0.5, ...over });

describe("resolveGaussianData", () => {
  it("resolveGaussianData: broadcasts scalars to dim", () => {
    const d = resolveGaussianData(spec({}));
    expect(d.dim).toBe(3);
    expect(Array.from(d.mean)).toEqual([1, 1, 1]);
    expect(Array.from(d.std!)).toEqual([0.5, 0.5, 0.5]);
    expect(d.cov).toBeNull();
  });
  it("resolveGaussianData: keeps arrays of length dim", () => {
    const d = resolveGaussianData(spec({ mean: [1, -2, 3], std: [0.1, 0.2, 0.3] }));
    expect(Array.from(d.mean)).toEqual([1, -2, 3]);
    expect(Array.from(d.std!)).toEqual([0.1, 0.2, 0.3]);
  });
  it("resolveGaussianData: full covariance, row-major", () => {
    const d = resolveGaussianData({ kind: "gaussian", dim: 2, mean: [0, 1], cov: [[2, 0.5], [0.5, 1]] });
    expect(d.std).toBeNull();
    expect(Array.from(d.cov!)).toEqual([2, 0.5, 0.5, 1]);
  });
  it("resolveGaussianData: errors name data.dim, data.mean, data.std, data.cov", () => {
    const cases: [Partial<GaussianDataSpec>, RegExp][] = [
      [{ dim: 0 }, /^data\.dim: /],
      [{ dim: 2.5 }, /^data\.dim: /],
      [{ mean: [1, 2] }, /^data\.mean: .*of length data\.dim = 3; got "length 2"/],
      [{ mean: [1, NaN, 2] }, /^data\.mean\[1\]: /],
      [{ mean: Infinity }, /^data\.mean: /],
      [{ std: 0 }, /^data\.std: .*> 0/],
      [{ std: [1, -1, 1] }, /^data\.std\[1\]: /],
      [{ std: [1, 1] }, /^data\.std: /],
      [{ std: undefined }, /^data\.std: exactly one of data\.std and data\.cov must be given; got "neither"/],
      [{ cov: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }, /^data\.std: .*got "both"/],
      [{ std: undefined, cov: [[1, 0], [0, 1]] }, /^data\.cov: /],
      [{ std: undefined, cov: [[1, 0, 0], [0, 1], [0, 0, 1]] }, /^data\.cov\[1\]: /],
      [{ std: undefined, cov: [[1, 0, 0], [0, 1, NaN], [0, 0, 1]] }, /^data\.cov\[1\]\[2\]: /],
      [{ std: undefined, cov: [[1, 0.5, 0], [0.4, 1, 0], [0, 0, 1]] }, /^data\.cov\[1\]\[0\]: .*symmetric/],
    ];
    for (const [over, re] of cases) {
      expect(() => resolveGaussianData(spec(over)), JSON.stringify(over)).toThrow(InvalidParameterError);
      expect(() => resolveGaussianData(spec(over)), JSON.stringify(over)).toThrow(re);
    }
  });
});
