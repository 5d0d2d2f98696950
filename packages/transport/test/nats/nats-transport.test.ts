import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectNats, openNatsTransport, type Transport, type TransportEvent, type WorkMessage } from "../../src/index.js";
import { startNatsServer, type NatsServerHandle } from "../../src/testing/index.js";
import { makeOperatorSetup } from "./creds.js";

const te = new TextEncoder();
const bytes = (s: string): Uint8Array => te.encode(s);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
let n = 0;
const ns = (): string => `nt${process.pid}x${++n}`;

describe("NatsTransport", () => {
  let server: NatsServerHandle;
  const opened: Transport[] = [];
  const open = async (namespace: string, extra: Record<string, unknown> = {}): Promise<Transport> => {
    const t = await openNatsTransport({ connection: { servers: server.url, reconnectWaitMs: 100 }, namespace, ackWaitMs: 500, maxDeliver: 3, ...extra });
    opened.push(t);
    return t;
  };

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    for (const t of opened) await t.close();
    await server?.dispose();
  });

  it("NatsTransport: a server stopped and restarted mid-stream keeps its file-stored work; clients reconnect", async () => {
    const namespace = ns();
    const t = await open(namespace);
    const events: TransportEvent[] = [];
    t.onEvent((e) => events.push(e));
    const ids = Array.from({ length: 200 }, (_, i) => `s-${i}`);
    await t.publishWork(ids.slice(0, 150).map((id) => ({ id, payload: bytes(id) })));
    const done = new Set<string>();
    const consume = async (until: number, deadlineMs: number): Promise<void> => {
      const deadline = Date.now() + deadlineMs;
      while (done.size < until && Date.now() < deadline) {
        for (const m of (await t.pullWork({ max: 10, expiresMs: 500 })) as WorkMessage[]) {
          done.add(m.id);
          await m.ack();
        }
      }
    };
    await consume(50, 10_000);
    await server.stop();
    // Published while the server is down: retried with the same ids until it is back.
    const late = t.publishWork(ids.slice(150).map((id) => ({ id, payload: bytes(id) })));
    await sleep(300);
    await server.restart();
    expect((await late).every((o) => !o.duplicate)).toBe(true);
    await consume(200, 20_000);
    expect([...done].sort()).toEqual([...ids].sort());
    expect(events.some((e) => e.type === "disconnect")).toBe(true);
    expect(events.some((e) => e.type === "reconnect")).toBe(true);
    // Acks in flight when the server stopped may be lost: those messages come back (at-least-once) and are acked
    // again; in the end nothing is left in the queue.
    const deadline = Date.now() + 30_000;
    let stats = await t.stats();
    while ((stats.work.pending > 0 || stats.work.inFlight > 0) && Date.now() < deadline) {
      for (const m of (await t.pullWork({ max: 10, expiresMs: 600 })) as WorkMessage[]) {
        expect(ids).toContain(m.id);
        await m.ack();
      }
      stats = await t.stats();
    }
    expect(stats.work).toEqual({ pending: 0, inFlight: 0 });
  });

  it("NatsTransport: after SIGKILL of the server no stored message is lost (redelivery allowed)", async () => {
    const namespace = ns();
    const t = await open(namespace);
    const ids = Array.from({ length: 100 }, (_, i) => `k-${i}`);
    await t.publishWork(ids.map((id) => ({ id, payload: bytes(id) })));
    const done = new Set<string>();
    for (const m of (await t.pullWork({ max: 30, expiresMs: 2000 })) as WorkMessage[]) {
      done.add(m.id);
      await m.ack();
    }
    await server.kill();
    await server.restart();
    const deadline = Date.now() + 45_000;
    while (done.size < ids.length && Date.now() < deadline) {
      for (const m of (await t.pullWork({ max: 20, expiresMs: 500 })) as WorkMessage[]) {
        done.add(m.id);
        await m.ack();
      }
    }
    expect(done.size).toBe(ids.length);
  });

  it("NatsTransport: streaming 1 MB messages never makes the server cut the consumer as slow", async () => {
    const namespace = ns();
    const common = { maxMessageBytes: 2 * 1024 * 1024, ackWaitMs: 30_000, maxAckPending: 10_000 };
    const producer = await open(namespace, common);
    const consumer = await open(namespace, common);
    const events: string[] = [];
    consumer.onEvent((e) => events.push(e.type));
    const payload = new Uint8Array(1024 * 1024);
    // 160 MB: well past the server's 64 MB pending limit for a consumer that asks for too much at once (the old code
    // was cut as a slow consumer with this), yet quick. The deadline is generous: this checks delivery, not speed.
    const count = 160;
    const publishing = (async () => {
      const dup: string[] = [];
      for (let i = 0; i < count; i += 32) {
        const o = await producer.publishWork(Array.from({ length: Math.min(32, count - i) }, (_, j) => ({ id: `big-${i + j}`, payload })));
        dup.push(...o.filter((x) => x.duplicate).map((x) => x.id));
      }
      return dup;
    })();
    const received = new Map<string, number[]>();
    const deadline = Date.now() + 120_000;
    while (received.size < count && Date.now() < deadline) {
      for (const m of (await consumer.pullWork({ max: 256, expiresMs: 2000 })) as WorkMessage[]) {
        received.set(m.id, [...(received.get(m.id) ?? []), m.deliveryCount]);
        await m.ack();
      }
    }
    expect(await publishing).toEqual([]);
    expect(received.size).toBe(count);
    // Each exactly once: no redelivery was needed, nothing was dropped by a cut connection.
    expect([...received.values()].filter((d) => d.length > 1)).toEqual([]);
    expect(events).not.toContain("disconnect");
  }, 150_000);

  it("NatsTransport: an exhaustion that happens while no coordinator listens is reported to a later one", async () => {
    const namespace = ns();
    const agent = await open(namespace, { maxDeliver: 1 });
    await agent.publishWork([{ id: "lost", payload: bytes("x") }]);
    const [m] = await agent.pullWork({ max: 1, expiresMs: 2000 });
    expect(m.deliveryCount).toBe(1);
    // The agent dies holding it; another agent's pull lets the server notice the exhaustion.
    expect(await agent.pullWork({ max: 1, expiresMs: 1500 })).toEqual([]);
    const coordinator = await open(namespace, { maxDeliver: 1 });
    const failures = await coordinator.pullFailures({ max: 5, expiresMs: 3000 });
    expect(failures.map((f) => (f.kind === "failure" ? [f.id, f.reason, f.attempts] : f.kind))).toEqual([["lost", "max_deliver", 1]]);
    await failures[0].ack();
    await failures[0].ack(); // a repeated ack (as after a lost one) finds the message gone and is harmless
    // Acking the failure removed the exhausted message from the WorkQueue stream.
    const nc = await connectNats({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(`${namespace}_work`)).state.messages).toBe(0);
    await nc.close();
  });

  it("NatsTransport: a duplicate chunked result is dropped and leaves no orphan chunk", async () => {
    const namespace = ns();
    const t = await open(namespace, { maxMessageBytes: 16 * 1024 });
    const payload = new Uint8Array(50_000).map((_, i) => i % 251);
    expect((await t.publishResult({ id: "big", payload })).duplicate).toBe(false);
    expect((await t.publishResult({ id: "big", payload })).duplicate).toBe(true);
    const nc = await connectNats({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    const perResult = (await jsm.streams.info(`${namespace}_results`)).state.messages;
    expect(perResult).toBe(1 + Math.ceil(50_000 / (16 * 1024 - 1024 - 6)));
    const [r] = await t.pullResults({ max: 5, expiresMs: 3000 });
    expect(r.kind).toBe("result");
    await r.ack();
    // Acking the assembled result purged its chunks; the head stays until the retention age.
    await sleep(100);
    expect((await jsm.streams.info(`${namespace}_results`)).state.messages).toBe(1);
    await nc.close();
  });

  it("NatsTransport: garbage on the result and failure subjects is surfaced as malformed, never thrown", async () => {
    const namespace = ns();
    const t = await open(namespace);
    const nc = await connectNats({ servers: server.url });
    const js = jetstream(nc);
    await js.publish(`${namespace}.result`, bytes("{not msgpack"));
    await js.publish(`${namespace}.failed`, new Uint8Array([0x93, 1, 2, 3]));
    await nc.close();
    const [r] = await t.pullResults({ max: 5, expiresMs: 2000 });
    const [f] = await t.pullFailures({ max: 5, expiresMs: 2000 });
    expect([r.kind, f.kind]).toEqual(["malformed", "malformed"]);
    if (r.kind === "malformed" && f.kind === "malformed") {
      expect([r.error.code, f.error.code]).toEqual(["E_TRANSPORT_DECODE", "E_TRANSPORT_DECODE"]);
    }
    await r.term();
    await f.term();
    expect(await t.pullResults({ max: 5, expiresMs: 800 })).toEqual([]);
  });

  it("NatsTransport: limits follow the server's max_payload when it is below the option", async () => {
    const small = await startNatsServer({ maxPayload: 100_000 });
    try {
      const t = await openNatsTransport({ connection: { servers: small.url }, namespace: ns(), maxMessageBytes: 1024 * 1024 });
      expect(t.limits.maxPayload).toBe(100_000 - 1024);
      await expect(t.publishWork([{ id: "w", payload: new Uint8Array(100_000) }])).rejects.toMatchObject({
        code: "E_TRANSPORT_PAYLOAD_TOO_LARGE",
        limit: 100_000,
      });
      const payload = new Uint8Array(350_000).map((_, i) => (i * 7) % 256);
      await t.publishResult({ id: "r", payload });
      const [r] = await t.pullResults({ max: 1, expiresMs: 3000 });
      expect(r.kind === "result" && Buffer.from(r.payload).equals(Buffer.from(payload))).toBe(true);
      await r.ack();
      await t.close();
    } finally {
      await small.dispose();
    }
  });

  it("NatsTransport: provision false needs existing resources and reads their limits", async () => {
    const namespace = ns();
    await expect(
      openNatsTransport({ connection: { servers: server.url }, namespace, provision: false }),
    ).rejects.toMatchObject({ code: "E_TRANSPORT_PROVISION" });
    await open(namespace, { ackWaitMs: 1234, maxDeliver: 7 });
    const agent = await openNatsTransport({ connection: { servers: server.url }, namespace, provision: false });
    opened.push(agent);
    expect([agent.limits.ackWaitMs, agent.limits.maxDeliver]).toEqual([1234, 7]);
  });

  it("NatsTransport: an existing stream with another retention is a ProvisionError", async () => {
    const namespace = ns();
    const nc = await connectNats({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: `${namespace}_work`, subjects: [`${namespace}.work`], retention: RetentionPolicy.Limits, storage: StorageType.File });
    await nc.close();
    await expect(openNatsTransport({ connection: { servers: server.url }, namespace })).rejects.toMatchObject({
      code: "E_TRANSPORT_PROVISION",
      message: expect.stringMatching(/retention workqueue/),
    });
  });

  it("connectNats: no server at the URL is a ConnectionError", async () => {
    const dead = await startNatsServer();
    const url = dead.url;
    await dead.dispose();
    await expect(connectNats({ servers: url })).rejects.toMatchObject({ code: "E_TRANSPORT_CONNECTION" });
  });
});

describe("NatsTransport authentication", () => {
  it("connectNats: wrong user/password is refused with E_TRANSPORT_AUTH; the right one works", async () => {
    const server = await startNatsServer({ users: [{ user: "agent", password: "s3cret" }] });
    try {
      await expect(connectNats({ servers: server.url, user: "agent", pass: "wrong" })).rejects.toMatchObject({ code: "E_TRANSPORT_AUTH" });
      await expect(connectNats({ servers: server.url })).rejects.toMatchObject({ code: "E_TRANSPORT_AUTH" });
      const t = await openNatsTransport({ connection: { servers: server.url, user: "agent", pass: "s3cret" }, namespace: "auth" });
      await t.publishWork([{ id: "a", payload: bytes("x") }]);
      expect((await t.pullWork({ max: 1, expiresMs: 2000 })).map((m) => m.kind)).toEqual(["work"]);
      await t.close();
    } finally {
      await server.dispose();
    }
  });

  it("connectNats: a wrong token is refused with E_TRANSPORT_AUTH; the right one works", async () => {
    const server = await startNatsServer({ token: "tok-123" });
    try {
      await expect(connectNats({ servers: server.url, token: "nope" })).rejects.toMatchObject({ code: "E_TRANSPORT_AUTH" });
      const nc = await connectNats({ servers: server.url, token: "tok-123" });
      await nc.close();
    } finally {
      await server.dispose();
    }
  });

  it("connectNats: mutual TLS with a CA, client certificate and key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scoresweep-tls-"));
    const ssl = (...args: string[]): void => void execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
    try {
      ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=test-ca");
      for (const who of ["server", "client"]) {
        ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${who}.key`, "-out", `${who}.csr`, "-subj", `/CN=${who}`);
        const ext = join(dir, `${who}.ext`);
        execFileSync("sh", ["-c", `printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > ${ext}`]);
        ssl("x509", "-req", "-in", `${who}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${who}.pem`, "-days", "1", "-extfile", ext);
      }
      const server = await startNatsServer({
        extraConfig: `tls { cert_file: "${join(dir, "server.pem")}", key_file: "${join(dir, "server.key")}", ca_file: "${join(dir, "ca.pem")}", verify: true }`,
      });
      try {
        const tls = { caFile: join(dir, "ca.pem"), certFile: join(dir, "client.pem"), keyFile: join(dir, "client.key") };
        await expect(connectNats({ servers: server.url, connectTimeoutMs: 3000 })).rejects.toMatchObject({ code: expect.stringMatching(/^E_TRANSPORT_(CONNECTION|AUTH)$/) });
        const t = await openNatsTransport({ connection: { servers: server.url, tls }, namespace: "tls" });
        await t.publishWork([{ id: "a", payload: bytes("x") }]);
        expect((await t.pullWork({ max: 1, expiresMs: 2000 })).map((m) => m.kind)).toEqual(["work"]);
        await t.close();
      } finally {
        await server.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("NatsTransport creds file", () => {
  it("connectNats: a .creds file (user JWT + nkey seed) of a known account connects; an unknown account's is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scoresweep-creds-"));
    try {
      const creds = join(dir, "agent.creds");
      const stranger = join(dir, "stranger.creds");
      const server = await startNatsServer({ extraConfig: makeOperatorSetup(creds, stranger) });
      try {
        await expect(connectNats({ servers: server.url })).rejects.toMatchObject({ code: "E_TRANSPORT_AUTH" });
        await expect(connectNats({ servers: server.url, credsFile: stranger })).rejects.toMatchObject({ code: "E_TRANSPORT_AUTH" });
        const t = await openNatsTransport({ connection: { servers: server.url, credsFile: creds }, namespace: "creds" });
        await t.publishWork([{ id: "a", payload: bytes("x") }]);
        expect((await t.pullWork({ max: 1, expiresMs: 2000 })).map((m) => m.kind)).toEqual(["work"]);
        await t.close();
      } finally {
        await server.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
