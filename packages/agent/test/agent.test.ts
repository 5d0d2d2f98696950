import { afterEach, describe, expect, it } from "vitest";
import { createBackend, type Backend, type ShardResult, type ShardTask } from "@scoresweep/compute";
import type { RunOptions } from "@scoresweep/compute";
import { validateShardResult } from "@scoresweep/sweep";
import { decodeValue, encodeEnvelope, encodeValue, MemoryBroker, type FailureMessage, type MemoryTransport, type ResultMessage } from "@scoresweep/transport";
import { Agent, decodeAgentPresence, encodeAgentPresence, type AgentEvent } from "../src/index.js";
import { validShardTask } from "./shard-task-fixture.js";

/** A real backend (`js`) that counts its calls and can be slowed down (abortably) — to see what an agent runs. */
class CountingBackend implements Backend {
  readonly name = "counting";
  calls = 0;
  constructor(
    private readonly inner: Backend,
    private readonly delayMs = 0,
    private readonly error: Error | null = null,
  ) {}
  async run(task: ShardTask, options?: RunOptions): Promise<ShardResult> {
    this.calls++;
    if (this.delayMs > 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, this.delayMs);
        options?.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
        });
      });
    }
    if (this.error) throw this.error;
    return this.inner.run(task, options);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const work = (id: string, t: unknown = validShardTask(id)) => ({ id, payload: encodeValue(t) });

let broker: MemoryBroker;
const cleanups: Array<() => Promise<void>> = [];

async function setup(options: { delayMs?: number; error?: Error; maxDeliver?: number } = {}) {
  broker = new MemoryBroker();
  const conn = { namespace: "agenttest", maxDeliver: options.maxDeliver ?? 5 };
  const coordinator = broker.connect(conn);
  const backend = new CountingBackend(await createBackend("js"), options.delayMs ?? 0, options.error ?? null);
  const agents: Agent[] = [];
  const transports: MemoryTransport[] = [coordinator];
  const events: AgentEvent[] = [];
  const startAgent = async (name: string, concurrency = 2, b: Backend = backend, presence = false): Promise<Agent> => {
    const t = broker.connect(conn);
    transports.push(t);
    const a = new Agent({ transport: t, backend: b, name, concurrency, presence, onEvent: (e) => events.push(e) });
    agents.push(a);
    await a.start();
    return a;
  };
  cleanups.push(async () => {
    for (const a of agents) await a.stop({ graceMs: 0 });
    for (const t of transports) await t.close();
    await backend.close();
    broker.close();
  });
  return { coordinator, backend, startAgent, events };
}

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function pullAll<T>(pull: () => Promise<T[]>, n: number): Promise<T[]> {
  const out: T[] = [];
  const deadline = Date.now() + 30_000;
  while (out.length < n && Date.now() < deadline) out.push(...(await pull()));
  return out;
}

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe("Agent", () => {
  it("Agent: runs a valid task, publishes its result with the shard id, then acks the work", async () => {
    const { coordinator, backend, startAgent } = await setup();
    await coordinator.publishWork([work("s-1"), work("s-2")]);
    const agent = await startAgent("a1");
    const results = (await pullAll(() => coordinator.pullResults({ max: 10, expiresMs: 200 }), 2)) as ResultMessage[];
    expect(results.map((r) => r.id).sort()).toEqual(["s-1", "s-2"]);
    for (const r of results) {
      const m = validateShardResult(decodeValue(r.payload));
      expect(m.shardId).toBe(r.id);
      expect(m.agent).toBe("a1");
      expect(m.stats?.kind).toBe("moments");
    }
    expect(backend.calls).toBe(2);
    await until("acks", async () => agent.completed === 2 && (await coordinator.stats()).work.inFlight === 0);
    expect((await coordinator.stats()).work).toEqual({ pending: 0, inFlight: 0 });
  });

  it("Agent: terminates and counts malformed bytes and invalid tasks — extra fields, code-like strings, wrong shard — never running them", async () => {
    const { coordinator, backend, startAgent, events } = await setup();
    const withFamily = (family: unknown) => {
      const t = validShardTask("x") as { point: { sde: Record<string, unknown> } };
      return { ...t, shardId: "bad-family", point: { ...t.point, sde: { ...t.point.sde, family } } };
    };
    const bad = [
      work("bad-extra", { ...validShardTask("bad-extra"), code: "require('child_process').execSync('id')" }),
      work("bad-point-extra", { ...validShardTask("bad-point-extra"), point: { ...(validShardTask("x").point as object), hook: "eval" } }),
      work("bad-family", withFamily("process.exit(1)")),
      work("bad-number", (() => {
        const t = validShardTask("bad-number") as { point: { sde: Record<string, unknown> } };
        return { ...t, point: { ...t.point, sde: { ...t.point.sde, beta_min: "() => 1" } } };
      })()),
      work("bad-scheme", (() => {
        const t = validShardTask("bad-scheme") as { point: { sampler: Record<string, unknown> } };
        return { ...t, point: { ...t.point, sampler: { ...t.point.sampler, scheme: "new Function('return 1')" } } };
      })()),
      work("bad-id", validShardTask("another-shard")),
      work("bad-version", { ...validShardTask("bad-version"), v: 2 }),
      work("bad-range", { ...validShardTask("bad-range"), particleLo: 512, particleHi: 256 }),
    ];
    await coordinator.publishWork(bad);
    broker.injectRaw("agenttest", "work", new TextEncoder().encode("not msgpack \u0000\u00ff"));
    broker.injectRaw("agenttest", "work", encodeEnvelope({ type: "result", id: "wrong-kind", payload: new Uint8Array(1) }));
    const agent = await startAgent("guard");
    await until("all terminated", () => agent.malformed === bad.length + 2);
    expect(backend.calls, "the backend never ran").toBe(0);
    expect(agent.completed).toBe(0);
    const failures = (await pullAll(() => coordinator.pullFailures({ max: 20, expiresMs: 200 }), bad.length)) as FailureMessage[];
    expect(failures.map((f) => f.id).sort()).toEqual(bad.map((b) => b.id).sort());
    for (const f of failures) {
      expect(f.reason).toBe("terminated");
      expect(f.error).toMatch(/^invalid shard task: /);
    }
    const byId = new Map(failures.map((f) => [f.id, f.error!]));
    expect(byId.get("bad-extra")).toMatch(/code/);
    expect(byId.get("bad-point-extra")).toMatch(/hook/);
    expect(byId.get("bad-family")).toMatch(/point\.sde\.family must be one of .*vp_linear/);
    expect(byId.get("bad-number")).toMatch(/beta_min/);
    expect(byId.get("bad-scheme")).toMatch(/scheme/);
    expect(byId.get("bad-id")).toMatch(/shardId must equal the message id "bad-id"/);
    expect(byId.get("bad-range")).toMatch(/particleHi/);
    expect(events.filter((e) => e.type === "malformed")).toHaveLength(bad.length + 2);
    expect((await coordinator.stats()).work).toEqual({ pending: 0, inFlight: 0 });
  });

  it("Agent: stop() stops pulling and finishes the shards in flight (published and acked)", async () => {
    const { coordinator, startAgent } = await setup({ delayMs: 300 });
    await coordinator.publishWork([work("s-1"), work("s-2"), work("s-3")]);
    const agent = await startAgent("a1", 2);
    await until("two in flight", () => agent.inFlightCount === 2);
    await agent.stop();
    expect(agent.completed).toBe(2);
    expect(agent.returned).toBe(0);
    const stats = await coordinator.stats();
    expect(stats.work).toEqual({ pending: 1, inFlight: 0 });
    expect(stats.results.pending).toBe(2);
  });

  it("Agent: stop({ graceMs }) hands unfinished shards back (nak); another agent gets them as redeliveries", async () => {
    const { coordinator, startAgent, events } = await setup({ delayMs: 60_000 });
    await coordinator.publishWork([work("s-1"), work("s-2")]);
    const slow = await startAgent("slow", 2);
    await until("two in flight", () => slow.inFlightCount === 2);
    const t0 = performance.now();
    await slow.stop({ graceMs: 100 });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(slow.returned).toBe(2);
    expect(slow.completed).toBe(0);
    const fast = await startAgent("fast", 2, await createBackend("js"));
    await until("redone", () => fast.completed === 2);
    expect(fast.redelivered).toBe(2);
    expect(events.filter((e) => e.type === "redelivered").map((e) => (e as { deliveryCount: number }).deliveryCount)).toEqual([2, 2]);
    expect((await coordinator.stats()).results.pending).toBe(2);
  });

  it("Agent: a shard whose run fails is nak'ed while deliveries remain, then recorded as failed with its error", async () => {
    const { coordinator, startAgent } = await setup({ error: new RangeError("kernel exploded"), maxDeliver: 2 });
    await coordinator.publishWork([work("s-1")]);
    const agent = await startAgent("a1", 1);
    const [failure] = (await pullAll(() => coordinator.pullFailures({ max: 1, expiresMs: 200 }), 1)) as FailureMessage[];
    expect(failure?.id).toBe("s-1");
    expect(failure?.attempts).toBe(2);
    expect(failure?.error).toBe("RangeError: kernel exploded");
    expect(agent.failed).toBe(2);
  });

  it("Agent: presence in the agents bucket (cores, backend, throughput, counters), removed on stop", async () => {
    const { coordinator, startAgent } = await setup();
    await coordinator.publishWork([work("s-1")]);
    const agent = await startAgent("a1", 2, undefined, true);
    await until("done", () => agent.completed === 1);
    const bucket = await coordinator.kv("agents");
    const p = decodeAgentPresence((await bucket.get("a1"))!.value);
    expect(p).toMatchObject({ v: 1, name: "a1", backend: "counting", concurrency: 2, state: "running", pid: process.pid });
    expect(p.cores).toBeGreaterThanOrEqual(1);
    const now = agent.presenceRecord();
    expect(now.completed).toBe(1);
    expect(now.particlesPerSecond).toBeGreaterThan(0);
    await agent.stop();
    expect(await bucket.get("a1")).toBeNull();
  });

  it("Agent: rejects a name that is not a presence key and a concurrency below 1", async () => {
    const { coordinator } = await setup();
    const backend = await createBackend("js");
    expect(() => new Agent({ transport: coordinator, backend, name: "has space" })).toThrow(/name must be/);
    expect(() => new Agent({ transport: coordinator, backend, name: ".dot" })).toThrow(/name must be/);
    expect(() => new Agent({ transport: coordinator, backend, concurrency: 0 })).toThrow(/concurrency must be an integer >= 1; got 0/);
    await backend.close();
  });
});

describe("decodeAgentPresence", () => {
  const valid = () => new Agent({ transport: broker.connect({ namespace: "p" }), backend: { name: "js", run: async () => ({}) as ShardResult, close: async () => {} }, name: "n" }).presenceRecord();

  it("decodeAgentPresence: round-trips a record and rejects unknown fields, other versions and bad counters", () => {
    broker = new MemoryBroker();
    const p = valid();
    expect(decodeAgentPresence(encodeAgentPresence(p))).toEqual(p);
    const bad = (o: Record<string, unknown>) => new TextEncoder().encode(JSON.stringify(o));
    expect(() => decodeAgentPresence(bad({ ...p, extra: 1 }))).toThrow(/extra is not a known field/);
    expect(() => decodeAgentPresence(bad({ ...p, v: 2 }))).toThrow(/v must be 1/);
    expect(() => decodeAgentPresence(bad({ ...p, completed: -1 }))).toThrow(/completed must be a finite number >= 0/);
    expect(() => decodeAgentPresence(bad({ ...p, state: "zombie" }))).toThrow(/state must be/);
    expect(() => decodeAgentPresence(new Uint8Array([0xff]))).toThrow(/must be JSON/);
    broker.close();
  });
});
