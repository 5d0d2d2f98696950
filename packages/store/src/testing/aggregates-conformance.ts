/**
 * Conformance: point aggregates, complexity rows, progress, exports and the store's lifecycle.
 */
import { describe, expect, it } from "vitest";
import type { ComplexityRecord, ResultStore } from "../store.js";
import type { ConformanceContext } from "./context.js";
import { expectStoreError } from "./expect-store-error.js";
import { makeAggregate, makeCampaign, makePoint, makeResult, makeShard, seedCampaign } from "./fixtures.js";

/** Aggregate, complexity, progress, export and lifecycle tests of the store contract. */
export function aggregateConformance(ctx: ConformanceContext): void {
  describe("aggregates and complexity", () => {
    it("upsertAggregate: inserts, then replaces every field", () => {
      seedCampaign(ctx.store, "c1", 1, 0, 0);
      const a = makeAggregate("c1", "p00");
      ctx.store.upsertAggregate(a);
      expect(ctx.store.getAggregate("c1", "p00")).toEqual(a);
      const b = makeAggregate("c1", "p00", {
        estimator: "exact",
        estimate: -1e-300,
        ciLow: null,
        ciHigh: null,
        n: 0,
        noiseFloor: null,
        status: "diverged",
        extraJson: '{"k":1}',
      });
      ctx.store.upsertAggregate(b);
      expect(ctx.store.getAggregate("c1", "p00")).toEqual(b);
      ctx.store.upsertAggregate({ ...b, estimate: Number.MAX_VALUE, ciLow: 0.1 + 0.2 });
      expect(ctx.store.getAggregate("c1", "p00")).toEqual({ ...b, estimate: Number.MAX_VALUE, ciLow: 0.1 + 0.2 });
      expect(ctx.store.listAggregates("c1")).toHaveLength(1);
      expect(ctx.store.getAggregate("c1", "zz")).toBeUndefined();
    });

    it("upsertAggregate: NaN or infinite numbers are E_STORE_INVALID; an unregistered point is E_STORE_NOT_FOUND", () => {
      seedCampaign(ctx.store, "c1", 1, 0, 0);
      expectStoreError(
        () => ctx.store.upsertAggregate(makeAggregate("c1", "p00", { estimate: Number.NaN })),
        "E_STORE_INVALID",
        /aggregate\.estimate must be a finite number or null; got NaN/,
      );
      expectStoreError(() => ctx.store.upsertAggregate(makeAggregate("c1", "p00", { ciHigh: Number.POSITIVE_INFINITY })), "E_STORE_INVALID", /ciHigh/);
      expectStoreError(() => ctx.store.upsertAggregate(makeAggregate("c1", "p00", { n: 1.5 })), "E_STORE_INVALID", /aggregate\.n must be an integer >= 0/);
      expectStoreError(
        () => ctx.store.upsertAggregate(makeAggregate("c1", "ghost")),
        "E_STORE_NOT_FOUND",
        /aggregate\.pointId must be a registered point of campaign "c1"; got "ghost"/,
      );
      expect(ctx.store.listAggregates("c1")).toEqual([]);
    });

    it("listAggregates: sorted by point id, scoped to the campaign", () => {
      ctx.store.upsertCampaign(makeCampaign("c1"));
      ctx.store.upsertCampaign(makeCampaign("c2"));
      ctx.store.registerPoints(["z", "m", "a"].map((p, i) => makePoint("c1", p, i)));
      ctx.store.registerPoints([makePoint("c2", "b")]);
      for (const p of ["m", "z", "a"]) ctx.store.upsertAggregate(makeAggregate("c1", p));
      ctx.store.upsertAggregate(makeAggregate("c2", "b"));
      expect(ctx.store.listAggregates("c1").map((a) => a.pointId)).toEqual(["a", "m", "z"]);
      expect(ctx.store.listAggregates("nope")).toEqual([]);
    });

    it("upsertComplexity: keyed by (point, eps); replaces; null K* and brackets allowed", () => {
      seedCampaign(ctx.store, "c1", 1, 0, 0);
      const r = { campaignId: "c1", pointId: "p00", eps: 0.1, steps: 40, bracketLow: 33, bracketHigh: 40, method: "exact_oracle", status: "resolved" };
      ctx.store.upsertComplexity(r);
      ctx.store.upsertComplexity({ ...r, eps: 0.2, steps: null, bracketLow: null, bracketHigh: null, status: "unreached" });
      ctx.store.upsertComplexity({ ...r, steps: 41, method: "mc_bisection", status: "bracketed" });
      expect(ctx.store.listComplexity("c1")).toEqual([
        { ...r, steps: 41, method: "mc_bisection", status: "bracketed" },
        { ...r, eps: 0.2, steps: null, bracketLow: null, bracketHigh: null, status: "unreached" },
      ]);
      expectStoreError(() => ctx.store.upsertComplexity({ ...r, eps: 0 }), "E_STORE_INVALID", /record\.eps must be a finite number > 0; got 0/);
      expectStoreError(() => ctx.store.upsertComplexity({ ...r, steps: 2.5 }), "E_STORE_INVALID", /record\.steps must be an integer >= 0 or null/);
      expectStoreError(() => ctx.store.upsertComplexity({ ...r, status: "" }), "E_STORE_INVALID", /record\.status must be a non-empty string/);
      expectStoreError(() => ctx.store.upsertComplexity({ ...r, pointId: "ghost" }), "E_STORE_NOT_FOUND", /record\.pointId/);
    });

    it("upsertComplexity: a null or absent status is stored and read back as null, and replaced by a later status", () => {
      seedCampaign(ctx.store, "c1", 1, 0, 0);
      const bare = { campaignId: "c1", pointId: "p00", eps: 0.1, steps: 40, bracketLow: 33, bracketHigh: 40, method: "mc_bisection" };
      ctx.store.upsertComplexity(bare as unknown as ComplexityRecord); // a caller written before `status` existed
      ctx.store.upsertComplexity({ ...bare, eps: 0.3, status: null });
      expect(ctx.store.listComplexity("c1").map((c) => c.status)).toEqual([null, null]);
      ctx.store.upsertComplexity({ ...bare, status: "floor_limited" });
      expect(ctx.store.listComplexity("c1").map((c) => c.status)).toEqual(["floor_limited", null]);
    });

    it("listComplexity: sorted by point id then eps; optionally one point", () => {
      seedCampaign(ctx.store, "c1", 2, 0, 0);
      for (const p of ["p01", "p00"]) {
        for (const eps of [0.5, 0.05, 0.2]) {
          ctx.store.upsertComplexity({ campaignId: "c1", pointId: p, eps, steps: Math.round(1 / eps), bracketLow: null, bracketHigh: null, method: "exact_oracle", status: "resolved" });
        }
      }
      expect(ctx.store.listComplexity("c1").map((r) => [r.pointId, r.eps])).toEqual([
        ["p00", 0.05],
        ["p00", 0.2],
        ["p00", 0.5],
        ["p01", 0.05],
        ["p01", 0.2],
        ["p01", 0.5],
      ]);
      expect(ctx.store.listComplexity("c1", "p01").map((r) => r.eps)).toEqual([0.05, 0.2, 0.5]);
      expect(ctx.store.listComplexity("c1", "p99")).toEqual([]);
    });
  });

  describe("progress and export", () => {
    it("campaignProgress: counts follow every transition and total is their sum", () => {
      const s = seedCampaign(ctx.store, "c1", 3, 2, 2).map((x) => x.shardId);
      seedCampaign(ctx.store, "c2", 1, 1, 1);
      const counts = () => ctx.store.campaignProgress("c1").shards;
      expect(ctx.store.campaignProgress("c1")).toEqual({
        campaignId: "c1",
        status: "running",
        points: 3,
        aggregates: 0,
        shards: { pending: 12, running: 0, done: 0, failed: 0, diverged: 0, total: 12 },
      });
      ctx.store.markRunning(s[0]);
      ctx.store.markRunning(s[1]);
      ctx.store.markRunning(s[1]);
      expect(counts()).toEqual({ pending: 10, running: 2, done: 0, failed: 0, diverged: 0, total: 12 });
      ctx.store.markFailed(s[1], "e", 2);
      ctx.store.commitShardResult(makeResult(s[0]));
      ctx.store.commitShardResult(makeResult(s[0]));
      ctx.store.commitShardResult(makeResult(s[2], "diverged"));
      expect(counts()).toEqual({ pending: 9, running: 0, done: 1, failed: 1, diverged: 1, total: 12 });
      ctx.store.upsertAggregate(makeAggregate("c1", "p01"));
      ctx.store.setCampaignStatus("c1", "stopped");
      expect(ctx.store.campaignProgress("c1")).toMatchObject({ status: "stopped", aggregates: 1, points: 3 });
      expect(ctx.store.campaignProgress("c2").shards.total).toBe(1);
      expectStoreError(() => ctx.store.campaignProgress("ghost"), "E_STORE_NOT_FOUND", /campaignId must be a registered campaign; got "ghost"/);
    });

    it("exportRows: one row per point sorted by point id, with its aggregate and complexity rows, and no timings", () => {
      ctx.store.upsertCampaign(makeCampaign("c1"));
      ctx.store.registerPoints(["p2", "p0", "p1"].map((p, i) => makePoint("c1", p, i)));
      ctx.store.upsertAggregate(makeAggregate("c1", "p2", { estimate: 2 }));
      ctx.store.upsertAggregate(makeAggregate("c1", "p0", { estimate: 0 }));
      for (const eps of [0.2, 0.1]) {
        ctx.store.upsertComplexity({ campaignId: "c1", pointId: "p1", eps, steps: 10, bracketLow: 8, bracketHigh: 10, method: "exact_oracle", status: "resolved" });
      }
      const rows = ctx.store.exportRows("c1");
      expect(rows.map((r) => r.point.pointId)).toEqual(["p0", "p1", "p2"]);
      expect(rows.map((r) => r.aggregate?.estimate ?? null)).toEqual([0, null, 2]);
      expect(rows.map((r) => r.complexity.map((c) => c.eps))).toEqual([[], [0.1, 0.2], []]);
      expect(JSON.stringify(rows)).not.toMatch(/startedAt|finishedAt|createdAt/);
      expect(ctx.store.exportRows("none")).toEqual([]);
    });

    it("exportRows and shardResults: identical for two stores fed the same records in different orders and at different times", async () => {
      const feed = (store: ResultStore, reverse: boolean, t0: number) => {
        const order = <T>(xs: T[]) => (reverse ? [...xs].reverse() : xs);
        store.upsertCampaign(makeCampaign("c", { createdAt: t0 }));
        store.registerPoints(order(["a", "b", "c"].map((p, i) => makePoint("c", p, i))));
        const shards = ["a", "b", "c"].flatMap((p) => [0, 1].flatMap((r) => [0, 1].map((b) => makeShard("c", p, r, b))));
        store.registerShards(order(shards));
        for (const s of order(shards)) store.commitShardResult(makeResult(s.shardId, "done", { startedAt: t0, finishedAt: t0 + 1, agent: `a${t0}` }));
        for (const p of order(["a", "b", "c"])) {
          store.upsertAggregate(makeAggregate("c", p, { estimate: p.charCodeAt(0) }));
          store.upsertComplexity({ campaignId: "c", pointId: p, eps: 0.1, steps: 3, bracketLow: 2, bracketHigh: 3, method: "mc_bisection", status: "bracketed" });
        }
      };
      const other = await ctx.fresh();
      feed(ctx.store, false, 1000);
      feed(other, true, 5000);
      expect(JSON.stringify(other.exportRows("c"))).toBe(JSON.stringify(ctx.store.exportRows("c")));
      for (const p of ["a", "b", "c"]) {
        const strip = (store: ResultStore) =>
          store.shardResults("c", p).map((r) => [r.shardId, r.replicate, r.block, r.status, Array.from(r.statsBlob)]);
        expect(strip(other)).toEqual(strip(ctx.store));
      }
    });
  });

  describe("lifecycle", () => {
    it("close: idempotent; any later call is E_STORE_CLOSED", () => {
      seedCampaign(ctx.store, "c1", 1, 1, 1);
      ctx.store.close();
      ctx.store.close();
      expectStoreError(() => ctx.store.listCampaigns(), "E_STORE_CLOSED", /listCampaigns: the store must be open/);
      expectStoreError(() => ctx.store.commitShardResult(makeResult("c1/p00/r0/b0")), "E_STORE_CLOSED");
      expectStoreError(() => ctx.store.registerShards([]), "E_STORE_CLOSED");
      // Closed wins over invalid arguments, whatever the method.
      expectStoreError(() => ctx.store.getShard(""), "E_STORE_CLOSED");
      expectStoreError(() => ctx.store.pendingShards("", { limit: -1 }), "E_STORE_CLOSED");
      expectStoreError(() => ctx.store.upsertAggregate({} as never), "E_STORE_CLOSED");
      expectStoreError(() => ctx.store.campaignProgress(""), "E_STORE_CLOSED");
    });
  });
}
