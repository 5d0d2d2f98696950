/**
 * Conformance: campaigns and points.
 */
import { describe, expect, it } from "vitest";
import { expectStoreError } from "./expect-store-error.js";
import { makeCampaign, makePoint } from "./fixtures.js";
import type { ConformanceContext } from "./context.js";
import type { PointRecord } from "../store.js";

/** Campaign and point tests of the store contract. */
export function campaignConformance(ctx: ConformanceContext): void {
  describe("campaigns", () => {
    it("upsertCampaign: inserts a new campaign and returns true", () => {
      const c = makeCampaign("c1");
      expect(ctx.store.upsertCampaign(c)).toBe(true);
      expect(ctx.store.getCampaign("c1")).toEqual(c);
    });

    it("upsertCampaign: an existing id updates every field but createdAt and returns false", () => {
      ctx.store.upsertCampaign(makeCampaign("c1", { createdAt: 5 }));
      const changed = makeCampaign("c1", {
        name: "renamed",
        specJson: '{"extended":true}',
        seed: -3,
        codeVersion: "2.0.0",
        status: "done",
        createdAt: 99,
      });
      expect(ctx.store.upsertCampaign(changed)).toBe(false);
      expect(ctx.store.getCampaign("c1")).toEqual({ ...changed, createdAt: 5 });
      expect(ctx.store.listCampaigns()).toHaveLength(1);
    });

    it("getCampaign: an unknown id gives undefined", () => {
      expect(ctx.store.getCampaign("nope")).toBeUndefined();
    });

    it("listCampaigns: sorted by createdAt, then id", () => {
      ctx.store.upsertCampaign(makeCampaign("b", { createdAt: 2 }));
      ctx.store.upsertCampaign(makeCampaign("z", { createdAt: 1 }));
      ctx.store.upsertCampaign(makeCampaign("a", { createdAt: 2 }));
      expect(ctx.store.listCampaigns().map((c) => c.id)).toEqual(["z", "a", "b"]);
    });

    it("setCampaignStatus: changes the status only; an unknown campaign is E_STORE_NOT_FOUND", () => {
      const c = makeCampaign("c1");
      ctx.store.upsertCampaign(c);
      ctx.store.setCampaignStatus("c1", "stopped");
      expect(ctx.store.getCampaign("c1")).toEqual({ ...c, status: "stopped" });
      expectStoreError(() => ctx.store.setCampaignStatus("nope", "done"), "E_STORE_NOT_FOUND", /campaignId must be a registered campaign; got "nope"/);
      expectStoreError(() => ctx.store.setCampaignStatus("c1", "finished" as never), "E_STORE_INVALID", /status must be one of/);
      expect(ctx.store.getCampaign("c1")?.status).toBe("stopped");
    });

    const badCampaigns: [string, Record<string, unknown>, RegExp][] = [
      ["empty id", { id: "" }, /campaign\.id must be a non-empty string/],
      ["unknown status", { status: "finished" }, /campaign\.status must be one of "running" \| "done" \| "failed" \| "stopped"; got "finished"/],
      ["fractional seed", { seed: 1.5 }, /campaign\.seed must be an integer/],
      ["unsafe seed", { seed: 2 ** 60 }, /campaign\.seed must be an integer/],
      ["NaN createdAt", { createdAt: Number.NaN }, /campaign\.createdAt must be a time in ms since the epoch.*got NaN/],
      ["empty specJson", { specJson: "" }, /campaign\.specJson must be a non-empty string/],
      ["numeric name", { name: 3 }, /campaign\.name must be a string; got 3/],
    ];
    for (const [label, override, pattern] of badCampaigns) {
      it(`upsertCampaign: rejects ${label} with E_STORE_INVALID and stores nothing`, () => {
        expectStoreError(() => ctx.store.upsertCampaign({ ...makeCampaign("c1"), ...override } as never), "E_STORE_INVALID", pattern);
        expect(ctx.store.listCampaigns()).toEqual([]);
      });
    }
  });

  describe("points", () => {
    it("registerPoints: returns how many were new; re-registering is ignored and the first write wins", () => {
      ctx.store.upsertCampaign(makeCampaign("c1"));
      expect(ctx.store.registerPoints([makePoint("c1", "p1", 0), makePoint("c1", "p2", 1)])).toBe(2);
      const changed = { ...makePoint("c1", "p1", 7), paramsJson: '{"other":1}' };
      expect(ctx.store.registerPoints([changed, makePoint("c1", "p3", 2), makePoint("c1", "p3", 2)])).toBe(1);
      expect(ctx.store.getPoint("c1", "p1")).toEqual(makePoint("c1", "p1", 0));
      expect(ctx.store.listPoints("c1").map((p) => p.pointId)).toEqual(["p1", "p2", "p3"]);
    });

    it("registerPoints: parentId is kept (first write wins), an absent one reads as null, an invalid one is E_STORE_INVALID", () => {
      ctx.store.upsertCampaign(makeCampaign("c1"));
      const bare = { campaignId: "c1", pointId: "p0", ordinal: 0, paramsJson: "{}" }; // a caller written before parentId existed
      ctx.store.registerPoints([bare as unknown as PointRecord, { ...makePoint("c1", "p1", 1), parentId: "p0" }]);
      ctx.store.registerPoints([{ ...makePoint("c1", "p1", 1), parentId: null }, { ...bare, parentId: "p1" }]);
      expect(ctx.store.listPoints("c1").map((p) => [p.pointId, p.parentId])).toEqual([
        ["p0", null],
        ["p1", "p0"],
      ]);
      expect(ctx.store.exportRows("c1").map((r) => r.point.parentId)).toEqual([null, "p0"]);
      expectStoreError(() => ctx.store.registerPoints([{ ...makePoint("c1", "p2"), parentId: "" }]), "E_STORE_INVALID", /points\[0\]\.parentId must be a non-empty string/);
    });

    it("registerPoints: a point of an unknown campaign is E_STORE_NOT_FOUND and nothing of the batch is stored", () => {
      ctx.store.upsertCampaign(makeCampaign("c1"));
      expectStoreError(
        () => ctx.store.registerPoints([makePoint("c1", "p1"), makePoint("ghost", "p2")]),
        "E_STORE_NOT_FOUND",
        /points\[1\]\.campaignId must be a registered campaign; got "ghost"/,
      );
      expect(ctx.store.listPoints("c1")).toEqual([]);
    });

    it("registerPoints: an invalid point anywhere in the batch is E_STORE_INVALID and nothing is stored", () => {
      ctx.store.upsertCampaign(makeCampaign("c1"));
      expectStoreError(
        () => ctx.store.registerPoints([makePoint("c1", "p1"), { ...makePoint("c1", "p2"), ordinal: -1 }]),
        "E_STORE_INVALID",
        /points\[1\]\.ordinal must be an integer >= 0; got -1/,
      );
      expectStoreError(() => ctx.store.registerPoints([{ ...makePoint("c1", "p3"), paramsJson: "" }]), "E_STORE_INVALID", /paramsJson/);
      expect(ctx.store.listPoints("c1")).toEqual([]);
    });

    it("registerPoints: accepts any iterable (a generator)", () => {
      ctx.store.upsertCampaign(makeCampaign("c1"));
      function* gen() {
        for (let i = 0; i < 5; i++) yield makePoint("c1", `p${i}`, i);
      }
      expect(ctx.store.registerPoints(gen())).toBe(5);
      expect(ctx.store.campaignProgress("c1").points).toBe(5);
    });

    it("listPoints: sorted by point id in code-point order (as SQLite's BINARY collation), scoped to the campaign", () => {
      ctx.store.upsertCampaign(makeCampaign("c1"));
      ctx.store.upsertCampaign(makeCampaign("c2"));
      const ids = ["b", "\u{1F600}", "a", "\uFFFD", "B", "ab"];
      ctx.store.registerPoints(ids.map((p, i) => makePoint("c1", p, i)));
      ctx.store.registerPoints([makePoint("c2", "0")]);
      // U+FFFD sorts before U+1F600 by code point, although its UTF-16 unit is larger than the surrogate's.
      expect(ctx.store.listPoints("c1").map((p) => p.pointId)).toEqual(["B", "a", "ab", "b", "\uFFFD", "\u{1F600}"]);
      expect(ctx.store.listPoints("c2").map((p) => p.pointId)).toEqual(["0"]);
      expect(ctx.store.listPoints("none")).toEqual([]);
    });

    it("getPoint: returns the point or undefined", () => {
      ctx.store.upsertCampaign(makeCampaign("c1"));
      ctx.store.registerPoints([makePoint("c1", "p1", 3)]);
      expect(ctx.store.getPoint("c1", "p1")).toEqual(makePoint("c1", "p1", 3));
      expect(ctx.store.getPoint("c1", "p2")).toBeUndefined();
      expect(ctx.store.getPoint("c2", "p1")).toBeUndefined();
    });

    it("points: the same point id in two campaigns is two independent points", () => {
      ctx.store.upsertCampaign(makeCampaign("c1"));
      ctx.store.upsertCampaign(makeCampaign("c2"));
      expect(ctx.store.registerPoints([makePoint("c1", "p"), makePoint("c2", "p", 4)])).toBe(2);
      expect(ctx.store.getPoint("c2", "p")?.ordinal).toBe(4);
      expect(ctx.store.getPoint("c1", "p")?.ordinal).toBe(0);
    });

    it("ids: longer than 1024 characters or not strings are E_STORE_INVALID", () => {
      expectStoreError(() => ctx.store.getCampaign("x".repeat(1025)), "E_STORE_INVALID", /campaignId must be a non-empty string of at most 1024 characters/);
      expectStoreError(() => ctx.store.getPoint("c1", 5 as never), "E_STORE_INVALID", /pointId must be .*; got 5/);
    });
  });
}
