import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { makeSchedule } from "@scoresweep/core";
import { contractionIntegral, gnzHorizon } from "../../src/reproductions/gnz-horizon-rule.js";

describe("contractionIntegral", () => {
  it("contractionIntegral: VP data N(0, I) gives μ = β/2, so ∫μ = B(T)/2 (papers.md §1(d))", () => {
    // σ0 = 1: a_t² + b_t² = 1 for VP, so μ = β − β/2.
    const s = makeSchedule({ family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1.3 });
    const B = 0.1 * 1.3 + (19.9 * 1.3 * 1.3) / 2;
    expect(contractionIntegral(s, 1, 1.3)).toBeCloseTo(B / 2, 9);
  });

  it("contractionIntegral: resolves the boundary layer of ve_const, ∫μ = ln((σ0² + a²T)/σ0²)", () => {
    const s = makeSchedule({ family: "ve_const", a: 50, T: 0.02 });
    expect(contractionIntegral(s, 0.5, 0.02)).toBeCloseTo(Math.log((0.25 + 2500 * 0.02) / 0.25), 8);
  });
});

describe("gnzHorizon", () => {
  it("gnzHorizon: OU with σ² = 2α and σ0 = 1 has μ = α, so T = ln(2√d/ε)/α", () => {
    const T = gnzHorizon({ family: "ou", alpha: 2, sigma: 2 }, 1, 100, 0.1)!;
    expect(T).toBeCloseTo(Math.log((2 * 10) / 0.1) / 2, 9);
  });

  it("gnzHorizon: ve_const gives T = σ0²(2√d/ε − 1)/a² (e^{−∫μ} = σ0²/(σ0² + a²T))", () => {
    for (const [d, eps] of [[1, 0.5], [100, 0.1], [1000, 0.01]] as const) {
      const T = gnzHorizon({ family: "ve_const", a: 50 }, 0.5, d, eps)!;
      const want = (0.25 * ((2 * Math.sqrt(d)) / eps - 1)) / 2500;
      expect(Math.abs(T - want) / want).toBeLessThan(1e-8);
    }
  });

  it("gnzHorizon: 0 when the rule holds at T → 0, and the share is respected", () => {
    expect(gnzHorizon({ family: "vp_linear", beta_min: 0.1, beta_max: 20 }, 0.5, 1, 4)).toBe(0);
    const half = gnzHorizon({ family: "ou", alpha: 2, sigma: 2 }, 1, 100, 0.1)!;
    const all = gnzHorizon({ family: "ou", alpha: 2, sigma: 2 }, 1, 100, 0.1, { share: 1 })!;
    expect(half - all).toBeCloseTo(Math.log(2) / 2, 9);
  });

  it("gnzHorizon: grows with d and with 1/ε", () => {
    const sde = { family: "vp_exponential", beta_min: 0.1, beta_max: 30 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), (d, eps) => {
        const T = gnzHorizon(sde, 0.5, d, eps)!;
        expect(gnzHorizon(sde, 0.5, 2 * d, eps)!).toBeGreaterThanOrEqual(T);
        expect(gnzHorizon(sde, 0.5, d, eps / 2)!).toBeGreaterThanOrEqual(T);
      }),
      { numRuns: 25 },
    );
  });
});
