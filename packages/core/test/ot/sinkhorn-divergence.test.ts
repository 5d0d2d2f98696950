import { describe, expect, it } from "vitest";
import {
  costMatrixImpl,
  emdW2,
  entropicCostImpl,
  entropicSelfCostImpl,
  entropicTransportCost,
  InvalidParameterError,
  sinkhornDivergence,
} from "../../src/index.js";
import { expectClose, loadGolden } from "../golden.js";
import { cloudOf, normalCloud, thrown } from "./clouds.js";

const golden = loadGolden("estimators.json");
const cases = golden.cases.filter((c: any) => c.expected.sinkhorn_divergence !== undefined);

describe("sinkhornDivergence: golden estimators.json (POT convention)", () => {
  it("sinkhornDivergence: the golden file has Sinkhorn cases", () => expect(cases.length).toBeGreaterThanOrEqual(2));
  for (const c of cases) {
    it(`sinkhornDivergence: ${c.id} matches the divergence, w2_estimate and the three losses`, () => {
      const r = sinkhornDivergence(cloudOf(c.inputs.x), cloudOf(c.inputs.y), { reg: c.inputs.reg });
      expect(r.converged).toBe(true);
      expectClose(c.id, "sinkhorn_divergence", r.sinkhorn_divergence, c.expected.sinkhorn_divergence, c.tolerance);
      expectClose(c.id, "w2_estimate", r.w2, c.expected.w2_estimate, c.tolerance);
      expectClose(c.id, "loss_xy", r.loss_xy, c.expected.loss_xy, c.tolerance);
      expectClose(c.id, "loss_xx", r.loss_xx, c.expected.loss_xx, c.tolerance);
      expectClose(c.id, "loss_yy", r.loss_yy, c.expected.loss_yy, c.tolerance);
      expect(r.reg).toBe(c.inputs.reg);
    });
  }
});

describe("sinkhornDivergence: small regularisation (log domain, ε-scaling)", () => {
  // For a converged entropic plan P_ε: W2² <= ⟨P_ε, C⟩ <= W2² + ε·log(n·m) (compare P_ε with an optimal P* in the
  // entropic objective; the entropy of a coupling lies in [0, log(n·m)]); the self terms lie in [0, ε·log(n²)].
  // Hence |S_ε − W2²| <= ε·(log(n·m) + log(n)) for n = m, up to the marginal error times max C.
  const c = cases[0];
  const x = cloudOf(c.inputs.x);
  const y = cloudOf(c.inputs.y);
  const exact2 = emdW2(x, y).w2_squared;
  for (const reg of [1e-3, 1e-4, 1e-6, 1e-9]) {
    it(`sinkhornDivergence: ε = ${reg} gives a finite value within ε·log bounds of the exact W2²`, () => {
      const r = sinkhornDivergence(x, y, { reg, maxIter: 20000 });
      for (const v of [r.sinkhorn_divergence, r.loss_xy, r.loss_xx, r.loss_yy, r.w2]) expect(Number.isFinite(v)).toBe(true);
      const n = x.n;
      const bound = reg * (Math.log(n * n) + Math.log(n)) + 1e-4; // 1e-4: the marginal error allowed (≤ 1e-7) × max C (< 100)
      expect(Math.abs(r.sinkhorn_divergence - exact2)).toBeLessThanOrEqual(bound);
      expect(r.loss_xy).toBeGreaterThanOrEqual(exact2 - 1e-4);
    });
  }

  it("entropicCostImpl: never NaN, even when every kernel entry underflows at the start (ε = 1e-12, far clouds)", () => {
    const x = normalCloud(20, 2, 1, "x");
    const y = normalCloud(20, 2, 1, "y", 1, 30); // squared distances ~ 1800: exp(−C/ε) = 0 for all pairs
    const r = entropicTransportCost(x, y, { reg: 1e-12, maxIter: 2000 });
    expect(Number.isFinite(r.cost)).toBe(true);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.cost - emdW2(x, y).w2_squared)).toBeLessThanOrEqual(1e-9 * r.cost);
  });
});

describe("entropicCostImpl: solver", () => {
  it("entropicCostImpl: the plan's marginals hold at the returned error and agree with the symmetric solver on x = y", () => {
    const x = normalCloud(80, 3, 2, "x");
    const C = costMatrixImpl(x, x, 2, new Float64Array(80 * 80));
    const a = new Float64Array(80).fill(1 / 80);
    const two = entropicCostImpl(80, 80, a, a, C, 0.5, 1e-12, 100000);
    const sym = entropicSelfCostImpl(80, a, C, 0.5, 1e-12, 100000);
    expect(two.converged && sym.converged).toBe(true);
    expect(Math.abs(two.cost - sym.cost)).toBeLessThanOrEqual(1e-9 * sym.cost);
    // The symmetric solver needs far fewer iterations (averaged updates).
    expect(sym.iterations).toBeLessThan(two.iterations);
  });

  it("entropicCostImpl: the cost decreases to W2² as ε decreases, and is >= W2²", () => {
    const x = normalCloud(40, 2, 3, "x");
    const y = normalCloud(40, 2, 3, "y", 1.5, 0.5);
    const exact = emdW2(x, y).w2_squared;
    let prev = Infinity;
    for (const reg of [4, 1, 0.25, 0.0625]) {
      const r = entropicTransportCost(x, y, { reg, stopThr: 1e-12 });
      expect(r.cost).toBeGreaterThanOrEqual(exact - 1e-9);
      expect(r.cost).toBeLessThan(prev);
      prev = r.cost;
    }
  });

  it("entropicCostImpl: reports non-convergence honestly at the iteration cap", () => {
    const x = normalCloud(30, 2, 4, "x");
    const y = normalCloud(30, 2, 4, "y", 1, 0.3);
    const r = entropicTransportCost(x, y, { reg: 0.01, maxIter: 3, stopThr: 1e-15 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBeLessThanOrEqual(3);
    expect(r.marginal_error).toBeGreaterThan(1e-15);
    expect(Number.isFinite(r.cost)).toBe(true);
  });
});

describe("sinkhornDivergence: laws and bad input", () => {
  it("sinkhornDivergence: is symmetric and zero for identical clouds", () => {
    const x = normalCloud(50, 3, 5, "x");
    const y = normalCloud(60, 3, 5, "y", 2);
    const a = sinkhornDivergence(x, y, { reg: 0.3, stopThr: 1e-12 });
    const b = sinkhornDivergence(y, x, { reg: 0.3, stopThr: 1e-12 });
    expect(a.sinkhorn_divergence).toBeCloseTo(b.sinkhorn_divergence, 9);
    const z = sinkhornDivergence(x, { n: x.n, d: x.d, data: x.data.slice() }, { reg: 0.3, stopThr: 1e-12 });
    expect(Math.abs(z.sinkhorn_divergence)).toBeLessThan(1e-9);
    expect(z.w2).toBeLessThan(1e-4);
  });

  it("sinkhornDivergence: rejects a missing or non-positive reg and bad clouds", () => {
    const x = normalCloud(5, 2, 6, "x");
    let e = thrown(() => sinkhornDivergence(x, x, { reg: 0 }));
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e.message).toBe("sinkhornDivergence: options.reg must be a finite number > 0; got 0");
    e = thrown(() => sinkhornDivergence(x, x, {} as never));
    expect(e.message).toBe("sinkhornDivergence: options.reg must be a finite number > 0; got nothing");
    e = thrown(() => sinkhornDivergence(x, normalCloud(5, 3, 6, "y"), { reg: 1 }));
    expect(e.message).toBe("sinkhornDivergence: x and y must be of the same dimension; got dimensions 2 and 3");
  });
});
