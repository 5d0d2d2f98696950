import { describe, expect, it } from "vitest";
import { complexitySearch, type PointSpec } from "@scoresweep/core";
import { MemoryStore } from "@scoresweep/store";
import { expandSpec, parseGridSpec, parseSpec } from "@scoresweep/sweep";
import { gnzComplexity, K_FIT_MIN } from "../../src/reproductions/gnz-complexity.js";
import { gnzHorizon } from "../../src/reproductions/gnz-horizon-rule.js";
import { loadReproductionSpec } from "../../src/reproductions/registry.js";
import { ReportError } from "../../src/report-error.js";
import { fillExactCampaign } from "../fill-exact-campaign.js";

interface Cell {
  family: string;
  dim: number;
  eps: number;
  rule_T: number | null;
  k_star_fixed_T: number | null;
  k_star_rule_T: number | null;
}

describe("gnzComplexity.analyze", () => {
  const store = new MemoryStore();
  const { spec } = loadReproductionSpec("gnz-complexity", true);
  fillExactCampaign(store, spec);
  const doc = gnzComplexity.analyze({ store, campaignId: spec.name, spec, quick: true });
  const summary = doc.summary as { cells: Cell[]; families: { family: string; row: string; fixed_T: { cells_fitted: number } }[]; k_fit_min: number };

  it("gnz-complexity: one row per GNZ family in the table's order, and every (family, d, ε) cell", () => {
    expect(summary.families.map((f) => f.row)).toEqual(["VE-1", "VE-2", "VE-3", "VE-4", "VP-0 (OU)", "VP-lin", "VP-poly", "VP-exp"]);
    expect(summary.cells).toHaveLength(8 * 5 * 6);
    expect(summary.k_fit_min).toBe(K_FIT_MIN);
    const names = doc.sections.flatMap((s) => [...(s.tables ?? []), ...(s.figures ?? [])].map((x) => x.name));
    expect(names).toEqual(["exponents", "kstar-vs-eps", "kstar-vs-dim", "kstar-vs-eps-rule", "kstar-vs-dim-rule", "collapse", "kstar"]);
  });

  it("gnz-complexity: the rule's T and its K* are core's gnzHorizon and complexitySearch at that T", () => {
    const grid = parseGridSpec(spec.searches.complexity!.grid);
    const points = expandSpec(spec);
    for (const c of summary.cells.filter((_, i) => i % 17 === 0)) {
      const p = points.find((x) => x.point.sde.family === c.family && (x.point.data as { dim: number }).dim === c.dim)!.point;
      const T = Math.max(gnzHorizon(p.sde, 0.5, c.dim, c.eps)!, 10 * (p.sde.family.startsWith("ve") ? 1e-5 : 1e-3));
      expect(c.rule_T).toBe(T);
      expect(c.k_star_rule_T).toBe(complexitySearch({ ...p, sde: { ...p.sde, T } } as PointSpec, [c.eps], grid)[0]!.steps);
    }
  });

  it("gnz-complexity: K* depends on ε/√d alone (isotropic data), under both horizons", () => {
    // d = 64, ε = 0.1 and d = 256, ε = 0.2 share ε/√d = 1/80; so do d = 256, ε = 0.1 and d = 1024, ε = 0.2, etc.
    let pairs = 0;
    for (const a of summary.cells) {
      for (const b of summary.cells) {
        if (a.family !== b.family || b.dim !== 4 * a.dim || Math.abs(b.eps - 2 * a.eps) > 1e-12) continue;
        expect(b.k_star_fixed_T).toBe(a.k_star_fixed_T);
        expect(b.k_star_rule_T).toBe(a.k_star_rule_T);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(8 * 4);
  });

  it("gnz-complexity: data that is not N(0, σ0² I) is refused", () => {
    const s2 = new MemoryStore();
    const doc2 = { ...(JSON.parse(JSON.stringify(spec)) as Record<string, unknown>), name: "bad" };
    (doc2.base as { data: unknown }).data = { kind: "gaussian", dim: 2, mean: 1, std: 0.5 };
    (doc2.grid as Record<string, unknown>)["data.dim"] = [2];
    const bad = parseSpec(doc2);
    fillExactCampaign(s2, { ...bad, searches: { complexity: { eps: [0.5], grid: "2:1000:1.25" } } });
    expect(() => gnzComplexity.analyze({ store: s2, campaignId: "bad", spec: bad, quick: true })).toThrow(ReportError);
  });
});
