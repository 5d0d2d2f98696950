import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore, type NewShard } from "@scoresweep/store";
import { makeCampaign, makePoint, makeResult } from "@scoresweep/store/testing";
import { tempDbDir } from "./temp-db.js";

const tmp = tempDbDir("scoresweep-scale-");
afterAll(() => tmp.remove());

const SHARDS = 1_000_000;
const POINTS = 1000;
const pointId = (p: number) => `pt-${(Math.imul(p + 1, 2654435761) >>> 0).toString(16).padStart(8, "0")}`;

describe("SqliteStore at scale", () => {
  it(`registerShards: ${SHARDS} shard rows register in one call and the database stays usable (times printed, not asserted)`, () => {
    const store = SqliteStore.open(tmp.next("scale"));
    store.upsertCampaign(makeCampaign("big"));
    store.registerPoints(Array.from({ length: POINTS }, (_, p) => makePoint("big", pointId(p), p)));
    function* shards(): Generator<NewShard> {
      // Replicate-major, like a sweep's expansion: 1000 points × 20 replicates × 50 blocks.
      for (let k = 0; k < SHARDS; k++) {
        const p = k % POINTS;
        const rb = Math.floor(k / POINTS);
        const replicate = rb % 20;
        const block = Math.floor(rb / 20);
        yield { shardId: `big/${pointId(p)}/${replicate}/${block}`, campaignId: "big", pointId: pointId(p), replicate, block, particleLo: block * 5000, particleHi: (block + 1) * 5000 };
      }
    }
    let t = performance.now();
    expect(store.registerShards(shards())).toBe(SHARDS);
    const registerMs = performance.now() - t;

    t = performance.now();
    expect(store.registerShards(shards())).toBe(0);
    const reregisterMs = performance.now() - t;

    t = performance.now();
    const progress = store.campaignProgress("big");
    const progressMs = performance.now() - t;
    expect(progress.shards).toEqual({ pending: SHARDS, running: 0, done: 0, failed: 0, diverged: 0, total: SHARDS });

    const ids = store.listShards("big", { limit: 10_000 }).map((s) => s.shardId);
    t = performance.now();
    for (const id of ids) store.commitShardResult(makeResult(id));
    const commitUs = ((performance.now() - t) * 1000) / ids.length;
    expect(store.campaignProgress("big").shards.done).toBe(10_000);
    expect(store.shardResults("big", pointId(0)).map((r) => [r.replicate, r.block])).toEqual(
      Array.from({ length: 10 }, (_, r) => [r, 0]),
    );

    // The last page of the pending listing: a rowid-range scan, not a sort of 10⁶ rows.
    t = performance.now();
    const last = store.pendingShards("big", { afterSeq: SHARDS - 100, limit: 1000 });
    const lastPageMs = performance.now() - t;
    expect(last.map((s) => s.seq)).toEqual(Array.from({ length: 100 }, (_, i) => SHARDS - 99 + i));
    console.log(
      `[store scale] register ${SHARDS} shards: ${(registerMs / 1000).toFixed(2)} s (${((registerMs * 1000) / SHARDS).toFixed(2)} µs/shard); ` +
        `re-register (all ignored): ${(reregisterMs / 1000).toFixed(2)} s; campaignProgress: ${progressMs.toFixed(3)} ms; ` +
        `commit at 10⁶ rows: ${commitUs.toFixed(1)} µs/shard; last pendingShards page: ${lastPageMs.toFixed(2)} ms`,
    );
    store.close();
  }, 600_000);
});
