import { MemoryStore, type ResultStore, type ShardRecord } from "@scoresweep/store";
import { makeCampaign, makePoint, makeResult, makeShard } from "@scoresweep/store/testing";
import { describe, expect, it } from "vitest";
import { PendingQueue, scanPending } from "../src/pending-queue.js";

/** A store with points a and b, 5 shards each registered a0 b0 a1 b1 …; the first shard of a is committed. */
function seeded(): ResultStore {
  const store = new MemoryStore();
  store.upsertCampaign(makeCampaign("c"));
  store.registerPoints([makePoint("c", "a", 0), makePoint("c", "b", 1)]);
  const shards = [];
  for (let r = 0; r < 5; r++) for (const p of ["a", "b"]) shards.push(makeShard("c", p, r, 0));
  store.registerShards(shards);
  store.commitShardResult(makeResult(shards[0]!.shardId));
  return store;
}

/** Takes everything in batches of `batch`, checking `hasMore` agrees with what `take` returns. */
function drain(queue: PendingQueue, batch: number): string[] {
  const out: string[] = [];
  while (queue.hasMore()) {
    const got = queue.take(batch);
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThanOrEqual(batch);
    out.push(...got.map((s) => s.shardId));
  }
  expect(queue.take(batch)).toEqual([]);
  return out;
}

describe("PendingQueue", () => {
  it("scanPending: visits every open shard in registration order, for any page size, and returns the last seq", () => {
    const store = seeded();
    const all = store.pendingShards("c");
    for (const pageSize of [1, 2, 3, 9, 10, 100]) {
      const seen: ShardRecord[] = [];
      const last = scanPending(store, "c", (s) => seen.push(s), pageSize);
      expect(seen, `page size ${pageSize}`).toEqual(all);
      expect(last).toBe(all[all.length - 1]!.seq);
    }
    const empty = new MemoryStore();
    empty.upsertCampaign(makeCampaign("e"));
    expect(scanPending(empty, "e", () => expect.unreachable())).toBe(0);
  });

  it("PendingQueue: pages the accepted open shards up to upTo in order, then the pushed ones; later registrations only through push", () => {
    for (const pageSize of [1, 2, 3, 4, 100]) {
      const store = seeded();
      const upTo = scanPending(store, "c", () => {});
      const queue = new PendingQueue(store, "c", { upTo, accept: (s) => s.pointId === "a", pageSize });
      // Registered after the scan (e.g. precision replicates): above upTo, so never paged in.
      store.registerShards([makeShard("c", "a", 9, 0)]);
      const late = store.getShard(makeShard("c", "a", 9, 0).shardId)!;
      const first = queue.take(2);
      queue.push([late]);
      // A shard committed meanwhile (a late result of an earlier run) is not returned once its page is read after
      // the commit (with pages of 1 it is still unread here; a page already read is a snapshot, and a shard published
      // again only yields a duplicate result).
      const r3 = makeShard("c", "a", 3, 0).shardId;
      store.commitShardResult(makeResult(r3));
      const ids = [...first.map((s) => s.shardId), ...drain(queue, 2)];
      const expected = [1, 2, 3, 4].map((r) => makeShard("c", "a", r, 0).shardId);
      expect(ids.filter((id) => id !== r3), `page size ${pageSize}`).toEqual([...expected.filter((id) => id !== r3), late.shardId]);
      if (pageSize === 1) expect(ids).not.toContain(r3);
    }
  });

  it("PendingQueue: nothing to page (upTo 0) gives only pushed shards; take(0) and negative take nothing", () => {
    const store = seeded();
    const queue = new PendingQueue(store, "c", { upTo: 0, accept: () => true });
    expect(queue.hasMore()).toBe(false);
    const s = store.pendingShards("c", { limit: 1 });
    queue.push(s);
    expect(queue.take(0)).toEqual([]);
    expect(queue.take(-3)).toEqual([]);
    expect(drain(queue, 5)).toEqual([s[0]!.shardId]);
    expect(() => new PendingQueue(store, "c", { upTo: 1, accept: () => true, pageSize: 0 })).toThrow(/pageSize must be an integer >= 1; got 0/);
  });
});
