import { describe, expect, it } from "vitest";
import { regularizedGammaQ, streamKey } from "@scoresweep/core";
import { chiSquareDraw, CHI_SQUARE_SUM_MAX } from "../../src/aggregate/chi-square.js";
import { expectWithinSe } from "./helpers.js";

const kn = streamKey(3, "chi-square-test", "normal");
const ku = streamKey(3, "chi-square-test", "uniform");

function draws(k: number, n: number, replicate = 0): Float64Array {
  const out = new Float64Array(n);
  for (let p = 0; p < n; p++) out[p] = chiSquareDraw(k, kn, ku, replicate, p);
  return out;
}

describe("chiSquareDraw", () => {
  // Both paths (sum of squares up to CHI_SQUARE_SUM_MAX, Marsaglia–Tsang above) and the n = 10⁷ scale of the floor.
  for (const k of [1, 3, CHI_SQUARE_SUM_MAX, CHI_SQUARE_SUM_MAX + 1, 40, 1000, 10_000_000]) {
    it(`chiSquareDraw: k = ${k} has mean k, variance 2k and the χ² CDF (KS)`, () => {
      const n = 4000;
      const x = draws(k, n);
      let s = 0;
      for (const v of x) s += v;
      const mean = s / n;
      let ss = 0;
      for (const v of x) ss += (v - mean) ** 2;
      const variance = ss / (n - 1);
      expectWithinSe(`k=${k} mean`, mean, k, Math.sqrt((2 * k) / n));
      // Var of the sample variance: (μ4 − σ⁴)/n with μ4 = 12k² + 48k, σ⁴ = 4k².
      expectWithinSe(`k=${k} variance`, variance, 2 * k, Math.sqrt((8 * k * k + 48 * k) / n));
      const sorted = Float64Array.from(x).sort();
      let dmax = 0;
      for (let i = 0; i < n; i++) {
        const F = 1 - regularizedGammaQ(k / 2, sorted[i] / 2);
        dmax = Math.max(dmax, (i + 1) / n - F, F - i / n);
      }
      // Asymptotic KS critical value at α = 1e-4.
      const crit = Math.sqrt(Math.log(2 / 1e-4) / 2) / Math.sqrt(n);
      expect(dmax, `k=${k}: KS distance ${dmax} > critical ${crit}`).toBeLessThanOrEqual(crit);
    });
  }

  it("chiSquareDraw: a pure function of its address (bitwise), different per particle and replicate", () => {
    const a = draws(500, 50, 2);
    const b = draws(500, 50, 2);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(new Set(a).size).toBe(50);
    expect(Array.from(draws(500, 50, 3))).not.toEqual(Array.from(a));
  });
});
