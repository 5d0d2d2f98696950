import { describe, expect, it } from "vitest";
import {
  InvalidParameterError,
  makeSchedule,
  stepCoefficients,
  timeGrid,
  UnknownVariantError,
  UnsupportedError,
  type SamplerScheme,
} from "../../src/index.js";
import { expectClose, loadGolden } from "../golden.js";

const schemes = loadGolden("exact_iterate_schemes.json");

describe("stepCoefficients: golden derived.steps_K10", () => {
  for (const c of schemes.cases) {
    it(`stepCoefficients: ${c.id} t_k, F_k and G_k for K = 10`, () => {
      const s = makeSchedule(c.point.sde);
      const k10 = c.derived.steps_K10;
      const co = stepCoefficients(s, c.inputs.scheme, 10, c.point.sampler.delta);
      expectClose(c.id, "t_k", co.t.subarray(0, 10), k10.t_k, c.tolerance);
      const F = Array.from({ length: 10 }, (_, k) => s.intF(co.t[k + 1], co.t[k]));
      expectClose(c.id, "F_k", F, k10.F_k, c.tolerance);
      if (k10.G_k) expectClose(c.id, "G_k", Array.from({ length: 10 }, (_, k) => s.intG2(co.t[k + 1], co.t[k])), k10.G_k, c.tolerance);
      // The stored coefficients are the scheme's update rule (golden conventions em_integral / exponential).
      for (let k = 0; k < 10; k++) {
        if (c.inputs.scheme === "em_integral") {
          const G = s.intG2(co.t[k + 1], co.t[k]);
          expectClose(c.id, `drift[${k}]`, co.drift[k], 1 + F[k], c.tolerance);
          expectClose(c.id, `scoreGain[${k}]`, co.scoreGain[k], G, c.tolerance);
          expectClose(c.id, `noiseStd[${k}]`, co.noiseStd[k], Math.sqrt(G), c.tolerance);
        } else {
          expectClose(c.id, `drift[${k}]`, co.drift[k], Math.exp(F[k]), c.tolerance);
          expectClose(c.id, `scoreGain[${k}]`, co.scoreGain[k], 2 * (Math.exp(F[k]) - 1), c.tolerance);
          expectClose(c.id, `noiseStd[${k}]`, co.noiseStd[k], Math.sqrt(Math.exp(2 * F[k]) - 1), c.tolerance);
        }
      }
    });
  }
});

describe("stepCoefficients: schemes", () => {
  const vp = makeSchedule({ family: "vp_linear", beta_min: 0.1, beta_max: 20 });
  it("timeGrid: t_k = T - k*eta computed directly, t_K = delta to rounding", () => {
    const g = timeGrid(1, 1e-3, 7);
    expect(g.eta).toBe((1 - 1e-3) / 7);
    for (let k = 0; k <= 7; k++) expect(g.t[k]).toBe(1 - k * g.eta);
    expect(g.t[7]).toBeCloseTo(1e-3, 15);
  });
  it("stepCoefficients: em_point uses point values of f and g² at t_k", () => {
    const co = stepCoefficients(vp, "em_point", 5, 1e-3);
    for (let k = 0; k < 5; k++) {
      expect(co.drift[k]).toBe(1 + co.eta * vp.f(co.t[k]));
      expect(co.scoreGain[k]).toBe(co.eta * vp.g2(co.t[k]));
      expect(co.noiseVar[k]).toBe(co.scoreGain[k]);
      expect(co.noiseStd[k]).toBe(Math.sqrt(co.noiseVar[k]));
    }
    expect(co.correctorDrift).toBeNull();
  });
  it("stepCoefficients: pf_ode_heun has zero noise and a corrector at t_{k+1}", () => {
    const co = stepCoefficients(vp, "pf_ode_heun", 5, 1e-3);
    for (let k = 0; k < 5; k++) {
      expect(co.noiseStd[k]).toBe(0);
      expect(co.scoreGain[k]).toBe(0.5 * co.eta * vp.g2(co.t[k]));
      expect(co.correctorDrift![k]).toBe(1 + co.eta * vp.f(co.t[k + 1]));
      expect(co.correctorScoreGain![k]).toBe(0.5 * co.eta * vp.g2(co.t[k + 1]));
    }
  });
  it("stepCoefficients: exponential and em_integral agree to first order in eta", () => {
    const K = 4000;
    const e = stepCoefficients(vp, "exponential", K, 1e-3);
    const i = stepCoefficients(vp, "em_integral", K, 1e-3);
    for (const k of [0, 1000, 3999]) {
      expect(Math.abs(e.drift[k] - i.drift[k])).toBeLessThan(10 * i.scoreGain[k] ** 2);
      expect(Math.abs(e.scoreGain[k] - i.scoreGain[k])).toBeLessThan(10 * i.scoreGain[k] ** 2);
    }
  });
});

describe("stepCoefficients: validation", () => {
  const vp = makeSchedule({ family: "vp_constant", c: 10 });
  const ve = makeSchedule({ family: "ve", sigma_min: 0.01, sigma_max: 50 });
  it("stepCoefficients: steps must be an integer >= 1 (sampler.steps)", () => {
    for (const K of [0, -1, 2.5, NaN]) {
      expect(() => stepCoefficients(vp, "em_point", K, 1e-3)).toThrow(InvalidParameterError);
      expect(() => stepCoefficients(vp, "em_point", K, 1e-3)).toThrow(/^sampler\.steps: /);
    }
  });
  it("stepCoefficients: delta must lie in (0, T) (sampler.delta)", () => {
    for (const d of [0, -1e-3, 1, 2, NaN]) expect(() => stepCoefficients(vp, "em_point", 10, d)).toThrow(/^sampler\.delta: .*\(0, T\) = \(0, 1\)/);
  });
  it("stepCoefficients: unknown scheme lists the schemes", () => {
    expect(() => stepCoefficients(vp, "rk4" as SamplerScheme, 10, 1e-3)).toThrow(UnknownVariantError);
    expect(() => stepCoefficients(vp, "rk4" as SamplerScheme, 10, 1e-3)).toThrow(/em_point, em_integral, exponential, pf_ode_heun; got "rk4"/);
  });
  it("stepCoefficients: exponential needs a VP schedule", () => {
    expect(() => stepCoefficients(ve, "exponential", 10, 1e-5)).toThrow(UnsupportedError);
    expect(() => stepCoefficients(makeSchedule({ family: "ou", alpha: 1, sigma: 1.5 }), "exponential", 10, 1e-3)).toThrow(UnsupportedError);
    expect(() => stepCoefficients(makeSchedule({ family: "ou", alpha: 0.5, sigma: 1 }), "exponential", 10, 1e-3)).not.toThrow();
  });
});
