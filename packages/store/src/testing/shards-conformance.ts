/**
 * Conformance: shard registration, state transitions and listings.
 */
import { describe, expect, it } from "vitest";
import type { NewShard } from "../store.js";
import type { ConformanceContext } from "./context.js";
import { expectStoreError } from "./expect-store-error.js";
import { makeCampaign, makePoint, makeResult, makeShard, seedCampaign } from "./fixtures.js";

/** Shard tests of the store contract. */
export function shardConformance(ctx: ConformanceContext): void {
  describe("shards", () => {
    it("registerShards: new shards are pending, attempts 0, seq 1..n in registration order", () => {
      const shards = seedCampaign(ctx.store, "c1", 2, 2, 2);
      expect(shards).toHaveLength(8);
      const listed = ctx.store.listShards("c1");
      expect(listed.map((s) => s.shardId)).toEqual(shards.map((s) => s.shardId));
      listed.forEach((s, i) => {
        expect(s).toEqual({
          ...shards[i],
          seq: i + 1,
          status: "pending",
          attempts: 0,
          agent: null,
          startedAt: null,
          finishedAt: null,
          error: null,
        });
      });
      expect(ctx.store.getShard(shards[3].shardId)).toEqual(listed[3]);
      expect(ctx.store.getShard("unknown")).toBeUndefined();
    });

    it("registerShards: known shard ids are ignored (also within a batch) and only new ones are counted", () => {
      const shards = seedCampaign(ctx.store, "c1", 1, 1, 2);
      ctx.store.markRunning(shards[0].shardId, "a", 5);
      const extra = makeShard("c1", "p00", 1, 0);
      expect(ctx.store.registerShards([...shards, extra, extra, { ...shards[1], particleHi: 999 }])).toBe(1);
      expect(ctx.store.getShard(shards[0].shardId)?.status).toBe("running");
      expect(ctx.store.getShard(shards[1].shardId)?.particleHi).toBe(shards[1].particleHi);
      expect(ctx.store.getShard(extra.shardId)?.seq).toBe(3);
      expect(ctx.store.campaignProgress("c1").shards.total).toBe(3);
    });

    it("registerShards: accepts a generator, so large registrations need no array", () => {
      ctx.store.upsertCampaign(makeCampaign("c1"));
      ctx.store.registerPoints([makePoint("c1", "p")]);
      function* gen(): Generator<NewShard> {
        for (let b = 0; b < 1000; b++) yield makeShard("c1", "p", 0, b);
      }
      expect(ctx.store.registerShards(gen())).toBe(1000);
      expect(ctx.store.campaignProgress("c1").shards).toEqual({ pending: 1000, running: 0, done: 0, failed: 0, diverged: 0, total: 1000 });
    });

    it("registerShards: a shard of an unregistered point is E_STORE_NOT_FOUND, nothing of the batch is stored, seq continues", () => {
      seedCampaign(ctx.store, "c1", 1, 1, 1);
      expectStoreError(
        () => ctx.store.registerShards([makeShard("c1", "p00", 5, 0), makeShard("c1", "ghost", 0, 0)]),
        "E_STORE_NOT_FOUND",
        /shards\[1\]\.pointId must be a registered point of campaign "c1"; got "ghost"/,
      );
      expectStoreError(() => ctx.store.registerShards([makeShard("c9", "p00", 0, 0)]), "E_STORE_NOT_FOUND", /shards\[0\]\.pointId/);
      expect(ctx.store.listShards("c1")).toHaveLength(1);
      expect(ctx.store.campaignProgress("c1").shards.pending).toBe(1);
      ctx.store.registerShards([makeShard("c1", "p00", 5, 0)]);
      expect(ctx.store.listShards("c1").map((s) => s.seq)).toEqual([1, 2]);
    });

    const badShards: [string, Partial<NewShard>, RegExp][] = [
      ["a negative replicate", { replicate: -1 }, /shards\[0\]\.replicate must be an integer >= 0; got -1/],
      ["a fractional block", { block: 0.5 }, /shards\[0\]\.block must be an integer >= 0; got 0\.5/],
      ["particleHi below particleLo", { particleLo: 10, particleHi: 9 }, /shards\[0\]\.particleHi must be an integer >= 10; got 9/],
      ["an empty shard id", { shardId: "" }, /shards\[0\]\.shardId must be a non-empty string/],
      ["a missing point id", { pointId: undefined }, /shards\[0\]\.pointId must be .*; got nothing/],
    ];
    for (const [label, override, pattern] of badShards) {
      it(`registerShards: rejects ${label} with E_STORE_INVALID and stores nothing`, () => {
        seedCampaign(ctx.store, "c1", 1, 0, 0);
        const bad = { ...makeShard("c1", "p00", 0, 0), ...override };
        expectStoreError(() => ctx.store.registerShards([bad, makeShard("c1", "p00", 0, 1)]), "E_STORE_INVALID", pattern);
        expect(ctx.store.listShards("c1")).toEqual([]);
      });
    }

    it("registerShards: a shard without particles (particleHi = particleLo) is accepted", () => {
      seedCampaign(ctx.store, "c1", 1, 0, 0);
      expect(ctx.store.registerShards([{ ...makeShard("c1", "p00", 0, 0), particleLo: 0, particleHi: 0 }])).toBe(1);
    });

    it("pendingShards: pending, running and failed shards in registration order; done and diverged excluded", () => {
      const s = seedCampaign(ctx.store, "c1", 1, 2, 3).map((x) => x.shardId);
      ctx.store.markRunning(s[1], "a", 1);
      ctx.store.markFailed(s[2], "boom", 3);
      ctx.store.commitShardResult(makeResult(s[3], "done"));
      ctx.store.commitShardResult(makeResult(s[4], "diverged"));
      expect(ctx.store.pendingShards("c1").map((x) => x.shardId)).toEqual([s[0], s[1], s[2], s[5]]);
      expect(ctx.store.pendingShards("other")).toEqual([]);
    });

    it("pendingShards: pages by afterSeq and limit concatenate to the full list", () => {
      const s = seedCampaign(ctx.store, "c1", 3, 2, 2).map((x) => x.shardId);
      for (let i = 0; i < s.length; i += 3) ctx.store.commitShardResult(makeResult(s[i]));
      const all = ctx.store.pendingShards("c1");
      expect(all).toHaveLength(8);
      const paged = [];
      let afterSeq = 0;
      for (;;) {
        const page = ctx.store.pendingShards("c1", { afterSeq, limit: 3 });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(3);
        paged.push(...page);
        afterSeq = page[page.length - 1].seq;
      }
      expect(paged).toEqual(all);
      expectStoreError(() => ctx.store.pendingShards("c1", { limit: 0 }), "E_STORE_INVALID", /options\.limit must be an integer >= 1; got 0/);
      expectStoreError(() => ctx.store.pendingShards("c1", { afterSeq: -1 }), "E_STORE_INVALID", /options\.afterSeq must be an integer >= 0/);
    });

    it("listShards: filters by status and pages in registration order", () => {
      const s = seedCampaign(ctx.store, "c1", 2, 1, 2).map((x) => x.shardId);
      ctx.store.markFailed(s[0], "e1", 1);
      ctx.store.markFailed(s[3], "e2", 2);
      ctx.store.markRunning(s[2]);
      expect(ctx.store.listShards("c1", { statuses: ["failed"] }).map((x) => [x.shardId, x.error])).toEqual([
        [s[0], "e1"],
        [s[3], "e2"],
      ]);
      expect(ctx.store.listShards("c1", { statuses: ["running", "failed", "failed"] }).map((x) => x.shardId)).toEqual([s[0], s[2], s[3]]);
      expect(ctx.store.listShards("c1", { statuses: [] })).toEqual([]);
      expect(ctx.store.listShards("c1", { afterSeq: 2, limit: 1 }).map((x) => x.seq)).toEqual([3]);
      expectStoreError(() => ctx.store.listShards("c1", { statuses: ["lost" as never] }), "E_STORE_INVALID", /options\.statuses\[0\] must be one of/);
    });

    it("markRunning: sets running, increments attempts, records agent and start time", () => {
      const [a] = seedCampaign(ctx.store, "c1", 1, 1, 1).map((x) => x.shardId);
      expect(ctx.store.markRunning(a, "node-1", 123.5)).toBe(true);
      expect(ctx.store.markRunning(a, "node-2", 456)).toBe(true);
      expect(ctx.store.getShard(a)).toMatchObject({ status: "running", attempts: 2, agent: "node-2", startedAt: 456 });
      expect(ctx.store.markRunning(a)).toBe(true);
      expect(ctx.store.getShard(a)).toMatchObject({ attempts: 3, agent: null, startedAt: null });
      expectStoreError(() => ctx.store.markRunning(a, 5 as never), "E_STORE_INVALID", /agent must be a string or null; got 5/);
      expectStoreError(() => ctx.store.markRunning(a, "x", -1), "E_STORE_INVALID", /startedAt must be a time in ms/);
      expect(ctx.store.getShard(a)?.attempts).toBe(3);
    });

    it("markFailed: records the error, the attempt count and the end time; the shard stays pending work", () => {
      const [a] = seedCampaign(ctx.store, "c1", 1, 1, 1).map((x) => x.shardId);
      ctx.store.markRunning(a, "n", 1);
      expect(ctx.store.markFailed(a, "kernel exploded", 5, 77)).toBe(true);
      expect(ctx.store.getShard(a)).toMatchObject({ status: "failed", attempts: 5, error: "kernel exploded", finishedAt: 77, agent: "n" });
      expect(ctx.store.pendingShards("c1").map((x) => x.shardId)).toEqual([a]);
      expectStoreError(() => ctx.store.markFailed(a, "e", -2), "E_STORE_INVALID", /attempts must be an integer >= 0; got -2/);
    });

    it("markRunning / markFailed: a done or diverged shard is left untouched and false is returned", () => {
      const [a, b] = seedCampaign(ctx.store, "c1", 1, 1, 2).map((x) => x.shardId);
      ctx.store.commitShardResult(makeResult(a, "done"));
      ctx.store.commitShardResult(makeResult(b, "diverged"));
      const before = [ctx.store.getShard(a), ctx.store.getShard(b)];
      expect(ctx.store.markRunning(a, "late", 9)).toBe(false);
      expect(ctx.store.markFailed(b, "late", 9)).toBe(false);
      expect([ctx.store.getShard(a), ctx.store.getShard(b)]).toEqual(before);
      expect(ctx.store.campaignProgress("c1").shards).toMatchObject({ done: 1, diverged: 1, running: 0, failed: 0 });
    });

    it("markRunning / markFailed: an unknown shard is E_STORE_NOT_FOUND", () => {
      seedCampaign(ctx.store, "c1", 1, 1, 1);
      expectStoreError(() => ctx.store.markRunning("ghost"), "E_STORE_NOT_FOUND", /shardId must be a registered shard; got "ghost"/);
      expectStoreError(() => ctx.store.markFailed("ghost", "e", 1), "E_STORE_NOT_FOUND", /shardId must be a registered shard/);
    });

    it("requeueRunning: running shards go back to pending and the count is returned", () => {
      const s = seedCampaign(ctx.store, "c1", 1, 2, 2).map((x) => x.shardId);
      seedCampaign(ctx.store, "c2", 1, 1, 1);
      ctx.store.markRunning(s[0]);
      ctx.store.markRunning(s[2]);
      ctx.store.markFailed(s[3], "e", 1);
      ctx.store.markRunning("c2/p00/r0/b0");
      expect(ctx.store.requeueRunning("c1")).toBe(2);
      expect(ctx.store.requeueRunning("c1")).toBe(0);
      expect(ctx.store.listShards("c1").map((x) => x.status)).toEqual(["pending", "pending", "pending", "failed"]);
      expect(ctx.store.getShard(s[0])?.attempts).toBe(1);
      expect(ctx.store.getShard("c2/p00/r0/b0")?.status).toBe("running");
      expect(ctx.store.requeueRunning("none")).toBe(0);
    });
  });
}
