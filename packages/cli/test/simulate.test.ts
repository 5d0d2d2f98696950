import { describe, expect, it } from "vitest";
import { jsonLines, runCli } from "./run-cli.js";

// Drives the BUILT binary: build first with `npx tsc -b packages/cli`.

const sde = { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 };

/** A Gaussian-data point for `simulate`. */
function point(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sde,
    data: { kind: "gaussian", dim: 1, mean: 1, std: 0.5 },
    score: { kind: "exact" },
    sampler: { scheme: "em_point", steps: 5 },
    metric: { estimator: "gaussian_fit", target: "p0" },
    mc: { particles: 20_480, replicates: 8, seed: 3 },
    ...over,
  };
}

function simulate(p: unknown, ...args: string[]) {
  return runCli(["simulate", "--json", "--point", JSON.stringify(p), ...args]);
}

describe("scoresweep simulate", () => {
  it("simulate: a normal point reports estimate, ci95, noise floor and the exact W2 beside it (d = 1, 5 steps)", () => {
    const r = simulate(point(), "--backend", "js");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const [row] = jsonLines(r.stdout);
    expect(row.status).toBe("done");
    expect(row.estimator).toBe("gaussian_fit");
    expect(row.n).toBe(8);
    expect(row.particles).toBe(20_480);
    expect(row.floor_method).toBe("parametric");
    expect(row.separated_from_floor).toBe(true);
    expect(row.particles_per_second).toBeGreaterThan(0);
    for (const k of ["w2", "noise_floor", "w2_debiased", "w2_exact"]) expect(Number.isFinite(row[k]), k).toBe(true);
    expect(row.ci95).toHaveLength(2);
    const [lo, hi] = row.ci95 as [number, number];
    expect(lo).toBeLessThan(row.w2);
    expect(hi).toBeGreaterThan(row.w2);
    // W2 is large here (0.46) against a floor of ~0.004: the estimate sits within one CI width of the exact value.
    const diff = Math.abs(row.w2 - row.w2_exact);
    expect(diff, `w2 ${row.w2}, w2_exact ${row.w2_exact}, |diff| ${diff}, CI width ${hi - lo}`).toBeLessThanOrEqual(hi - lo);
  });

  it("simulate: js, pool (1 and 2 workers) and other shard sizes print the same numbers, bit for bit", () => {
    const p = point({ data: { kind: "gaussian", dim: 3, mean: [1, 0, -1], std: [0.5, 1, 2] }, mc: { particles: 3000, replicates: 3, seed: 9 } });
    const strip = (stdout: string) => jsonLines(stdout).map(({ particles_per_second, backend, ...rest }) => rest);
    const ref = simulate(p, "--backend", "js");
    expect(ref.code, ref.stderr).toBe(0);
    for (const args of [
      ["--backend", "pool", "--workers", "1"],
      ["--backend", "pool", "--workers", "2", "--shard-particles", "512"],
      ["--backend", "js", "--shard-particles", "256"],
    ]) {
      const r = simulate(p, ...args);
      expect(r.code, r.stderr).toBe(0);
      expect(strip(r.stdout), args.join(" ")).toEqual(strip(ref.stdout));
    }
  });

  it("simulate: a diverging configuration is reported as diverged, exit code 0, with a warning line", () => {
    const p = point({ sde: { family: "ou", alpha: 1e4, sigma: 1 }, sampler: { scheme: "em_point", steps: 200 }, mc: { particles: 512, replicates: 2 } });
    const r = simulate(p, "--backend", "js");
    expect(r.code, r.stderr).toBe(0);
    const [row] = jsonLines(r.stdout);
    expect(row.status).toBe("diverged");
    expect(row.w2).toBeNull();
    expect(row.ci95).toBeNull();
    expect(row.diverged_at_step).toBeGreaterThan(0);
    expect(row.diverged_at_step).toBeLessThanOrEqual(200);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^scoresweep: warning: point [0-9a-f]{16} diverged at step \d+ of 200/);
  });

  it("simulate: warns when the estimate is not separated from its noise floor (d = 10, small W2)", () => {
    const p = point({ data: { kind: "gaussian", dim: 10, mean: 1, std: 0.5 }, sampler: { scheme: "em_point", steps: 200 }, mc: { particles: 2048, replicates: 4, seed: 1 } });
    const r = simulate(p, "--backend", "js");
    expect(r.code, r.stderr).toBe(0);
    const [row] = jsonLines(r.stdout);
    expect(row.status).toBe("done");
    expect(row.separated_from_floor).toBe(false);
    expect(row.w2_exact).toBeLessThan(row.noise_floor);
    expect(r.stderr).toMatch(/^scoresweep: warning: point [0-9a-f]{16}: the w2 estimate \S+ is not separated from its noise floor/);
  });

  it("simulate: w2_exact of a point with a seedless noise score error uses the kernels' frozen field, as exact does", () => {
    // The field is keyed by (mc.seed, point id): simulate's exact oracle and `scoresweep exact` on the same point
    // agree to the bit, and another mc.seed gives another field (so the key is really used).
    const noisy = (seed: number) =>
      point({ data: { kind: "gaussian", dim: 2, mean: 1, std: 0.5 }, score: { kind: "exact", error: { kind: "noise", size: 0.3 } }, mc: { particles: 512, replicates: 2, seed } });
    const r = simulate(noisy(5), "--backend", "js");
    expect(r.code, r.stderr).toBe(0);
    const [row] = jsonLines(r.stdout);
    expect(Number.isFinite(row.w2_exact)).toBe(true);
    const exact = (p: unknown) => runCli(["exact", "--json", "--point", JSON.stringify(p)]);
    const e5 = exact(noisy(5));
    expect(e5.code, e5.stderr).toBe(0);
    const [x5] = jsonLines(e5.stdout);
    expect(x5.point_id).toBe(row.point_id);
    expect(x5.w2).toBe(row.w2_exact);
    const [x6] = jsonLines(exact(noisy(6)).stdout);
    expect(x6.w2).not.toBe(x5.w2);
  });

  it("simulate: a sample estimator (sliced) reports a two-sample floor", () => {
    const p = point({ data: { kind: "gaussian", dim: 2, mean: 1, std: 0.5 }, metric: { estimator: "sliced", target: "p0", projections: 16 }, mc: { particles: 600, replicates: 2, seed: 2 } });
    const r = simulate(p, "--backend", "js");
    expect(r.code, r.stderr).toBe(0);
    const [row] = jsonLines(r.stdout);
    expect(row.floor_method).toBe("two_sample");
    expect(Number.isFinite(row.w2)).toBe(true);
    expect(Number.isFinite(row.noise_floor)).toBe(true);
  });

  it.each([
    ["an exact-estimator point", [JSON.stringify(point({ metric: { estimator: "exact" } }))], /^scoresweep: metric\.estimator: exact points are answered by the exact oracle/],
    ["a point without sampler.steps", [JSON.stringify(point({ sampler: { scheme: "em_point" } }))], /^scoresweep: sampler\.steps: /],
    ["sinkhorn without metric.reg", [JSON.stringify(point({ metric: { estimator: "sinkhorn" } }))], /^scoresweep: metric\.reg: /],
    ["sorted_1d in d = 2", [JSON.stringify(point({ data: { kind: "gaussian", dim: 2, mean: 1, std: 1 }, metric: { estimator: "sorted_1d" } }))], /^scoresweep: metric\.estimator: estimator sorted_1d must be used with 1-dimensional data/],
    ["malformed JSON", ["{"], /^scoresweep: --point: malformed JSON/],
    ["a shard size off the particle block", [JSON.stringify(point()), "--shard-particles", "1000"], /^scoresweep: --shard-particles: must be a multiple of 256/],
    ["a bad worker count", [JSON.stringify(point()), "--workers", "0"], /^scoresweep: --workers: must be an integer in \[1, 1024\]/],
    ["an unknown backend", [JSON.stringify(point()), "--backend", "gpu"], /^scoresweep: backend: name must be one of/],
  ])("simulate: rejects %s with one line and exit code 2", (_what, args, message) => {
    const r = runCli(["simulate", "--json", "--point", ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
