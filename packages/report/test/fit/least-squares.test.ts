import { describe, expect, it } from "vitest";
import { studentTQuantile } from "@scoresweep/core";
import { leastSquares } from "../../src/fit/least-squares.js";

/** A small seeded generator of standard normals (mulberry32 + Box–Muller), for reproducible noise. */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

describe("leastSquares", () => {
  it("leastSquares: recovers an exact linear law with zero residual", () => {
    const x = [[0, 1], [1, 0], [2, 3], [3, 1], [4, 5], [5, 2]];
    const y = x.map(([a, b]) => 2 + 3 * a! - 0.5 * b!);
    const fit = leastSquares(x, y);
    expect(fit.intercept).toBeCloseTo(2, 12);
    expect(fit.slopes[0]).toBeCloseTo(3, 12);
    expect(fit.slopes[1]).toBeCloseTo(-0.5, 12);
    expect(fit.rss).toBeLessThan(1e-20);
    expect(fit.rSquared).toBeCloseTo(1, 12);
    expect(fit.df).toBe(3);
  });

  it("leastSquares: one regressor matches the textbook formulas se(b) = sqrt(s²/Sxx) and t(0.975, n−2)", () => {
    const xs = [1, 2, 3, 4, 5, 6, 7];
    const ys = [1.1, 1.9, 3.2, 3.9, 5.3, 5.8, 7.1];
    const n = xs.length;
    const mx = xs.reduce((s, v) => s + v, 0) / n;
    const my = ys.reduce((s, v) => s + v, 0) / n;
    const sxx = xs.reduce((s, v) => s + (v - mx) ** 2, 0);
    const sxy = xs.reduce((s, v, i) => s + (v - mx) * (ys[i]! - my), 0);
    const b = sxy / sxx;
    const a = my - b * mx;
    const rss = xs.reduce((s, v, i) => s + (ys[i]! - a - b * v) ** 2, 0);
    const se = Math.sqrt(rss / (n - 2) / sxx);
    const fit = leastSquares(xs.map((v) => [v]), ys);
    expect(fit.slopes[0]).toBeCloseTo(b, 12);
    expect(fit.intercept).toBeCloseTo(a, 12);
    expect(fit.slopeStdErrors[0]).toBeCloseTo(se, 12);
    const t = studentTQuantile(0.975, n - 2);
    expect(fit.slopeCis[0]![0]).toBeCloseTo(b - t * se, 12);
    expect(fit.slopeCis[0]![1]).toBeCloseTo(b + t * se, 12);
  });

  it("leastSquares: 95% intervals cover the true slopes at the nominal rate (Monte Carlo, 4 SE)", () => {
    // Coverage of a 95% t interval under Gaussian noise is exactly 0.95; with R repetitions the observed rate has
    // standard error sqrt(0.95·0.05/R).
    const R = 600;
    const z = normals(12345);
    const x = Array.from({ length: 8 }, (_, i) => [Math.log(1 + i), Math.log(2 + ((i * 3) % 5))]);
    let covered = 0;
    for (let r = 0; r < R; r++) {
      const y = x.map(([a, b]) => 0.3 + 1.0 * a! + 0.5 * b! + 0.2 * z());
      const fit = leastSquares(x, y);
      const [lo, hi] = fit.slopeCis[0]!;
      if (lo <= 1.0 && 1.0 <= hi) covered++;
    }
    const se = Math.sqrt((0.95 * 0.05) / R);
    expect(Math.abs(covered / R - 0.95)).toBeLessThanOrEqual(4 * se);
  });

  it("leastSquares: with no residual degrees of freedom there is no interval", () => {
    const fit = leastSquares([[1], [2]], [3, 5]);
    expect(fit.slopes[0]).toBeCloseTo(2, 12);
    expect(fit.df).toBe(0);
    expect(fit.slopeCis[0]).toBeNull();
  });

  it("leastSquares: rejects too few observations, constant or collinear regressors, and non-finite data", () => {
    expect(() => leastSquares([[1, 2]], [1])).toThrow(/at least 3 observations/);
    expect(() => leastSquares([[1], [1], [1]], [1, 2, 3])).toThrow(/constant or collinear/);
    expect(() => leastSquares([[1, 2], [2, 4], [3, 6], [4, 8]], [1, 2, 3, 4])).toThrow(/constant or collinear/);
    expect(() => leastSquares([[1], [NaN], [3]], [1, 2, 3])).toThrow(/finite/);
  });
});
