import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InvalidParameterError, logGamma, regularizedBeta, studentTCdf, studentTDensity, studentTQuantile } from "../../src/index.js";

/** Reference quantiles from scipy 1.17.1 `scipy.stats.t.ppf(p, df)` (and `norm.ppf` for df = Infinity). */
const SCIPY: [p: number, df: number, t: number][] = [
  [0.975, 1, 12.706204736174694],
  [0.975, 2, 4.302652729749462],
  [0.975, 3, 3.1824463052837078],
  [0.975, 4, 2.7764451051977934],
  [0.975, 5, 2.5705818356363146],
  [0.975, 7, 2.364624251592784],
  [0.975, 10, 2.228138851986274],
  [0.975, 30, 2.0422724563012378],
  [0.975, 100, 1.9839715185235518],
  [0.975, 1000, 1.9623390808264083],
  [0.975, Infinity, 1.959963984540054],
  [0.9, 2.5, 1.7302509288071766],
  [0.995, 3, 5.840909309733355],
  [0.6, 0.5, 0.3979754267847907],
  [0.999999, 7, 14.241469651921154],
  [0.05, 12, -1.7822875556493194],
];

describe("studentTQuantile: reference values", () => {
  for (const [p, df, t] of SCIPY) {
    it(`studentTQuantile: p = ${p}, df = ${df} matches scipy to 5e-15 relative`, () => {
      const got = studentTQuantile(p, df);
      expect(Math.abs(got - t), `got ${got}, expected ${t}`).toBeLessThanOrEqual(5e-15 * Math.abs(t));
    });
  }

  it("studentTQuantile: closed forms for df = 1, 2, 4 (Hill 1970)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => {
        const tol = (t: number) => 1e-13 * (1 + Math.abs(t));
        const t1 = Math.tan(Math.PI * (p - 0.5));
        expect(Math.abs(studentTQuantile(p, 1) - t1)).toBeLessThanOrEqual(tol(t1));
        const t2 = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
        expect(Math.abs(studentTQuantile(p, 2) - t2)).toBeLessThanOrEqual(tol(t2));
        // ν = 4: with α = 4p(1 − p), q = cos(arccos(√α)/3)/√α, t = sign(p − ½)·2√(q − 1).
        const alpha = 4 * p * (1 - p);
        const q = Math.cos(Math.acos(Math.sqrt(alpha)) / 3) / Math.sqrt(alpha);
        const t4 = Math.sign(p - 0.5) * 2 * Math.sqrt(q - 1);
        expect(Math.abs(studentTQuantile(p, 4) - t4)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(t4)));
      }),
    );
  });

  it("studentTQuantile: inverts an independently integrated CDF (Simpson on the density), non-integer df", () => {
    for (const [p, df] of [[0.975, 3.5], [0.9, 0.8], [0.7, 17.25]] as const) {
      const t = studentTQuantile(p, df);
      // P(0 < T < t) by composite Simpson with 20 000 panels; the CDF is ½ + that.
      const N = 20000;
      const h = t / N;
      let s = studentTDensity(0, df) + studentTDensity(t, df);
      for (let k = 1; k < N; k++) s += (k % 2 === 1 ? 4 : 2) * studentTDensity(k * h, df);
      expect(Math.abs(0.5 + (s * h) / 3 - p)).toBeLessThan(1e-12);
      expect(Math.abs(studentTCdf(t, df) - p)).toBeLessThan(1e-15);
    }
  });

  it("studentTQuantile: is antisymmetric and increasing in p", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 0.5, noNaN: true }), fc.double({ min: 0.3, max: 300, noNaN: true }), (p, df) => {
        // 1 − p carries a rounding error of up to 1.1e-16, i.e. 1.1e-10 relative to p ≥ 1e-6; the tail quantile
        // amplifies relative errors by q/(t·f(t)) ≤ 1/ν + 1 < 5 for ν ≥ 0.3.
        const lo = studentTQuantile(p, df);
        expect(Math.abs(studentTQuantile(1 - p, df) + lo)).toBeLessThanOrEqual(1e-9 * Math.abs(lo) + 1e-15);
        expect(studentTQuantile(p, df)).toBeLessThanOrEqual(studentTQuantile(Math.min(p * 1.01, 0.5), df));
      }),
    );
  });

  it("studentTQuantile: rejects p outside (0, 1) and df <= 0", () => {
    expect(() => studentTQuantile(1, 3)).toThrow(InvalidParameterError);
    expect(() => studentTQuantile(0.5, 0)).toThrow("studentTQuantile: df (degrees of freedom) must be a number > 0 or Infinity; got 0");
    expect(() => studentTQuantile(Number.NaN, 3)).toThrow("studentTQuantile: p must be a probability in (0, 1); got NaN");
  });
});

describe("special functions", () => {
  it("logGamma: matches factorials and Γ(½) = √π", () => {
    let f = 0;
    for (let n = 1; n < 60; n++) {
      expect(Math.abs(logGamma(n) - f)).toBeLessThanOrEqual(2e-15 * Math.max(1, Math.abs(f)));
      f += Math.log(n);
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
  });

  it("regularizedBeta: I_x(1, 1) = x, I_x(a, 1) = x^a, symmetry I_x(a, b) = 1 − I_{1−x}(b, a)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.1, max: 50, noNaN: true }), (x, a) => {
        expect(regularizedBeta(1, 1, x)).toBeCloseTo(x, 14);
        expect(Math.abs(regularizedBeta(a, 1, x) - x ** a)).toBeLessThanOrEqual(1e-13 * (x ** a) + 1e-300);
        expect(regularizedBeta(a, 2.5, x) + regularizedBeta(2.5, a, 1 - x)).toBeCloseTo(1, 13);
      }),
    );
  });
});
