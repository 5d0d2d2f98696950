import { beforeAll, describe, expect, it } from "vitest";
import { mergeExactMomentStats, PARTICLE_BLOCK, type ExactMomentStats, type PointSpec } from "@scoresweep/core";
import { setWasmKernelModule } from "../src/impl/wasm-kernel.js";
import { runShard, runTargetShard } from "../src/run-shard.js";
import type { SampleStats, ShardResult } from "../src/shard-task.js";
import { compileKernel } from "./helpers/compile-kernel.js";
import { diagonalCov, expectMomentsMatch, momentsOf } from "./helpers/moments.js";
import { point, task } from "./helpers/tasks.js";

const hex = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

/** Merges shard moment stats the way an aggregator does (core's `mergeExactMomentStats`): exact sums added, n added. */
function mergeMoments(parts: ExactMomentStats[]): { n: number; sums: string; offsets: string } {
  const merged = mergeExactMomentStats(parts);
  return { n: merged.n, sums: hex(merged.sums), offsets: hex(merged.offsets) };
}

function runSplit(p: PointSpec, cuts: number[], backend: "js" | "wasm" | "auto" = "js"): ShardResult[] {
  const out: ShardResult[] = [];
  for (let s = 0; s + 1 < cuts.length; s++) out.push(runShard(task(p, cuts[s], cuts[s + 1]), { backend }));
  return out;
}

const VP = { family: "vp_linear", beta_min: 0.1, beta_max: 20 };
const DIAG = (N: number, extra: Partial<PointSpec> = {}) =>
  point({ sde: VP, data: { kind: "gaussian", dim: 5, mean: [1, 2, 3, 4, 5], std: [0.5, 1, 1.5, 2, 2.5] }, sampler: { scheme: "em_point", steps: 20 }, ...extra }, N);
const FULL = (N: number) =>
  point({ sde: VP, data: { kind: "gaussian", dim: 2, mean: [1, -1], cov: [[1, 0.5], [0.5, 2]] }, sampler: { scheme: "em_integral", steps: 20 } }, N);
const GMM = (N: number, scheme: PointSpec["sampler"]["scheme"] = "em_point") =>
  point({ sde: VP, data: { kind: "gmm", weights: [0.3, 0.7], means: [[-2, 0], [2, 1]], stds: 0.5 }, sampler: { scheme, steps: 20 } }, N);

describe("runShard determinism", () => {
  beforeAll(async () => setWasmKernelModule(await compileKernel()), 60_000);

  for (const [name, make] of [
    ["diagonal Gaussian", DIAG],
    ["full-covariance Gaussian", FULL],
    ["mixture", (n: number) => GMM(n)],
    ["mixture, pf_ode_heun", (n: number) => GMM(n, "pf_ode_heun")],
  ] as const) {
    it(`runShard: ${name}: moment statistics merge to identical bits for 1, 2 and 3 shards of different sizes`, () => {
      const p = make(1000); // 1000 = 3·256 + 232: the last micro-block is partial
      const splits = [
        [0, 1000],
        [0, 512, 1000],
        [0, 256, 768, 1000],
        [0, 256, 512, 768, 1000],
      ];
      const merged = splits.map((cuts) => mergeMoments(runSplit(p, cuts).map((r) => r.stats as ExactMomentStats)));
      for (const m of merged.slice(1)) expect(m).toEqual(merged[0]);
      expect(merged[0].n).toBe(1000);
    });
  }

  it("runShard: shards merged in any order (core's mergeExactMomentStats) equal the one-shard statistic", () => {
    const p = DIAG(1000);
    const parts = [
      [0, 256],
      [256, 768],
      [768, 1000],
    ].map(([lo, hi]) => runShard(task(p, lo, hi)).stats as ExactMomentStats);
    const whole = runShard(task(p)).stats as ExactMomentStats;
    for (const order of [parts, [parts[2], parts[0], parts[1]]]) {
      const m = mergeExactMomentStats(order);
      expect(m.n).toBe(1000);
      expect(hex(m.sums)).toBe(hex(whole.sums));
      expect(hex(m.offsets)).toBe(hex(whole.offsets));
    }
  });

  it("runShard: the WebAssembly and JS kernels give identical bits (diagonal and full covariance, all schemes)", () => {
    for (const scheme of ["em_point", "em_integral", "exponential", "pf_ode_heun"] as const) {
      for (const p of [DIAG(700), FULL(700)]) {
        const q = { ...p, sampler: { scheme, steps: 15 } };
        const js = runShard(task(q), { backend: "js" });
        const wasm = runShard(task(q), { backend: "wasm" });
        expect(js.backend).toBe("js");
        expect(wasm.backend).toBe("wasm");
        expect(hex((wasm.stats as ExactMomentStats).sums)).toBe(hex((js.stats as ExactMomentStats).sums));
      }
    }
  });

  it("runShard: sample statistics are the same rows however the particles were split", () => {
    const p = { ...DIAG(1000), metric: { estimator: "sliced" } };
    const whole = runShard(task(p)).stats as SampleStats;
    const parts = runSplit(p, [0, 256, 768, 1000], "auto").map((r) => r.stats as SampleStats);
    expect(whole.n).toBe(1000);
    expect(hex(new Uint32Array(parts.flatMap((s) => Array.from(s.indices))))).toBe(hex(whole.indices));
    const rows = new Float64Array(parts.reduce((a, s) => a + s.samples.length, 0));
    let at = 0;
    for (const s of parts) {
      rows.set(s.samples, at);
      at += s.samples.length;
    }
    expect(hex(rows)).toBe(hex(whole.samples));
  });

  it("runShard: metric.subsample keeps exactly S particles chosen by global index, the same over any split", () => {
    const p = { ...DIAG(1000), metric: { estimator: "emd", subsample: 300 } };
    const whole = runShard(task(p)).stats as SampleStats;
    expect(whole.n).toBe(300);
    const parts = runSplit(p, [0, 512, 1000]).map((r) => r.stats as SampleStats);
    expect(parts[0].n + parts[1].n).toBe(300);
    const idx = [...parts[0].indices, ...parts[1].indices];
    expect(idx).toEqual(Array.from(whole.indices));
    for (let j = 1; j < idx.length; j++) expect(idx[j]).toBeGreaterThan(idx[j - 1]);
    // The subsampled rows are the full run's rows of those particles.
    const all = runShard(task({ ...p, metric: { estimator: "emd" } })).stats as SampleStats;
    const d = 5;
    for (const [k, pi] of [0, 150, 299].map((k) => [k, whole.indices[k]])) {
      expect(Array.from(whole.samples.subarray(k * d, (k + 1) * d))).toEqual(Array.from(all.samples.subarray(pi * d, (pi + 1) * d)));
    }
  });

  it("runShard: replicates and seeds give different noise; the same task gives the same bits twice", () => {
    const p = DIAG(256);
    const a = runShard(task(p)).stats as ExactMomentStats;
    const b = runShard(task(p)).stats as ExactMomentStats;
    const r1 = runShard(task(p, 0, 256, { replicate: 1 })).stats as ExactMomentStats;
    const s9 = runShard(task(p, 0, 256, { seed: 9 })).stats as ExactMomentStats;
    expect(hex(a.sums)).toBe(hex(b.sums));
    expect(hex(r1.sums)).not.toBe(hex(a.sums));
    expect(hex(s9.sums)).not.toBe(hex(a.sums));
  });
});

describe("runShard statistics", () => {
  it("runShard: ExactMomentStats layout — shift = data mean; full co-moments for d ≤ 64 or a full covariance, else the diagonal", () => {
    const small = runShard(task(DIAG(256))).stats as ExactMomentStats;
    expect(small.kind).toBe("moments");
    expect(Array.from(small.shift)).toEqual([1, 2, 3, 4, 5]);
    expect(small.diagonalOnly).toBe(false);
    expect(small.offsets.length).toBe(5 + 15 + 1);
    const big = runShard(task(point({ sde: VP, data: { kind: "gaussian", dim: 65, mean: 0, std: 1 }, sampler: { scheme: "em_point", steps: 3 } }, 256))).stats as ExactMomentStats;
    expect(big.diagonalOnly).toBe(true);
    expect(big.offsets.length).toBe(2 * 65 + 1);
    const gmm = runShard(task(GMM(256))).stats as ExactMomentStats;
    expect(Array.from(gmm.shift)).toEqual([0.3 * -2 + 0.7 * 2, 0.7]);
  });

  it("runTargetShard: copies 0 and 1 are independent samples of p_0 (and of p_δ), within 4 SE of the law", () => {
    const p = DIAG(4096);
    const c0 = runTargetShard(task(p), 0);
    const c1 = runTargetShard(task(p), 1);
    expect(c0.backend).toBe("exact-sampler");
    expect(hex((c0.stats as ExactMomentStats).sums)).not.toBe(hex((c1.stats as ExactMomentStats).sums));
    const std = [0.5, 1, 1.5, 2, 2.5];
    expectMomentsMatch("target p0", momentsOf(c0.stats as ExactMomentStats), [1, 2, 3, 4, 5], diagonalCov(std.map((s) => s * s)));
    // p_δ = N(a_δ m, a_δ² s² + b_δ²) at δ = 1e-3 (vp_linear: B(δ) = 0.1δ + 9.95δ²).
    const B = 0.1e-3 + 9.95e-6;
    const a = Math.exp(-B / 2);
    const b2 = -Math.expm1(-B);
    const pd = { ...p, metric: { estimator: "gaussian_fit", target: "p_delta" as const } };
    const cd = runTargetShard(task(pd), 0).stats as ExactMomentStats;
    expectMomentsMatch("target p_delta", momentsOf(cd), [1, 2, 3, 4, 5].map((m) => a * m), diagonalCov(std.map((s) => a * a * s * s + b2)));
    // Full covariance and mixture targets.
    const full = momentsOf(runTargetShard(task(FULL(4096)), 1).stats as ExactMomentStats);
    expectMomentsMatch("target full", full, [1, -1], [1, 0.5, 0.5, 2]);
    const g = momentsOf(runTargetShard(task(GMM(4096)), 0).stats as ExactMomentStats);
    // Mixture moments: mean Σ w μ, covariance Σ w (s² I + μμᵀ) − mean meanᵀ.
    const mean = [0.3 * -2 + 0.7 * 2, 0.7];
    const second = [0.25 + 0.3 * 4 + 0.7 * 4, 0.7 * 2, 0.7 * 2, 0.25 + 0.7];
    expectMomentsMatch("target gmm", g, mean, [second[0] - mean[0] ** 2, second[1] - mean[0] * mean[1], second[2] - mean[0] * mean[1], second[3] - mean[1] ** 2]);
  });

  it("runTargetShard: merges to identical bits over any split, like runShard", () => {
    const p = FULL(1000);
    const whole = mergeMoments([runTargetShard(task(p), 1).stats as ExactMomentStats]);
    const split = mergeMoments([runTargetShard(task(p, 0, 256), 1), runTargetShard(task(p, 256, 1000), 1)].map((r) => r.stats as ExactMomentStats));
    expect(split).toEqual(whole);
  });
});

describe("runShard divergence", () => {
  beforeAll(async () => setWasmKernelModule(await compileKernel()), 60_000);
  // c·η = 100: em_point multiplies y by about 1 − cη/2 = −49 per step, so |y| passes 1e308 near step 180.
  const STIFF = point({ sde: { family: "vp_constant", c: 20000 }, data: { kind: "gaussian", dim: 3, mean: 1, std: 0.5 }, sampler: { scheme: "em_point", steps: 200 } }, 600);

  it("runShard: a step size past stability is reported as diverged with its step, never thrown, never NaN statistics", () => {
    const js = runShard(task(STIFF), { backend: "js" });
    expect(js.status).toBe("diverged");
    expect(js.stats).toBeNull();
    expect(js.divergedAtStep).toBeGreaterThan(150);
    expect(js.divergedAtStep).toBeLessThanOrEqual(200);
    const wasm = runShard(task(STIFF), { backend: "wasm" });
    expect(wasm.status).toBe("diverged");
    expect(wasm.divergedAtStep).toBe(js.divergedAtStep);
    // The same point with a stable step count finishes.
    expect(runShard(task({ ...STIFF, sampler: { scheme: "em_point", steps: 40000 } }, 0, 256)).status).toBe("done");
  });

  it("runShard: divergence of mixture data and of sample estimators is reported the same way", () => {
    const g = { ...STIFF, data: { kind: "gmm" as const, weights: [0.5, 0.5], means: [[-1, 0, 0], [1, 0, 0]], stds: 0.5 } };
    const r = runShard(task(g, 0, 256));
    expect(r.status).toBe("diverged");
    // Earlier than the Gaussian case: the mixture's squared distances overflow once |y| passes ~1e154.
    expect(r.divergedAtStep).toBeGreaterThan(50);
    expect(r.divergedAtStep).toBeLessThan(150);
    const s = runShard(task({ ...STIFF, metric: { estimator: "sliced" } }, 0, 256));
    expect(s.status).toBe("diverged");
    expect(s.stats).toBeNull();
  });
});

describe("runShard validation", () => {
  const p = DIAG(1000);
  const cases: [string, () => unknown, RegExp][] = [
    ["unaligned particleLo", () => runShard(task(p, 100, 356)), /task\.particleLo: the first particle must be a multiple of PARTICLE_BLOCK = 256; got 100/],
    ["unaligned particleHi", () => runShard(task(p, 0, 300)), /task\.particleHi: the end particle must be a multiple of PARTICLE_BLOCK = 256 or mc\.particles = 1000; got 300/],
    ["particleHi past N", () => runShard(task(p, 0, 1024)), /task\.particleHi: the end particle must be an integer in \[1, 1000\]; got 1024/],
    ["empty range", () => runShard(task(p, 256, 256)), /task\.particleHi/],
    ["negative replicate", () => runShard(task(p, 0, 256, { replicate: -1 })), /task\.replicate/],
    ["bad seed", () => runShard(task(p, 0, 256, { seed: 1.5 })), /mc\.seed/],
    ["missing steps", () => runShard(task({ ...p, sampler: { scheme: "em_point" } }, 0, 256)), /sampler\.steps/],
    ["exact estimator", () => runShard(task({ ...p, metric: { estimator: "exact" } }, 0, 256)), /metric\.estimator: exact points are answered by the exact oracle/],
    ["unknown estimator", () => runShard(task({ ...p, metric: { estimator: "wasserstein9" } }, 0, 256)), /metric\.estimator: estimator must be one of/],
    ["learned score", () => runShard(task({ ...p, score: { kind: "mlp" } }, 0, 256)), /score\.kind/],
    ["unknown scheme", () => runShard(task({ ...p, sampler: { scheme: "rk4" as never, steps: 3 } }, 0, 256)), /sampler\.scheme/],
    ["exponential on VE", () => runShard(task({ ...p, sde: { family: "ve", sigma_min: 0.01, sigma_max: 10 }, sampler: { scheme: "exponential", steps: 3 } }, 0, 256)), /exponential integrator/],
    ["wasm for mixtures", () => runShard(task(GMM(256)), { backend: "wasm" }), /WebAssembly kernel covers Gaussian data only/],
    [
      "samples too large",
      () => runShard(task(point({ sde: VP, data: { kind: "gaussian", dim: 1000, mean: 0, std: 1 }, sampler: { scheme: "em_point", steps: 1 }, metric: { estimator: "sliced" } }, 70_000))),
      /metric\.subsample: the subsample size must be set so that a shard returns at most 67108864 numbers/,
    ],
  ];
  for (const [name, run, message] of cases) {
    it(`runShard: rejects ${name} with a clear error`, () => {
      expect(run).toThrow(message);
    });
  }

  it("runShard: errors carry the stable core codes", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return "none";
    };
    expect(code(() => runShard(task(p, 100, 356)))).toBe("E_INVALID_PARAMETER");
    expect(code(() => runShard(task({ ...p, metric: { estimator: "exact" } }, 0, 256)))).toBe("E_UNSUPPORTED");
    expect(code(() => runShard(task({ ...p, metric: { estimator: "nope" } }, 0, 256)))).toBe("E_UNKNOWN_VARIANT");
  });

  it("PARTICLE_BLOCK: is 256 (the shard planner's alignment unit)", () => {
    expect(PARTICLE_BLOCK).toBe(256);
  });
});
