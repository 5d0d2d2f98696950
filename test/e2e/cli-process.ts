import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { SqliteStore } from "@scoresweep/store";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The built CLI. */
export const BIN = resolve(REPO, "packages/cli/bin/scoresweep.js");

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `scoresweep-${prefix}-`));
}

/** Runs the CLI to completion. */
export function cli(args: string[], cwd = REPO): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI as a child process (for kill tests). */
export function startCli(args: string[], cwd = REPO): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
}

/** Resolves when the child exits; returns its exit code or signal. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) res({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => res({ code, signal }));
  });
}

/** `scoresweep export --db DB --format csv`, asserting success. */
export function exportOf(db: string): string {
  const r = cli(["export", "--db", db, "--format", "csv"]);
  if (r.code !== 0) throw new Error(`export failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** Whether the database exists and holds a campaign (so `--resume` applies). */
export function campaignRegistered(db: string): boolean {
  if (!existsSync(db)) return false;
  const store = SqliteStore.open(db, { readonly: true });
  try {
    return store.listCampaigns().length > 0;
  } finally {
    store.close();
  }
}

/** Committed shard results (id → stats bytes) and the number of complexity rows, as the database holds them. */
export function snapshot(db: string): { shards: Map<string, Buffer>; complexity: number } {
  const shards = new Map<string, Buffer>();
  if (!existsSync(db)) return { shards, complexity: 0 };
  const store = SqliteStore.open(db, { readonly: true });
  try {
    let complexity = 0;
    for (const c of store.listCampaigns()) {
      for (const s of store.listShards(c.id, { statuses: ["done", "diverged"] })) shards.set(s.shardId, Buffer.from(store.shardResult(s.shardId)!.statsBlob));
      complexity += store.listComplexity(c.id).length;
    }
    return { shards, complexity };
  } finally {
    store.close();
  }
}

/** Committed shard count, 0 while the database is being created (a read during creation may fail). */
function committedCount(db: string): number {
  try {
    return snapshot(db).shards.size;
  } catch {
    return 0;
  }
}

/**
 * SIGKILLs `child` as soon as the database holds at least `threshold` committed shards (polled every 20 ms), so the
 * kill lands in the middle of the run whatever the machine's speed. Resolves with the count seen at the kill, or
 * with null when the child exited by itself first.
 */
export async function killAfterCommits(child: ChildProcess, db: string, threshold: number): Promise<number | null> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) return null;
    const n = committedCount(db);
    if (n >= threshold) {
      child.kill("SIGKILL");
      await exited(child);
      return n;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
