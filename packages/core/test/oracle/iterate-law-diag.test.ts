import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  exactOracle,
  iterateLawDiag,
  makeSchedule,
  stepCoefficients,
  type PointSpec,
  type SamplerScheme,
  type Schedule,
  type SdeSpec,
} from "../../src/index.js";
import { expectClose } from "../golden.js";

/**
 * The literal one-step update of each scheme, written from the formulas (papers.md §5.3, golden conventions) with
 * the score as a function — independent of `stepCoefficients` and of the oracle's recursion.
 */
function literalStep(
  s: Schedule,
  scheme: SamplerScheme,
  score: (y: number, t: number) => number,
  y: number,
  tk: number,
  tk1: number,
  xi: number,
): number {
  const eta = tk - tk1;
  switch (scheme) {
    case "em_point":
      return y + eta * (s.f(tk) * y + s.g2(tk) * score(y, tk)) + Math.sqrt(s.g2(tk) * eta) * xi;
    case "em_integral": {
      const F = s.intF(tk1, tk);
      const G = s.intG2(tk1, tk);
      return y + F * y + G * score(y, tk) + Math.sqrt(G) * xi;
    }
    case "exponential": {
      const F = s.intF(tk1, tk);
      return Math.exp(F) * y + 2 * (Math.exp(F) - 1) * score(y, tk) + Math.sqrt(Math.exp(2 * F) - 1) * xi;
    }
    case "pf_ode_heun": {
      // Reverse-time probability-flow ODE dy/dτ = f y + ½ g² s, Heun's method.
      const D = (x: number, t: number) => s.f(t) * x + 0.5 * s.g2(t) * score(x, t);
      const d0 = D(y, tk);
      const pred = y + eta * d0;
      return y + 0.5 * eta * (d0 + D(pred, tk1));
    }
  }
}

/** Law of one coordinate by pushing the mean and the linear part through the literal (affine) step. */
function literalLaw(
  s: Schedule,
  scheme: SamplerScheme,
  K: number,
  delta: number,
  m: number,
  lam: number,
  kappa: number,
  bias: number | ((t: number) => number),
  priorVar: number,
) {
  const e = typeof bias === "number" ? () => bias : bias;
  const score = (y: number, t: number) => ((1 + kappa) * -(y - s.a(t) * m)) / (s.a(t) ** 2 * lam + s.b2(t)) + e(t);
  const eta = (s.T - delta) / K;
  let mu = 0;
  let v = priorVar;
  for (let k = 0; k < K; k++) {
    const tk = s.T - k * eta;
    const tk1 = s.T - (k + 1) * eta;
    const base = literalStep(s, scheme, score, 0, tk, tk1, 0);
    const A = literalStep(s, scheme, score, 1, tk, tk1, 0) - base;
    const C = literalStep(s, scheme, score, 0, tk, tk1, 1) - base;
    mu = A * mu + base;
    v = A * A * v + C * C;
  }
  return { mu, v };
}

const SDES: SdeSpec[] = [
  { family: "vp_linear", beta_min: 0.1, beta_max: 20 },
  { family: "vp_cosine" },
  { family: "ou", alpha: 0.5, sigma: 1 },
  { family: "ve", sigma_min: 0.01, sigma_max: 50 },
  { family: "ve_power", a: 2, b: 0.5, c: 1 },
];

describe("iterateLawDiag: agrees with the literal update of every scheme", () => {
  it("iterateLawDiag: a time-varying bias table (noise model) matches the literal update", () => {
    const e = (t: number) => 0.3 * Math.sin(5 * t) - 0.1;
    for (const sde of SDES) {
      const s = makeSchedule(sde);
      for (const scheme of ["em_point", "em_integral", "exponential", "pf_ode_heun"] as SamplerScheme[]) {
        if (scheme === "exponential" && !s.variancePreserving) continue;
        const K = 17;
        const co = stepCoefficients(s, scheme, K, 1e-3);
        const table = new Float64Array(K + 1);
        for (let k = 0; k <= K; k++) table[k] = e(co.t[k]);
        const law = iterateLawDiag(co, s, Float64Array.of(0.7), Float64Array.of(0.3), { priorVar: 1.5, biasTable: table, scale: 0.1 });
        const ref = literalLaw(s, scheme, K, 1e-3, 0.7, 0.3, 0.1, e, 1.5);
        expectClose(`${sde.family}/${scheme}`, "mean", law.mean[0], ref.mu, { rtol: 1e-7, atol: 1e-9 * (1 + Math.abs(ref.mu)) });
        expectClose(`${sde.family}/${scheme}`, "var", law.var[0], ref.v, { rtol: 1e-7, atol: 1e-12 });
      }
    }
  });
  it("iterateLawDiag: a constant bias table equals the constant bias", () => {
    const s = makeSchedule({ family: "ve", sigma_min: 0.01, sigma_max: 50 });
    const co = stepCoefficients(s, "em_point", 40, 1e-5);
    const table = new Float64Array(2 * 41);
    for (let k = 0; k <= 40; k++) table.set([0.2, -0.1], 2 * k);
    const opts = { priorVar: s.b2(1) };
    const a = iterateLawDiag(co, s, Float64Array.of(1, 2), Float64Array.of(1, 4), { ...opts, biasTable: table });
    const b = iterateLawDiag(co, s, Float64Array.of(1, 2), Float64Array.of(1, 4), { ...opts, bias: Float64Array.of(0.2, -0.1) });
    expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
    expect(Array.from(a.var)).toEqual(Array.from(b.var));
  });
  it("iterateLawDiag: mean and variance for random data, bias and scale errors (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SDES),
        fc.constantFrom<SamplerScheme>("em_point", "em_integral", "exponential", "pf_ode_heun"),
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.05, max: 4, noNaN: true }),
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        (sde, scheme, K, m, lam, kappa, bias) => {
          const s = makeSchedule(sde);
          if (scheme === "exponential" && !s.variancePreserving) return;
          const delta = s.variancePreserving || s.family === "ou" ? 1e-3 : 1e-5;
          const priorVar = s.variancePreserving ? 1 : s.b2(s.T);
          const co = stepCoefficients(s, scheme, K, delta);
          const law = iterateLawDiag(co, s, Float64Array.of(m, 0.3), Float64Array.of(lam, 1), {
            priorVar,
            bias: Float64Array.of(bias, -bias),
            scale: kappa,
          });
          const ref = literalLaw(s, scheme, K, delta, m, lam, kappa, bias, priorVar);
          const id = `${sde.family}/${scheme}/K=${K}`;
          // Affine extraction by differences loses a few digits when |A| ≫ 1 (coarse grids): compare relatively.
          const tol = { rtol: 1e-7, atol: 1e-9 * (1 + Math.abs(ref.mu)) };
          expectClose(id, "mean", law.mean[0], ref.mu, tol);
          expectClose(id, "var", law.var[0], ref.v, { rtol: 1e-7, atol: 1e-12 });
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
  it("iterateLawDiag: writes into out and treats coordinates independently", () => {
    const s = makeSchedule({ family: "vp_linear", beta_min: 0.1, beta_max: 20 });
    const co = stepCoefficients(s, "em_point", 30, 1e-3);
    const out = { mean: new Float64Array(3), var: new Float64Array(3) };
    const r = iterateLawDiag(co, s, Float64Array.of(1, -1, 1), Float64Array.of(0.25, 0.25, 0.25), { priorVar: 1 }, out);
    expect(r).toBe(out);
    expect(r.mean[2]).toBe(r.mean[0]);
    expect(r.mean[1]).toBe(-r.mean[0]);
    expect(r.var[1]).toBe(r.var[0]);
  });
});

/** mulberry32 + Box–Muller: a seeded normal stream for the Monte Carlo check (test-only). */
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

describe("iterateLawDiag: Monte Carlo of the literal sampler", () => {
  it("iterateLawDiag: em_point with a scale error matches 40000 simulated paths within 4 standard errors", () => {
    const s = makeSchedule({ family: "vp_linear", beta_min: 0.1, beta_max: 20 });
    const K = 25;
    const delta = 1e-3;
    const m = 1.5;
    const lam = 0.5;
    const kappa = 0.3;
    const score = (y: number, t: number) => ((1 + kappa) * -(y - s.a(t) * m)) / (s.a(t) ** 2 * lam + s.b2(t));
    const z = normals(12345);
    const n = 40000;
    const eta = (s.T - delta) / K;
    let sum = 0;
    let sum2 = 0;
    for (let p = 0; p < n; p++) {
      let y = z();
      for (let k = 0; k < K; k++) y = literalStep(s, "em_point", score, y, s.T - k * eta, s.T - (k + 1) * eta, z());
      sum += y;
      sum2 += y * y;
    }
    const mean = sum / n;
    const variance = (sum2 - n * mean * mean) / (n - 1);
    const law = iterateLawDiag(stepCoefficients(s, "em_point", K, delta), s, Float64Array.of(m), Float64Array.of(lam), { priorVar: 1, scale: kappa });
    const v = law.var[0];
    expect(Math.abs(mean - law.mean[0])).toBeLessThan(4 * Math.sqrt(v / n));
    expect(Math.abs(variance - v)).toBeLessThan(4 * v * Math.sqrt(2 / (n - 1)));
  });
});

describe("iterateLawDiag: pf_ode_heun", () => {
  // Centred data and the exact prior p_T: the exact flow maps p_T onto p_δ, so W2 to p_δ is pure discretisation error.
  const sde: SdeSpec = { family: "vp_linear", beta_min: 0.1, beta_max: 20 };
  const s = makeSchedule(sde);
  const point = (scheme: SamplerScheme, K: number): PointSpec => ({
    sde,
    data: { kind: "gaussian", dim: 3, mean: 0, std: [0.5, 1, 2] },
    score: { kind: "exact" },
    sampler: { scheme, steps: K, delta: 1e-3, prior_var: s.a(1) ** 2 * 0.25 + s.b2(1) },
    metric: { estimator: "exact", target: "p_delta" },
  });
  it("pf_ode_heun: converges at second order (em_point at first order)", () => {
    // The prior is exact for std 0.5 only (std 1 would be stationary under VP and trivially exact).
    const one = (scheme: SamplerScheme, K: number) =>
      exactOracle({ ...point(scheme, K), data: { kind: "gaussian", dim: 1, mean: 0, std: 0.5 } }).w2;
    const heun = [400, 800, 1600].map((K) => one("pf_ode_heun", K));
    const em = [400, 800, 1600].map((K) => one("em_point", K));
    expect(heun[0] / heun[1]).toBeGreaterThan(3.6);
    expect(heun[1] / heun[2]).toBeGreaterThan(3.8);
    expect(em[1] / em[2]).toBeGreaterThan(1.8);
    expect(em[1] / em[2]).toBeLessThan(2.2);
    expect(heun[2]).toBeLessThan(em[2] / 10);
  });
  it("pf_ode_heun: the law is deterministic given y_0 (variance only rescales the prior)", () => {
    const r = exactOracle(point("pf_ode_heun", 200));
    expect(r.iterate.mean).toEqual([0, 0, 0]);
    // Heun with the exact score transports N(0, a_T² λ + b_T²) close to N(0, a_δ² λ + b_δ²) for λ = 0.25.
    expect(Math.abs(Math.sqrt(r.iterate.var![0]) - Math.sqrt(s.a(1e-3) ** 2 * 0.25 + s.b2(1e-3)))).toBeLessThan(1e-4);
  });
});
