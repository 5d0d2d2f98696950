/**
 * Benchmark of the results store (run: `npx tsx scripts/bench/store.ts [--commits N] [--shards N] [--json]`).
 *
 * Measures, on a real file in a temp dir:
 * - per-shard commit cost (µs) of `commitShardResult` over N commits (default 10⁵) of 200-byte stats blobs — SQLite
 *   with synchronous NORMAL (default) and FULL, group commits of 32, and the memory store;
 * - registration of M shards (default 10⁶) in one `registerShards` call, re-registration of the same M (the resume
 *   path: all ignored), `campaignProgress` and a full `pendingShards` listing at that size.
 * Times are wall-clock on whatever else the machine is doing: compare ratios, not absolute numbers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MemoryStore,
  SqliteStore,
  type NewShard,
  type NewShardResult,
  type ResultStore,
  type SqliteStoreOptions,
} from "../../packages/store/src/index.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const COMMITS = arg("commits", 100_000);
const SHARDS = arg("shards", 1_000_000);
const JSON_OUT = process.argv.includes("--json");
const POINTS = 1000;

const dir = mkdtempSync(join(tmpdir(), "scoresweep-bench-store-"));
let fileNo = 0;
const nextPath = () => join(dir, `bench-${fileNo++}.sqlite`);

const pointId = (p: number) => `pt-${(Math.imul(p + 1, 2654435761) >>> 0).toString(16).padStart(8, "0")}`;

/** `count` shards over 1000 points, replicate-major as a sweep expands them (ids are 25–30 characters). */
function* shards(campaignId: string, count: number): Generator<NewShard> {
  for (let k = 0; k < count; k++) {
    const p = k % POINTS;
    const rb = Math.floor(k / POINTS);
    const replicate = rb % 20;
    const block = Math.floor(rb / 20);
    yield { shardId: `${campaignId}/${pointId(p)}/${replicate}/${block}`, campaignId, pointId: pointId(p), replicate, block, particleLo: block * 5000, particleHi: (block + 1) * 5000 };
  }
}

function setUp(store: ResultStore, campaignId: string, count: number): number {
  store.upsertCampaign({ id: campaignId, name: campaignId, specJson: "{}", seed: 1, codeVersion: "bench", status: "running", createdAt: 0 });
  store.registerPoints(Array.from({ length: POINTS }, (_, p) => ({ campaignId, pointId: pointId(p), ordinal: p, paramsJson: "{}" })));
  const t = performance.now();
  store.registerShards(shards(campaignId, count));
  return performance.now() - t;
}

const blob = new Uint8Array(200).map((_, i) => (i * 31) & 0xff);
const resultOf = (shardId: string): NewShardResult => ({ shardId, status: "done", statsBlob: blob, agent: "bench", startedAt: 1, finishedAt: 2 });

/** µs per commit of `n` results, one transaction each (or `group` per transaction). */
function commitCost(store: ResultStore, n: number, group = 1): number {
  const ids = store.listShards("c", { limit: n }).map((s) => s.shardId);
  const t = performance.now();
  if (group === 1) for (const id of ids) store.commitShardResult(resultOf(id));
  else for (let i = 0; i < ids.length; i += group) store.commitShardResults(ids.slice(i, i + group).map(resultOf));
  return ((performance.now() - t) * 1000) / ids.length;
}

function sqlite(options?: SqliteStoreOptions): SqliteStore {
  return SqliteStore.open(nextPath(), options);
}

const out: Record<string, number> = {};
const line = (key: string, value: number, unit: string, note = "") => {
  out[key] = Number(value.toFixed(3));
  if (!JSON_OUT) console.log(`${key.padEnd(34)} ${value.toFixed(value < 10 ? 2 : 1).padStart(10)} ${unit}${note ? `  (${note})` : ""}`);
};

try {
  // Commit cost, on a campaign of `COMMITS` shards.
  {
    const s = sqlite();
    setUp(s, "c", COMMITS);
    line("commit.sqlite_normal_us", commitCost(s, COMMITS), "µs/shard", `${COMMITS} commits, synchronous NORMAL`);
    s.close();
  }
  {
    const n = Math.min(COMMITS, 10_000);
    const s = sqlite({ synchronous: "full" });
    setUp(s, "c", n);
    line("commit.sqlite_full_us", commitCost(s, n), "µs/shard", `${n} commits, synchronous FULL (fsync each)`);
    s.close();
  }
  {
    const s = sqlite();
    setUp(s, "c", COMMITS);
    line("commit.sqlite_group32_us", commitCost(s, COMMITS, 32), "µs/shard", "commitShardResults, 32 per transaction");
    s.close();
  }
  {
    const m = new MemoryStore();
    setUp(m, "c", COMMITS);
    line("commit.memory_us", commitCost(m, COMMITS), "µs/shard");
    m.close();
  }

  // Registration at scale.
  {
    const s = sqlite();
    const reg = setUp(s, "c", SHARDS);
    line("register.sqlite_s", reg / 1000, "s", `${SHARDS} shards, one call = ${((reg * 1000) / SHARDS).toFixed(2)} µs/shard`);
    let t = performance.now();
    s.registerShards(shards("c", SHARDS));
    const again = performance.now() - t;
    line("reregister.sqlite_s", again / 1000, "s", `same ${SHARDS} again, all ignored (resume)`);
    t = performance.now();
    for (let i = 0; i < 100; i++) s.campaignProgress("c");
    line("progress.sqlite_ms", (performance.now() - t) / 100, "ms", `campaignProgress at ${SHARDS} shards`);
    line("commit_at_scale.sqlite_us", commitCost(s, Math.min(COMMITS, 20_000)), "µs/shard", `commits into a ${SHARDS}-shard database`);
    t = performance.now();
    const pending = s.pendingShards("c").length;
    line("pending_list.sqlite_s", (performance.now() - t) / 1000, "s", `pendingShards returning ${pending} rows`);
    t = performance.now();
    let paged = 0;
    for (let after = 0; ; ) {
      const page = s.pendingShards("c", { afterSeq: after, limit: 10_000 });
      if (page.length === 0) break;
      paged += page.length;
      after = page[page.length - 1].seq;
    }
    line("pending_paged.sqlite_s", (performance.now() - t) / 1000, "s", `${paged} rows in pages of 10 000`);
    s.close();
  }
  {
    const m = new MemoryStore();
    const reg = setUp(m, "c", SHARDS);
    line("register.memory_s", reg / 1000, "s", `${SHARDS} shards`);
    m.close();
  }
  if (JSON_OUT) console.log(JSON.stringify({ bench: "store", commits: COMMITS, shards: SHARDS, ...out }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
