import { describe, expect, it } from "vitest";
import { confidenceInterval, confidenceInterval95, fillNormals, InvalidParameterError, streamKey } from "../../src/index.js";

describe("confidenceInterval: formula", () => {
  it("confidenceInterval95: mean ± t_{0.975, n−1}·s/√n on a hand-checked sample", () => {
    // values 1..5: mean 3, s² = 2.5, SE = √(2.5/5) = √0.5; t_{0.975,4} = 2.7764451051977934 (scipy).
    const ci = confidenceInterval95([1, 2, 3, 4, 5]);
    expect(ci.mean).toBe(3);
    expect(ci.std_error).toBeCloseTo(Math.SQRT1_2, 15);
    expect(ci.half_width).toBeCloseTo(2.7764451051977934 * Math.SQRT1_2, 14);
    expect(ci.lower).toBeCloseTo(3 - ci.half_width, 15);
    expect(ci.upper).toBeCloseTo(3 + ci.half_width, 15);
    expect(ci).toMatchObject({ n: 5, level: 0.95 });
  });

  it("confidenceInterval: other levels use the matching quantile (90%, n = 2: t_{0.95,1} = 6.313751514675043)", () => {
    const ci = confidenceInterval([0, 2], 0.9);
    expect(ci.half_width).toBeCloseTo(6.313751514675043 * 1, 13);
  });

  it("confidenceInterval: is not fooled by a large common offset (two-pass variance)", () => {
    const ci = confidenceInterval([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(ci.std_error).toBeCloseTo(Math.sqrt(1 / 3), 12);
  });
});

describe("confidenceInterval: coverage (Monte Carlo)", () => {
  it("confidenceInterval95: covers the true mean of normal replicates 95% of the time (n = 4), within 4 SE", () => {
    const trials = 4000;
    const n = 4;
    const key = streamKey(1, "ci-coverage");
    const v = new Float64Array(n);
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      fillNormals(key, t, 0, 0, n, v);
      const ci = confidenceInterval95(v);
      if (ci.lower <= 0 && 0 <= ci.upper) covered++;
    }
    const rate = covered / trials;
    const se = Math.sqrt((0.95 * 0.05) / trials);
    expect(Math.abs(rate - 0.95)).toBeLessThan(4 * se);
  });
});

describe("confidenceInterval: bad input", () => {
  it("confidenceInterval: needs two finite replicates and a level in (0, 1)", () => {
    expect(() => confidenceInterval([1])).toThrow(InvalidParameterError);
    expect(() => confidenceInterval([1])).toThrow("confidenceInterval: values must be at least 2 replicates (a CI needs a variance estimate); got 1 value");
    expect(() => confidenceInterval([1, Number.NaN])).toThrow("confidenceInterval: values[1] must be a finite number; got NaN");
    expect(() => confidenceInterval([1, 2], 95)).toThrow("confidenceInterval: level must be a number in (0, 1); got 95");
  });
});
