/**
 * In-process campaign runs for the search tests: the memory transport, one in-process agent on the `js` backend and a
 * real SQLite file — the embedded run minus worker threads. A run can be stopped after a number of computed shards
 * through `runCampaign`'s AbortSignal.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "@scoresweep/agent";
import { createBackend } from "@scoresweep/compute";
import { parseSpec, type SweepSpec } from "@scoresweep/sweep";
import { SqliteStore, type ResultStore } from "@scoresweep/store";
import { MemoryBroker } from "@scoresweep/transport";
import { runCampaign, type RunSummary } from "../src/index.js";

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `scoresweep-${prefix}-`));
}

/** What one run did. */
export interface HarnessRun {
  summary: RunSummary;
  /** Shards the agent computed in this run (in completion order). */
  computed: string[];
}

/** Options of a harness run. */
export interface HarnessOptions {
  /** Abort the run once the agent has computed this many shards. */
  stopAfter?: number;
  /** `runCampaign`'s `pendingPageSize`. */
  pendingPageSize?: number;
}

/** Runs `spec` on the SQLite file `db`; with `stopAfter`, aborts the run once the agent has computed that many shards. */
export async function runOnDb(spec: SweepSpec, db: string, options: HarnessOptions = {}): Promise<HarnessRun> {
  const store = SqliteStore.open(db);
  try {
    return await runOnStore(spec, store, options);
  } finally {
    store.close();
  }
}

/** As {@link runOnDb} on an open store. */
export async function runOnStore(spec: SweepSpec, store: ResultStore, options: HarnessOptions = {}): Promise<HarnessRun> {
  const broker = new MemoryBroker();
  const coordinatorSide = broker.connect({ namespace: "t" });
  const agentSide = broker.connect({ namespace: "t" });
  const backend = await createBackend("js");
  const computed: string[] = [];
  const abort = new AbortController();
  const agent = new Agent({
    transport: agentSide,
    backend,
    name: "test",
    concurrency: 2,
    presence: false,
    onEvent: (e) => {
      if (e.type !== "shard-done") return;
      computed.push(e.shardId);
      if (options.stopAfter !== undefined && computed.length >= options.stopAfter) abort.abort();
    },
  });
  await agent.start();
  try {
    const summary = await runCampaign({ spec, store, transport: coordinatorSide, signal: abort.signal, pendingPageSize: options.pendingPageSize });
    return { summary, computed };
  } finally {
    await agent.stop({ graceMs: 0 });
    await backend.close();
    await agentSide.close();
    await coordinatorSide.close();
    broker.close();
  }
}

/** A spec from a plain object (defaults filled, validated). */
export function spec(doc: Record<string, unknown>): SweepSpec {
  return parseSpec(doc);
}

/** The committed shard ids of a campaign. */
export function committed(store: ResultStore, campaignId: string): Set<string> {
  return new Set(store.listShards(campaignId, { statuses: ["done", "diverged"] }).map((s) => s.shardId));
}

/** Everything a campaign exports (points, aggregates, complexity rows) as one JSON text: byte-comparable. */
export function exportText(store: ResultStore, campaignId: string): string {
  return JSON.stringify(store.exportRows(campaignId));
}
