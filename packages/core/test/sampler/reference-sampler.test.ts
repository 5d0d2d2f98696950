import { describe, expect, it } from "vitest";
import { resolveGaussianData } from "../../src/data/gaussian-data.js";
import { resolveGmmData } from "../../src/data/gmm-data.js";
import { iterateLawDiag } from "../../src/oracle/iterate-law-diag.js";
import { fillNormals } from "../../src/rng/fill-normals.js";
import { RNG_DOMAIN, streamKey, type StreamKey } from "../../src/rng/stream-key.js";
import { makeSchedule } from "../../src/schedule/make-schedule.js";
import type { Schedule } from "../../src/schedule/schedule.js";
import { stepCoefficients, type SamplerScheme } from "../../src/sampler/step-coefficients.js";
import { referenceSample, samplerNoisePosition, withScoreError } from "../../src/sampler/reference-sampler.js";
import { gaussianScoreFn, type BatchScoreFn } from "../../src/score/gaussian-score.js";
import { gmmScoreFn } from "../../src/score/gmm-score.js";
import { noiseErrorField, noiseErrorKey, noiseErrorTable } from "../../src/score/noise-error.js";
import { resolveScoreError, type ScoreError } from "../../src/score/score-error.js";
import type { ScoreErrorSpec, SdeSpec } from "../../src/spec.js";
import { bonferroniZ, columnMoments } from "../rng/stat-helpers.js";

const VP: SdeSpec = { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 };
const VE: SdeSpec = { family: "ve", sigma_min: 0.01, sigma_max: 50, T: 1 };
const D = 10;
const N = 20_000;
/** Anisotropic data N(m, diag(s²)) in d = 10. */
const DATA = resolveGaussianData({
  kind: "gaussian",
  dim: D,
  mean: Array.from({ length: D }, (_, i) => -1 + (3 * i) / (D - 1)),
  std: Array.from({ length: D }, (_, i) => 0.3 + (1.7 * i) / (D - 1)),
});
const VARIANCE = (DATA.std as Float64Array).map((s) => s * s);

interface Setup {
  schedule: Schedule;
  delta: number;
  priorVar: number;
}
function setup(sde: SdeSpec): Setup {
  const schedule = makeSchedule(sde);
  return sde.family === "ve"
    ? { schedule, delta: 1e-5, priorVar: schedule.b2(schedule.T) }
    : { schedule, delta: 1e-3, priorVar: 1 };
}

function keyFor(label: string): StreamKey {
  return streamKey(2024, label, RNG_DOMAIN.samplerNoise);
}

/**
 * Asserts that the per-coordinate sample mean and variance of x (n×d) agree with N(mean, diag(var)): each of
 * the 2d statistics within z standard errors, z Bonferroni-corrected for 2d tests at family-wise rate 1e-3
 * (and ≥ 4). SE(mean) = √(v/n); SE(variance) = v√(2/(n−1)) (the iterate law is exactly Gaussian).
 * Returns the largest |deviation|/SE seen, so power checks can use it.
 */
function maxStandardisedDeviation(x: Float64Array, n: number, d: number, law: { mean: Float64Array; var: Float64Array }): number {
  let worst = 0;
  for (let i = 0; i < d; i++) {
    const m = columnMoments(x, n, d, i);
    const v = law.var[i];
    worst = Math.max(worst, Math.abs(m.mean - law.mean[i]) / Math.sqrt(v / n), Math.abs(m.var - v) / (v * Math.sqrt(2 / (n - 1))));
  }
  return worst;
}

function expectMatchesLaw(label: string, x: Float64Array, n: number, d: number, law: { mean: Float64Array; var: Float64Array }): void {
  const z = bonferroniZ(2 * d);
  const worst = maxStandardisedDeviation(x, n, d, law);
  if (!(worst < z)) {
    const rows: string[] = [];
    for (let i = 0; i < d; i++) {
      const m = columnMoments(x, n, d, i);
      rows.push(`  coord ${i}: mean ${m.mean} vs ${law.mean[i]}, var ${m.var} vs ${law.var[i]}`);
    }
    throw new Error(`${label}: max |deviation|/SE = ${worst} >= ${z}\n${rows.join("\n")}`);
  }
}

function run(sde: SdeSpec, scheme: SamplerScheme, K: number, error: ScoreErrorSpec | undefined, label: string) {
  const { schedule, delta, priorVar } = setup(sde);
  const coeffs = stepCoefficients(schedule, scheme, K, delta);
  const resolved: ScoreError = resolveScoreError(error, D);
  const pointKey = streamKey(2024, label);
  const noise =
    resolved.kind === "noise" ? noiseErrorField(resolved.size, D, schedule.T, noiseErrorKey(resolved.seed, pointKey)) : null;
  const score = withScoreError(gaussianScoreFn(DATA, schedule), resolved, noise);
  const res = referenceSample({ coeffs, score, n: N, d: D, priorVar, key: keyFor(label) });
  if (res.diverged) throw new Error(`${label}: diverged at step ${res.step}`);
  return { res, coeffs, schedule, priorVar, resolved, noise };
}

describe("referenceSample: Monte Carlo against the exact oracle (d = 10, n = 20000, 2d statistics, Bonferroni)", () => {
  const cases: Array<[string, SdeSpec, SamplerScheme, number]> = [
    ["vp_linear em_point", VP, "em_point", 50],
    ["vp_linear em_integral", VP, "em_integral", 50],
    ["vp_linear exponential", VP, "exponential", 50],
    ["vp_linear pf_ode_heun", VP, "pf_ode_heun", 50],
    ["ve em_point", VE, "em_point", 50],
    ["ve em_integral", VE, "em_integral", 50],
    ["ve pf_ode_heun", VE, "pf_ode_heun", 50],
  ];

  it.each(cases)("referenceSample: %s matches iterateLawDiag in per-coordinate mean and variance", (label, sde, scheme, K) => {
    const { res, coeffs, schedule, priorVar } = run(sde, scheme, K, undefined, label);
    const law = iterateLawDiag(coeffs, schedule, DATA.mean, VARIANCE, { priorVar });
    expectMatchesLaw(label, res.x, N, D, law);
  });

  it("referenceSample: with a bias error (vp_linear em_point) it matches the oracle's biased law", () => {
    const error: ScoreErrorSpec = { kind: "bias", size: 0.5 };
    const { res, coeffs, schedule, priorVar, resolved } = run(VP, "em_point", 30, error, "bias");
    const bias = resolved.kind === "bias" ? resolved.bias : null;
    expectMatchesLaw("bias", res.x, N, D, iterateLawDiag(coeffs, schedule, DATA.mean, VARIANCE, { priorVar, bias }));
  });

  it("referenceSample: with a scale error (ve em_integral) it matches the oracle's scaled law", () => {
    const { res, coeffs, schedule, priorVar } = run(VE, "em_integral", 30, { kind: "scale", size: -0.2 }, "scale");
    expectMatchesLaw("scale", res.x, N, D, iterateLawDiag(coeffs, schedule, DATA.mean, VARIANCE, { priorVar, scale: -0.2 }));
  });

  it("referenceSample: with a noise error (vp_linear em_point) it matches the per-step-bias recursion e(t_k)", () => {
    const K = 30;
    const { res, coeffs, schedule, priorVar, noise } = run(VP, "em_point", K, { kind: "noise", size: 1, seed: 5 }, "noise");
    // papers.md §5.4 with a time-dependent bias δ_k = e(t_k): μ ← P μ + B (a m/σ² + δ_k,i), v ← P² v + C².
    const table = noiseErrorTable(noise!, coeffs.t, new Float64Array((K + 1) * D));
    const law = { mean: new Float64Array(D), var: new Float64Array(D) };
    for (let i = 0; i < D; i++) {
      let mu = 0;
      let v = priorVar;
      for (let k = 0; k < K; k++) {
        const a = schedule.a(coeffs.t[k]);
        const sig2 = a * a * VARIANCE[i] + schedule.b2(coeffs.t[k]);
        const P = coeffs.drift[k] - coeffs.scoreGain[k] / sig2;
        mu = P * mu + coeffs.scoreGain[k] * ((a * DATA.mean[i]) / sig2 + table[k * D + i]);
        v = P * P * v + coeffs.noiseVar[k];
      }
      law.mean[i] = mu;
      law.var[i] = v;
    }
    expectMatchesLaw("noise", res.x, N, D, law);
    // ... and the error is visible: the same samples are far from the error-free law.
    const clean = iterateLawDiag(coeffs, schedule, DATA.mean, VARIANCE, { priorVar });
    expect(maxStandardisedDeviation(res.x, N, D, clean)).toBeGreaterThan(10);
  });

  it("referenceSample: the test has power — em_point samples are rejected against the em_integral law at K = 10", () => {
    const { res } = run(VP, "em_point", 10, undefined, "power");
    const { schedule, delta, priorVar } = setup(VP);
    const other = iterateLawDiag(stepCoefficients(schedule, "em_integral", 10, delta), schedule, DATA.mean, VARIANCE, { priorVar });
    const worst = maxStandardisedDeviation(res.x, N, D, other);
    expect(worst).toBeGreaterThan(2 * bonferroniZ(2 * D));
  });
});

describe("referenceSample: addressing, determinism, divergence", () => {
  const { schedule, delta, priorVar } = setup(VP);
  const score = gaussianScoreFn(DATA, schedule);

  it.each(["em_point", "em_integral", "exponential", "pf_ode_heun"] as const)(
    "referenceSample: %s — particles 0..99 at once equal 0..49 then 50..99 bit for bit, and reruns are identical",
    (scheme) => {
      const coeffs = stepCoefficients(schedule, scheme, 20, delta);
      const key = keyFor("batching");
      const all = referenceSample({ coeffs, score, n: 100, d: D, priorVar, key, replicate: 3 });
      const lo = referenceSample({ coeffs, score, n: 50, d: D, priorVar, key, replicate: 3, particle0: 0 });
      const hi = referenceSample({ coeffs, score, n: 50, d: D, priorVar, key, replicate: 3, particle0: 50 });
      expect(Array.from(lo.x).concat(Array.from(hi.x))).toEqual(Array.from(all.x));
      expect(referenceSample({ coeffs, score, n: 100, d: D, priorVar, key, replicate: 3 }).x).toEqual(all.x);
      expect(referenceSample({ coeffs, score, n: 100, d: D, priorVar, key, replicate: 4 }).x).not.toEqual(all.x);
    },
  );

  it("referenceSample: y_0 is √priorVar times the normals of slot 0 and ξ_k those of slot k + 1 (the documented layout)", () => {
    const coeffs = stepCoefficients(schedule, "em_point", 2, delta);
    const key = keyFor("layout");
    const d = 3;
    const n = 2;
    // drift 1, no score, no noise: the output is y_0.
    const keep = { ...coeffs, drift: Float64Array.of(1, 1), scoreGain: Float64Array.of(0, 0), noiseStd: Float64Array.of(0, 0) };
    const y0 = referenceSample({ coeffs: keep, score, n, d, priorVar: 4, key, replicate: 1, particle0: 7 }).x;
    // drift 0 and unit noise on the last step: the output is ξ_1.
    const last = { ...keep, drift: Float64Array.of(1, 0), noiseStd: Float64Array.of(0, 1) };
    const xi1 = referenceSample({ coeffs: last, score, n, d, priorVar: 4, key, replicate: 1, particle0: 7 }).x;
    for (let p = 0; p < n; p++) {
      const z0 = fillNormals(key, 1, 7 + p, samplerNoisePosition(0, d), d, new Float64Array(d));
      const z2 = fillNormals(key, 1, 7 + p, samplerNoisePosition(2, d), d, new Float64Array(d));
      for (let i = 0; i < d; i++) {
        expect(y0[p * d + i]).toBe(2 * z0[i]);
        expect(xi1[p * d + i]).toBe(z2[i]);
      }
    }
    expect(samplerNoisePosition(2, d)).toBe(6);
  });

  it.each(["em_point", "pf_ode_heun"] as const)("referenceSample: %s reports a non-finite score as { diverged: true, step } without throwing", (scheme) => {
    const coeffs = stepCoefficients(schedule, scheme, 10, delta);
    const badAt = coeffs.t[3];
    const bad: BatchScoreFn = (n, d, x, t, out) => {
      score(n, d, x, t, out);
      if (t === badAt) out[5] = Number.POSITIVE_INFINITY;
    };
    const res = referenceSample({ coeffs, score: bad, n: 4, d: D, priorVar, key: keyFor("diverge") });
    expect(res.diverged).toBe(true);
    // em_point evaluates the score at t_3 in step index 3 (the 4th step); Heun's corrector already at step index 2.
    if (res.diverged) expect(res.step).toBe(scheme === "em_point" ? 4 : 3);
  });

  it("referenceSample: a numerically unstable run (huge steps) ends in { diverged: true } rather than an exception", () => {
    const coeffs = stepCoefficients(schedule, "em_point", 20, delta);
    const huge = { ...coeffs, drift: coeffs.drift.map(() => 1e200) };
    const res = referenceSample({ coeffs: huge, score, n: 3, d: 2, priorVar, key: keyFor("overflow") });
    expect(res).toMatchObject({ diverged: true, step: 2 });
  });

  it("withScoreError: none returns the score itself; a noise error without its field is an InvalidParameterError", () => {
    expect(withScoreError(score, { kind: "none" })).toBe(score);
    expect(() => withScoreError(score, { kind: "noise", size: 1, seed: null })).toThrow(/^score\.error: /);
  });
});

describe("referenceSample: Gaussian-mixture data", () => {
  const gmm = resolveGmmData({
    kind: "gmm",
    weights: [0.2, 0.5, 0.3],
    means: [[-4, 0], [0, 4], [4, 0]],
    stds: 0.5,
  });

  /** Index of the component with the largest responsibility under p_0 (components are ≥ 8σ apart). */
  function classify(x: Float64Array, p: number): number {
    let best = 0;
    let bestL = -Infinity;
    for (let j = 0; j < gmm.k; j++) {
      let l = gmm.logWeights[j];
      for (let i = 0; i < 2; i++) l -= (x[2 * p + i] - gmm.means[2 * j + i]) ** 2 / (2 * gmm.stds[2 * j + i] ** 2);
      if (l > bestL) {
        bestL = l;
        best = j;
      }
    }
    return best;
  }

  it.each([
    ["vp_linear em_point", VP, "em_point"],
    ["vp_linear em_integral", VP, "em_integral"],
    ["ve em_point", VE, "em_point"],
  ] as const)("referenceSample: %s at K = 500 puts each component's mass within a Bonferroni binomial CI", (label, sde, scheme) => {
    const { schedule, delta, priorVar } = setup(sde);
    const n = 4000;
    const coeffs = stepCoefficients(schedule, scheme, 500, delta);
    const res = referenceSample({ coeffs, score: gmmScoreFn(gmm, schedule), n, d: 2, priorVar, key: keyFor(`gmm ${label}`) });
    expect(res.diverged).toBe(false);
    const counts = [0, 0, 0];
    for (let p = 0; p < n; p++) counts[classify(res.x, p)]++;
    const z = bonferroniZ(3);
    for (let j = 0; j < 3; j++) {
      const w = gmm.weights[j];
      const se = Math.sqrt((w * (1 - w)) / n);
      expect(Math.abs(counts[j] / n - w), `${label}: component ${j} mass ${counts[j] / n} vs ${w} (SE ${se})`).toBeLessThan(z * se);
    }
  });
});
