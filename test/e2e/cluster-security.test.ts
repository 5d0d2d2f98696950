/**
 * Security and robustness of the cluster with real processes: the deploy config as shipped (users, passwords from
 * the environment, least-privilege permissions), refused credentials, garbage on the work subject, tasks that try to
 * smuggle in anything but data, and a bad spec submitted with --nats.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { connectNats, encodeEnvelope, encodeValue, openNatsTransport, type NatsTransport } from "@scoresweep/transport";
import { findNatsServer, type NatsServerHandle } from "@scoresweep/transport/testing";
import { parseAllDocuments } from "yaml";
import { cli, REPO, tempDir } from "./cli-process.js";
import { asUser, DEPLOY_CONF, killAll, openBoard, PASSWORD_ENV, PASSWORDS, startClusterServer, startService, waitFor } from "./cluster-harness.js";
import { validShardTask } from "../../packages/agent/test/shard-task-fixture.js";

/** bcrypt (cost 10) of PASSWORDS.agent, made with `crypt.crypt(pw, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1024))`. */
const AGENT_PASSWORD_BCRYPT = "$2b$10$6ApVaKghHARnV0noGuqzlOqdun0W5HaQehLH8c8V21u6sM2g8rgAO";

const servers: NatsServerHandle[] = [];
const children: ChildProcess[] = [];

/** Starts nats-server with deploy/nats-server.conf as shipped, but a temp store dir and a free port. */
async function startDeployConfig(dir: string): Promise<string> {
  const text = readFileSync(DEPLOY_CONF, "utf8");
  const conf = text
    .replace(/^listen: .*$/m, "listen: 127.0.0.1:-1")
    .replace(/^http: .*$/m, "http: 127.0.0.1:-1")
    .replace(/store_dir: \S+/, `store_dir: ${JSON.stringify(join(dir, "jetstream"))}`);
  expect(conf).not.toBe(text);
  const file = join(dir, "nats-server.conf");
  writeFileSync(file, conf);
  mkdirSync(join(dir, "ports"));
  // The agent's password as a bcrypt hash, written as the deploy notes say (inner double quotes): both forms work.
  const env = { ...process.env, ...PASSWORD_ENV, SCORESWEEP_AGENT_PASSWORD: `"${AGENT_PASSWORD_BCRYPT}"` };
  const child = spawn(findNatsServer(), ["-c", file, "--ports_file_dir", join(dir, "ports")], { stdio: ["ignore", "ignore", "pipe"], env });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return waitFor(
    "the deploy config's server to listen",
    async () => {
      if (child.exitCode !== null) throw new Error(`nats-server -c deploy/nats-server.conf exited: ${stderr}`);
      const f = existsSync(join(dir, "ports")) ? readdirSync(join(dir, "ports")).find((n) => n.endsWith(".ports")) : undefined;
      if (f === undefined) return undefined;
      try {
        return (JSON.parse(readFileSync(join(dir, "ports", f), "utf8")) as { nats: string[] }).nats[0];
      } catch {
        return undefined;
      }
    },
    10_000,
  );
}

const as = (url: string, user: keyof typeof PASSWORDS, pass: string = PASSWORDS[user]) => ({ servers: url, user, pass, connectTimeoutMs: 5000 });

describe("cluster security (real processes)", () => {
  afterEach(async () => {
    await killAll();
  });
  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    for (const s of servers) await s.dispose();
  });

  it("cluster: deploy/nats-server.conf runs as shipped; each user connects with its password and only its permissions; a wrong password is refused", async () => {
    const url = await startDeployConfig(tempDir("deploy-conf"));
    // The coordinator sets up the namespace (streams, consumers, buckets).
    const coordinator = await openNatsTransport({ connection: as(url, "coordinator"), ackWaitMs: 2000 });
    const opened: NatsTransport[] = [coordinator];
    try {
      for (const b of ["campaigns", "agents", "coordinators"]) await coordinator.kv(b);
      await coordinator.publishWork([{ id: "w1", payload: new Uint8Array([1]) }]);
      // The agent pulls, publishes a result and a presence heartbeat, without any right to manage streams.
      const agent = await openNatsTransport({ connection: as(url, "agent"), provision: false });
      opened.push(agent);
      const [work] = await agent.pullWork({ max: 1, expiresMs: 5000 });
      expect(work?.kind).toBe("work");
      await agent.publishResult({ id: "w1", payload: new Uint8Array([2]) });
      await work!.ack();
      await (await agent.kv("agents")).put("a1", new Uint8Array([3]));
      const [result] = await coordinator.pullResults({ max: 1, expiresMs: 5000 });
      expect(result?.kind === "result" && result.id).toBe("w1");
      await result!.ack();
      // The submitter writes the campaign board and reads presence and queue depths.
      const submitter = await openNatsTransport({ connection: as(url, "submit"), provision: false });
      opened.push(submitter);
      await (await submitter.kv("campaigns")).put("c1", new Uint8Array([4]));
      expect(await (await submitter.kv("agents")).keys()).toEqual(["a1"]);
      expect((await submitter.stats()).work.pending).toBe(0);

      // Least privilege: an agent may neither publish work, nor manage streams, nor read the campaign board.
      const nc = await connectNats(as(url, "agent"));
      try {
        await expect(jetstream(nc, { timeout: 2000 }).publish("scoresweep.work", new Uint8Array([9]))).rejects.toThrow();
        const jsm = await jetstreamManager(nc, { timeout: 2000 });
        await expect(jsm.streams.add({ name: "evil", subjects: ["evil.>"], retention: RetentionPolicy.Limits, storage: StorageType.File })).rejects.toThrow();
        await expect(jsm.streams.delete("scoresweep_work")).rejects.toThrow();
      } finally {
        await nc.close();
      }
      await expect(agent.kv("campaigns")).rejects.toMatchObject({ code: "E_TRANSPORT_PROVISION" });
      // A submitter cannot take work.
      const sub = await connectNats(as(url, "submit"));
      try {
        await expect(jetstream(sub, { timeout: 2000 }).publish("scoresweep.work", new Uint8Array([9]))).rejects.toThrow();
      } finally {
        await sub.close();
      }
      // Wrong password, unknown user, no credentials: refused.
      for (const bad of [as(url, "agent", "wrong"), { ...as(url, "coordinator"), user: "nobody" }, { servers: url, connectTimeoutMs: 5000 }]) {
        await expect(openNatsTransport({ connection: bad, provision: false })).rejects.toMatchObject({ code: "E_TRANSPORT_AUTH" });
      }
    } finally {
      for (const t of opened) await t.close();
    }
  }, 60_000);

  it("deploy: Kubernetes manifests parse, carry deploy/nats-server.conf verbatim, request GPUs, outlast the agents' drain; systemd units run the services", () => {
    const docs = (f: string) => parseAllDocuments(readFileSync(join(REPO, "deploy/kubernetes", f), "utf8")).map((d) => d.toJS());
    const nats = docs("nats.yaml");
    const cm = nats.find((d) => d.kind === "ConfigMap");
    expect(cm.data["nats-server.conf"].trimEnd(), "run node deploy/kubernetes/sync-nats-config.mjs").toBe(readFileSync(DEPLOY_CONF, "utf8").trimEnd());
    const sts = nats.find((d) => d.kind === "StatefulSet");
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe("jetstream");
    expect(sts.spec.template.spec.containers[0].args).toEqual(expect.arrayContaining(["--store_dir", "/data"]));
    const coordinator = docs("coordinator.yaml")[0];
    expect(coordinator).toMatchObject({ kind: "StatefulSet", spec: { replicas: 1 } });
    expect(coordinator.spec.volumeClaimTemplates[0].metadata.name).toBe("results");
    expect(coordinator.spec.template.spec.containers[0].args.slice(0, 3)).toEqual(["coordinator", "--db", "/data/results.db"]);
    const [gpu, cpu] = docs("agents.yaml");
    expect(gpu.spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]).toBe(1);
    expect(cpu.spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]).toBeUndefined();
    for (const d of [gpu, cpu]) {
      const c = d.spec.template.spec.containers[0];
      expect(c.args[0]).toBe("agent");
      const drain = Number(c.args[c.args.indexOf("--drain-timeout") + 1]);
      expect(d.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(drain);
      expect(c.env.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(["NATS_URL", "NATS_USER", "NATS_PASSWORD"]));
    }
    const secretKeys = Object.keys(docs("secret.example.yaml")[0].stringData);
    const referenced = ["nats.yaml", "coordinator.yaml", "agents.yaml"].flatMap((f) =>
      [...readFileSync(join(REPO, "deploy/kubernetes", f), "utf8").matchAll(/secretKeyRef: \{ name: scoresweep-nats, key: ([a-z-]+) \}/g)].map((m) => m[1]),
    );
    expect(referenced.length).toBe(3 + 1 + 2);
    for (const k of referenced) expect(secretKeys).toContain(k);
    expect(docs("kustomization.yaml")[0].resources).toEqual(["nats.yaml", "coordinator.yaml", "agents.yaml"]);
    const unit = (f: string) => readFileSync(join(REPO, "deploy/systemd", f), "utf8");
    expect(unit("nats-server.service")).toMatch(/^ExecStart=\/usr\/sbin\/nats-server -c \/etc\/nats\/nats-server.conf$/m);
    expect(unit("scoresweep-coordinator.service")).toMatch(/^ExecStart=.*scoresweep coordinator --db /m);
    expect(unit("scoresweep-agent@.service")).toMatch(/^ExecStart=.*scoresweep agent --name %i/m);
    for (const f of ["nats-server.service", "scoresweep-coordinator.service", "scoresweep-agent@.service"]) expect(unit(f)).toMatch(/^KillSignal=SIGTERM$/m);
  });

  it("cluster: a client with wrong credentials is refused: exit 2, one line", async () => {
    const server = await startClusterServer();
    servers.push(server);
    const dir = tempDir("badcreds");
    const db = join(dir, "c.db");
    const runs = [
      ["agent", "--nats", server.url, "--user", "agent", "--pass", "wrong"],
      ["coordinator", "--nats", server.url, "--user", "coordinator", "--pass", "wrong", "--db", db],
      ["run", "examples/vp-vs-ve-exact.yaml", "--nats", server.url, "--user", "submit", "--pass", "wrong"],
      ["status", "--nats", server.url, "--token", "not-a-token"],
      ["status", "--nats", server.url, "--user", "mallory", "--pass", "x"],
    ];
    for (const args of runs) {
      const r = cli(args);
      expect(r.code, `${args.join(" ")}\n${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^scoresweep: connectNats: credentials must be accepted by nats:\/\/127\.0\.0\.1:\d+; got Authorization Violation/);
    }
    expect(existsSync(db), "a refused coordinator leaves no database behind").toBe(false);
  }, 60_000);

  it("cluster: garbage and smuggled tasks on the work subject are terminated and counted, never run", async () => {
    const server = await startClusterServer();
    servers.push(server);
    const dir = tempDir("garbage");
    const coordinator = startService("coordinator", ["coordinator", ...asUser(server.url, "coordinator"), "--db", join(dir, "c.db")]);
    await coordinator.waitForOutput(/ack wait/);
    const agent = startService("agent", ["agent", ...asUser(server.url, "agent"), "--workers", "1", "--name", "guard", "--log-every", "0"]);
    await agent.waitForOutput(/pulling from/);

    const envelope = (id: string, task: unknown) => encodeEnvelope({ type: "work", id, payload: encodeValue(task) });
    const evil = [
      // Not even msgpack.
      new TextEncoder().encode("rm -rf / \u0000\u00ff garbage"),
      // A valid task plus a field the schema does not know.
      envelope("evil-extra", { ...validShardTask("evil-extra"), exec: "require('child_process').execSync('id')" }),
      // Code where the one free-form name goes: the SDE family must be in the kernel table.
      envelope("evil-family", (() => {
        const t = validShardTask("evil-family") as { point: { sde: Record<string, unknown> } };
        t.point.sde = { ...t.point.sde, family: "process.exit(1)" };
        return t;
      })()),
      // Code where a number goes.
      envelope("evil-number", (() => {
        const t = validShardTask("evil-number") as { point: { sde: Record<string, unknown> } };
        t.point.sde = { ...t.point.sde, beta_min: "() => globalThis.process.exit(1)" };
        return t;
      })()),
      // A valid task claiming to be another shard than its message.
      envelope("evil-id", validShardTask("some-other-shard")),
    ];
    const nc = await connectNats(as(server.url, "coordinator"));
    try {
      const js = jetstream(nc);
      for (const bytes of evil) await js.publish("scoresweep.work", bytes);
    } finally {
      await nc.close();
    }
    await agent.waitForOutput(/malformed message terminated \(5 so far\)/);
    const status = await waitFor("status to show the 5 malformed messages", async () => {
      const r = cli(["status", ...asUser(server.url, "submit"), "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const records = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
      const a = records.find((x) => x.kind === "agent");
      return a?.malformed === 5 ? records : undefined;
    });
    const a = status.find((x) => x.kind === "agent");
    expect(a.completed, "nothing was run").toBe(0);
    expect(a.failed).toBe(0);
    const q = status.find((x) => x.kind === "queue");
    expect(q.malformed).toBe(5);
    expect(q.work_pending + q.work_in_flight, "every message was terminated").toBe(0);
    // The four decodable ones left failure records for the coordinator (the undecodable one has no id to report).
    expect(q.failures_pending).toBe(4);
    expect(agent.output()).toMatch(/extra|not a known field|unrecognized/i);
    expect(agent.output()).toMatch(/point\.sde\.family must be one of/);
    expect(agent.output()).toMatch(/shardId must equal the message id/);

    // The cluster is unharmed: a campaign runs, and its coordinator consumes the stray failure records.
    const r = cli(["run", "examples/vp-vs-ve-exact.yaml", ...asUser(server.url, "submit"), "--json", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe("done");
    await waitFor("the stray failure records to be consumed", async () => {
      const s = cli(["status", ...asUser(server.url, "submit"), "--json"]);
      const queue = s.stdout.trim().split("\n").map((l) => JSON.parse(l)).find((x) => x.kind === "queue");
      return queue?.failures_pending === 0;
    });
    expect((await agent.stop()).code).toBe(0);
    expect((await coordinator.stop()).code).toBe(0);
  }, 90_000);

  it("cluster: run --nats rejects a bad spec locally with the embedded error, submitting nothing", async () => {
    const server = await startClusterServer();
    servers.push(server);
    const dir = tempDir("badspec-nats");
    const coordinator = startService("coordinator", ["coordinator", ...asUser(server.url, "coordinator"), "--db", join(dir, "c.db")]);
    await coordinator.waitForOutput(/ack wait/);
    const spec = join(dir, "bad.yaml");
    writeFileSync(spec, readFileSync(join(REPO, "examples/vp-vs-ve-exact.yaml"), "utf8") + "\nbogus: 1\n");
    const embedded = cli(["run", spec, "--db", join(dir, "e.db")]);
    const cluster = cli(["run", spec, ...asUser(server.url, "submit")]);
    expect(cluster.code).toBe(2);
    expect(cluster.stderr).toBe(embedded.stderr);
    expect(cluster.stderr).toMatch(/bogus is not a known field/);
    const board = await openBoard(server.url);
    try {
      expect(await board.entry("vp-vs-ve-exact")).toBeNull();
    } finally {
      await board.close();
    }
    await coordinator.stop();
  }, 60_000);
});
