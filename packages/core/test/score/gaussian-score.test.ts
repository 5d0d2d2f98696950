import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveGaussianData } from "../../src/data/gaussian-data.js";
import { makeSchedule } from "../../src/schedule/make-schedule.js";
import {
  gaussianDiagScore,
  gaussianDiagScoreScratchLength,
  gaussianFullScore,
  gaussianFullScoreScratchLength,
  gaussianScoreFn,
} from "../../src/score/gaussian-score.js";

/** Σ = H diag(λ) H with H = I − 2vvᵀ/|v|² (a random orthogonal reflection). */
function spdFrom(v: number[], lambda: number[]): Float64Array {
  const d = lambda.length;
  const n2 = v.reduce((s, x) => s + x * x, 0) || 1;
  const H = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / n2;
  const S = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let l = 0; l < d; l++) s += H(i, l) * lambda[l] * H(j, l);
    S[i * d + j] = s;
  }
  return S;
}

/** Inverse by Gauss–Jordan with partial pivoting (test reference). */
function inverse(M: Float64Array, d: number): Float64Array {
  const A = Float64Array.from(M);
  const I = new Float64Array(d * d);
  for (let i = 0; i < d; i++) I[i * d + i] = 1;
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(A[r * d + c]) > Math.abs(A[p * d + c])) p = r;
    for (let j = 0; j < d; j++) {
      [A[c * d + j], A[p * d + j]] = [A[p * d + j], A[c * d + j]];
      [I[c * d + j], I[p * d + j]] = [I[p * d + j], I[c * d + j]];
    }
    const piv = A[c * d + c];
    for (let j = 0; j < d; j++) {
      A[c * d + j] /= piv;
      I[c * d + j] /= piv;
    }
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = A[r * d + c];
      for (let j = 0; j < d; j++) {
        A[r * d + j] -= f * A[c * d + j];
        I[r * d + j] -= f * I[c * d + j];
      }
    }
  }
  return I;
}

describe("gaussianScore", () => {
  it("gaussianDiagScore: −(x − a m)/(a² s² + b²) per coordinate and particle", () => {
    const mean = Float64Array.from([1, -2]);
    const std = Float64Array.from([0.5, 3]);
    const x = Float64Array.from([0, 0, 2, 1]);
    const out = gaussianDiagScore(2, 2, x, 0.8, 0.3, mean, std, new Float64Array(gaussianDiagScoreScratchLength(2)), new Float64Array(4));
    const want = [-(0 - 0.8) / (0.64 * 0.25 + 0.3), -(0 + 1.6) / (0.64 * 9 + 0.3), -(2 - 0.8) / (0.64 * 0.25 + 0.3), -(1 + 1.6) / (0.64 * 9 + 0.3)];
    for (let i = 0; i < 4; i++) expect(out[i]).toBeCloseTo(want[i], 14);
  });

  it("gaussianFullScore: equals −C⁻¹(x − aμ) with C = a²Σ + b²I (random SPD Σ, explicit inverse)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 32, maxLength: 32 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (d, r, a, b2) => {
          const lambda = Array.from({ length: d }, (_, i) => 0.1 + Math.abs(r[i]) * 2);
          const S = spdFrom(r.slice(8, 8 + d), lambda);
          const mean = Float64Array.from({ length: d }, (_, i) => r[16 + i]);
          const n = 3;
          const x = Float64Array.from({ length: n * d }, (_, i) => r[(i * 7) % 32] * 1.5);
          const out = gaussianFullScore(n, d, x, a, b2, mean, S, new Float64Array(gaussianFullScoreScratchLength(d)), new Float64Array(n * d));
          const C = new Float64Array(d * d);
          for (let i = 0; i < d * d; i++) C[i] = a * a * S[i];
          for (let i = 0; i < d; i++) C[i * d + i] += b2;
          const Ci = inverse(C, d);
          for (let p = 0; p < n; p++) {
            for (let i = 0; i < d; i++) {
              let want = 0;
              for (let j = 0; j < d; j++) want -= Ci[i * d + j] * (x[p * d + j] - a * mean[j]);
              expect(Math.abs(out[p * d + i] - want)).toBeLessThan(1e-9 * (1 + Math.abs(want)));
            }
          }
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it("gaussianFullScore: a diagonal Σ gives the diagonal score", () => {
    const d = 4;
    const std = Float64Array.from([0.2, 1, 2, 0.7]);
    const cov = new Float64Array(d * d);
    for (let i = 0; i < d; i++) cov[i * d + i] = std[i] ** 2;
    const mean = Float64Array.from([1, 0, -1, 3]);
    const x = Float64Array.from([0.3, -0.2, 5, 1, 2, 2, 2, 2]);
    const full = gaussianFullScore(2, d, x, 0.6, 0.5, mean, cov, new Float64Array(gaussianFullScoreScratchLength(d)), new Float64Array(8));
    const diag = gaussianDiagScore(2, d, x, 0.6, 0.5, mean, std, new Float64Array(8), new Float64Array(8));
    for (let i = 0; i < 8; i++) expect(full[i]).toBeCloseTo(diag[i], 13);
  });

  it("gaussianFullScore: a singular Σ is fine once b² > 0, and an indefinite C gives NaN (not a throw)", () => {
    const cov = Float64Array.from([1, 1, 1, 1]);
    const ok = gaussianFullScore(1, 2, Float64Array.from([1, 2]), 1, 0.1, Float64Array.from([0, 0]), cov, new Float64Array(6), new Float64Array(2));
    expect(ok.every(Number.isFinite)).toBe(true);
    const bad = gaussianFullScore(1, 2, Float64Array.from([1, 2]), 1, 0, Float64Array.from([0, 0]), Float64Array.from([1, 2, 2, 1]), new Float64Array(6), new Float64Array(2));
    expect(bad.some(Number.isNaN)).toBe(true);
  });

  it("gaussianScoreFn: diagonal and full data use a_t, b_t² of the schedule", () => {
    const schedule = makeSchedule({ family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 });
    const t = 0.4;
    const a = schedule.a(t);
    const b2 = schedule.b2(t);
    const diag = resolveGaussianData({ kind: "gaussian", dim: 2, mean: [1, 2], std: [0.5, 1.5] });
    const full = resolveGaussianData({ kind: "gaussian", dim: 2, mean: [1, 2], cov: [[1, 0.3], [0.3, 2]] });
    const x = Float64Array.from([0.2, -0.4]);
    const o1 = new Float64Array(2);
    gaussianScoreFn(diag, schedule)(1, 2, x, t, o1);
    expect(o1[0]).toBeCloseTo(-(0.2 - a) / (a * a * 0.25 + b2), 14);
    const o2 = new Float64Array(2);
    gaussianScoreFn(full, schedule)(1, 2, x, t, o2);
    const C = Float64Array.from([a * a + b2, a * a * 0.3, a * a * 0.3, a * a * 2 + b2]);
    const Ci = inverse(C, 2);
    const r = [0.2 - a, -0.4 - 2 * a];
    expect(o2[0]).toBeCloseTo(-(Ci[0] * r[0] + Ci[1] * r[1]), 13);
    expect(o2[1]).toBeCloseTo(-(Ci[2] * r[0] + Ci[3] * r[1]), 13);
  });
});
