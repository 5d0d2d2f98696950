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
  let committed = 0;
  let duplicates = 0;
  for (let i = 0; i < pending.length; ) {
    // Mostly single commits, sometimes a group commit of three.
    const batch = i % 7 === 3 ? pending.slice(i, i + 3) : [pending[i]];
    for (const s of batch) store.markRunning(s.shardId, `pid-${process.pid}`, Date.now());
    const flags = batch.length === 1 ? [store.commitShardResult(result(batch[0]))] : store.commitShardResults(batch.map(result));
    for (const f of flags) f ? committed++ : duplicates++;
    i += batch.length;
    process.stdout.write(`committed ${committed}\n`);
  }
  process.stdout.write(`finished ${committed} duplicates ${duplicates}\n`);
}
store.close();
