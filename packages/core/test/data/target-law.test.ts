import { describe, expect, it } from "vitest";
import {
  covarianceOf,
  makeSchedule,
  momentsOf,
  resolveTargetLaw,
  sampleTarget,
  streamKey,
  TARGET_DOMAIN_A,
  TARGET_DOMAIN_B,
  type PointSpec,
} from "../../src/index.js";

const sde = { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 };

/** A Gaussian-data point (gaussian_fit, p0) with the given data fields. */
function gaussianPoint(over: { dim?: number; mean?: number | number[]; std?: number | number[]; cov?: number[][] } & Partial<PointSpec> = {}): PointSpec {
  const { dim = 1, mean = 1, std = 0.5, cov, ...rest } = over;
  return {
    sde,
    data: cov ? { kind: "gaussian", dim, mean, cov } : { kind: "gaussian", dim, mean, std },
    score: { kind: "exact" },
    sampler: { scheme: "em_point", steps: 5 },
    metric: { estimator: "gaussian_fit", target: "p0" },
    ...rest,
  };
}

/** Mean and standard error of the mean of xs. */
function meanSe(xs: readonly number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, se: Math.sqrt(ss / (n - 1) / n) };
}

/** |got − expected| ≤ 4·se, with a message naming label, got, expected, difference and tolerance. */
function expectWithinSe(label: string, got: number, expected: number, se: number): void {
  const diff = Math.abs(got - expected);
  expect(diff <= 4 * se, `${label}: got ${got}, expected ${expected}, difference ${diff}, tolerance ${4 * se} (4 SE)`).toBe(true);
}

/**
 * Sample mean and covariance (ddof 1) of the n×d sample x against N(mean, cov): each within 4 standard errors, the
 * covariance's SE being the standard deviation of the centred products over √n.
 */
function expectSampleOf(label: string, x: Float64Array, n: number, d: number, mean: ArrayLike<number>, cov: ArrayLike<number>): void {
  const m = momentsOf({ n, d, data: x });
  const c = covarianceOf(m, 1);
  for (let i = 0; i < d; i++) expectWithinSe(`${label} mean[${i}]`, m.mean[i], mean[i], Math.sqrt(cov[i * d + i] / n));
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const prods: number[] = [];
      for (let p = 0; p < n; p++) prods.push((x[p * d + i] - m.mean[i]) * (x[p * d + j] - m.mean[j]));
      expectWithinSe(`${label} cov[${i}][${j}]`, c[i * d + j], cov[i * d + j], meanSe(prods).se);
    }
  }
}

describe("resolveTargetLaw", () => {
  it("resolveTargetLaw: p0 of Gaussian data is the data law", () => {
    const law = resolveTargetLaw(gaussianPoint({ dim: 2, mean: [1, 2], std: [0.5, 3] }));
    expect(law.kind).toBe("gaussian");
    expect(Array.from(law.gaussian.mean)).toEqual([1, 2]);
    expect(Array.from(law.gaussian.std!)).toEqual([0.5, 3]);
  });

  it("resolveTargetLaw: p_delta of Gaussian data is N(a_δ m, a_δ² Σ + b_δ² I), δ defaulting to 1e-3 for VP", () => {
    const s = makeSchedule(sde);
    const a = s.a(1e-3);
    const b2 = s.b2(1e-3);
    const diag = resolveTargetLaw({ ...gaussianPoint({ dim: 1, mean: 2, std: 0.5 }), metric: { estimator: "gaussian_fit", target: "p_delta" } });
    expect(diag.gaussian.mean[0]).toBe(a * 2);
    expect(diag.gaussian.std![0]).toBe(Math.sqrt(a * a * 0.25 + b2));
    const full = resolveTargetLaw({
      ...gaussianPoint({ dim: 2, mean: [1, 0], cov: [[1, 0.5], [0.5, 2]] }),
      sampler: { scheme: "em_point", steps: 5, delta: 0.01 },
      metric: { estimator: "gaussian_fit", target: "p_delta" },
    });
    const a2 = s.a(0.01);
    const b22 = s.b2(0.01);
    expect(Array.from(full.gaussian.cov!)).toEqual([a2 * a2 + b22, a2 * a2 * 0.5, a2 * a2 * 0.5, a2 * a2 * 2 + b22]);
  });

  it("resolveTargetLaw: GMM data — the moment-matched Gaussian matches the sample moments of the (noised) mixture", () => {
    const point: PointSpec = {
      ...gaussianPoint(),
      data: { kind: "gmm", weights: [0.3, 0.7], means: [[-2, 0], [1, 1]], stds: [[0.5, 1], [0.3, 0.2]] },
      metric: { estimator: "gaussian_fit", target: "p_delta" },
      sampler: { scheme: "em_point", steps: 5, delta: 0.2 },
    };
    const law = resolveTargetLaw(point);
    expect(law.kind).toBe("gmm");
    const n = 40_000;
    const x = sampleTarget(law, n, streamKey(1, "target-law", TARGET_DOMAIN_A), 0);
    expectSampleOf("gmm p_delta", x, n, 2, law.gaussian.mean, law.gaussian.cov!);
  });
});

describe("sampleTarget", () => {
  it("sampleTarget: reproducible, and the A and B streams differ", () => {
    const law = resolveTargetLaw(gaussianPoint({ dim: 2 }));
    const a1 = sampleTarget(law, 5, streamKey(1, "p", TARGET_DOMAIN_A), 0);
    const a2 = sampleTarget(law, 5, streamKey(1, "p", TARGET_DOMAIN_A), 0);
    const b = sampleTarget(law, 5, streamKey(1, "p", TARGET_DOMAIN_B), 0);
    expect(Array.from(a1)).toEqual(Array.from(a2));
    expect(Array.from(a1)).not.toEqual(Array.from(b));
  });

  it("sampleTarget: exact samples of p_0 and p_δ (diagonal, full covariance, mixture) within 4 SE of the law", () => {
    const n = 4096;
    const std = [0.5, 1, 1.5, 2, 2.5];
    const diagCov = (v: number[]) => v.flatMap((vi, i) => v.map((_, j) => (i === j ? vi : 0)));
    const diag = gaussianPoint({ dim: 5, mean: [1, 2, 3, 4, 5], std });
    const keyA = streamKey(3, "target-law-sample", TARGET_DOMAIN_A);
    expectSampleOf("target p0", sampleTarget(resolveTargetLaw(diag), n, keyA, 0), n, 5, [1, 2, 3, 4, 5], diagCov(std.map((s) => s * s)));
    // p_δ = N(a_δ m, a_δ² s² + b_δ²) at δ = 1e-3 (vp_linear: B(δ) = 0.1δ + 9.95δ²).
    const B = 0.1e-3 + 9.95e-6;
    const a = Math.exp(-B / 2);
    const b2 = -Math.expm1(-B);
    const pd = resolveTargetLaw({ ...diag, metric: { estimator: "gaussian_fit", target: "p_delta" } });
    expectSampleOf("target p_delta", sampleTarget(pd, n, keyA, 1), n, 5, [1, 2, 3, 4, 5].map((m) => a * m), diagCov(std.map((s) => a * a * s * s + b2)));
    const full = resolveTargetLaw(gaussianPoint({ dim: 2, mean: [1, -1], cov: [[1, 0.5], [0.5, 2]] }));
    expectSampleOf("target full", sampleTarget(full, n, streamKey(3, "target-law-sample", TARGET_DOMAIN_B), 0), n, 2, [1, -1], [1, 0.5, 0.5, 2]);
    // Mixture moments: mean Σ w μ, covariance Σ w (s² I + μμᵀ) − mean meanᵀ.
    const gmm = resolveTargetLaw({ ...gaussianPoint(), data: { kind: "gmm", weights: [0.3, 0.7], means: [[-2, 0], [2, 1]], stds: 0.5 } });
    const mean = [0.3 * -2 + 0.7 * 2, 0.7];
    const second = [0.25 + 0.3 * 4 + 0.7 * 4, 0.7 * 2, 0.7 * 2, 0.25 + 0.7];
    const cov = [second[0] - mean[0] ** 2, second[1] - mean[0] * mean[1], second[2] - mean[0] * mean[1], second[3] - mean[1] ** 2];
    expectSampleOf("target gmm", sampleTarget(gmm, n, keyA, 0), n, 2, mean, cov);
  });

  it("sampleTarget: a block drawn at particle0 is the same rows of one draw from 0 (Gaussian full covariance and mixture)", () => {
    const laws = [
      resolveTargetLaw(gaussianPoint({ dim: 2, mean: [1, -1], cov: [[1, 0.5], [0.5, 2]] })),
      resolveTargetLaw({ ...gaussianPoint(), data: { kind: "gmm", weights: [0.3, 0.7], means: [[-2, 0], [2, 1]], stds: 0.5 } }),
    ];
    const key = streamKey(7, "target-law-blocks", TARGET_DOMAIN_A);
    for (const law of laws) {
      const whole = sampleTarget(law, 1000, key, 2);
      const head = sampleTarget(law, 256, key, 2, 0);
      const tail = sampleTarget(law, 744, key, 2, 256);
      expect(Array.from(head), law.kind).toEqual(Array.from(whole.subarray(0, 512)));
      expect(Array.from(tail), law.kind).toEqual(Array.from(whole.subarray(512)));
    }
  });
});
