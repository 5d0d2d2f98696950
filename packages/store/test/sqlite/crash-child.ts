/**
 * Child process of the crash tests (run with `node --import tsx`); the parent SIGKILLs it at arbitrary moments.
 *   crash-child.ts DB commit    — resume the crash campaign: commit every pending shard, printing a line per commit
 *   crash-child.ts DB register  — register REGISTER_COUNT shards in one call, printing "ready" before and "registered" after
 */
import { SqliteStore } from "../../src/sqlite/sqlite-store.js";
import type { NewShardResult, ShardRecord } from "../../src/store.js";
import { makeCampaign, makePoint } from "../../src/testing/fixtures.js";
import { CRASH_CAMPAIGN, crashBlob, manyShards, setUpCrashCampaign } from "./crash-shared.js";

const [path, mode] = process.argv.slice(2);
const store = SqliteStore.open(path);

function result(s: ShardRecord): NewShardResult {
  return {
    shardId: s.shardId,
    status: s.block === 3 ? "diverged" : "done",
    statsBlob: crashBlob(s.shardId),
    agent: `pid-${process.pid}`,
    startedAt: Date.now(),
    finishedAt: Date.now(),
  };
}

if (mode === "register") {
  store.upsertCampaign(makeCampaign("bulk"));
  store.registerPoints([makePoint("bulk", "p")]);
  process.stdout.write("ready\n");
  const n = store.registerShards(manyShards());
  process.stdout.write(`registered ${n}\n`);
} else {
  setUpCrashCampaign(store);
  store.requeueRunning(CRASH_CAMPAIGN);
  const pending = store.pendingShards(CRASH_CAMPAIGN);
  // Results are built up front so that the loop spends nearly all its time inside store writes, where the kill
  // should land.
  const results = pending.map(result);
  let committed = 0;
  let duplicates = 0;
  for (let i = 0; i < pending.length; ) {
    // Mostly single commits, sometimes a group commit of three; every fifth shard is marked running first.
    const n = i % 7 === 3 ? 3 : 1;
    if (i % 5 === 0) store.markRunning(pending[i].shardId, `pid-${process.pid}`, Date.now());
    const flags = n === 1 ? [store.commitShardResult(results[i])] : store.commitShardResults(results.slice(i, i + n));
    for (const f of flags) f ? committed++ : duplicates++;
    i += n;
    if (i % 4 === 0) process.stdout.write(`committed ${committed}\n`);
  }
  process.stdout.write(`finished ${committed} duplicates ${duplicates}\n`);
}
store.close();
