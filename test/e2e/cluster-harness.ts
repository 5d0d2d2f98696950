/**
 * Helpers of the cluster tests: a real `nats-server` with the accounts, users and permissions of
 * `deploy/nats-server.conf`, the coordinator and agents as separate OS processes running the built CLI, a reader of
 * the campaign board, and checks on the coordinator's database.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CAMPAIGNS_BUCKET, campaignKey, decodeCampaignEntry, type CampaignEntry } from "@scoresweep/coordinator";
import { SqliteStore } from "@scoresweep/store";
import { decodeValue, encodeValue, openNatsTransport, type NatsTransport } from "@scoresweep/transport";
import { startNatsServer, type NatsServerHandle } from "@scoresweep/transport/testing";
import { BIN, REPO } from "./cli-process.js";

/** Passwords of the three users of the deploy config (the server reads them from its environment). */
export const PASSWORDS = { coordinator: "e2e-coordinator-pw", agent: "e2e-agent-pw", submit: "e2e-submit-pw" } as const;

/** The environment variables `deploy/nats-server.conf` takes its passwords from. */
export const PASSWORD_ENV = {
  SCORESWEEP_COORDINATOR_PASSWORD: PASSWORDS.coordinator,
  SCORESWEEP_AGENT_PASSWORD: PASSWORDS.agent,
  SCORESWEEP_SUBMIT_PASSWORD: PASSWORDS.submit,
};

/** Path of the deploy config. */
export const DEPLOY_CONF = join(REPO, "deploy/nats-server.conf");

/** The `accounts { … }` block of the deploy config (comments removed), to embed in a test server's config. */
export function deployAccountsBlock(): string {
  const text = readFileSync(DEPLOY_CONF, "utf8")
    .split("\n")
    .map((l) => l.replace(/#.*$/, ""))
    .join("\n");
  const start = text.search(/^accounts\s*\{/m);
  if (start < 0) throw new Error("deploy/nats-server.conf: an accounts { } block must exist");
  let depth = 0;
  for (let i = text.indexOf("{", start); i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error("deploy/nats-server.conf: the accounts block must be closed");
}

/**
 * A restartable test server (free port, file storage in a temp dir: `startNatsServer`) with the deploy config's
 * accounts, users and permissions, so every cluster test also checks that those permissions suffice.
 */
export async function startClusterServer(): Promise<NatsServerHandle> {
  Object.assign(process.env, PASSWORD_ENV);
  return startNatsServer({ extraConfig: deployAccountsBlock() });
}

/** Flags that connect as `user` of the deploy config. */
export function asUser(url: string, user: keyof typeof PASSWORDS): string[] {
  return ["--nats", url, "--user", user, "--pass", PASSWORDS[user]];
}

/** A CLI process running in the background (coordinator, agent, `run --nats`). */
export interface Service {
  readonly name: string;
  readonly child: ChildProcess;
  /** stdout + stderr so far. */
  output(): string;
  /** stdout so far. */
  stdout(): string;
  /** Resolves with the output once `pattern` appears in it. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<Service>();

/** Starts the built CLI with `args` as a separate OS process. */
export function startService(name: string, args: string[], env: Record<string, string> = {}): Service {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let all = "";
  let out = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    all += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => (all += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const service: Service = {
    name,
    child,
    output: () => all,
    stdout: () => out,
    exited,
    waitForOutput: (pattern, timeoutMs = 30_000) =>
      waitFor(
        `${name} to print ${pattern}`,
        async () => {
          if (pattern.test(all)) return all;
          if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${all}`);
          return undefined;
        },
        timeoutMs,
        () => all,
      ),
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  running.add(service);
  void exited.then(() => running.delete(service));
  return service;
}

/** SIGKILLs every service still running (afterEach). */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop("SIGKILL")));
}

/** Polls `probe` every 50 ms until it returns a value that is not undefined/null/false. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, context?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${context ? `\n--- output ---\n${context().slice(-4000)}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A reader of the campaign board, connected as the `submit` user. */
export interface BoardReader {
  entry(name: string): Promise<CampaignEntry | null>;
  /** Waits until the campaign `name` has at least `fraction` of its shards done (and is not final). */
  waitForProgress(name: string, fraction: number, timeoutMs?: number): Promise<CampaignEntry>;
  close(): Promise<void>;
}

/** Connects a board reader (retrying until the coordinator has set up the namespace). */
export async function openBoard(url: string): Promise<BoardReader> {
  const transport = await waitFor("the namespace to be set up", async () => {
    try {
      return await openNatsTransport({ connection: { servers: url, user: "submit", pass: PASSWORDS.submit, reconnectWaitMs: 100 }, provision: false });
    } catch {
      return undefined;
    }
  });
  const t: NatsTransport = transport;
  const board = await t.kv(CAMPAIGNS_BUCKET);
  const entry = async (name: string): Promise<CampaignEntry | null> => {
    try {
      const kv = await board.get(campaignKey(name));
      return kv === null ? null : decodeCampaignEntry(kv.value);
    } catch {
      return null; // e.g. the server restarting
    }
  };
  return {
    entry,
    waitForProgress: (name, fraction, timeoutMs = 60_000) =>
      waitFor(`campaign ${name} at ${fraction * 100}%`, async () => {
        const e = await entry(name);
        const p = e?.progress;
        if (!e || !p || p.shardsTotal === 0) return undefined;
        if (e.state !== "running") throw new Error(`campaign ${name} must still be running at ${fraction * 100}%; got ${e.state} (spec too small for this machine?)`);
        return p.shardsDone >= fraction * p.shardsTotal ? e : undefined;
      }, timeoutMs),
    close: () => t.close(),
  };
}

/** Decoded statistics of a stored shard result, re-encoded: equal bytes ⇔ identical numbers (timings excluded). */
function statsBytes(blob: Uint8Array): Buffer {
  return Buffer.from(encodeValue((decodeValue(blob) as { stats: unknown }).stats));
}

/** Per shard: its result's agent and statistics bytes; throws unless every shard has exactly one result. */
export function shardResults(db: string): Map<string, { agent: string | null; stats: Buffer }> {
  const store = SqliteStore.open(db, { readonly: true });
  try {
    const out = new Map<string, { agent: string | null; stats: Buffer }>();
    for (const c of store.listCampaigns()) {
      for (const s of store.listShards(c.id)) {
        if (s.status !== "done" && s.status !== "diverged") throw new Error(`shard ${s.shardId} must be done; got ${s.status}`);
        const r = store.shardResult(s.shardId);
        if (r === undefined) throw new Error(`shard ${s.shardId} must have a result; got none`);
        if (out.has(s.shardId)) throw new Error(`shard ${s.shardId} must be listed once`);
        out.set(s.shardId, { agent: r.agent, stats: statsBytes(r.statsBlob) });
      }
    }
    return out;
  } finally {
    store.close();
  }
}

/** Shard ids named in "shard X redelivered" lines of an agent's log. */
export function redeliveredShards(log: string): string[] {
  return [...log.matchAll(/shard (\S+) redelivered \(delivery (\d+)\)/g)].map((m) => m[1]!);
}
