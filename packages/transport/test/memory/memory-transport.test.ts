import { describe, expect, it } from "vitest";
import { MemoryBroker, openMemoryTransport } from "../../src/index.js";
import { memoryFactory, runTransportConformance } from "../../src/testing/index.js";

runTransportConformance("memory", memoryFactory());

describe("memory transport", () => {
  it("MemoryTransport: leaves no timer running after close", async () => {
    const t = openMemoryTransport({ ackWaitMs: 60_000 });
    await t.publishWork([{ id: "a", payload: new Uint8Array([1]) }]);
    await t.pullWork({ max: 1, expiresMs: 10 });
    const waiting = t.pullWork({ max: 1, expiresMs: 60_000 });
    await t.close();
    expect(await waiting).toEqual([]);
    // Node exposes the active handles; no Timeout may remain from the queue.
    const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
    expect(handles.filter((h) => h?.constructor?.name === "Timeout")).toEqual([]);
  });

  it("MemoryBroker: namespaces are isolated", async () => {
    const broker = new MemoryBroker();
    const a = broker.connect({ namespace: "a" });
    const b = broker.connect({ namespace: "b" });
    await a.publishWork([{ id: "x", payload: new Uint8Array([1]) }]);
    expect(await b.pullWork({ max: 1, expiresMs: 50 })).toEqual([]);
    expect((await a.pullWork({ max: 1, expiresMs: 50 })).map((m) => m.kind)).toEqual(["work"]);
    broker.close();
  });

  it("MemoryBroker.connect: refuses invalid options with E_INVALID_PARAMETER", () => {
    const broker = new MemoryBroker();
    expect(() => broker.connect({ namespace: "has.dot" })).toThrow(expect.objectContaining({ code: "E_INVALID_PARAMETER" }));
    expect(() => broker.connect({ ackWaitMs: 10 })).toThrow(/options.ackWaitMs must be a finite number of ms >= 100; got 10/);
    expect(() => broker.connect({ maxDeliver: 0 })).toThrow(/options.maxDeliver must be an integer >= 1; got 0/);
    expect(() => broker.connect({ maxAckPending: 1.5 })).toThrow(/options.maxAckPending/);
    expect(() => broker.connect({ maxMessageBytes: 100 })).toThrow(/options.maxMessageBytes/);
    expect(() => broker.connect({ retentionMs: 1000, duplicateWindowMs: 5000 })).toThrow(/options.retentionMs/);
  });

  it("MemoryQueue: a clock drives redelivery deterministically", async () => {
    let now = 1000;
    const broker = new MemoryBroker(() => now);
    const t = broker.connect({ ackWaitMs: 5000 });
    await t.publishWork([{ id: "a", payload: new Uint8Array([1]) }]);
    const [m1] = await t.pullWork({ max: 1, expiresMs: 0 });
    expect(m1.deliveryCount).toBe(1);
    now += 4999;
    expect(await t.pullWork({ max: 1, expiresMs: 0 })).toEqual([]);
    now += 1;
    const [m2] = await t.pullWork({ max: 1, expiresMs: 0 });
    expect(m2.deliveryCount).toBe(2);
    broker.close();
  });
});
