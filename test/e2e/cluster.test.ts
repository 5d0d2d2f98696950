/**
 * The cluster with real processes (DESIGN §4, issue 6 "must show"): a real `nats-server` (the accounts, users and
 * permissions of deploy/nats-server.conf) on a free port, the coordinator and the agents as separate OS processes
 * running the built CLI. Every campaign ends with an export byte-identical to the embedded run of the same spec and a
 * database where every shard has exactly one result, with statistics identical to the embedded run's.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NatsServerHandle } from "@scoresweep/transport/testing";
import { cli, tempDir } from "./cli-process.js";
import {
  asUser,
  killAll,
  openBoard,
  PASSWORDS,
  redeliveredShards,
  shardResults,
  startClusterServer,
  startService,
  type Service,
} from "./cluster-harness.js";

/** 96 shards of 32768 particles (8 points × 3 replicates × 4 blocks): a few seconds on two one-worker agents. */
const SPEC = `
name: cluster-e2e
seed: 5
base:
  sde: { family: vp_linear, beta_min: 0.1, beta_max: 20, T: 1 }
  data: { kind: gaussian, dim: 4, mean: 1, std: 0.5 }
  score: { kind: exact }
  sampler: { scheme: em_point, delta: 0.001 }
  metric: { estimator: gaussian_fit, target: p0 }
  mc: { particles: 131072 }
grid:
  sampler.steps: [32, 64, 128, 256]
  sampler.scheme: [em_point, em_integral]
replicates: 3
shard: { particles: 32768 }
`;

/** Ack wait of the tests' coordinators, in seconds: a killed agent's shards come back this fast. */
const ACK_WAIT_S = "2";

let dir: string;
let specFile: string;
let referenceExport: string;
let referenceShards: ReturnType<typeof shardResults>;
const servers: NatsServerHandle[] = [];

function exportOf(db: string): string {
  const r = cli(["export", "--db", db, "--format", "csv"]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** A server, a coordinator and the named agents (each one pool worker). */
async function startCluster(db: string, agents: string[]) {
  const server = await startClusterServer();
  servers.push(server);
  const coordinator = startCoordinator(server.url, db);
  await coordinator.waitForOutput(/ack wait/);
  const started = agents.map((name) => startAgent(server.url, name));
  await Promise.all(started.map((a) => a.waitForOutput(/pulling from/)));
  const board = await openBoard(server.url);
  return { server, coordinator, agents: started, board };
}

function startCoordinator(url: string, db: string): Service {
  // Credentials from the environment here (flags for the others): both paths are exercised.
  return startService("coordinator", ["coordinator", "--nats", url, "--db", db, "--ack-wait", ACK_WAIT_S], {
    NATS_USER: "coordinator",
    NATS_PASSWORD: PASSWORDS.coordinator,
  });
}

function startAgent(url: string, name: string): Service {
  return startService(name, ["agent", ...asUser(url, "agent"), "--workers", "1", "--name", name, "--log-every", "0"]);
}

function submit(url: string): Service {
  return startService("run", ["run", specFile, ...asUser(url, "submit"), "--json", "--quiet"]);
}

/** Waits for the follower's summary, stops the services cleanly and checks export and database. */
async function finish(run: Service, services: Service[], db: string) {
  const { code } = await run.exited;
  expect(code, run.output()).toBe(0);
  const summary = JSON.parse(run.stdout());
  expect(summary.status).toBe("done");
  expect(summary.shardsDone).toBe(referenceShards.size);
  for (const s of services) {
    const r = await s.stop("SIGTERM");
    expect(r.code, `${s.name} must exit 0 on SIGTERM\n${s.output()}`).toBe(0);
  }
  expect(exportOf(db)).toBe(referenceExport);
  const shards = shardResults(db);
  expect([...shards.keys()].sort()).toEqual([...referenceShards.keys()].sort());
  for (const [id, r] of shards) expect(r.stats.equals(referenceShards.get(id)!.stats), `statistics of ${id}`).toBe(true);
  return { summary, shards };
}

describe("cluster (real nats-server, coordinator and agents as processes)", () => {
  beforeAll(() => {
    dir = tempDir("cluster");
    specFile = join(dir, "spec.yaml");
    writeFileSync(specFile, SPEC);
    const ref = join(dir, "embedded.db");
    const r = cli(["run", specFile, "--db", ref, "--workers", "2", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    referenceExport = exportOf(ref);
    referenceShards = shardResults(ref);
    expect(referenceShards.size).toBe(96);
  });

  afterEach(async () => {
    await killAll();
  });

  afterAll(async () => {
    for (const s of servers) await s.dispose();
  });

  it("cluster: a campaign on a coordinator and 2 agents exports byte-identical results to the embedded run", async () => {
    const db = join(dir, "plain.db");
    const c = await startCluster(db, ["a1", "a2"]);
    const run = submit(c.server.url);
    await c.board.waitForProgress("cluster-e2e", 0.5);
    const status = cli(["status", ...asUser(c.server.url, "submit"), "--json"]);
    expect(status.code, status.stderr).toBe(0);
    const records = status.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(records.filter((r) => r.kind === "agent").map((r) => r.name)).toEqual(["a1", "a2"]);
    expect(records.find((r) => r.kind === "coordinator")?.campaign).toBe("cluster-e2e");
    expect(records.find((r) => r.kind === "campaign")?.state).toBe("running");
    await c.board.close();
    const { shards } = await finish(run, [...c.agents, c.coordinator], db);
    const byAgent = new Map<string, number>();
    for (const r of shards.values()) byAgent.set(r.agent!, (byAgent.get(r.agent!) ?? 0) + 1);
    expect(byAgent.get("a1"), "both agents computed shards").toBeGreaterThan(0);
    expect(byAgent.get("a2"), "both agents computed shards").toBeGreaterThan(0);
  }, 120_000);

  it("cluster: SIGKILL of an agent mid-shard: its shards are redelivered to the other", async () => {
    const db = join(dir, "agent-kill.db");
    const c = await startCluster(db, ["victim", "survivor"]);
    const run = submit(c.server.url);
    await c.board.waitForProgress("cluster-e2e", 0.3);
    await c.agents[0]!.stop("SIGKILL");
    await c.board.close();
    const { shards } = await finish(run, [c.agents[1]!, c.coordinator], db);
    // The victim held shards (prefetch 2, one running) when it died: the survivor got them after the ack wait.
    const redelivered = redeliveredShards(c.agents[1]!.output());
    expect(redelivered.length, c.agents[1]!.output()).toBeGreaterThan(0);
    for (const id of redelivered) expect(shards.get(id)?.agent).toBe("survivor");
  }, 120_000);

  it("cluster: SIGKILL of the coordinator, then a restart, resumes from the database", async () => {
    const db = join(dir, "coordinator-kill.db");
    const c = await startCluster(db, ["a1", "a2"]);
    const run = submit(c.server.url);
    await c.board.waitForProgress("cluster-e2e", 0.3);
    await c.coordinator.stop("SIGKILL");
    // Agents keep computing meanwhile; their results wait in the results stream.
    await new Promise((r) => setTimeout(r, 1500));
    const again = startCoordinator(c.server.url, db);
    await again.waitForOutput(/campaign cluster-e2e: resuming/);
    await c.board.close();
    await finish(run, [...c.agents, again], db);
    expect(again.output()).toMatch(/done: 96\/96 shards \((\d+) already done\)/);
    const skipped = Number(/\((\d+) already done\)/.exec(again.output())![1]);
    expect(skipped, "shards committed before the kill are not recomputed").toBeGreaterThan(0);
  }, 120_000);

  it("cluster: nats-server stopped and restarted mid-campaign (file storage): clients reconnect", async () => {
    const db = join(dir, "server-restart.db");
    const c = await startCluster(db, ["a1", "a2"]);
    const run = submit(c.server.url);
    await c.board.waitForProgress("cluster-e2e", 0.3);
    await c.server.stop();
    await new Promise((r) => setTimeout(r, 1500));
    await c.server.restart();
    await c.board.close();
    await finish(run, [...c.agents, c.coordinator], db);
    for (const s of [c.coordinator, ...c.agents]) expect(s.output(), s.name).toMatch(/nats: reconnected/);
  }, 120_000);

  it("cluster: an agent that joins late takes work", async () => {
    const db = join(dir, "late.db");
    const c = await startCluster(db, ["early"]);
    const run = submit(c.server.url);
    await c.board.waitForProgress("cluster-e2e", 0.25);
    const late = startAgent(c.server.url, "late");
    await late.waitForOutput(/pulling from/);
    await c.board.close();
    const { shards } = await finish(run, [c.agents[0]!, late, c.coordinator], db);
    const byLate = [...shards.values()].filter((r) => r.agent === "late").length;
    expect(byLate, "the late agent computed shards").toBeGreaterThan(0);
  }, 120_000);
});
