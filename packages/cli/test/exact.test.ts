import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { geometricGrid } from "@scoresweep/core";
import { expectClose, loadGolden } from "../../core/test/golden.js";
import { jsonLines, runCli } from "./run-cli.js";

/** Every `stride`-th element: a sample of cases that still covers families, dimensions and error settings. */
const sample = <T>(xs: T[], stride: number): T[] => xs.filter((_, i) => i % stride === 0);

/** Runs `scoresweep exact --json --full` on a JSON array of points in one process. */
function exactMany(points: unknown[]): any[] {
  const file = join(mkdtempSync(join(tmpdir(), "scoresweep-exact-")), "points.json");
  writeFileSync(file, JSON.stringify(points));
  const r = runCli(["exact", "--json", "--full", "--point", `@${file}`]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return jsonLines(r.stdout);
}

describe("scoresweep exact (golden, through the CLI)", () => {
  for (const file of ["exact_iterate.json", "exact_iterate_schemes.json"]) {
    it(`exact: matches a sample of ${file} to p0 and p_delta`, () => {
      const cases = sample(loadGolden(file).cases as any[], file === "exact_iterate.json" ? 4 : 9);
      const points: unknown[] = [];
      const expected: { id: string; row: any; target: string; tol: any }[] = [];
      for (const c of cases) {
        for (const row of c.expected) {
          for (const target of ["p0", "p_delta"]) {
            points.push({ ...c.point, sampler: { ...c.point.sampler, steps: row.K }, metric: { ...c.point.metric, target } });
            expected.push({ id: `${c.id} K=${row.K} ${target}`, row, target, tol: c.tolerance });
          }
        }
      }
      const got = exactMany(points);
      expect(got).toHaveLength(points.length);
      got.forEach((g, i) => {
        const { id, row, target, tol } = expected[i]!;
        expectClose(id, "w2", g.w2, target === "p0" ? row.w2_p0 : row.w2_pdelta, tol);
        if (target === "p0") {
          expectClose(id, "w2_mean_part", g.w2_mean_part, row.w2sq_p0_mean_part, tol);
          expectClose(id, "w2_std_part", g.w2_std_part, row.w2sq_p0_std_part, tol);
          // Large-d rows give only the first coordinate.
          expectClose(id, "iterate_mean", row.mu ? g.iterate_mean : g.iterate_mean[0], row.mu ?? row.mu_coord0, tol);
          expectClose(id, "iterate_var", row.var ? g.iterate_var : g.iterate_var[0], row.var ?? row.var_coord0, tol);
        }
      });
    });
  }
});

describe("scoresweep exact, full covariance (golden, through the CLI)", () => {
  it("exact: matches a sample of gaussian_full_iterate.json (Bures W2, parts, mean, covariance)", () => {
    const cases = sample(loadGolden("gaussian_full_iterate.json").cases as any[], 3);
    const points: unknown[] = [];
    const expected: { id: string; row: any; tol: any }[] = [];
    for (const c of cases) {
      for (const row of c.expected) {
        points.push({ ...c.point, sampler: { ...c.point.sampler, steps: row.K } });
        expected.push({ id: `${c.id} K=${row.K}`, row, tol: c.tolerance });
      }
    }
    exactMany(points).forEach((g, i) => {
      const { id, row, tol } = expected[i]!;
      expectClose(id, "w2", g.w2, row.w2_p0, tol);
      expectClose(id, "w2_mean_part", g.w2_mean_part, row.w2sq_p0_mean_part, tol);
      expectClose(id, "w2_std_part (Bures covariance part)", g.w2_std_part, row.w2sq_p0_cov_part, tol);
      expectClose(id, "iterate_mean", g.iterate_mean, row.mean, tol);
      expectClose(id, "iterate_cov", g.iterate_cov, row.cov, tol);
    });
  });
});

describe("scoresweep complexity (golden, through the CLI)", () => {
  it("complexity: reproduces K_min of a sample of iteration_complexity.json", () => {
    const cases = sample(loadGolden("iteration_complexity.json").cases as any[], 3);
    for (const c of cases) {
      const grid = c.inputs.k_grid as number[];
      const r = runCli(["complexity", "--json", "--point", JSON.stringify(c.point), "--eps", c.inputs.eps_list.join(","), "--grid", `2:100000:1.25`]);
      expect(r.code, r.stderr).toBe(0);
      const rows = jsonLines(r.stdout);
      expect(rows.map((x) => x.eps)).toEqual(c.inputs.eps_list);
      expect(grid[0]).toBe(2);
      for (const row of rows) {
        expect(row.steps, `${c.id} eps=${row.eps}`).toBe(c.expected.p0[String(row.eps)].K_min);
      }
    }
  });
});

describe("scoresweep exact / complexity: a noise score error without its own seed", () => {
  const noisy = {
    sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
    data: { kind: "gaussian", dim: 2, mean: 1, std: 0.5 },
    score: { kind: "exact", error: { kind: "noise", size: 0.2 } },
    sampler: { scheme: "em_point", steps: 20 },
    metric: { estimator: "exact", target: "p0" },
    mc: { seed: 4 },
  };

  it("complexity: works, with one frozen field for every K (keyed by the steps-free point id), so single-K searches agree", () => {
    const search = (grid: string) => runCli(["complexity", "--json", "--point", JSON.stringify(noisy), "--eps", "0.3", "--grid", grid]);
    const r = search("2:1000:1.25");
    expect(r.code, r.stderr).toBe(0);
    const kMin = jsonLines(r.stdout)[0].steps as number;
    const grid = geometricGrid(2, 1000, 1.25);
    const before = grid[grid.indexOf(kMin) - 1];
    expect(before).toBeDefined();
    expect(jsonLines(search(`${kMin}:${kMin}:2`).stdout)[0].steps).toBe(kMin);
    expect(jsonLines(search(`${before}:${before}:2`).stdout)[0].steps).toBeNull();
  });
});

describe("scoresweep bad input", () => {
  const point = {
    sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
    data: { kind: "gaussian", dim: 2, mean: 1, std: 0.5 },
    score: { kind: "exact" },
    sampler: { scheme: "em_point", steps: 10, delta: 0.001, prior_var: 1 },
    metric: { estimator: "exact", target: "p0" },
  };
  const bad: [string, string, RegExp][] = [
    ["unknown family", JSON.stringify({ ...point, sde: { family: "vp_lineer" } }), /sde\.family.*vp_linear/],
    ["missing parameter", JSON.stringify({ ...point, sde: { family: "vp_linear", beta_min: 0.1 } }), /sde\.beta_max/],
    ["negative parameter", JSON.stringify({ ...point, sde: { family: "vp_linear", beta_min: -0.1, beta_max: 20 } }), /sde\.beta_min.*> 0.*-0\.1/],
    ["steps: 0", JSON.stringify({ ...point, sampler: { ...point.sampler, steps: 0 } }), /sampler\.steps must be/],
    ["non-unit direction", JSON.stringify({ ...point, score: { kind: "exact", error: { kind: "bias", size: 0.1, direction: [1, 1] } } }), /score\.error\.direction.*unit/],
    ["malformed JSON", "{\"sde\": ", /malformed JSON/],
    ["unknown file", "@/nonexistent/point.json", /cannot read file/],
  ];
  for (const [name, arg, pattern] of bad) {
    it(`exact: ${name} gets one clear line and exit code 2`, () => {
      const r = runCli(["exact", "--point", arg]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("complexity: a bad --eps is named", () => {
    const r = runCli(["complexity", "--point", JSON.stringify(point), "--eps", "0.5,zero"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--eps/);
  });

  it("scoresweep: --help works on every command", () => {
    for (const cmd of [[], ["exact"], ["complexity"]]) {
      const r = runCli([...cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: scoresweep/);
    }
  });
});
