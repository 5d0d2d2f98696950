/**
 * Conformance: shard results — insert-or-ignore keyed by shard id, exact bytes, block order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConformanceContext } from "./context.js";
import { expectStoreError } from "./expect-store-error.js";
import { blobOf, makeCampaign, makePoint, makeResult, makeShard, seedCampaign } from "./fixtures.js";

/** Result tests of the store contract. */
export function resultConformance(ctx: ConformanceContext): void {
  describe("shard results", () => {
    it("commitShardResult: the first commit returns true, stores the result and finishes the shard", () => {
      const [shard] = seedCampaign(ctx.store, "c1", 1, 1, 1);
      const r = makeResult(shard.shardId, "done", { agent: "gpu-7", startedAt: 10.25, finishedAt: 20.5 });
      expect(ctx.store.commitShardResult(r)).toBe(true);
      expect(ctx.store.shardResult(shard.shardId)).toEqual({
        ...r,
        campaignId: "c1",
        pointId: "p00",
        replicate: 0,
        block: 0,
        particleLo: shard.particleLo,
        particleHi: shard.particleHi,
      });
      expect(ctx.store.getShard(shard.shardId)).toMatchObject({ status: "done", agent: "gpu-7", startedAt: 10.25, finishedAt: 20.5, error: null });
    });

    it("commitShardResult: the same shard twice keeps one row (the first) and returns false the second time", () => {
      const [shard] = seedCampaign(ctx.store, "c1", 1, 1, 1);
      expect(ctx.store.commitShardResult(makeResult(shard.shardId, "done", { agent: "first" }))).toBe(true);
      const second = makeResult(shard.shardId, "diverged", { agent: "second", statsBlob: new Uint8Array([9, 9]) });
      expect(ctx.store.commitShardResult(second)).toBe(false);
      expect(ctx.store.shardResults("c1", "p00")).toHaveLength(1);
      expect(ctx.store.shardResult(shard.shardId)).toMatchObject({ status: "done", agent: "first", statsBlob: blobOf(shard.shardId) });
      expect(ctx.store.getShard(shard.shardId)).toMatchObject({ status: "done", agent: "first" });
      expect(ctx.store.campaignProgress("c1").shards).toMatchObject({ done: 1, diverged: 0, total: 1 });
    });

    it("commitShardResult: a diverged result marks the shard diverged", () => {
      const [shard] = seedCampaign(ctx.store, "c1", 1, 1, 1);
      expect(ctx.store.commitShardResult(makeResult(shard.shardId, "diverged"))).toBe(true);
      expect(ctx.store.getShard(shard.shardId)?.status).toBe("diverged");
      expect(ctx.store.shardResult(shard.shardId)?.status).toBe("diverged");
    });

    it("commitShardResult: stores the exact bytes (empty, a subarray view, 1 MiB) and keeps its own copy", () => {
      const s = seedCampaign(ctx.store, "c1", 1, 1, 3).map((x) => x.shardId);
      const backing = blobOf("backing", 64);
      const view = backing.subarray(5, 21);
      const big = blobOf("big", 1 << 20);
      ctx.store.commitShardResult(makeResult(s[0], "done", { statsBlob: new Uint8Array(0) }));
      ctx.store.commitShardResult(makeResult(s[1], "done", { statsBlob: view }));
      ctx.store.commitShardResult(makeResult(s[2], "done", { statsBlob: big }));
      const expectedView = backing.slice(5, 21);
      view.fill(0); // mutating the caller's bytes after the commit must not reach the store
      const got = ctx.store.shardResults("c1", "p00").map((r) => r.statsBlob);
      expect(got.map((b) => b.length)).toEqual([0, 16, 1 << 20]);
      for (const b of got) expect(b).toBeInstanceOf(Uint8Array);
      expect(Array.from(got[1])).toEqual(Array.from(expectedView));
      expect(Buffer.compare(Buffer.from(got[2]), Buffer.from(big))).toBe(0);
      got[1].fill(7); // nor mutating a returned blob
      expect(Array.from(ctx.store.shardResult(s[1])!.statsBlob)).toEqual(Array.from(expectedView));
    });

    it("commitShardResult: a failed shard accepts a late result, which clears its error", () => {
      const [shard] = seedCampaign(ctx.store, "c1", 1, 1, 1);
      ctx.store.markFailed(shard.shardId, "max_deliver exhausted", 5);
      expect(ctx.store.commitShardResult(makeResult(shard.shardId))).toBe(true);
      expect(ctx.store.getShard(shard.shardId)).toMatchObject({ status: "done", error: null, attempts: 5 });
      expect(ctx.store.campaignProgress("c1").shards).toMatchObject({ failed: 0, done: 1 });
    });

    it("commitShardResult: an unknown shard is E_STORE_NOT_FOUND and an invalid result E_STORE_INVALID; nothing is stored", () => {
      const [shard] = seedCampaign(ctx.store, "c1", 1, 1, 1);
      expectStoreError(() => ctx.store.commitShardResult(makeResult("ghost")), "E_STORE_NOT_FOUND", /result\.shardId must be a registered shard; got "ghost"/);
      expectStoreError(
        () => ctx.store.commitShardResult({ ...makeResult(shard.shardId), status: "pending" as never }),
        "E_STORE_INVALID",
        /result\.status must be one of "done" \| "diverged"; got "pending"/,
      );
      expectStoreError(
        () => ctx.store.commitShardResult({ ...makeResult(shard.shardId), statsBlob: [1, 2] as never }),
        "E_STORE_INVALID",
        /result\.statsBlob must be a Uint8Array; got \[1,2\]/,
      );
      expectStoreError(
        () => ctx.store.commitShardResult({ ...makeResult(shard.shardId), finishedAt: Number.POSITIVE_INFINITY }),
        "E_STORE_INVALID",
        /result\.finishedAt must be a time/,
      );
      expect(ctx.store.shardResult(shard.shardId)).toBeUndefined();
      expect(ctx.store.getShard(shard.shardId)?.status).toBe("pending");
    });

    it("commitShardResults: one flag per result in order (duplicates within the batch too); an unknown shard stores nothing", () => {
      const s = seedCampaign(ctx.store, "c1", 1, 1, 3).map((x) => x.shardId);
      ctx.store.commitShardResult(makeResult(s[0]));
      expect(ctx.store.commitShardResults([makeResult(s[0]), makeResult(s[1]), makeResult(s[1], "diverged")])).toEqual([false, true, false]);
      expect(ctx.store.getShard(s[1])?.status).toBe("done");
      expectStoreError(
        () => ctx.store.commitShardResults([makeResult(s[2]), makeResult("ghost")]),
        "E_STORE_NOT_FOUND",
        /results\[1\]\.shardId must be a registered shard/,
      );
      expectStoreError(
        () => ctx.store.commitShardResults([makeResult(s[2]), { ...makeResult(s[2]), agent: 7 as never }]),
        "E_STORE_INVALID",
        /results\[1\]\.agent must be a string or null; got 7/,
      );
      expectStoreError(() => ctx.store.commitShardResults("x" as never), "E_STORE_INVALID", /results must be an array; got "x"/);
      expect(ctx.store.shardResult(s[2])).toBeUndefined();
      expect(ctx.store.getShard(s[2])?.status).toBe("pending");
      expect(ctx.store.commitShardResults([])).toEqual([]);
    });

    it("shardResult: undefined for a shard without a result and for an unknown shard", () => {
      const [shard] = seedCampaign(ctx.store, "c1", 1, 1, 1);
      expect(ctx.store.shardResult(shard.shardId)).toBeUndefined();
      expect(ctx.store.shardResult("ghost")).toBeUndefined();
    });

    it("shardResults: only the point's results within that campaign", () => {
      seedCampaign(ctx.store, "c1", 2, 1, 2);
      seedCampaign(ctx.store, "c2", 1, 1, 1);
      for (const s of [...ctx.store.listShards("c1"), ...ctx.store.listShards("c2")]) ctx.store.commitShardResult(makeResult(s.shardId));
      expect(ctx.store.shardResults("c1", "p00").map((r) => r.shardId)).toEqual(["c1/p00/r0/b0", "c1/p00/r0/b1"]);
      expect(ctx.store.shardResults("c2", "p00").map((r) => r.shardId)).toEqual(["c2/p00/r0/b0"]);
      expect(ctx.store.shardResults("c2", "p01")).toEqual([]);
    });

    it("shardResults: block order (replicate, block) whatever the registration and commit order", async () => {
      const coords = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })), {
        minLength: 1,
        maxLength: 30,
        selector: ([r, b]) => `${r}/${b}`,
      });
      await fc.assert(
        fc.asyncProperty(
          coords.chain((cs) => fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length }), fc.subarray(cs))),
          async ([registered, regOrder, committed]) => {
            const store = await ctx.fresh();
            store.upsertCampaign(makeCampaign("c"));
            store.registerPoints([makePoint("c", "p")]);
            store.registerShards(regOrder.map(([r, b]) => makeShard("c", "p", r, b)));
            for (const [r, b] of [...committed].reverse()) store.commitShardResult(makeResult(makeShard("c", "p", r, b).shardId));
            const got = store.shardResults("c", "p").map((x) => [x.replicate, x.block]);
            const want = committed.map(([r, b]) => [r, b]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
            expect(got).toEqual(want);
            expect(registered.length).toBe(regOrder.length);
            store.close();
          },
        ),
        { numRuns: 40, seed: 20240611 },
      );
    });
  });
}
