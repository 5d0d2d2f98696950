import { describe, expect, it } from "vitest";
import {
  exactOracle,
  InvalidParameterError,
  makeSchedule,
  UnknownVariantError,
  UnsupportedError,
  type PointSpec,
} from "../../src/index.js";

const base: PointSpec = {
  sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
  data: { kind: "gaussian", dim: 2, mean: 1, std: 0.5 },
  score: { kind: "exact" },
  sampler: { scheme: "em_point", steps: 50 },
  metric: { estimator: "exact" },
};
const edit = (f: (p: any) => void): PointSpec => {
  const p = structuredClone(base);
  f(p);
  return p;
};

describe("exactOracle: defaults", () => {
  it("exactOracle: VP defaults delta = 1e-3, prior_var = 1, target p0", () => {
    const r = exactOracle(base);
    expect(r.delta).toBe(1e-3);
    expect(r.prior_var).toBe(1);
    expect(r.target).toBe("p0");
    expect(r.eta).toBe((1 - 1e-3) / 50);
    expect(r.w2 ** 2).toBeCloseTo(r.w2_mean_part + r.w2_std_part, 15);
  });
  it("exactOracle: VE defaults delta = 1e-5 and prior_var = b_T²; ou uses 1e-3 and b_T²", () => {
    const ve = exactOracle(edit((p) => (p.sde = { family: "ve", sigma_min: 0.01, sigma_max: 50 })));
    expect(ve.delta).toBe(1e-5);
    expect(ve.prior_var).toBe(makeSchedule({ family: "ve", sigma_min: 0.01, sigma_max: 50 }).b2(1));
    const ou = exactOracle(edit((p) => (p.sde = { family: "ou", alpha: 1, sigma: 1.5, T: 5 })));
    expect(ou.delta).toBe(1e-3);
    expect(ou.prior_var).toBeCloseTo(1.1249489250790172, 15);
  });
  it("exactOracle: explicit defaults give the same answer as implicit ones", () => {
    const explicit = exactOracle(edit((p) => (p.sampler = { ...p.sampler, delta: 1e-3, prior_var: 1 })));
    expect(explicit).toEqual(exactOracle(base));
  });
  it("exactOracle: a scale error of 0 and a bias of size 0 change nothing", () => {
    const r = exactOracle(base);
    expect(exactOracle(edit((p) => (p.score.error = { kind: "scale", size: 0 }))).w2).toBe(r.w2);
    expect(exactOracle(edit((p) => (p.score.error = { kind: "bias", size: 0 }))).w2).toBe(r.w2);
    expect(exactOracle(edit((p) => (p.score.error = { kind: "bias", size: 0.5 }))).w2).toBeGreaterThan(r.w2);
  });
  it("exactOracle: iso data in high dimension equals √d times one coordinate", () => {
    const one = exactOracle(edit((p) => (p.data.dim = 1)));
    const many = exactOracle(edit((p) => (p.data.dim = 10000)));
    expect(many.w2).toBeCloseTo(100 * one.w2, 12);
    expect(many.iterate.mean.length).toBe(10000);
  });
});

describe("exactOracle: noise score error", () => {
  const noisy = (size: number, seed?: number) => edit((p) => (p.score.error = seed === undefined ? { kind: "noise", size } : { kind: "noise", size, seed }));
  it("exactOracle: a seeded noise field is frozen, of size 0 changes nothing, and costs accuracy", () => {
    const clean = exactOracle(base);
    expect(exactOracle(noisy(0, 3)).w2).toBe(clean.w2);
    const a = exactOracle(noisy(0.5, 3));
    expect(exactOracle(noisy(0.5, 3))).toEqual(a);
    expect(a.w2).toBeGreaterThan(clean.w2);
    expect(exactOracle(noisy(0.5, 4)).w2).not.toBe(a.w2);
  });
  it("exactOracle: without a seed the point key selects the field", () => {
    const k1 = { k0: 1, k1: 2 };
    const r1 = exactOracle(noisy(0.5), { pointKey: k1 });
    expect(exactOracle(noisy(0.5), { pointKey: { k0: 1, k1: 2 } })).toEqual(r1);
    expect(exactOracle(noisy(0.5), { pointKey: { k0: 9, k1: 2 } }).w2).not.toBe(r1.w2);
  });
});

describe("exactOracle: validation", () => {
  it("exactOracle: sampler.steps is required and must be an integer >= 1", () => {
    for (const steps of [0, undefined, 1.5, -3]) {
      const p = edit((q) => (q.sampler.steps = steps));
      expect(() => exactOracle(p)).toThrow(InvalidParameterError);
      expect(() => exactOracle(p)).toThrow(/^sampler\.steps: /);
    }
  });
  it("exactOracle: sampler.delta in (0, T), prior_var > 0", () => {
    expect(() => exactOracle(edit((p) => (p.sampler.delta = 0)))).toThrow(/^sampler\.delta: /);
    expect(() => exactOracle(edit((p) => (p.sampler.delta = 1)))).toThrow(/^sampler\.delta: /);
    expect(() => exactOracle(edit((p) => (p.sampler.prior_var = 0)))).toThrow(/^sampler\.prior_var: /);
  });
  it("exactOracle: unknown scheme and target are UnknownVariantError", () => {
    expect(() => exactOracle(edit((p) => (p.sampler.scheme = "leapfrog")))).toThrow(UnknownVariantError);
    expect(() => exactOracle(edit((p) => (p.metric.target = "p_T")))).toThrow(/^metric\.target: .*p0, p_delta/);
  });
  it("exactOracle: unsupported combinations are UnsupportedError", () => {
    expect(() => exactOracle(edit((p) => (p.data = { kind: "gmm", weights: [1], means: [[0, 0]], stds: 1 })))).toThrow(UnsupportedError);
    expect(() => exactOracle(edit((p) => (p.score.kind = "ou_mc")))).toThrow(/^score\.kind: /);
    expect(() => exactOracle(edit((p) => (p.score.error = { kind: "noise", size: 0.1 })))).toThrow(/^score\.error\.seed: /);
    expect(() => exactOracle(edit((p) => ((p.sde = { family: "ve_const", a: 2 }), (p.sampler.scheme = "exponential"))))).toThrow(UnsupportedError);
  });
  it("exactOracle: schedule and data errors name their fields", () => {
    expect(() => exactOracle(edit((p) => (p.sde.family = "vp_cubic")))).toThrow(/^sde\.family: /);
    expect(() => exactOracle(edit((p) => delete p.sde.beta_max))).toThrow(/^sde\.beta_max: /);
    expect(() => exactOracle(edit((p) => (p.data.std = [1, 2, 3])))).toThrow(/^data\.std: /);
    expect(() => exactOracle(edit((p) => (p.score.error = { kind: "bias", size: 0.1, direction: [1, 1] })))).toThrow(/^score\.error\.direction: /);
  });
});
