import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson } from "@scoresweep/sweep";
import {
  CAMPAIGNS_BUCKET,
  COORDINATORS_BUCKET,
  CoordinatorService,
  campaignKey,
  decodeCampaignEntry,
  decodeCoordinatorPresence,
  encodeCampaignEntry,
  followCampaign,
  newCampaignEntry,
  runCampaign,
  submitCampaign,
  type CampaignEntry,
} from "../src/index.js";
import { tinySpec, world } from "./helpers.js";

type World = Awaited<ReturnType<typeof world>>;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts a service on `w` (stopped after the test); returns it with its log. */
function startService(w: World, name = "coord-1") {
  const controller = new AbortController();
  const log: string[] = [];
  const service = new CoordinatorService({ transport: w.connect(), store: w.store, name, signal: controller.signal, pollMs: 10, progressEveryMs: 10, retryMs: 10, log: (l) => log.push(l) });
  const running = service.run();
  const stop = async () => {
    controller.abort();
    await running;
  };
  cleanups.push(() => stop().catch(() => {}));
  return { service, log, running, stop };
}

async function setup() {
  const w = await world();
  cleanups.push(w.dispose);
  const board = await w.transport.kv(CAMPAIGNS_BUCKET);
  return { w, board };
}

describe("CoordinatorService", () => {
  it("CoordinatorService: runs a submitted campaign to done, with progress on the board and results in the store", async () => {
    const { w, board } = await setup();
    await w.startAgent("a1");
    startService(w);
    const spec = tinySpec();
    const sub = await submitCampaign(board, spec);
    expect(sub.attached).toBe(false);
    const seen: CampaignEntry[] = [];
    const final = await followCampaign(board, sub.key, sub.submission, { pollMs: 5, onUpdate: (e) => seen.push(e) });
    expect(final?.state).toBe("done");
    expect(final?.coordinator).toBe("coord-1");
    expect(final?.progress).toMatchObject({ campaignId: "tiny", shardsTotal: 8, shardsDone: 8, shardsFailed: 0, pointsDone: 2 });
    expect(seen.some((e) => e.state === "running")).toBe(true);
    expect(w.store.getCampaign("tiny")?.status).toBe("done");
    expect(w.store.listAggregates("tiny")).toHaveLength(2);
  });

  it("CoordinatorService: resubmitting a finished campaign reruns it without recomputing; a running one is joined; a different spec under a running name is refused", async () => {
    const { w, board } = await setup();
    startService(w);
    const spec = tinySpec();
    const first = await submitCampaign(board, spec);
    // No agent yet: it stays running, so the same spec joins it and another is refused.
    const joined = await submitCampaign(board, spec);
    expect(joined).toMatchObject({ attached: true, submission: first.submission });
    await expect(submitCampaign(board, tinySpec({ replicates: 3 }))).rejects.toThrow(/must not be (submitted|running) on the cluster with a different spec/);
    await w.startAgent("a1");
    expect((await followCampaign(board, first.key, first.submission, { pollMs: 5 }))?.state).toBe("done");
    const again = await submitCampaign(board, spec);
    expect(again.attached).toBe(false);
    expect(again.submission).not.toBe(first.submission);
    const final = await followCampaign(board, again.key, again.submission, { pollMs: 5 });
    expect(final?.progress).toMatchObject({ shardsTotal: 8, shardsSkipped: 8, shardsDone: 8 });
    // Extending (more replicates) computes only the new shards.
    const extended = await submitCampaign(board, tinySpec({ replicates: 3 }));
    const ext = await followCampaign(board, extended.key, extended.submission, { pollMs: 5 });
    expect(ext?.progress).toMatchObject({ shardsTotal: 12, shardsSkipped: 8, shardsDone: 12 });
  });

  it("CoordinatorService: rejects an entry whose spec does not validate, and a seed change under an existing campaign", async () => {
    const { w, board } = await setup();
    await w.startAgent("a1");
    startService(w);
    const bad: CampaignEntry = { ...newCampaignEntry(tinySpec({ name: "bad" }), false, Date.now()), spec: JSON.stringify({ name: "bad", seed: -1, base: {} }) };
    await board.create(campaignKey("bad"), encodeCampaignEntry(bad));
    const rejected = await followCampaign(board, campaignKey("bad"), bad.submission, { pollMs: 5 });
    expect(rejected?.state).toBe("rejected");
    expect(rejected?.error).toMatch(/seed/);

    const first = await submitCampaign(board, tinySpec());
    expect((await followCampaign(board, first.key, first.submission, { pollMs: 5 }))?.state).toBe("done");
    const reseeded = await submitCampaign(board, tinySpec({ seed: 2 }));
    const r = await followCampaign(board, reseeded.key, reseeded.submission, { pollMs: 5 });
    expect(r?.state).toBe("rejected");
    expect(r?.error).toMatch(/seed must stay 1 for the existing campaign "tiny"/);
  });

  it("CoordinatorService: undecodable board entries are logged once and skipped; campaigns run in submission order", async () => {
    const { w, board } = await setup();
    await board.put("junk", new TextEncoder().encode("{not json"));
    const a = await submitCampaign(board, tinySpec({ name: "first" }));
    const b = await submitCampaign(board, tinySpec({ name: "second.v2" }));
    expect(b.key).toBe("second=2Ev2");
    await w.startAgent("a1");
    const { log } = startService(w);
    expect((await followCampaign(board, b.key, b.submission, { pollMs: 5 }))?.state).toBe("done");
    expect((await followCampaign(board, a.key, a.submission, { pollMs: 5 }))?.state).toBe("done");
    const starts = log.filter((l) => /starting/.test(l)).map((l) => l.split(":")[0]);
    expect(starts).toEqual(["campaign first", "campaign second.v2"]);
    expect(log.filter((l) => /entry junk ignored/.test(l))).toHaveLength(1);
  });

  it("CoordinatorService: a stop leaves the campaign running on the board; the next service resumes it from the store", async () => {
    const { w, board } = await setup();
    const first = startService(w);
    const sub = await submitCampaign(board, tinySpec());
    // No agent: the campaign waits for results; the service is stopped meanwhile.
    await followCampaign(board, sub.key, sub.submission, { pollMs: 5, signal: AbortSignal.timeout(200) });
    await first.stop();
    const entry = decodeCampaignEntry((await board.get(sub.key))!.value);
    expect(entry.state).toBe("running");
    expect(w.store.getCampaign("tiny")?.status).toBe("stopped");
    await w.startAgent("a1");
    const second = startService(w);
    const final = await followCampaign(board, sub.key, sub.submission, { pollMs: 5 });
    expect(final?.state).toBe("done");
    expect(second.log.some((l) => /campaign tiny: resuming/.test(l))).toBe(true);
  });

  it("CoordinatorService: a campaign the store has running (a crash) is resumed even without a board entry", async () => {
    const { w, board } = await setup();
    const spec = tinySpec();
    // A crashed run: registered, some shards committed, status left "running".
    const agent = await w.startAgent("a1");
    const controller = new AbortController();
    await runCampaign({ spec, store: w.store, transport: w.connect(), signal: controller.signal, window: 2, progressEveryMs: 0, onProgress: (p) => p.shardsDone >= 3 && controller.abort() });
    await agent.stop();
    w.store.setCampaignStatus("tiny", "running");
    const committed = w.store.campaignProgress("tiny").shards.done;
    expect(committed).toBeGreaterThan(0);
    await w.startAgent("a2");
    const { log } = startService(w);
    const entry = await (async () => {
      for (;;) {
        const kv = await board.get(campaignKey("tiny"));
        if (kv) return decodeCampaignEntry(kv.value);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    expect(entry.spec).toBe(canonicalJson(spec));
    const final = await followCampaign(board, campaignKey("tiny"), entry.submission, { pollMs: 5 });
    expect(final?.state).toBe("done");
    expect(final?.progress?.shardsSkipped).toBe(committed);
    expect(log.some((l) => /found running in the database, resuming/.test(l))).toBe(true);
  });

  it("CoordinatorService: heartbeats its presence; a second coordinator of the namespace refuses to start, a restart under the same name takes over", async () => {
    const { w } = await setup();
    const { stop } = startService(w, "coord-1");
    const presence = await w.transport.kv(COORDINATORS_BUCKET);
    for (let i = 0; i < 200 && (await presence.get("coord-1")) === null; i++) await new Promise((r) => setTimeout(r, 5));
    const entry = decodeCoordinatorPresence((await presence.get("coord-1"))!.value);
    expect(entry).toMatchObject({ name: "coord-1", campaign: null, pid: process.pid });
    const other = new CoordinatorService({ transport: w.connect(), store: w.store, name: "coord-2" });
    await expect(other.run()).rejects.toThrow(/must have one coordinator; got another alive: coord-1/);
    await stop();
    expect(await presence.get("coord-1")).toBeNull();
    // Same name on this host, held by a live process that is not this one (the parent's pid stands in for it): refused.
    const fresh = (pid: number) => new TextEncoder().encode(JSON.stringify({ ...entry, pid, updatedAt: Date.now() }));
    await presence.put("coord-1", fresh(process.ppid));
    await expect(new CoordinatorService({ transport: w.connect(), store: w.store, name: "coord-1" }).run()).rejects.toThrow(/got another alive: coord-1/);
    // Same name, process gone (a restart after a crash): taken over.
    await presence.put("coord-1", fresh(2 ** 22 + 12345));
    const c = new AbortController();
    const run = new CoordinatorService({ transport: w.connect(), store: w.store, name: "coord-1", signal: c.signal, pollMs: 10 }).run();
    for (let i = 0; i < 400 && decodeCoordinatorPresence((await presence.get("coord-1"))!.value).pid !== process.pid; i++) await new Promise((r) => setTimeout(r, 5));
    expect(decodeCoordinatorPresence((await presence.get("coord-1"))!.value).pid).toBe(process.pid);
    c.abort();
    await run;
  });

});
