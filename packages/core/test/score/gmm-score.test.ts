import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveGmmData, type GmmData } from "../../src/data/gmm-data.js";
import { makeSchedule } from "../../src/schedule/make-schedule.js";
import { gaussianDiagScore } from "../../src/score/gaussian-score.js";
import { gmmScore, gmmScoreFn, gmmScoreScratchLength } from "../../src/score/gmm-score.js";
import type { GmmDataSpec, SdeSpec } from "../../src/spec.js";
import { expectClose, loadGolden } from "../golden.js";

interface GmmCase {
  id: string;
  inputs: { sde: SdeSpec & Record<string, number>; data: GmmDataSpec; queries: Array<{ t: number; x: number[] }> };
  expected: { score: number[][] };
  tolerance: { rtol: number; atol: number };
}

/** a_t and b_t² straight from the golden `conventions.families` (independent of the schedule module). */
function coefs(sde: Record<string, number | string>, t: number): { a: number; b2: number } {
  if (sde.family === "vp_linear") {
    const bmin = sde.beta_min as number;
    const bmax = sde.beta_max as number;
    const B = bmin * t + ((bmax - bmin) * t * t) / 2;
    return { a: Math.exp(-B / 2), b2: -Math.expm1(-B) };
  }
  if (sde.family === "ve") {
    const smin = sde.sigma_min as number;
    const r = (sde.sigma_max as number) / smin;
    return { a: 1, b2: smin * smin * Math.expm1(2 * t * Math.log(r)) };
  }
  throw new Error(`unexpected family ${sde.family}`);
}

/** log p_t(x) up to a constant, by direct log-sum-exp (for finite differences). */
function logDensity(g: GmmData, a: number, b2: number, x: Float64Array): number {
  const d = g.dim;
  const l: number[] = [];
  for (let j = 0; j < g.k; j++) {
    let s = g.logWeights[j];
    for (let i = 0; i < d; i++) {
      const v = a * a * g.stds[j * d + i] ** 2 + b2;
      s -= 0.5 * Math.log(v) + (x[i] - a * g.means[j * d + i]) ** 2 / (2 * v);
    }
    l.push(s);
  }
  const m = Math.max(...l);
  return m + Math.log(l.reduce((acc, v) => acc + Math.exp(v - m), 0));
}

const golden = loadGolden<{ cases: GmmCase[] }>("gmm_score.json");

describe("gmmScore", () => {
  it.each(golden.cases.map((c) => [c.id, c] as const))("gmmScore: golden gmm_score.json case %s (every query, case tolerance)", (_id, c) => {
    const g = resolveGmmData(c.inputs.data);
    const d = g.dim;
    const scratch = new Float64Array(gmmScoreScratchLength(g.k, d));
    const got: number[][] = [];
    for (const q of c.inputs.queries) {
      const { a, b2 } = coefs(c.inputs.sde, q.t);
      const out = new Float64Array(d);
      gmmScore(1, d, Float64Array.from(q.x), a, b2, g, scratch, out);
      got.push(Array.from(out));
    }
    expectClose(c.id, "score", got, c.expected.score, c.tolerance);
  });

  it("gmmScore: a batch of all of a case's queries at one time equals the one-at-a-time results bit for bit", () => {
    const c = golden.cases.find((k) => k.id.includes("d5"))!;
    const g = resolveGmmData(c.inputs.data);
    const d = g.dim;
    const scratch = new Float64Array(gmmScoreScratchLength(g.k, d));
    const qs = c.inputs.queries.filter((q) => q.t === c.inputs.queries[0].t);
    const x = Float64Array.from(qs.flatMap((q) => q.x));
    const { a, b2 } = coefs(c.inputs.sde, qs[0].t);
    const batch = gmmScore(qs.length, d, x, a, b2, g, scratch, new Float64Array(x.length));
    for (let p = 0; p < qs.length; p++) {
      const one = gmmScore(1, d, Float64Array.from(qs[p].x), a, b2, g, scratch, new Float64Array(d));
      expect(Array.from(batch.subarray(p * d, (p + 1) * d))).toEqual(Array.from(one));
    }
  });

  it("gmmScore: with one component it is the Gaussian score", () => {
    const g = resolveGmmData({ kind: "gmm", weights: [1], means: [[0.5, -1, 2]], stds: [[0.3, 1, 2.5]] });
    const x = Float64Array.from([0.1, 0.2, 0.3, -4, 5, 6]);
    const got = gmmScore(2, 3, x, 0.7, 0.4, g, new Float64Array(gmmScoreScratchLength(1, 3)), new Float64Array(6));
    const want = gaussianDiagScore(2, 3, x, 0.7, 0.4, g.means, g.stds, new Float64Array(6), new Float64Array(6));
    for (let i = 0; i < 6; i++) expect(got[i]).toBeCloseTo(want[i], 13);
  });

  it("gmmScore: is the gradient of log p_t (central differences, random mixtures and points)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 40, maxLength: 40 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        (k, d, r, a, b2) => {
          const w = Array.from({ length: k }, (_, j) => 1 + Math.abs(r[j]));
          const sw = w.reduce((s, v) => s + v, 0);
          const spec: GmmDataSpec = {
            kind: "gmm",
            weights: w.map((v) => v / sw),
            means: Array.from({ length: k }, (_, j) => Array.from({ length: d }, (_, i) => r[4 + j * 3 + i])),
            stds: Array.from({ length: k }, (_, j) => Array.from({ length: d }, (_, i) => 0.2 + Math.abs(r[20 + j * 3 + i]) / 2)),
          };
          const g = resolveGmmData(spec);
          const x = Float64Array.from({ length: d }, (_, i) => r[36 + i]);
          const s = gmmScore(1, d, x, a, b2, g, new Float64Array(gmmScoreScratchLength(k, d)), new Float64Array(d));
          for (let i = 0; i < d; i++) {
            const h = 1e-5;
            const xp = Float64Array.from(x);
            const xm = Float64Array.from(x);
            xp[i] += h;
            xm[i] -= h;
            const fd = (logDensity(g, a, b2, xp) - logDensity(g, a, b2, xm)) / (2 * h);
            expect(Math.abs(s[i] - fd)).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
          }
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it("gmmScore: finite in the far tail where every component density underflows (|x| = 1e3, t small)", () => {
    const g = resolveGmmData({ kind: "gmm", weights: [0.5, 0.5], means: [[-1], [1]], stds: 0.1 });
    const out = gmmScore(2, 1, Float64Array.from([1e3, -1e3]), 1, 1e-6, g, new Float64Array(8), new Float64Array(2));
    // Dominated by the nearest component: −(x − μ)/(s² + b²).
    expect(out[0]).toBeCloseTo(-(1e3 - 1) / (0.01 + 1e-6), 6);
    expect(out[1]).toBeCloseTo((1e3 - 1) / (0.01 + 1e-6), 6);
  });

  it("gmmScore: a zero-weight component has no influence", () => {
    const g0 = resolveGmmData({ kind: "gmm", weights: [1, 0], means: [[0], [0.1]], stds: [1, 0.01] });
    const g1 = resolveGmmData({ kind: "gmm", weights: [1], means: [[0]], stds: 1 });
    const x = Float64Array.from([0.1, 2]);
    const a = gmmScore(2, 1, x, 1, 0, g0, new Float64Array(8), new Float64Array(2));
    const b = gmmScore(2, 1, x, 1, 0, g1, new Float64Array(8), new Float64Array(2));
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it("gmmScoreFn: evaluates a_t, b_t² from the schedule", () => {
    const c = golden.cases[0];
    const g = resolveGmmData(c.inputs.data);
    const fn = gmmScoreFn(g, makeSchedule(c.inputs.sde));
    const q = c.inputs.queries.find((qq) => qq.t === 0.3)!;
    const out = new Float64Array(1);
    fn(1, 1, Float64Array.from(q.x), 0.3, out);
    const idx = c.inputs.queries.indexOf(q);
    expectClose(c.id, `score[${idx}] via makeSchedule`, out[0], c.expected.score[idx][0], c.tolerance);
  });
});
