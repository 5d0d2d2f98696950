import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { campaignRegistered, cli, exportOf, killAfterCommits, snapshot, startCli, tempDir } from "./cli-process.js";

/**
 * Both adaptive searches at once: Monte Carlo complexity searches (derived points per K) whose derived points also get
 * precision replicates. A few seconds per run: long enough to be killed in the middle of the search.
 */
const SEARCH_SPEC = `
name: e2e-searches
seed: 13
base:
  sde: { family: vp_linear, beta_min: 0.1, beta_max: 20, T: 1 }
  data: { kind: gaussian, dim: 3, mean: 1, std: 0.5 }
  score: { kind: exact }
  sampler: { delta: 0.001 }
  metric: { estimator: gaussian_fit, target: p0 }
  mc: { particles: 32768 }
grid:
  sampler.scheme: [em_point, em_integral]
replicates: 3
shard: { particles: 4096 }
searches:
  complexity: { eps: [0.2, 0.1, 0.05], grid: "2:1000:1.25" }
  precision: { ci_half_width: 0.004, max_replicates: 8 }
`;


describe("adaptive searches in an embedded run (real worker threads, real SQLite file)", () => {
  it("run: searches export byte-identical results with --workers 1 and 2, and K* rows for every searched point and eps", () => {
    const dir = tempDir("searches-workers");
    writeFileSync(join(dir, "spec.yaml"), SEARCH_SPEC);
    const outs = [1, 2].map((w) => {
      const db = join(dir, `w${w}.db`);
      const r = cli(["run", join(dir, "spec.yaml"), "--db", db, "--workers", String(w), "--json", "--quiet"]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).status).toBe("done");
      return exportOf(db);
    });
    expect(outs[1]).toBe(outs[0]);
    const lines = outs[0]!.trim().split("\n");
    const header = lines[0]!.split(",");
    const method = header.indexOf("k_method");
    const kStar = header.indexOf("k_star");
    const rows = lines.slice(1).map((l) => l.split(","));
    const searched = rows.filter((r) => r[method] === "mc_bisection");
    expect(searched).toHaveLength(2 * 3);
    for (const r of searched) expect(Number(r[kStar])).toBeGreaterThan(0);
    // Every searched row says how its search ended; derived points name their searched point, spec points nothing.
    const kStatus = header.indexOf("k_status");
    const parent = header.indexOf("search_parent");
    const steps = header.indexOf("sampler.steps");
    expect(kStatus).toBe(method + 1);
    expect(parent).toBe(1);
    for (const r of searched) expect(["resolved", "bracketed"]).toContain(r[kStatus]);
    const searchedIds = new Set(searched.map((r) => r[0]));
    const derived = rows.filter((r) => r[parent] !== "");
    expect(derived.length).toBeGreaterThan(0);
    for (const r of derived) {
      expect(searchedIds.has(r[parent]!)).toBe(true);
      expect(Number(r[steps])).toBeGreaterThan(0);
    }
    for (const r of searched) expect(r[parent]).toBe("");
  }, 120_000);

  it("run: kill -9 in the middle of a search, then --resume, exports byte-identical results and recomputes nothing committed", async () => {
    const dir = tempDir("searches-kill");
    writeFileSync(join(dir, "spec.yaml"), SEARCH_SPEC);
    const ref = join(dir, "ref.db");
    expect(cli(["run", join(dir, "spec.yaml"), "--db", ref, "--quiet"]).code).toBe(0);
    const expected = exportOf(ref);
    const complete = snapshot(ref).complexity;

    const db = join(dir, "killed.db");
    let killedMidSearch = 0;
    const total = snapshot(ref).shards.size;
    // Kill points at fractions of the reference run's shards: mid-search however fast the machine is.
    for (const fraction of [0.15, 0.45, 0.75]) {
      const child = startCli(["run", join(dir, "spec.yaml"), "--db", db, "--quiet"]);
      await killAfterCommits(child, db, Math.ceil(fraction * total));
      const before = snapshot(db);
      if (before.shards.size > 0 && before.complexity < complete) killedMidSearch++;
      const resume = campaignRegistered(db) ? ["--resume"] : [];
      const r = cli(["run", join(dir, "spec.yaml"), "--db", db, ...resume, "--json", "--quiet"]);
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(s.status).toBe("done");
      expect(s.shardsSkipped).toBe(before.shards.size);
      expect(s.shardsDone - s.shardsSkipped).toBe(s.shardsTotal - before.shards.size);
      expect(s.duplicates).toBe(0);
      const after = snapshot(db);
      for (const [id, blob] of before.shards) expect(after.shards.get(id)?.equals(blob), id).toBe(true);
      expect(exportOf(db)).toBe(expected);
      for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
    }
    expect(killedMidSearch, "at least one kill must land after the first commit and before the searches finish").toBeGreaterThan(0);
  }, 180_000);
});
