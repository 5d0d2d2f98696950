/**
 * The transport contract as a test suite: every {@link Transport} implementation runs it (STYLE: one suite for
 * every implementation of an interface). Timings use a 300 ms ack wait so that redelivery paths run in well under
 * a second; bounds on elapsed time are loose (they check "waited" vs "did not wait", never a speed).
 */
import { afterEach, describe, expect, it } from "vitest";
import { decodeValue, encodeValue } from "../codec.js";
import type { TransportOptions } from "../options.js";
import type { MalformedMessage, Transport, WorkMessage } from "../transport.js";

/** What the suite needs from an implementation, per test. */
export interface TransportHarness {
  /** A new client connection to the namespace the harness was made for. */
  connect(): Promise<Transport>;
  /** Stores raw bytes on the work queue, bypassing the codec (a misbehaving peer). */
  injectRawWork(bytes: Uint8Array): Promise<void>;
  /** Closes what the harness opened (connections made by `connect` included). */
  dispose(): Promise<void>;
}

/** Makes a harness for a fresh namespace with the given options. */
export type TransportFactory = (options: Partial<TransportOptions> & { readonly namespace: string }) => Promise<TransportHarness>;

const te = new TextEncoder();
const td = new TextDecoder();
const bytes = (s: string): Uint8Array => te.encode(s);
const text = (b: Uint8Array): string => td.decode(b);

let counter = 0;

/** Pulls `pull` until `n` messages arrived or `ms` passed. */
async function collect<T>(pull: () => Promise<T[]>, n: number, ms: number): Promise<T[]> {
  const out: T[] = [];
  const deadline = Date.now() + ms;
  while (out.length < n && Date.now() < deadline) out.push(...(await pull()));
  return out;
}

function only<T extends { kind: string }, K extends T["kind"]>(items: T[], kind: K): Extract<T, { kind: K }>[] {
  for (const i of items) expect(i.kind, `unexpected ${i.kind} message`).toBe(kind);
  return items as Extract<T, { kind: K }>[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Registers the conformance tests for one implementation under `describe(name)`. */
export function runTransportConformance(name: string, factory: TransportFactory): void {
  describe(`${name}: transport conformance`, () => {
    let harness: TransportHarness | undefined;
    const ACK_WAIT = 300;

    async function setup(options: Partial<TransportOptions> = {}): Promise<{ h: TransportHarness; t: Transport }> {
      counter++;
      harness = await factory({
        namespace: `conf${process.pid}x${counter}`,
        ackWaitMs: ACK_WAIT,
        maxDeliver: 3,
        duplicateWindowMs: 60_000,
        maxMessageBytes: 64 * 1024,
        ...options,
      });
      return { h: harness, t: await harness.connect() };
    }

    afterEach(async () => {
      await harness?.dispose();
      harness = undefined;
    });

    const pullWork = async (t: Transport, max = 10, expiresMs = 2000): Promise<WorkMessage[]> => only(await t.pullWork({ max, expiresMs }), "work");

    it(`${name}: publishWork then pullWork delivers every id and payload once, in publish order`, async () => {
      const { t } = await setup();
      const items = Array.from({ length: 25 }, (_, i) => ({ id: `w-${i}`, payload: bytes(`payload ${i}`) }));
      const outcomes = await t.publishWork(items);
      expect(outcomes).toEqual(items.map((i) => ({ id: i.id, duplicate: false })));
      const got = await collect(() => pullWork(t, 7), 25, 5000);
      expect(got.map((m) => m.id)).toEqual(items.map((i) => i.id));
      expect(got.map((m) => text(m.payload))).toEqual(items.map((i) => text(i.payload)));
      expect(got.every((m) => m.deliveryCount === 1 && m.maxDeliver === 3)).toBe(true);
      for (const m of got) await m.ack();
      expect(await t.pullWork({ max: 10, expiresMs: 200 })).toEqual([]);
    });

    it(`${name}: pullWork on an empty queue waits expiresMs and returns []`, async () => {
      const { t } = await setup();
      const t0 = Date.now();
      expect(await t.pullWork({ max: 5, expiresMs: 400 })).toEqual([]);
      const elapsed = Date.now() - t0;
      expect(elapsed).toBeGreaterThanOrEqual(350);
      expect(elapsed).toBeLessThan(3000);
    });

    it(`${name}: pullWork returns as soon as a message is available instead of waiting for max`, async () => {
      const { t } = await setup();
      await t.publishWork([{ id: "a", payload: bytes("x") }]);
      const t0 = Date.now();
      const got = await pullWork(t, 10, 10_000);
      expect(got.map((m) => m.id)).toEqual(["a"]);
      expect(Date.now() - t0).toBeLessThan(2000);
    });

    it(`${name}: a waiting pullWork wakes up when work is published`, async () => {
      const { t } = await setup();
      const t0 = Date.now();
      const pending = t.pullWork({ max: 3, expiresMs: 8000 });
      await sleep(150);
      await t.publishWork([{ id: "late", payload: bytes("x") }]);
      const got = only(await pending, "work");
      expect(got.map((m) => m.id)).toEqual(["late"]);
      expect(Date.now() - t0).toBeLessThan(4000);
    });

    it(`${name}: competing consumers on two connections share the queue without overlap`, async () => {
      const { h, t } = await setup();
      const t2 = await h.connect();
      const ids = Array.from({ length: 40 }, (_, i) => `c-${i}`);
      await t.publishWork(ids.map((id) => ({ id, payload: bytes(id) })));
      const seen: string[] = [];
      const worker = async (c: Transport): Promise<void> => {
        const deadline = Date.now() + 8000;
        while (seen.length < ids.length && Date.now() < deadline) {
          for (const m of await pullWork(c, 4, 300)) {
            seen.push(m.id);
            expect(m.deliveryCount).toBe(1);
            await m.ack();
          }
        }
      };
      await Promise.all([worker(t), worker(t2)]);
      expect([...seen].sort()).toEqual([...ids].sort());
    });

    it(`${name}: publishWork drops a duplicate id within the duplicate window`, async () => {
      const { t } = await setup();
      expect(await t.publishWork([{ id: "d", payload: bytes("1") }])).toEqual([{ id: "d", duplicate: false }]);
      expect(await t.publishWork([{ id: "d", payload: bytes("2") }])).toEqual([{ id: "d", duplicate: true }]);
      const got = await pullWork(t);
      expect(got.map((m) => [m.id, text(m.payload)])).toEqual([["d", "1"]]);
      await got[0].ack();
      expect(await t.pullWork({ max: 5, expiresMs: 300 })).toEqual([]);
    });

    it(`${name}: an unacked work message is redelivered after ackWait with deliveryCount 2`, async () => {
      const { t } = await setup();
      await t.publishWork([{ id: "r", payload: bytes("x") }]);
      const [first] = await pullWork(t);
      const t0 = Date.now();
      const [again] = await pullWork(t, 5, 5000);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(ACK_WAIT * 0.7);
      expect([again.id, first.deliveryCount, again.deliveryCount]).toEqual(["r", 1, 2]);
      await again.ack();
    });

    it(`${name}: working() restarts the ack deadline so nobody else gets the message`, async () => {
      // 1 s ack wait and a beat every 250 ms: a loaded machine delaying a beat must not fail the test.
      const { h, t } = await setup({ ackWaitMs: 1000 });
      const other = await h.connect();
      await t.publishWork([{ id: "hb", payload: bytes("x") }]);
      const [m] = await pullWork(t);
      const beat = setInterval(() => m.working(), 250);
      try {
        expect(await other.pullWork({ max: 1, expiresMs: 2500 })).toEqual([]);
      } finally {
        clearInterval(beat);
      }
      await m.ack();
      expect(await other.pullWork({ max: 1, expiresMs: 1500 })).toEqual([]);
    });

    it(`${name}: nak() redelivers at once and nak(delayMs) not before the delay`, async () => {
      // A 3 s ack wait tells "redelivered at once" from "redelivered after the ack wait" with a wide margin.
      const { t } = await setup({ ackWaitMs: 3000 });
      await t.publishWork([{ id: "n", payload: bytes("x") }]);
      const [m1] = await pullWork(t);
      await m1.nak();
      const t0 = Date.now();
      const [m2] = await pullWork(t, 1, 5000);
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(m2.deliveryCount).toBe(2);
      await m2.nak(700);
      expect(await t.pullWork({ max: 1, expiresMs: 350 })).toEqual([]);
      const [m3] = await pullWork(t, 1, 5000);
      expect([m3.id, m3.deliveryCount]).toEqual(["n", 3]);
      await m3.ack();
    });

    it(`${name}: ack removes a message for good`, async () => {
      const { t } = await setup();
      await t.publishWork([{ id: "k", payload: bytes("x") }]);
      const [m] = await pullWork(t);
      await m.ack();
      expect(await t.pullWork({ max: 1, expiresMs: ACK_WAIT * 3 })).toEqual([]);
      const s = await t.stats();
      expect(s.work).toEqual({ pending: 0, inFlight: 0 });
    });

    it(`${name}: exhausting maxDeliver reports one max_deliver failure with the work id`, async () => {
      const { t } = await setup({ maxDeliver: 2 });
      expect(t.limits.maxDeliver).toBe(2);
      await t.publishWork([{ id: "x1", payload: bytes("x") }, { id: "ok", payload: bytes("y") }]);
      const first = await collect(() => pullWork(t, 2), 2, 3000);
      await first.find((m) => m.id === "ok")!.ack();
      const [second] = await pullWork(t, 2, 5000);
      expect([second.id, second.deliveryCount]).toEqual(["x1", 2]);
      // Keep a pull waiting past the deadline: a NATS server detects exhaustion when it next looks for work.
      expect(await t.pullWork({ max: 2, expiresMs: ACK_WAIT * 3 })).toEqual([]);
      const failures = only(await collect(() => t.pullFailures({ max: 5, expiresMs: 3000 }), 1, 6000), "failure");
      expect(failures.map((f) => [f.id, f.reason, f.error, f.attempts])).toEqual([["x1", "max_deliver", null, 2]]);
      await failures[0].ack();
      expect(await t.pullFailures({ max: 5, expiresMs: 500 })).toEqual([]);
      expect(await t.pullWork({ max: 2, expiresMs: 300 })).toEqual([]);
      expect((await t.stats()).work).toEqual({ pending: 0, inFlight: 0 });
    });

    it(`${name}: term(reason) records a terminated failure with the error and never redelivers`, async () => {
      const { t } = await setup();
      await t.publishWork([{ id: "t", payload: bytes("x") }]);
      const [m] = await pullWork(t);
      await m.term("kernel exploded: NaN at step 3");
      const failures = only(await t.pullFailures({ max: 5, expiresMs: 3000 }), "failure");
      expect(failures.map((f) => [f.id, f.reason, f.error, f.attempts])).toEqual([["t", "terminated", "kernel exploded: NaN at step 3", 1]]);
      await failures[0].ack();
      expect(await t.pullWork({ max: 1, expiresMs: ACK_WAIT * 3 })).toEqual([]);
    });

    it(`${name}: fail(error) naks while retries remain and terminates with the error on the last delivery`, async () => {
      const { t } = await setup({ maxDeliver: 2 });
      await t.publishWork([{ id: "f", payload: bytes("x") }]);
      const [m1] = await pullWork(t);
      await m1.fail("first error");
      const [m2] = await pullWork(t, 1, 3000);
      expect(m2.deliveryCount).toBe(2);
      await m2.fail("second error");
      const failures = only(await t.pullFailures({ max: 5, expiresMs: 3000 }), "failure");
      expect(failures.map((f) => [f.id, f.reason, f.error, f.attempts])).toEqual([["f", "terminated", "second error", 2]]);
      await failures[0].ack();
      expect(await t.pullWork({ max: 1, expiresMs: ACK_WAIT * 3 })).toEqual([]);
      expect(await t.pullFailures({ max: 5, expiresMs: 300 })).toEqual([]);
    });

    it(`${name}: results round-trip; an unacked result is redelivered until acked`, async () => {
      const { h, t } = await setup();
      const agent = await h.connect();
      expect(await agent.publishResult({ id: "res-1", payload: bytes("r1") })).toEqual({ id: "res-1", duplicate: false });
      const [r1] = only(await t.pullResults({ max: 5, expiresMs: 3000 }), "result");
      expect([r1.id, text(r1.payload), r1.deliveryCount]).toEqual(["res-1", "r1", 1]);
      // The coordinator "crashed" before committing: no ack.
      const [r2] = only(await t.pullResults({ max: 5, expiresMs: 5000 }), "result");
      expect([r2.id, r2.deliveryCount]).toEqual(["res-1", 2]);
      await r2.ack();
      expect(await t.pullResults({ max: 5, expiresMs: ACK_WAIT * 3 })).toEqual([]);
    });

    it(`${name}: a republished result id is dropped as a duplicate`, async () => {
      const { t } = await setup();
      expect((await t.publishResult({ id: "same", payload: bytes("a") })).duplicate).toBe(false);
      expect((await t.publishResult({ id: "same", payload: bytes("b") })).duplicate).toBe(true);
      const got = only(await t.pullResults({ max: 5, expiresMs: 2000 }), "result");
      expect(got.map((r) => [r.id, text(r.payload)])).toEqual([["same", "a"]]);
      await got[0].ack();
      expect(await t.pullResults({ max: 5, expiresMs: 400 })).toEqual([]);
    });

    it(`${name}: a result larger than the message limit arrives intact`, async () => {
      const { t } = await setup();
      const size = Math.floor(t.limits.maxPayload * 2.5) + 7;
      const payload = new Uint8Array(size);
      for (let i = 0; i < size; i++) payload[i] = (i * 2654435761) >>> 24;
      expect((await t.publishResult({ id: "big", payload })).duplicate).toBe(false);
      const [r] = only(await t.pullResults({ max: 5, expiresMs: 5000 }), "result");
      expect(r.id).toBe("big");
      expect(r.payload.byteLength).toBe(size);
      expect(Buffer.from(r.payload).equals(Buffer.from(payload))).toBe(true);
      await r.ack();
      expect(await t.pullResults({ max: 5, expiresMs: 400 })).toEqual([]);
    });

    it(`${name}: publishWork refuses a payload above limits.maxPayload and publishes nothing of the batch`, async () => {
      const { t } = await setup();
      const ok = { id: "fits", payload: new Uint8Array(t.limits.maxPayload) };
      const big = { id: "big", payload: new Uint8Array(64 * 1024 + 1) };
      await expect(t.publishWork([ok, big])).rejects.toMatchObject({ code: "E_TRANSPORT_PAYLOAD_TOO_LARGE" });
      expect((await t.stats()).work.pending).toBe(0);
      await t.publishWork([ok]);
      const [m] = await pullWork(t);
      expect(m.payload.byteLength).toBe(t.limits.maxPayload);
      await m.ack();
    });

    it(`${name}: malformed bytes on the work queue surface as kind "malformed" and can be terminated`, async () => {
      const { h, t } = await setup();
      await h.injectRawWork(new Uint8Array([0xc1, 0x6e, 0x6f, 0x74, 0x20, 0x6d, 0x73, 0x67]));
      await h.injectRawWork(encodeValue({ v: 1, t: "w", id: 42 }));
      await h.injectRawWork(encodeValue({ v: 99, t: "w", id: "future", p: new Uint8Array(1) }));
      await t.publishWork([{ id: "good", payload: bytes("x") }]);
      const got = await collect(() => t.pullWork({ max: 10, expiresMs: 2000 }), 4, 5000);
      expect(got.map((m) => m.kind)).toEqual(["malformed", "malformed", "malformed", "work"]);
      for (const m of got.slice(0, 3) as MalformedMessage[]) {
        expect(m.error.code).toBe("E_TRANSPORT_DECODE");
        expect(m.raw).toBeInstanceOf(Uint8Array);
        await m.term("malformed");
      }
      expect((got[2] as MalformedMessage).error.message).toMatch(/version/);
      await (got[3] as WorkMessage).ack();
      expect(await t.pullWork({ max: 10, expiresMs: ACK_WAIT * 3 })).toEqual([]);
      // Terminating undecodable work writes no failure record: there is no id to report.
      expect(await t.pullFailures({ max: 5, expiresMs: 300 })).toEqual([]);
    });

    it(`${name}: payloads encoded with encodeValue keep typed arrays bit-identical end to end`, async () => {
      const { t } = await setup();
      const f = new Float64Array([1.5, -0, NaN, Infinity, 5e-324]);
      new DataView(f.buffer).setUint32(16, 0xdeadbeef, true); // a NaN with a payload
      const value = { shard: "s1", stats: { sum: f, counts: new Uint32Array([1, 2, 4294967295]) } };
      await t.publishWork([{ id: "typed", payload: encodeValue(value) }]);
      const [m] = await pullWork(t);
      const back = decodeValue(m.payload) as typeof value;
      expect(back.stats.sum).toBeInstanceOf(Float64Array);
      expect(back.stats.counts).toBeInstanceOf(Uint32Array);
      expect(Buffer.from(back.stats.sum.buffer, back.stats.sum.byteOffset, 40).equals(Buffer.from(f.buffer))).toBe(true);
      expect(Array.from(back.stats.counts)).toEqual([1, 2, 4294967295]);
      await m.ack();
    });

    it(`${name}: maxAckPending bounds the work in flight`, async () => {
      // A long ack wait: nothing may be redelivered while the bound is being observed.
      const { t } = await setup({ maxAckPending: 2, ackWaitMs: 10_000 });
      await t.publishWork(["a", "b", "c"].map((id) => ({ id, payload: bytes(id) })));
      const first = await pullWork(t, 3, 2000);
      expect(first.map((m) => m.id)).toEqual(["a", "b"]);
      expect(await t.pullWork({ max: 3, expiresMs: 300 })).toEqual([]);
      await first[0].ack();
      const next = await pullWork(t, 3, 3000);
      expect(next.map((m) => m.id)).toEqual(["c"]);
      await first[1].ack();
      await next[0].ack();
    });

    it(`${name}: stats counts pending and in-flight work`, async () => {
      const { t } = await setup();
      await t.publishWork(["a", "b", "c"].map((id) => ({ id, payload: bytes(id) })));
      const [m] = await pullWork(t, 1);
      expect((await t.stats()).work).toEqual({ pending: 2, inFlight: 1 });
      await m.ack();
      // Acks are fire-and-forget (a NATS server applies them asynchronously): the count follows shortly.
      const deadline = Date.now() + 3000;
      let work = (await t.stats()).work;
      while (work.inFlight > 0 && Date.now() < deadline) {
        await sleep(20);
        work = (await t.stats()).work;
      }
      expect(work).toEqual({ pending: 2, inFlight: 0 });
    });

    it(`${name}: KV get/put/create/update/delete/keys with compare-and-set`, async () => {
      const { h, t } = await setup();
      const kv = await t.kv("state");
      expect(await kv.get("campaign.c1")).toBeNull();
      const r1 = await kv.create("campaign.c1", bytes("new"));
      await expect(kv.create("campaign.c1", bytes("again"))).rejects.toMatchObject({ code: "E_TRANSPORT_KV_CONFLICT" });
      const r2 = await kv.update("campaign.c1", bytes("running"), r1);
      expect(r2).toBeGreaterThan(r1);
      await expect(kv.update("campaign.c1", bytes("stale"), r1)).rejects.toMatchObject({ code: "E_TRANSPORT_KV_CONFLICT" });
      const e = await kv.get("campaign.c1");
      expect([e?.key, text(e!.value), e?.revision]).toEqual(["campaign.c1", "running", r2]);
      await kv.put("campaign.c2", bytes("done"));
      // A second connection sees the same bucket.
      const other = await (await h.connect()).kv("state");
      expect(await other.keys()).toEqual(["campaign.c1", "campaign.c2"]);
      await other.delete("campaign.c1");
      expect(await kv.get("campaign.c1")).toBeNull();
      expect(await kv.keys()).toEqual(["campaign.c2"]);
      await kv.create("campaign.c1", bytes("reborn"));
      expect(text((await kv.get("campaign.c1"))!.value)).toBe("reborn");
    });

    it(`${name}: KV bucket TTL expires entries not rewritten within ttlMs`, async () => {
      const { t } = await setup();
      // TTL 1000 ms; agent-2 rewritten at ~500 ms; checked at ~1250 ms, 250 ms from either expiry.
      const kv = await t.kv("presence", { ttlMs: 1000 });
      const t0 = Date.now();
      await kv.put("agent-1", bytes("alive"));
      await kv.put("agent-2", bytes("alive"));
      expect(await kv.keys()).toEqual(["agent-1", "agent-2"]);
      await sleep(500 - (Date.now() - t0));
      await kv.put("agent-2", bytes("still alive"));
      await sleep(1250 - (Date.now() - t0));
      expect(await kv.get("agent-1")).toBeNull();
      expect(text((await kv.get("agent-2"))!.value)).toBe("still alive");
      await sleep(1000);
      expect(await kv.keys()).toEqual([]);
    });

    it(`${name}: close() ends a waiting pull with [] and refuses further operations`, async () => {
      const { t } = await setup();
      const t0 = Date.now();
      const waiting = t.pullWork({ max: 1, expiresMs: 20_000 });
      await sleep(100);
      await t.close();
      expect(await waiting).toEqual([]);
      expect(Date.now() - t0).toBeLessThan(5000);
      await expect(t.publishWork([{ id: "a", payload: bytes("x") }])).rejects.toMatchObject({ code: "E_TRANSPORT_CLOSED" });
      await expect(t.pullResults({ max: 1, expiresMs: 10 })).rejects.toMatchObject({ code: "E_TRANSPORT_CLOSED" });
      await t.close(); // idempotent
    });

    it(`${name}: drain() delivers acks sent before it`, async () => {
      const { h, t } = await setup();
      await t.publishWork(["a", "b"].map((id) => ({ id, payload: bytes(id) })));
      const got = await collect(() => pullWork(t, 2), 2, 3000);
      for (const m of got) await m.ack();
      await t.drain();
      await expect(t.pullWork({ max: 1, expiresMs: 10 })).rejects.toMatchObject({ code: "E_TRANSPORT_CLOSED" });
      const other = await h.connect();
      expect(await other.pullWork({ max: 2, expiresMs: ACK_WAIT * 3 })).toEqual([]);
    });

    it(`${name}: invalid arguments are refused with E_INVALID_PARAMETER`, async () => {
      const { t } = await setup();
      const bad = { code: "E_INVALID_PARAMETER" };
      await expect(t.pullWork({ max: 0, expiresMs: 10 })).rejects.toMatchObject(bad);
      await expect(t.pullResults({ max: 1, expiresMs: -1 })).rejects.toMatchObject(bad);
      await expect(t.publishWork([{ id: "has space", payload: bytes("x") }])).rejects.toMatchObject(bad);
      await expect(t.publishResult({ id: "", payload: bytes("x") })).rejects.toMatchObject(bad);
      await expect(t.publishWork([{ id: "ok", payload: "text" as unknown as Uint8Array }])).rejects.toMatchObject(bad);
      await expect(t.kv("bad name")).rejects.toMatchObject(bad);
      const kv = await t.kv("good");
      await expect(kv.put("a b", bytes("x"))).rejects.toMatchObject(bad);
      await t.publishWork([{ id: "w", payload: bytes("x") }]);
      const [m] = await pullWork(t);
      await expect(m.nak(-5)).rejects.toMatchObject(bad);
      await m.ack();
    });
  });
}
