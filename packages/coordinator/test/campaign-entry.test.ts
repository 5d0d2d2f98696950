import { describe, expect, it } from "vitest";
import { MemoryBroker } from "@scoresweep/transport";
import { campaignKey, decodeCampaignEntry, encodeCampaignEntry, isFinalState, newCampaignEntry, runCampaign, type CampaignEntry } from "../src/index.js";
import { FailingBackend, tinySpec, world } from "./helpers.js";

const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

describe("campaign entry", () => {
  it("campaignKey: a valid KV key for every campaign name, distinct names give distinct keys", () => {
    expect(campaignKey("plain-name_1")).toBe("plain-name_1");
    expect(campaignKey(".a..b.")).toBe("=2Ea=2E=2Eb=2E");
    expect(campaignKey("a.b")).not.toBe(campaignKey("a-b"));
    for (const name of [".x", "x.", "a..b", "v1.2.3"]) expect(campaignKey(name)).toMatch(/^[-_=a-zA-Z0-9]+$/);
  });

  it("decodeCampaignEntry: round-trips an entry and rejects unknown fields, bad states, bad progress and non-JSON", () => {
    const e: CampaignEntry = newCampaignEntry(tinySpec(), false, 1000);
    expect(decodeCampaignEntry(encodeCampaignEntry(e))).toEqual(e);
    const withProgress = { ...e, state: "running", progress: { campaignId: "tiny", pointsTotal: 2, pointsDone: 1, shardsTotal: 8, shardsDone: 3, shardsFailed: 0, shardsSkipped: 0, particlesPerSecond: 10, elapsedSeconds: 1 } };
    expect(decodeCampaignEntry(bytes(withProgress)).progress?.shardsDone).toBe(3);
    expect(() => decodeCampaignEntry(bytes({ ...e, code: "eval" }))).toThrow(/code must be absent/);
    expect(() => decodeCampaignEntry(bytes({ ...e, state: "paused" }))).toThrow(/state must be submitted \| running/);
    expect(() => decodeCampaignEntry(bytes({ ...e, v: 2 }))).toThrow(/v must be 1/);
    expect(() => decodeCampaignEntry(bytes({ ...e, name: "a b" }))).toThrow(/name must be letters/);
    expect(() => decodeCampaignEntry(bytes({ ...withProgress, progress: { ...withProgress.progress, shardsDone: -1 } }))).toThrow(/progress\.shardsDone must be a finite number >= 0/);
    expect(() => decodeCampaignEntry(bytes({ ...e, failures: [{ shard: "s", attempts: 1, error: null, x: 1 }] }))).toThrow(/failures\[0\]\.x/);
    expect(() => decodeCampaignEntry(new Uint8Array([0xc1]))).toThrow(/must be JSON/);
    expect(() => decodeCampaignEntry(bytes([1, 2]))).toThrow(/value must be an object/);
  });

  it("isFinalState: done, failed and rejected are final", () => {
    expect(["submitted", "running", "done", "failed", "rejected"].map((s) => isFinalState(s as CampaignEntry["state"]))).toEqual([false, false, true, true, true]);
  });
});

describe("runCampaign on a persistent broker (the cluster case)", () => {
  it("runCampaign: failed shards republished within the duplicate window end as failed again instead of waiting forever", async () => {
    const w = await world({ maxDeliver: 1 });
    try {
      await w.startAgent("broken", new FailingBackend());
      const spec = tinySpec();
      const first = await runCampaign({ spec, store: w.store, transport: w.transport });
      expect(first).toMatchObject({ status: "failed", shardsFailed: 8 });
      expect(w.store.listShards("tiny", { statuses: ["failed"] })[0]?.error).toBe("RangeError: kernel exploded");
      // Same broker, within its duplicate window: the ids are dropped as duplicates, nothing would ever answer.
      const again = await Promise.race([
        runCampaign({ spec, store: w.store, transport: w.transport }),
        new Promise<null>((r) => setTimeout(() => r(null), 5000)),
      ]);
      expect(again).toMatchObject({ status: "failed", shardsFailed: 8, shardsDone: 0 });
    } finally {
      await w.dispose();
    }
  });

  it("runCampaign: failed shards are retried by a run on a fresh broker (the embedded case)", async () => {
    const w = await world({ maxDeliver: 1 });
    const broker2 = new MemoryBroker();
    try {
      await w.startAgent("broken", new FailingBackend());
      const spec = tinySpec();
      expect((await runCampaign({ spec, store: w.store, transport: w.transport })).status).toBe("failed");
      const { Agent } = await import("@scoresweep/agent");
      const { createBackend } = await import("@scoresweep/compute");
      const backend = await createBackend("js");
      const agent = new Agent({ transport: broker2.connect({ namespace: "svc" }), backend, name: "fixed", presence: false });
      await agent.start();
      const r = await runCampaign({ spec, store: w.store, transport: broker2.connect({ namespace: "svc" }) });
      expect(r).toMatchObject({ status: "done", shardsDone: 8 });
      await agent.stop();
      await backend.close();
    } finally {
      broker2.close();
      await w.dispose();
    }
  });
});
