import type { Command } from "commander";
import { AGENTS_BUCKET, decodeAgentPresence, type AgentPresence } from "@scoresweep/agent";
import {
  CAMPAIGNS_BUCKET,
  COORDINATORS_BUCKET,
  decodeCampaignEntry,
  decodeCoordinatorPresence,
  type CampaignEntry,
  type CoordinatorPresence,
} from "@scoresweep/coordinator";
import type { KvBucket } from "@scoresweep/transport";
import { CliError } from "../cli-error.js";
import { addNatsOptions, openCluster, resolveClusterTarget, type NatsFlags } from "../nats-options.js";
import { openResultStore } from "../open-store.js";
import { createOutput, type Output } from "../output.js";

interface StatusOpts extends NatsFlags {
  db?: string;
  json: boolean;
}

/** `scoresweep status --db FILE | --nats [URL]`: campaign progress and failures, and on a cluster agents and queues. */
export function registerStatus(program: Command): void {
  const cmd = program
    .command("status")
    .description("Show campaign progress and failed shards from a results database (--db), or the state of a cluster (--nats).")
    .option("--db <file>", "results database")
    .option("--nats [url]", "show the cluster behind this NATS server ($NATS_URL if no URL): agents, queues, campaigns")
    .option("--json", "one JSON object per line (per campaign; with --nats each carries a `kind`)", false);
  addNatsOptions(cmd, "declared-by-command").action(async (opts: StatusOpts) => {
    const cluster = opts.nats !== undefined && opts.nats !== false;
    if (cluster === (opts.db !== undefined)) throw new CliError("--db, --nats: exactly one must be given; got " + (cluster ? "both" : "neither"));
    const out = createOutput(opts.json);
    if (cluster) {
      await clusterStatus(opts, out);
      return;
    }
    const store = openResultStore(opts.db!, { readonly: true });
    try {
      for (const c of store.listCampaigns()) {
        const p = store.campaignProgress(c.id);
        const failed = store.listShards(c.id, { statuses: ["failed"], limit: 20 });
        out.record({
          campaign: c.id,
          status: c.status,
          seed: c.seed,
          points: p.points,
          aggregated: p.aggregates,
          shards_total: p.shards.total,
          shards_done: p.shards.done,
          shards_diverged: p.shards.diverged,
          shards_pending: p.shards.pending + p.shards.running,
          shards_failed: p.shards.failed,
          failures: failed.map((s) => ({ shard: s.shardId, attempts: s.attempts, error: s.error })),
        });
      }
    } finally {
      store.close();
    }
  });
}

/** Every decodable value of a bucket (entries that do not validate are skipped: they are not ours to show). */
async function readBucket<T>(bucket: KvBucket, decode: (bytes: Uint8Array) => T): Promise<T[]> {
  const out: T[] = [];
  for (const key of await bucket.keys()) {
    const kv = await bucket.get(key);
    if (kv === null) continue;
    try {
      out.push(decode(kv.value));
    } catch {
      /* skipped */
    }
  }
  return out;
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The cluster view: coordinator, agents (presence), queue depths, campaigns on the board. */
async function clusterStatus(opts: StatusOpts, out: Output): Promise<void> {
  const target = resolveClusterTarget(opts, "scoresweep-status");
  const transport = await openCluster(target, { provision: false });
  try {
    const now = Date.now();
    const [coordinators, agents, campaigns, stats] = await Promise.all([
      transport.kv(COORDINATORS_BUCKET).then((b) => readBucket<CoordinatorPresence>(b, decodeCoordinatorPresence)),
      transport.kv(AGENTS_BUCKET).then((b) => readBucket<AgentPresence>(b, decodeAgentPresence)),
      transport.kv(CAMPAIGNS_BUCKET).then((b) => readBucket<CampaignEntry>(b, decodeCampaignEntry)),
      transport.stats(),
    ]);
    if (coordinators.length === 0) out.record({ kind: "coordinator", name: null, note: `none running in namespace ${target.namespace}` });
    for (const c of coordinators) {
      out.record({ kind: "coordinator", name: c.name, host: c.host, pid: c.pid, campaign: c.campaign, campaigns_run: c.campaignsRun, seen_s_ago: Math.round((now - c.updatedAt) / 1000) });
    }
    for (const a of agents.sort((x, y) => (x.name < y.name ? -1 : 1))) {
      out.record({
        kind: "agent",
        name: a.name,
        host: a.host,
        state: a.state,
        backend: a.backend,
        cores: a.cores,
        prefetch: a.concurrency,
        in_flight: a.inFlight,
        completed: a.completed,
        failed: a.failed,
        malformed: a.malformed,
        redelivered: a.redelivered,
        shards_per_s: round(a.shardsPerSecond, 2),
        particles_per_s: Math.round(a.particlesPerSecond),
        seen_s_ago: Math.round((now - a.updatedAt) / 1000),
      });
    }
    const sum = (f: (a: AgentPresence) => number): number => agents.reduce((s, a) => s + f(a), 0);
    out.record({
      kind: "queue",
      namespace: target.namespace,
      agents: agents.length,
      cores: sum((a) => a.cores),
      shards_per_s: round(sum((a) => a.shardsPerSecond), 2),
      particles_per_s: Math.round(sum((a) => a.particlesPerSecond)),
      work_pending: stats.work.pending,
      work_in_flight: stats.work.inFlight,
      results_pending: stats.results.pending + stats.results.inFlight,
      failures_pending: stats.failures.pending + stats.failures.inFlight,
      malformed: sum((a) => a.malformed),
    });
    for (const c of campaigns.sort((x, y) => x.submittedAt - y.submittedAt)) {
      const p = c.progress;
      out.record({
        kind: "campaign",
        campaign: c.name,
        state: c.state,
        coordinator: c.coordinator,
        points_done: p?.pointsDone ?? 0,
        points_total: p?.pointsTotal ?? null,
        shards_done: p?.shardsDone ?? 0,
        shards_total: p?.shardsTotal ?? null,
        shards_failed: p?.shardsFailed ?? 0,
        percent: p && p.shardsTotal > 0 ? round((100 * p.shardsDone) / p.shardsTotal) : null,
        particles_per_s: p ? Math.round(p.particlesPerSecond) : 0,
        duplicates: c.duplicates,
        malformed: c.malformed,
        error: c.error,
        failures: c.failures,
        updated_s_ago: Math.round((now - c.updatedAt) / 1000),
      });
    }
  } finally {
    await transport.close();
  }
}
