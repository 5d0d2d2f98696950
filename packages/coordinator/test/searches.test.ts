import { join } from "node:path";
import { complexitySearch, geometricGrid, type PointSpec } from "@scoresweep/core";
import { confidenceInterval95 } from "@scoresweep/core";
import { parsePoint, precisionDecision, type SweepSpec } from "@scoresweep/sweep";
import { SqliteStore, type ResultStore } from "@scoresweep/store";
import { describe, expect, it } from "vitest";
import { committed, exportText, runOnDb, spec, tempDir } from "./searches-harness.js";

/** Gaussian data in d = 2 where the exact oracle knows W2(K): K* for ε = 0.3, 0.1, 0.05 is 8, 15, 23 on this grid. */
const BASE = {
  sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
  data: { kind: "gaussian", dim: 2, mean: 1, std: 0.5 },
  score: { kind: "exact" },
  sampler: { scheme: "em_point", delta: 0.001 },
  metric: { estimator: "gaussian_fit", target: "p0" },
  mc: { particles: 16384 },
};
const EPS = [0.3, 0.1, 0.05];
const GRID = "2:300:1.25";

const MC_SEARCH: SweepSpec = spec({
  name: "mc-search",
  seed: 5,
  base: BASE,
  grid: { "sampler.scheme": ["em_point", "em_integral"] },
  replicates: 4,
  shard: { particles: 4096 },
  searches: { complexity: { eps: EPS, grid: GRID } },
});

/** The exact oracle's K* of a searched point (its estimator switched to `exact`). */
function oracleSteps(point: PointSpec): (number | null)[] {
  const exact = parsePoint({ ...point, metric: { ...point.metric, estimator: "exact" } });
  const [min, max, ratio] = GRID.split(":").map(Number) as [number, number, number];
  return complexitySearch(exact, EPS, geometricGrid(min, max, ratio)).map((r) => r.steps);
}

function withStore<T>(db: string, f: (store: ResultStore) => T): T {
  const store = SqliteStore.open(db);
  try {
    return f(store);
  } finally {
    store.close();
  }
}

describe("runCampaign: Monte Carlo complexity search", () => {
  it("runCampaign: the Monte Carlo search brackets the exact oracle's K* on Gaussian data, evaluating few K", async () => {
    const db = join(tempDir("mc-search"), "r.db");
    const run = await runOnDb(MC_SEARCH, db);
    expect(run.summary.status).toBe("done");
    withStore(db, (store) => {
      const searched = store.listPoints("mc-search").filter((p) => !("steps" in JSON.parse(p.paramsJson).sampler));
      expect(searched).toHaveLength(2);
      const gridLength = geometricGrid(2, 300, 1.25).length;
      for (const p of searched) {
        const rows = store.listComplexity("mc-search", p.pointId);
        const expected = oracleSteps(JSON.parse(p.paramsJson) as PointSpec);
        expect(rows.map((r) => r.eps)).toEqual([...EPS].sort((a, b) => a - b));
        for (const r of rows) {
          const kStar = expected[EPS.indexOf(r.eps)]!;
          const what = `point ${p.pointId} eps ${r.eps}: oracle K* ${kStar}, MC bracket (${r.bracketLow}, ${r.bracketHigh}]`;
          expect(r.method, what).toBe("mc_bisection");
          expect(r.steps, what).toBe(r.bracketHigh);
          expect(r.bracketHigh, what).not.toBeNull();
          expect(kStar <= r.bracketHigh!, what).toBe(true);
          expect(r.bracketLow === null || r.bracketLow < kStar, what).toBe(true);
        }
      }
      // Only the K the bisection needs are computed: derived points are far fewer than the grid.
      const derived = store.listPoints("mc-search").length - searched.length;
      expect(derived).toBeGreaterThan(4);
      expect(derived).toBeLessThan(searched.length * gridLength * 0.6);
      // Every derived point has its final aggregate with a CI, and ordinals after the spec's points.
      for (const p of store.listPoints("mc-search")) {
        if (searched.some((s) => s.pointId === p.pointId)) continue;
        expect(p.ordinal).toBeGreaterThanOrEqual(2);
        const a = store.getAggregate("mc-search", p.pointId);
        expect(a?.status).toBe("done");
        expect(a?.ciLow).not.toBeNull();
      }
    });
  });

  it("runCampaign: a search stopped mid-way and resumed (open shards paged 3 at a time) gives the same rows and export, computing no committed shard again", async () => {
    const dir = tempDir("mc-resume");
    const ref = join(dir, "ref.db");
    await runOnDb(MC_SEARCH, ref);
    const expected = withStore(ref, (s) => exportText(s, "mc-search"));
    const expectedRows = withStore(ref, (s) => s.listComplexity("mc-search"));

    const db = join(dir, "stopped.db");
    // Stop three times at different depths of the search (each round of one K is 16 shards per searched point).
    let stoppedMidSearch = 0;
    for (const stopAfter of [10, 37, 70]) {
      const before = withStore(db, (s) => (s.getCampaign("mc-search") ? committed(s, "mc-search") : new Set<string>()));
      const run = await runOnDb(MC_SEARCH, db, { stopAfter, pendingPageSize: 3 });
      const recomputed = run.computed.filter((id) => before.has(id));
      expect(recomputed, "shards committed before this run were computed again").toEqual([]);
      if (run.summary.status === "stopped") stoppedMidSearch++;
      withStore(db, (s) => expect(s.listComplexity("mc-search").length).toBeLessThan(expectedRows.length));
    }
    expect(stoppedMidSearch).toBe(3);
    const before = withStore(db, (s) => committed(s, "mc-search"));
    const last = await runOnDb(MC_SEARCH, db, { pendingPageSize: 3 });
    expect(last.summary.status).toBe("done");
    expect(last.computed.filter((id) => before.has(id))).toEqual([]);
    expect(last.summary.shardsSkipped).toBe(before.size);
    withStore(db, (s) => {
      expect(s.listComplexity("mc-search")).toEqual(expectedRows);
      expect(exportText(s, "mc-search")).toBe(expected);
    });
    // A finished campaign re-run computes nothing (the searches replay from the database).
    const again = await runOnDb(MC_SEARCH, db);
    expect(again.computed).toEqual([]);
    withStore(db, (s) => expect(exportText(s, "mc-search")).toBe(expected));
  });

  it("runCampaign: a Monte Carlo complexity search with one replicate and no precision search is rejected before anything is written", async () => {
    const dir = tempDir("mc-bad");
    const db = join(dir, "r.db");
    const bad = spec({ ...MC_SEARCH, name: "bad", replicates: 1 });
    await expect(runOnDb(bad, db)).rejects.toThrow(/spec point #0: replicates must be >= 2 for a Monte Carlo complexity search.*got 1/);
    withStore(db, (s) => expect(s.listCampaigns()).toEqual([]));
  });
});

describe("runCampaign: precision search", () => {
  const PRECISION_SPEC = { ci_half_width: 0.01, max_replicates: 12 };
  /** Two points: with many particles the target is met; with few (a noisier estimate) the cap is hit first. */
  const PRECISION: SweepSpec = spec({
    name: "precision",
    seed: 9,
    base: { ...BASE, sampler: { ...BASE.sampler, steps: 20 }, mc: { particles: 2048 } },
    grid: { "mc.particles": [2048, 256] },
    replicates: 2,
    shard: { particles: 1024 },
    searches: { precision: PRECISION_SPEC },
  });

  it("runCampaign: replicates are added until the 95% CI half-width meets the target or the cap is hit", async () => {
    const db = join(tempDir("precision"), "r.db");
    const run = await runOnDb(PRECISION, db);
    expect(run.summary.status).toBe("done");
    withStore(db, (store) => {
      const aggs = store.listAggregates("precision");
      expect(aggs).toHaveLength(2);
      const reasons = new Set<string>();
      for (const a of aggs) {
        const reps = (JSON.parse(a.extraJson!) as { replicates: number[] }).replicates;
        expect(reps).toHaveLength(a.n);
        // n is the number of replicates the database holds shards for.
        const shards = store.listShards("precision").filter((s) => s.pointId === a.pointId);
        expect(new Set(shards.map((s) => s.replicate)).size).toBe(a.n);
        expect(shards.every((s) => s.status === "done")).toBe(true);
        const half = confidenceInterval95(reps).half_width;
        expect((a.ciHigh! - a.ciLow!) / 2).toBeCloseTo(half, 12);
        const decision = precisionDecision(a.n, reps, PRECISION_SPEC);
        expect(decision.add).toBe(0);
        reasons.add(decision.reason);
        if (decision.reason === "target_met") expect(half).toBeLessThanOrEqual(PRECISION_SPEC.ci_half_width);
        else expect(a.n).toBe(12);
        // The rounds replayed from the spec's 2 replicates on the stored estimates end exactly at n: every round
        // added what the policy asked for, and the search stopped at the first round that met the target or the cap.
        let n = 2;
        const rounds = [n];
        for (let add = precisionDecision(n, reps.slice(0, n), PRECISION_SPEC).add; add > 0; add = precisionDecision(n, reps.slice(0, n), PRECISION_SPEC).add) {
          n += add;
          rounds.push(n);
        }
        expect(n, `rounds ${rounds.join(" → ")}`).toBe(a.n);
        expect(rounds.length).toBeGreaterThan(1);
      }
      expect([...reasons].sort()).toEqual(["cap", "target_met"]);
    });
  });

  it("runCampaign: a precision search stopped mid-way and resumed exports the same, computing no committed shard again", async () => {
    const dir = tempDir("precision-resume");
    const ref = join(dir, "ref.db");
    await runOnDb(PRECISION, ref);
    const expected = withStore(ref, (s) => exportText(s, "precision"));
    const db = join(dir, "stopped.db");
    for (const stopAfter of [5, 14]) {
      const before = withStore(db, (s) => (s.getCampaign("precision") ? committed(s, "precision") : new Set<string>()));
      const run = await runOnDb(PRECISION, db, { stopAfter });
      expect(run.summary.status).toBe("stopped");
      expect(run.computed.filter((id) => before.has(id))).toEqual([]);
    }
    const before = withStore(db, (s) => committed(s, "precision"));
    const last = await runOnDb(PRECISION, db);
    expect(last.summary.status).toBe("done");
    expect(last.computed.filter((id) => before.has(id))).toEqual([]);
    withStore(db, (s) => expect(exportText(s, "precision")).toBe(expected));
  });
});
