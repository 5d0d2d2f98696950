/**
 * The fused kernels against the exact oracle (papers.md §5.4): for Gaussian data the sampler output is exactly
 * Gaussian with a closed-form law, so the Monte Carlo mean and covariance must lie within 4 standard errors of it —
 * for every SDE family and every scheme, with and without score errors, diagonal and full covariance.
 */
import { describe, expect, it } from "vitest";
import { exactOracle, makeSchedule, streamKey, type ExactMomentStats, type PointSpec } from "@scoresweep/core";
import { runShard } from "../src/run-shard.js";
import { diagonalCov, expectMomentsMatch, momentsOf } from "./helpers/moments.js";
import { FAMILIES, point, task } from "./helpers/tasks.js";

const N = 4096;

function checkAgainstOracle(label: string, p: PointSpec): void {
  const t = task(p);
  const r = runShard(t, { backend: "js" });
  expect(r.status, `${label}: ${JSON.stringify(r.divergedAtStep)}`).toBe("done");
  const m = momentsOf(r.stats as ExactMomentStats);
  const exact = exactOracle({ ...p, metric: { estimator: "exact", target: "p0" } }, { pointKey: streamKey(t.seed, t.pointId) });
  const cov = exact.iterate.cov ?? diagonalCov(exact.iterate.var as number[]);
  expectMomentsMatch(label, m, exact.iterate.mean, cov, (r.stats as ExactMomentStats).diagonalOnly);
}

const DATA = { kind: "gaussian", dim: 3, mean: [1, -0.5, 2], std: [0.5, 1, 2] } as const;

describe("runShard vs the exact oracle", () => {
  for (const sde of FAMILIES) {
    const schemes: PointSpec["sampler"]["scheme"][] = ["em_point", "em_integral", "pf_ode_heun"];
    if (makeSchedule(sde).variancePreserving) schemes.push("exponential");
    for (const scheme of schemes) {
      it(`runShard: ${sde.family} / ${scheme}: mean and variance within 4 SE of the exact law`, () => {
        checkAgainstOracle(`${sde.family}/${scheme}`, point({ sde, data: { ...DATA, mean: [...DATA.mean], std: [...DATA.std] }, sampler: { scheme, steps: 60 } }, N));
      });
    }
  }

  it("runShard: bias, scale and noise score errors match the oracle's law (vp_linear, em_point)", () => {
    const sde = { family: "vp_linear", beta_min: 0.1, beta_max: 20 };
    const data = { kind: "gaussian" as const, dim: 2, mean: [0.5, 1], std: [0.25, 2] };
    for (const error of [
      { kind: "bias" as const, size: 0.5, direction: [0.6, -0.8] },
      { kind: "scale" as const, size: -0.3 },
      { kind: "noise" as const, size: 0.7 },
      { kind: "noise" as const, size: 0.7, seed: 11 },
    ]) {
      for (const scheme of ["em_point", "pf_ode_heun"] as const) {
        checkAgainstOracle(`${error.kind}/${scheme}`, point({ sde, data, score: { kind: "exact", error }, sampler: { scheme, steps: 40 } }, N));
      }
    }
  });

  it("runShard: full covariance (eigenbasis simulation, rotated back) matches the oracle's mean and covariance", () => {
    const cov = [
      [2.0, 0.6, -0.3],
      [0.6, 1.0, 0.2],
      [-0.3, 0.2, 0.5],
    ];
    const data = { kind: "gaussian" as const, dim: 3, mean: [1, 0, -1], cov };
    for (const [sde, scheme] of [
      [{ family: "vp_linear", beta_min: 0.1, beta_max: 20 }, "em_point"],
      [{ family: "ve", sigma_min: 0.01, sigma_max: 10 }, "em_integral"],
      [{ family: "vp_cosine" }, "exponential"],
      [{ family: "ve_const", a: 3 }, "pf_ode_heun"],
    ] as const) {
      checkAgainstOracle(`full/${sde.family}/${scheme}`, point({ sde: { ...sde }, data, score: { kind: "exact", error: { kind: "bias", size: 0.3 } }, sampler: { scheme, steps: 30 } }, N));
    }
  });

  it("runShard: coarse steps are not smoothed away (the test can fail): K = 3 on vp_linear is far from K = 60's law", () => {
    // The MC law at K = 3 must be rejected by the K = 60 oracle: guards against a check that always passes.
    const p3 = point({ sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20 }, data: { ...DATA, mean: [...DATA.mean], std: [...DATA.std] }, sampler: { scheme: "em_point", steps: 3 } }, N);
    const p60 = { ...p3, sampler: { scheme: "em_point" as const, steps: 60 } };
    const r = runShard(task(p3), { backend: "js" });
    const exact60 = exactOracle({ ...p60, metric: { estimator: "exact" } });
    expect(() => expectMomentsMatch("K3 vs K60", momentsOf(r.stats as ExactMomentStats), exact60.iterate.mean, diagonalCov(exact60.iterate.var as number[]))).toThrow();
  });
});
