/**
 * Gaussian-mixture data with the exact score (papers.md §5.2): at a small step size the sampler's output must be the
 * mixture — per-component mass within the binomial CI, per-component moments within 4 SE, and sliced W2 to the
 * target at its noise floor. Each check is also shown to fail for a coarse K.
 */
import { describe, expect, it } from "vitest";
import { pointCloud, slicedW2, type PointSpec } from "@scoresweep/core";
import { runShard, runTargetShard } from "../src/run-shard.js";
import type { SampleStats } from "../src/shard-task.js";
import { point, task } from "./helpers/tasks.js";

const WEIGHTS = [0.3, 0.7];
const MEANS = [
  [-4, 0],
  [4, 1],
];
const STD = 0.5;

function gmmPoint(scheme: PointSpec["sampler"]["scheme"], steps: number, N: number, estimator = "sliced"): PointSpec {
  return point(
    {
      sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20 },
      data: { kind: "gmm", weights: [...WEIGHTS], means: MEANS.map((m) => [...m]), stds: STD },
      sampler: { scheme, steps },
      metric: { estimator, target: "p_delta" },
    },
    N,
  );
}

/** Per-component (nearest mean) counts, means and variances of n×2 samples. */
function components(s: SampleStats) {
  const count = [0, 0];
  const sum = [
    [0, 0],
    [0, 0],
  ];
  const sq = [
    [0, 0],
    [0, 0],
  ];
  for (let p = 0; p < s.n; p++) {
    const x = s.samples[2 * p];
    const y = s.samples[2 * p + 1];
    const j = x < 0 ? 0 : 1;
    count[j]++;
    sum[j][0] += x;
    sum[j][1] += y;
    sq[j][0] += x * x;
    sq[j][1] += y * y;
  }
  return { count, sum, sq };
}

function expectMixture(label: string, s: SampleStats): void {
  const { count, sum, sq } = components(s);
  const n = s.n;
  for (let j = 0; j < 2; j++) {
    const w = WEIGHTS[j];
    const se = Math.sqrt((w * (1 - w)) / n);
    const diff = Math.abs(count[j] / n - w);
    expect(diff <= 4 * se, `${label} mass[${j}]: got ${count[j] / n}, expected ${w}, difference ${diff}, tolerance ${4 * se} (4 SE)`).toBe(true);
    for (let i = 0; i < 2; i++) {
      const m = sum[j][i] / count[j];
      const v = sq[j][i] / count[j] - m * m;
      const tolM = 4 * Math.sqrt((STD * STD) / count[j]);
      const tolV = 4 * STD * STD * Math.sqrt(2 / (count[j] - 1));
      // Small-step output ≈ p_δ: component variance s² a_δ² + b_δ² ≈ s² + 1e-4 (inside the tolerance).
      expect(Math.abs(m - MEANS[j][i]) <= tolM + 1e-3, `${label} mean[${j}][${i}]: got ${m}, expected ${MEANS[j][i]}, tolerance ${tolM} (4 SE)`).toBe(true);
      expect(Math.abs(v - STD * STD) <= tolV + 1e-3, `${label} var[${j}][${i}]: got ${v}, expected ${STD * STD}, tolerance ${tolV} (4 SE)`).toBe(true);
    }
  }
}

describe("mixture data with the exact score", () => {
  const N = 4096;

  for (const scheme of ["em_point", "em_integral", "exponential", "pf_ode_heun"] as const) {
    it(`runShard: ${scheme} at K = 400 puts each component's mass within the binomial CI, moments within 4 SE`, () => {
      const r = runShard(task(gmmPoint(scheme, 400, N)));
      expect(r.status).toBe("done");
      expectMixture(scheme, r.stats as SampleStats);
    });
  }

  it("runShard: the mixture check fails for a coarse K = 4 (the test can fail)", () => {
    const r = runShard(task(gmmPoint("em_point", 4, N)));
    expect(() => expectMixture("K=4", r.stats as SampleStats)).toThrow();
  });

  it("runShard: sliced W2 to the target is at its noise floor at K = 400, and above it at K = 4", () => {
    // Per replicate r: SW2²(sampler, target copy 0) and the floor SW2²(target copy 1, target copy 0). SW2² of mixture
    // samples is heavy-tailed (it moves the binomial mass excess between components), so compare the means over
    // replicates with a two-sample test: separated iff the difference exceeds 4 standard errors.
    const n = 2048;
    const R = 8;
    const proj = { projections: 64, seed: 5 };
    const cloud = (s: SampleStats) => pointCloud(s.samples, 2);
    const meanSd = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return { m, v: xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) };
    };
    const floors: number[] = [];
    const fine: number[] = [];
    const coarse: number[] = [];
    for (let r = 0; r < R; r++) {
      const t = (K: number) => task(gmmPoint("em_point", K, n), 0, n, { replicate: r });
      const t0 = cloud(runTargetShard(t(400), 0).stats as SampleStats);
      floors.push(slicedW2(cloud(runTargetShard(t(400), 1).stats as SampleStats), t0, proj).w2_squared);
      fine.push(slicedW2(cloud(runShard(t(400)).stats as SampleStats), t0, proj).w2_squared);
      coarse.push(slicedW2(cloud(runShard(t(4)).stats as SampleStats), t0, proj).w2_squared);
    }
    const f = meanSd(floors);
    const separation = (xs: number[]) => {
      const s = meanSd(xs);
      return { diff: s.m - f.m, se: Math.sqrt(s.v / R + f.v / R) };
    };
    const a = separation(fine);
    expect(Math.abs(a.diff) <= 4 * a.se, `K = 400: mean SW2² − floor = ${a.diff}, tolerance ${4 * a.se} (4 SE); floor ${f.m}`).toBe(true);
    const b = separation(coarse);
    expect(b.diff > 4 * b.se, `K = 4: mean SW2² − floor = ${b.diff}, must exceed ${4 * b.se} (4 SE); floor ${f.m}`).toBe(true);
  });
});
