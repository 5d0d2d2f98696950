/**
 * Test helper: fills a results store with a campaign of exact-oracle points the way the campaign runner does
 * (points registered from the spec's expansion, W2 aggregates from core's exact oracle, K*(ε) rows from core's
 * complexity search), without the coordinator, transport or worker pool — so report tests depend on the store
 * contract and core only. End-to-end runs through the real runner are in packages/cli/test.
 */
import { complexitySearch, exactOracle } from "@scoresweep/core";
import { canonicalJson, expandSpec, parseGridSpec, parseSpec, type SweepSpec } from "@scoresweep/sweep";
import type { ResultStore } from "@scoresweep/store";

/** Parses `doc` as a sweep spec and writes its campaign into `store`; returns the spec. */
export function fillExactCampaign(store: ResultStore, doc: unknown): SweepSpec {
  const spec = parseSpec(doc);
  const points = expandSpec(spec, { yes: true });
  store.upsertCampaign({ id: spec.name, name: spec.name, specJson: canonicalJson(spec), seed: spec.seed, codeVersion: "test", status: "done", createdAt: 0 });
  store.registerPoints(points.map((p) => ({ campaignId: spec.name, pointId: p.id, ordinal: p.ordinal, paramsJson: canonicalJson(p.point), parentId: null })));
  const search = spec.searches.complexity;
  const grid = search ? parseGridSpec(search.grid) : [];
  for (const p of points) {
    if (p.point.sampler.steps !== undefined) {
      const r = exactOracle(p.point);
      store.upsertAggregate({
        campaignId: spec.name,
        pointId: p.id,
        estimator: "exact",
        estimate: r.w2,
        ciLow: null,
        ciHigh: null,
        n: 1,
        noiseFloor: null,
        status: "done",
        extraJson: null,
      });
    } else if (search) {
      for (const row of complexitySearch(p.point, search.eps, grid)) {
        const j = row.steps === null ? -1 : grid.indexOf(row.steps);
        store.upsertComplexity({ campaignId: spec.name, pointId: p.id, eps: row.eps, steps: row.steps, bracketLow: j > 0 ? grid[j - 1]! : null, bracketHigh: row.steps, method: "exact_oracle", status: row.steps === null ? "unreached" : "resolved" });
      }
    }
  }
  return spec;
}
