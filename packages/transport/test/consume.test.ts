import { describe, expect, it } from "vitest";
import { MemoryBroker, consume, type ResultMessage } from "../src/index.js";

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("consume", () => {
  it("consume: acks after the handler resolves, naks when it throws, terminates malformed messages", async () => {
    const broker = new MemoryBroker();
    const agent = broker.connect({ namespace: "c", ackWaitMs: 60_000 });
    const coordinator = broker.connect({ namespace: "c", ackWaitMs: 60_000 });
    for (const id of ["r1", "r2", "r3"]) await agent.publishResult({ id, payload: bytes(id) });
    broker.injectRaw("c", "results", new Uint8Array([0x92]));
    const committed: string[] = [];
    const errors: string[] = [];
    const malformed: string[] = [];
    let failOnce = true;
    const c = consume(
      (o) => coordinator.pullResults(o),
      async (r: ResultMessage) => {
        if (r.id === "r2" && failOnce) {
          failOnce = false;
          throw new Error("database busy");
        }
        committed.push(r.id);
      },
      { max: 2, expiresMs: 100, onError: (e) => errors.push((e as Error).message), onMalformed: (m) => malformed.push(m.error.code) },
    );
    const deadline = Date.now() + 20_000;
    while (committed.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await c.stop();
    expect([...committed].sort()).toEqual(["r1", "r2", "r3"]);
    expect(errors).toEqual(["database busy"]);
    expect(malformed).toEqual(["E_TRANSPORT_DECODE"]);
    // Everything was settled: nothing pending, nothing in flight.
    expect((await coordinator.stats()).results).toEqual({ pending: 0, inFlight: 0 });
    broker.close();
  });

  it("consume: ends when the transport closes", async () => {
    const t = new MemoryBroker().connect();
    const c = consume((o) => t.pullResults(o), () => {}, { expiresMs: 5000 });
    await t.close();
    await expect(c.done).resolves.toBeUndefined();
  });
});
