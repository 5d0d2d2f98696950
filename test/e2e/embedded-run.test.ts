import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { campaignRegistered, cli, exportOf, killAfterCommits, snapshot, startCli, tempDir } from "./cli-process.js";

/** A Monte Carlo sweep that takes a few seconds: long enough to be killed in the middle. */
const MC_SPEC = `
name: e2e-mc
seed: 3
base:
  sde: { family: vp_linear, beta_min: 0.1, beta_max: 20, T: 1 }
  data: { kind: gaussian, dim: 4, mean: 1, std: 0.5 }
  score: { kind: exact }
  sampler: { scheme: em_point, delta: 0.001 }
  metric: { estimator: gaussian_fit, target: p0 }
  mc: { particles: 16384 }
grid:
  sampler.steps: [8, 16, 32, 64, 128, 256]
  sampler.scheme: [em_point, em_integral]
replicates: 3
shard: { particles: 2048 }
`;


describe("embedded run (real worker threads, real SQLite file)", () => {
  it("run: the exact example spec runs and exports one row per point", () => {
    const dir = tempDir("exact");
    const db = join(dir, "r.db");
    const r = cli(["run", "examples/vp-vs-ve-exact.yaml", "--db", db, "--json", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.status).toBe("done");
    expect(summary.shardsTotal).toBe(15);
    const lines = exportOf(db).trim().split("\n");
    expect(lines).toHaveLength(16);
  });

  it("run: --workers 1 and --workers 2 export byte-identical results", () => {
    const dir = tempDir("workers");
    writeFileSync(join(dir, "spec.yaml"), MC_SPEC);
    const outs = [1, 2].map((w) => {
      const db = join(dir, `w${w}.db`);
      const r = cli(["run", join(dir, "spec.yaml"), "--db", db, "--workers", String(w), "--quiet"]);
      expect(r.code, r.stderr).toBe(0);
      return exportOf(db);
    });
    expect(outs[0]!.trim().split("\n")).toHaveLength(12 + 1);
    expect(outs[1]).toBe(outs[0]);
  });

  it("run: kill -9 mid-run (after 10 %, 40 %, 70 % of the shards), then --resume, exports byte-identical results and recomputes nothing committed", async () => {
    const dir = tempDir("kill");
    writeFileSync(join(dir, "spec.yaml"), MC_SPEC);
    const ref = join(dir, "ref.db");
    expect(cli(["run", join(dir, "spec.yaml"), "--db", ref, "--quiet"]).code).toBe(0);
    const expected = exportOf(ref);

    const db = join(dir, "killed.db");
    const total = snapshot(ref).shards.size;
    // Kill points at fixed fractions of the committed shards: the kill lands mid-run however fast the machine is.
    let killedWithPartialResults = 0;
    for (const fraction of [0.1, 0.4, 0.7]) {
      const child = startCli(["run", join(dir, "spec.yaml"), "--db", db, "--quiet"]);
      await killAfterCommits(child, db, Math.ceil(fraction * total));
      const before = snapshot(db).shards;
      // Resume once and check that nothing committed before the crash was redone or changed.
      // --resume needs the campaign to be registered; a kill before that is resumed by a plain re-run.
      const resume = campaignRegistered(db) ? ["--resume"] : [];
      const r = cli(["run", join(dir, "spec.yaml"), "--db", db, ...resume, "--json", "--quiet"]);
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout);
      if (before.size > 0 && before.size < s.shardsTotal) killedWithPartialResults++;
      expect(s.shardsSkipped).toBe(before.size);
      expect(s.shardsDone - s.shardsSkipped).toBe(s.shardsTotal - before.size);
      expect(s.duplicates).toBe(0);
      const after = snapshot(db).shards;
      for (const [id, blob] of before) expect(after.get(id)?.equals(blob), id).toBe(true);
      expect(exportOf(db)).toBe(expected);
      // Start over from an empty db for the next kill moment.
      for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
    }
    expect(killedWithPartialResults, "at least one kill must land between the first and the last commit").toBeGreaterThan(0);
  }, 180_000);

  it("run: a bad spec is rejected before anything runs, naming the bad field", () => {
    const dir = tempDir("badspec");
    const bad: [string, RegExp][] = [
      [MC_SPEC.replace("replicates: 3", "replicates: 3\nbogus: 1"), /bogus is not a known field/],
      [MC_SPEC.replace("sampler.steps: [8, 16, 32, 64, 128, 256]", "sampler.stepz: [8]"), /spec\.grid\.sampler\.stepz\[0\]/],
      [MC_SPEC.replace("sampler.steps: [8, 16, 32, 64, 128, 256]", "sampler.steps: []"), /grid\.sampler\.steps/],
      [MC_SPEC.replace("replicates: 3", "replicates: three"), /replicates must be a number/],
      [MC_SPEC.replace("replicates: 3", "replicates: 3\nmax_points: 4"), /max_points = 4.*--yes/],
    ];
    for (const [i, [text, pattern]] of bad.entries()) {
      const spec = join(dir, `bad${i}.yaml`);
      writeFileSync(spec, text);
      const db = join(dir, `bad${i}.db`);
      const r = cli(["run", spec, "--db", db]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(existsSync(db), "nothing is written for a rejected spec").toBe(false);
    }
  });
});
