import { describe, expect, it } from "vitest";
import { fitPowerLaw, fitPowerLawMulti } from "../../src/fit/power-law-fit.js";

describe("fitPowerLaw", () => {
  it("fitPowerLaw: recovers y = 5·x^1.5 and ignores points a log cannot take", () => {
    const x = [1, 2, 4, 8, 16, 0, -3, 5];
    const y = x.map((v) => (v > 0 ? 5 * v ** 1.5 : 7));
    y[7] = NaN;
    const fit = fitPowerLaw(x, y)!;
    expect(fit.n).toBe(5);
    expect(fit.exponent).toBeCloseTo(1.5, 12);
    expect(fit.prefactor).toBeCloseTo(5, 10);
    expect(fit.ci95![1] - fit.ci95![0]).toBeLessThan(1e-10);
  });

  it("fitPowerLaw: two points give the exact exponent without an interval; fewer or constant x give null", () => {
    const two = fitPowerLaw([1, 10], [3, 300])!;
    expect(two.exponent).toBeCloseTo(2, 12);
    expect(two.ci95).toBeNull();
    expect(fitPowerLaw([1], [1])).toBeNull();
    expect(fitPowerLaw([2, 2, 2], [1, 2, 3])).toBeNull();
  });
});

describe("fitPowerLawMulti", () => {
  it("fitPowerLawMulti: recovers K = 3·d^0.5·(1/ε)^1 jointly", () => {
    const x: number[][] = [];
    const y: number[] = [];
    for (const d of [1, 10, 100]) for (const eps of [0.5, 0.1, 0.02]) {
      x.push([d, 1 / eps]);
      y.push(3 * Math.sqrt(d) / eps);
    }
    const fit = fitPowerLawMulti(x, y)!;
    expect(fit.exponents[0]!.exponent).toBeCloseTo(0.5, 12);
    expect(fit.exponents[1]!.exponent).toBeCloseTo(1, 12);
    expect(fit.prefactor).toBeCloseTo(3, 10);
    expect(fit.n).toBe(9);
  });

  it("fitPowerLawMulti: null when a regressor does not vary or there are too few points", () => {
    expect(fitPowerLawMulti([[1, 2], [1, 3], [1, 4]], [1, 2, 3])).toBeNull();
    expect(fitPowerLawMulti([[1, 2], [2, 3]], [1, 2])).toBeNull();
  });
});
