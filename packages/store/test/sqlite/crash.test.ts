import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "@scoresweep/store";
import { CRASH_CAMPAIGN, CRASH_SHAPE, REGISTER_COUNT, crashBlob } from "./crash-shared.js";
import { tempDbDir } from "./temp-db.js";

const tmp = tempDbDir("scoresweep-crash-");
afterAll(() => tmp.remove());

const CHILD = fileURLToPath(new URL("./crash-child.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const TOTAL = CRASH_SHAPE.points * CRASH_SHAPE.replicates * CRASH_SHAPE.blocks;

interface ChildRun {
  /** Every stdout line the child printed before it ended. */
  lines: string[];
  /** Exit code, or null when killed. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs the child; `killWhen(line)` returning true SIGKILLs it right there (the child keeps running until the
 * signal lands, so the kill hits an arbitrary point of its loop).
 */
function runChild(path: string, mode: string, killWhen?: (line: string) => boolean, killDelayMs = 0): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, path, mode], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    let buffer = "";
    let stderr = "";
    let killed = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (!killed && killWhen?.(line)) {
          killed = true;
          const kill = () => process.kill(child.pid!, "SIGKILL");
          if (killDelayMs > 0) setTimeout(kill, killDelayMs);
          else kill();
        }
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code !== 0 && signal === null) reject(new Error(`crash child failed (${code}):\n${stderr}`));
      else resolve({ lines, code, signal });
    });
  });
}

/** Opens the database after a crash and checks it; returns the number of shards with a result. */
function checkDatabase(path: string): number {
  // A plain read-write connection first: it recovers the WAL, then the integrity check covers every page.
  const raw = new Database(path);
  expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
  expect(raw.pragma("foreign_key_check")).toEqual([]);
  const resultRows = raw.prepare("SELECT count(*) FROM shard_results").pluck().get() as number;
  raw.close();

  const store = SqliteStore.open(path);
  const shards = store.listShards(CRASH_CAMPAIGN);
  expect(shards).toHaveLength(TOTAL);
  const counts: Record<string, number> = { pending: 0, running: 0, done: 0, failed: 0, diverged: 0, total: 0 };
  let withResult = 0;
  for (const s of shards) {
    counts[s.status]++;
    counts.total++;
    const r = store.shardResult(s.shardId);
    const final = s.status === "done" || s.status === "diverged";
    // A shard is final exactly when its whole result row is there: never a status without bytes or bytes without status.
    expect(r !== undefined, `shard ${s.shardId} status ${s.status}`).toBe(final);
    if (r !== undefined) {
      withResult++;
      expect(r.status).toBe(s.status);
      expect(Buffer.compare(Buffer.from(r.statsBlob), Buffer.from(crashBlob(s.shardId))), `bytes of ${s.shardId}`).toBe(0);
    }
  }
  expect(resultRows).toBe(withResult);
  expect(store.campaignProgress(CRASH_CAMPAIGN).shards).toEqual(counts);
  store.close();
  return withResult;
}

describe("SqliteStore crash safety", () => {
  it("kill -9 while committing: each time the database opens, passes integrity_check, statuses agree with whole result rows; resume finishes without duplicates", async () => {
    const path = tmp.next("crash");
    // Kill after these many commits of each run (the signal lands a little later, mid-loop).
    const thresholds = [1, 23, 7, 61, 2, 35, 90, 14];
    let done = 0;
    for (const threshold of thresholds) {
      const run = await runChild(path, "commit", (line) => line.startsWith("committed ") && Number(line.slice(10)) >= threshold);
      expect(run.signal, `threshold ${threshold}: ${run.lines.length} lines, last ${run.lines.at(-1)}`).toBe("SIGKILL");
      const now = checkDatabase(path);
      expect(now).toBeGreaterThanOrEqual(done + threshold);
      done = now;
    }
    expect(done).toBeLessThan(TOTAL);
    const last = await runChild(path, "commit");
    expect(last.code).toBe(0);
    // Only the shards that were still pending were committed, and none of them was a duplicate.
    expect(last.lines.at(-1)).toBe(`finished ${TOTAL - done} duplicates 0`);
    expect(checkDatabase(path)).toBe(TOTAL);
  });

  it("kill -9 during a 300 000-shard registration leaves none or all of them", async () => {
    const path = tmp.next("register");
    for (const delay of [40, 250]) {
      const run = await runChild(path, "register", (line) => line === "ready", delay);
      const store = SqliteStore.open(path);
      const n = store.campaignProgress("bulk").shards.total;
      if (run.signal === "SIGKILL") expect(n === 0 || n === REGISTER_COUNT, `registered ${n}`).toBe(true);
      expect(store.listShards("bulk", { afterSeq: REGISTER_COUNT - 1 }).length).toBe(n === 0 ? 0 : 1);
      store.close();
      const raw = new Database(path);
      expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
      raw.close();
    }
    const finish = await runChild(path, "register");
    expect(finish.code).toBe(0);
    const store = SqliteStore.open(path);
    expect(store.campaignProgress("bulk").shards).toMatchObject({ pending: REGISTER_COUNT, total: REGISTER_COUNT });
    store.close();
  });
});
