import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  InvalidParameterError,
  makeSchedule,
  SDE_FAMILIES,
  SDE_FAMILY_NAMES,
  UnknownVariantError,
  type Schedule,
  type SdeSpec,
} from "../../src/index.js";
import { expectClose, loadGolden } from "../golden.js";
import { integrateSplit } from "./quadrature.js";

const all = loadGolden("schedules_all.json");
const shared = loadGolden("schedules.json");

/** One parameter set per family (the golden `_gnz` ones), plus a cosine with a binding cap. */
const EXAMPLES: SdeSpec[] = [
  ...all.cases.filter((c: any) => c.id.endsWith("_gnz")).map((c: any) => c.inputs.sde as SdeSpec),
  ...all.cases.filter((c: any) => c.id.endsWith("_b")).map((c: any) => c.inputs.sde as SdeSpec),
  { family: "vp_cosine", s: 0.008, beta_cap: 20, T: 1 },
  { family: "vp_cosine", s: 0.01, T: 2 },
];

/** Time where a capped schedule's g² first equals its cap (bisection; T if never). */
function capTime(s: Schedule): number {
  const cap = s.params.beta_cap;
  if (s.g2(s.T) < cap) return s.T;
  let lo = 0;
  let hi = s.T;
  for (let i = 0; i < 200 && hi - lo > 0; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (s.g2(mid) >= cap) hi = mid;
    else lo = mid;
  }
  return hi;
}

function evalAll(s: Schedule, t: number[]) {
  return { f: t.map((x) => s.f(x)), g2: t.map((x) => s.g2(x)), a: t.map((x) => s.a(x)), b2: t.map((x) => s.b2(x)) };
}

describe("makeSchedule: golden schedules_all.json", () => {
  it("makeSchedule: covers all 14 families of the design table", () => {
    expect(SDE_FAMILY_NAMES.length).toBe(14);
    const golden = new Set(all.cases.map((c: any) => c.inputs.family));
    expect([...golden].sort()).toEqual([...SDE_FAMILY_NAMES].sort());
  });
  for (const c of all.cases) {
    it(`makeSchedule: ${c.id} matches f, g2, a, b2`, () => {
      const s = makeSchedule(c.inputs.sde);
      const got = evalAll(s, c.inputs.t);
      for (const k of ["f", "g2", "a", "b2"] as const) expectClose(c.id, k, got[k], c.expected[k], c.tolerance);
    });
  }
});

describe("makeSchedule: golden schedules.json", () => {
  for (const c of shared.cases) {
    it(`makeSchedule: ${c.id} matches f, g2, a, b2 and the prior variance`, () => {
      const { delta: _delta, ...params } = c.inputs.params;
      const s = makeSchedule({ family: c.inputs.family, ...params });
      const got = evalAll(s, c.inputs.t);
      for (const k of ["f", "g2", "a", "b2"] as const) expectClose(c.id, k, got[k], c.expected[k], c.tolerance);
      const prior = c.inputs.family.startsWith("vp_") ? 1 : s.b2(s.T);
      expectClose(c.id, "prior_var", prior, c.expected.prior_var, c.tolerance);
    });
  }
});

describe("makeSchedule: closed forms agree with quadrature of f and g²", () => {
  for (const sde of EXAMPLES) {
    const s = makeSchedule(sde);
    const T = s.T;
    // vp_cosine's β diverges at T: stay where the integrand is smooth.
    const top = sde.family === "vp_cosine" ? 0.95 * T : T;
    // The capped cosine's β has a kink where it reaches the cap: integrate piecewise around it.
    const kinks = sde.family === "vp_cosine" ? [capTime(s)] : [];
    const integrate = (fn: (t: number) => number, lo: number, hi: number, panels: number) =>
      integrateSplit(fn, lo, hi, kinks, panels);
    const I = (t: number) => integrate((u) => s.f(u), 0, t, 16);
    const label = `${sde.family}(${JSON.stringify(sde)})`;
    it(`schedule ${label}: a(0) = 1 and b2(0) = 0`, () => {
      expect(s.a(0)).toBe(1);
      expect(s.b2(0)).toBe(0);
    });
    it(`schedule ${label}: a_t = exp(-∫f), b_t² = a_t² ∫ g²/a_s² at several t`, () => {
      for (const frac of [1e-4, 0.013, 0.2, 0.5, 0.77, 1]) {
        const t = frac * top;
        const aq = Math.exp(-I(t));
        // b_t² = ∫_0^t e^{-2(I(t) - I(s))} g²(s) ds, with I(t) - I(s) = ∫_s^t f.
        const b2q = integrate((u) => Math.exp(-2 * integrate((v) => s.f(v), u, t, 4)) * s.g2(u), 0, t, 16);
        expectClose(label, `a(${t})`, s.a(t), aq, { rtol: 1e-10, atol: 0 });
        expectClose(label, `b2(${t})`, s.b2(t), b2q, { rtol: 1e-10, atol: 0 });
      }
    });
    it(`schedule ${label}: intF and intG2 agree with quadrature (property)`, () => {
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (u, v) => {
          const lo = Math.min(u, v) * top;
          const hi = Math.max(u, v) * top;
          expectClose(label, `intF(${lo},${hi})`, s.intF(lo, hi), integrate((x) => s.f(x), lo, hi, 8), { rtol: 1e-10, atol: 1e-300 });
          expectClose(label, `intG2(${lo},${hi})`, s.intG2(lo, hi), integrate((x) => s.g2(x), lo, hi, 8), { rtol: 1e-10, atol: 1e-300 });
        }),
        { numRuns: 60, seed: 42 },
      );
    });
    it(`schedule ${label}: VP families have g² = 2f and a² + b² = 1`, () => {
      if (!s.variancePreserving) return expect(SDE_FAMILIES[s.family as keyof typeof SDE_FAMILIES].kind).not.toBe("vp");
      for (const t of [0.001, 0.3, 0.9].map((x) => x * T)) {
        expect(s.g2(t)).toBeCloseTo(2 * s.f(t), 12);
        expect(s.a(t) ** 2 + s.b2(t)).toBeCloseTo(1, 14);
      }
    });
  }
});

describe("makeSchedule: vp_cosine cap", () => {
  it("vp_cosine: β is capped at beta_cap (default 999) and stays finite at T", () => {
    const s = makeSchedule({ family: "vp_cosine" });
    expect(s.params).toEqual({ s: 0.008, beta_cap: 999, T: 1 });
    expect(s.g2(1)).toBe(999);
    expect(s.g2(0.5)).toBeLessThan(999);
    expect(s.a(1)).toBeGreaterThan(0);
    const capped = makeSchedule({ family: "vp_cosine", beta_cap: 20 });
    expect(capped.g2(0.99)).toBe(20);
    // Continuity of β at the cap time and of B across it.
    const tc = [0.9, 0.95, 0.99].find((t) => capped.g2(t) === 20)!;
    expect(capped.intG2(0, 0.99)).toBeCloseTo(capped.intG2(0, tc) + capped.intG2(tc, 0.99), 14);
  });
  it("vp_cosine: a cap below β(0) gives a constant β", () => {
    const s = makeSchedule({ family: "vp_cosine", beta_cap: 0.001 });
    expect(s.g2(0)).toBe(0.001);
    expect(s.b2(0.5)).toBeCloseTo(-Math.expm1(-0.0005), 15);
  });
});

describe("makeSchedule: validation", () => {
  it("makeSchedule: unknown family lists the allowed families", () => {
    expect(() => makeSchedule({ family: "vp_quartic" })).toThrow(UnknownVariantError);
    expect(() => makeSchedule({ family: "vp_quartic" })).toThrow(/sde\.family: .*vp_constant, vp_linear.*ve_power; got "vp_quartic"/);
  });
  it("makeSchedule: every required parameter, when missing, is named", () => {
    for (const name of SDE_FAMILY_NAMES) {
      for (const q of SDE_FAMILIES[name].params) {
        if (q.default !== undefined) continue;
        const full = EXAMPLES.find((e) => e.family === name)!;
        const { [q.name]: _drop, ...rest } = full;
        expect(() => makeSchedule(rest as SdeSpec), `${name}.${q.name}`).toThrow(InvalidParameterError);
        expect(() => makeSchedule(rest as SdeSpec)).toThrow(new RegExp(`^sde\\.${q.name}: .* must be a finite number > 0 \\(required\\); got nothing$`));
      }
    }
  });
  it("makeSchedule: non-finite and non-positive parameters are rejected with the field name", () => {
    for (const bad of [0, -1, NaN, Infinity, "1" as unknown as number]) {
      expect(() => makeSchedule({ family: "vp_linear", beta_min: bad, beta_max: 20 })).toThrow(/^sde\.beta_min: .* must be a finite number > 0/);
      expect(() => makeSchedule({ family: "ve", sigma_min: 0.01, sigma_max: 50, T: bad })).toThrow(/^sde\.T: /);
      expect(() => makeSchedule({ family: "vp_cosine", s: bad })).toThrow(/^sde\.s: /);
    }
  });
  it("makeSchedule: ordered parameters must be ordered", () => {
    expect(() => makeSchedule({ family: "vp_linear", beta_min: 20, beta_max: 0.1 })).toThrow(/^sde\.beta_max: beta_max must be > sde\.beta_min = 20; got 0\.1$/);
    expect(() => makeSchedule({ family: "ve_polynomial", sigma_min: 5, sigma_max: 5, rho: 2 })).toThrow(InvalidParameterError);
  });
  it("makeSchedule: a parameter the family does not take is rejected", () => {
    expect(() => makeSchedule({ family: "vp_constant", c: 1, beta_min: 0.1 })).toThrow(/^sde\.beta_min: parameter must be one of c, T for family vp_constant/);
  });
  it("makeSchedule: defaults fill T and resolved params are exposed", () => {
    const s = makeSchedule({ family: "vp_linear", beta_min: 0.1, beta_max: 20 });
    expect(s.T).toBe(1);
    expect(s.params).toEqual({ beta_min: 0.1, beta_max: 20, T: 1 });
  });
});
