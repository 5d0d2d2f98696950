/**
 * What the crash-test child writes, shared with the test that checks it (no vitest import: the child runs in plain
 * Node through tsx).
 */
import type { NewShard, ResultStore } from "../../src/store.js";
import { blobOf, makeCampaign, makePoint, makeShard } from "../../src/testing/fixtures.js";

/** Campaign of the crash tests. */
export const CRASH_CAMPAIGN = "crash";
/** Points × replicates × blocks of the commit test: 2000 shards (enough that a kill lands mid-run). */
export const CRASH_SHAPE = { points: 40, replicates: 10, blocks: 5 } as const;
/** Shards registered in one call by the registration test. */
export const REGISTER_COUNT = 300_000;

/** Result bytes of a shard: 1–33 KiB, a function of the shard id, so a torn write would show. */
export function crashBlob(shardId: string): Uint8Array {
  const seed = blobOf(shardId, 4);
  const length = 1024 + (((seed[0] << 8) | seed[1]) % 32768);
  return blobOf(shardId, length);
}

/** Registers the commit test's campaign (idempotent). */
export function setUpCrashCampaign(store: ResultStore): void {
  store.upsertCampaign(makeCampaign(CRASH_CAMPAIGN));
  const { points, replicates, blocks } = CRASH_SHAPE;
  store.registerPoints(Array.from({ length: points }, (_, i) => makePoint(CRASH_CAMPAIGN, `p${i}`, i)));
  const shards: NewShard[] = [];
  for (let p = 0; p < points; p++) for (let r = 0; r < replicates; r++) for (let b = 0; b < blocks; b++) shards.push(makeShard(CRASH_CAMPAIGN, `p${p}`, r, b));
  store.registerShards(shards);
}

/** The registration test's shards, as a generator. */
export function* manyShards(): Generator<NewShard> {
  for (let b = 0; b < REGISTER_COUNT; b++) yield makeShard("bulk", "p", b >> 10, b & 1023);
}
