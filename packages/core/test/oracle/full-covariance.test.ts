import { describe, expect, it } from "vitest";
import { exactOracle, InvalidParameterError, makeSchedule, stepCoefficients, type PointSpec } from "../../src/index.js";
import { fullCovarianceBasis, iterateLawFull } from "../../src/oracle/full-covariance.js";
import { iterateLawDiag } from "../../src/oracle/iterate-law-diag.js";
import { gaussianW2Full } from "../../src/ot/gaussian-w2.js";
import { expectClose, loadGolden } from "../golden.js";
import { randomOrthogonal, testRng, withSpectrum } from "../linalg/random-matrices.js";

const golden = loadGolden("gaussian_full_iterate.json");

function flat(rows: number[][]): Float64Array {
  return Float64Array.from(rows.flat());
}

interface FullCase {
  id: string;
  inputs: { d: number; mean: number[]; cov: number[][]; prior_var: number };
  point: PointSpec;
  expected: { K: number; w2_p0: number; w2sq_p0_mean_part: number; w2sq_p0_cov_part: number; mean: number[]; cov: number[][] }[];
  tolerance: { rtol: number; atol: number };
}

describe("iterateLawFull: golden gaussian_full_iterate.json", () => {
  for (const c of golden.cases as FullCase[]) {
    it(`iterateLawFull: ${c.id} matches w2_p0, both parts, mean and cov at every K`, () => {
      const schedule = makeSchedule(c.point.sde);
      const d = c.inputs.d;
      const mean = Float64Array.from(c.inputs.mean);
      const cov = flat(c.inputs.cov);
      const basis = fullCovarianceBasis(mean, cov, d);
      for (const e of c.expected) {
        const id = `${c.id} K=${e.K}`;
        const coeffs = stepCoefficients(schedule, "em_point", e.K, c.point.sampler.delta as number);
        const law = iterateLawFull(coeffs, schedule, mean, cov, d, { priorVar: c.inputs.prior_var, basis });
        expectClose(id, "w2_p0", law.w2, e.w2_p0, c.tolerance);
        expectClose(id, "w2sq_p0_mean_part", law.meanPart, e.w2sq_p0_mean_part, c.tolerance);
        expectClose(id, "w2sq_p0_cov_part", law.covPart, e.w2sq_p0_cov_part, c.tolerance);
        expectClose(id, "mean", law.mean, e.mean, c.tolerance);
        expectClose(id, "cov", law.cov, e.cov.flat(), c.tolerance);
        expect(law.target).toBe("p0");
      }
    });
  }
});

describe("exactOracle: golden gaussian_full_iterate.json (full covariance through the public oracle)", () => {
  for (const c of golden.cases as FullCase[]) {
    it(`exactOracle: ${c.id} matches w2_p0, both parts, mean and cov at every K`, () => {
      for (const e of c.expected) {
        const id = `${c.id} K=${e.K}`;
        const r = exactOracle({ ...c.point, sampler: { ...c.point.sampler, steps: e.K } });
        expectClose(id, "w2_p0", r.w2, e.w2_p0, c.tolerance);
        expectClose(id, "w2sq_p0_mean_part", r.w2_mean_part, e.w2sq_p0_mean_part, c.tolerance);
        expectClose(id, "w2sq_p0_cov_part", r.w2_std_part, e.w2sq_p0_cov_part, c.tolerance);
        expectClose(id, "mean", r.iterate.mean, e.mean, c.tolerance);
        expectClose(id, "cov", r.iterate.cov, e.cov.flat(), c.tolerance);
      }
    });
  }
});

describe("iterateLawFull", () => {
  const schedule = makeSchedule({ family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 } as PointSpec["sde"]);
  const delta = 1e-3;

  it("iterateLawFull: diagonal Σ reproduces iterateLawDiag coordinate by coordinate", () => {
    const d = 4;
    const mean = Float64Array.from([0.5, -1, 2, 0]);
    const variance = Float64Array.from([0.25, 4, 1, 0.5]);
    const cov = new Float64Array(d * d);
    for (let i = 0; i < d; i++) cov[i * d + i] = variance[i];
    const bias = Float64Array.from([0.06, -0.08, 0, 0]);
    const coeffs = stepCoefficients(schedule, "em_point", 50, delta);
    const full = iterateLawFull(coeffs, schedule, mean, cov, d, { priorVar: 1, bias });
    const diag = iterateLawDiag(coeffs, schedule, mean, variance, { priorVar: 1, bias });
    for (let i = 0; i < d; i++) {
      expect(full.mean[i]).toBeCloseTo(diag.mean[i], 14);
      expect(full.cov![i * d + i]).toBeCloseTo(diag.var[i], 14);
      for (let j = 0; j < d; j++) if (j !== i) expect(Math.abs(full.cov![i * d + j])).toBeLessThan(1e-15);
    }
  });

  it("iterateLawFull: rotation equivariance — data (Q m, Q Σ Qᵀ) and bias Q δ give law (Q μ, Q C Qᵀ) and the same W2", () => {
    const rng = testRng(11);
    const d = 6;
    const q0 = randomOrthogonal(d, rng);
    const lambda = [0.1, 0.3, 0.7, 1.1, 2, 3.5];
    const cov = withSpectrum(q0, lambda, d);
    const mean = Float64Array.from({ length: d }, () => rng.normal());
    const bias = Float64Array.from({ length: d }, () => 0.1 * rng.normal());
    const q = randomOrthogonal(d, rng);
    const rot = (x: Float64Array) => Float64Array.from({ length: d }, (_, i) => x.reduce((s, xj, j) => s + q[i * d + j] * xj, 0));
    const covQ = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) s += q[i * d + k] * cov[k * d + l] * q[j * d + l];
        covQ[i * d + j] = s;
      }
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) covQ[i * d + j] = covQ[j * d + i];
    const coeffs = stepCoefficients(schedule, "em_integral", 30, delta);
    for (const target of ["p0", "p_delta"] as const) {
      const a = iterateLawFull(coeffs, schedule, mean, cov, d, { priorVar: 1, bias, target });
      const b = iterateLawFull(coeffs, schedule, rot(mean), covQ, d, { priorVar: 1, bias: rot(bias), target });
      expect(Math.abs(b.w2 - a.w2)).toBeLessThanOrEqual(1e-12 * a.w2);
      const qm = rot(a.mean);
      for (let i = 0; i < d; i++) expect(b.mean[i]).toBeCloseTo(qm[i], 13);
    }
  });

  it("iterateLawFull: W2 in the eigenbasis agrees with the general Bures formula against p0 and p_delta", () => {
    const rng = testRng(21);
    const d = 5;
    const cov = withSpectrum(randomOrthogonal(d, rng), [0.2, 0.5, 1, 1.5, 3], d);
    const mean = Float64Array.from({ length: d }, () => rng.normal());
    const coeffs = stepCoefficients(schedule, "em_point", 20, delta);
    for (const target of ["p0", "p_delta"] as const) {
      const law = iterateLawFull(coeffs, schedule, mean, cov, d, { priorVar: 1, target });
      const a = target === "p0" ? 1 : schedule.a(delta);
      const b2 = target === "p0" ? 0 : schedule.b2(delta);
      const tMean = mean.map((x) => a * x);
      const tCov = cov.map((x, k) => a * a * x + (k % (d + 1) === 0 ? b2 : 0));
      const bures = gaussianW2Full(d, law.mean, law.cov!, tMean, tCov);
      expect(Math.abs(bures.w2 - law.w2)).toBeLessThanOrEqual(1e-9 * law.w2);
      expect(Math.abs(bures.meanPart - law.meanPart)).toBeLessThanOrEqual(1e-12 * law.meanPart);
    }
  });

  it("iterateLawFull: `basis` and `withCov: false` give the same W2 and mean without assembling cov", () => {
    const rng = testRng(31);
    const d = 8;
    const cov = withSpectrum(randomOrthogonal(d, rng), [0.1, 0.2, 0.4, 0.8, 1, 2, 3, 4], d);
    const mean = Float64Array.from({ length: d }, () => rng.normal());
    const coeffs = stepCoefficients(schedule, "em_point", 40, delta);
    const a = iterateLawFull(coeffs, schedule, mean, cov, d, { priorVar: 1 });
    const b = iterateLawFull(coeffs, schedule, mean, cov, d, { priorVar: 1, basis: a.basis, withCov: false });
    expect(b.cov).toBeNull();
    expect(b.w2).toBe(a.w2);
    expect(Array.from(b.mean)).toEqual(Array.from(a.mean));
  });

  it("iterateLawFull: a singular PSD Σ (eigenvalue 0) is accepted; an indefinite Σ is rejected naming data.cov", () => {
    const d = 2;
    const mean = Float64Array.from([0, 0]);
    const coeffs = stepCoefficients(schedule, "em_point", 10, delta);
    const singular = Float64Array.from([1, 1, 1, 1]);
    const law = iterateLawFull(coeffs, schedule, mean, singular, d, { priorVar: 1 });
    expect(Number.isFinite(law.w2)).toBe(true);
    expect(law.basis.values[0]).toBeGreaterThanOrEqual(0);
    const indefinite = Float64Array.from([1, 2, 2, 1]);
    expect(() => iterateLawFull(coeffs, schedule, mean, indefinite, d, { priorVar: 1 })).toThrow(InvalidParameterError);
    expect(() => fullCovarianceBasis(mean, indefinite, d)).toThrow(
      /^data\.cov: the covariance must be symmetric positive semi-definite \(smallest eigenvalue >= -\S+\); got -(1|0\.9999)/,
    );
  });
});
