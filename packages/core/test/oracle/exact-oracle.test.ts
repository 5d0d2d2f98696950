import { describe, expect, it } from "vitest";
import { exactOracle, type PointSpec } from "../../src/index.js";
import { expectClose, loadGolden } from "../golden.js";

const iterate = loadGolden("exact_iterate.json");
const schemes = loadGolden("exact_iterate_schemes.json");

function at(point: PointSpec, K: number, target: "p0" | "p_delta"): PointSpec {
  return { ...point, sampler: { ...point.sampler, steps: K }, metric: { ...point.metric, target } };
}

for (const [file, golden] of [
  ["exact_iterate.json", iterate],
  ["exact_iterate_schemes.json", schemes],
] as const) {
  describe(`exactOracle: golden ${file}`, () => {
    for (const c of golden.cases) {
      it(`exactOracle: ${c.id} matches w2_p0, w2_pdelta, parts, mu and var at every K`, () => {
        for (const e of c.expected) {
          const id = `${c.id} K=${e.K}`;
          const r = exactOracle(at(c.point, e.K, "p0"));
          expectClose(id, "eta", r.eta, e.eta, c.tolerance);
          expectClose(id, "w2_p0", r.w2, e.w2_p0, c.tolerance);
          expectClose(id, "w2sq_p0_mean_part", r.w2_mean_part, e.w2sq_p0_mean_part, c.tolerance);
          expectClose(id, "w2sq_p0_std_part", r.w2_std_part, e.w2sq_p0_std_part, c.tolerance);
          // Small d: full arrays; large d: coordinate 0 only (as the golden file stores them).
          if (e.mu !== undefined) expectClose(id, "mu", r.iterate.mean, e.mu, c.tolerance);
          if (e.var !== undefined) expectClose(id, "var", r.iterate.var, e.var, c.tolerance);
          expectClose(id, "mu_coord0", r.iterate.mean[0], e.mu_coord0, c.tolerance);
          expectClose(id, "var_coord0", r.iterate.var![0], e.var_coord0, c.tolerance);
          expect(r.iterate.mean.length).toBe(c.point.data.dim);
          expect(r.target).toBe("p0");
          expect(r.steps).toBe(e.K);
          const rd = exactOracle(at(c.point, e.K, "p_delta"));
          expectClose(id, "w2_pdelta", rd.w2, e.w2_pdelta, c.tolerance);
          expect(rd.target).toBe("p_delta");
        }
      });
    }
  });
}
