import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { AGENTS_BUCKET } from "@scoresweep/agent";
import {
  CAMPAIGNS_BUCKET,
  COORDINATORS_BUCKET,
  COORDINATOR_TTL_MS,
  campaignKey,
  decodeCoordinatorPresence,
  followCampaign,
  submitCampaign,
  type CampaignEntry,
  type RunSummary,
} from "@scoresweep/coordinator";
import { countPoints, expandSpec, parseSpecText, type SweepSpec } from "@scoresweep/sweep";
import type { KvBucket } from "@scoresweep/transport";
import { CliError } from "../cli-error.js";
import { runEmbedded } from "../embedded-run.js";
import { openResultStore } from "../open-store.js";
import { parseIntegerOption } from "../parse-options.js";
import { createProgressReporter } from "../progress.js";
import { readText } from "../io/read-text.js";
import { addNatsOptions, openCluster, resolveClusterTarget, type NatsFlags } from "../nats-options.js";

interface RunOpts extends NatsFlags {
  db: string;
  workers?: string;
  backend: string;
  resume: boolean;
  yes: boolean;
  json: boolean;
  quiet: boolean;
}

/** `scoresweep run SPEC`: run, resume or extend a sweep campaign (embedded unless `--nats`). */
export function registerRun(program: Command): void {
  const cmd = program
    .command("run")
    .description("Run a sweep spec (YAML or JSON): embedded in this process by default, on a NATS cluster with --nats.")
    .argument("<spec>", "sweep spec file (.yaml, .yml or .json; DESIGN §8)")
    .option("--db <file>", "SQLite results database (created if missing)", "scoresweep.db")
    .option("--workers <n>", "worker threads of the local pool (default: all cores)")
    .option("--backend <name>", "compute backend: pool (worker threads), js (this thread), tfjs", "pool")
    .option("--nats [url]", "submit to a running cluster through this NATS server ($NATS_URL if no URL) instead of running embedded")
    .option("--resume", "resume an interrupted campaign (re-running the same spec on the same db does the same)", false)
    .option("--yes", "allow sweeps larger than the spec's max_points", false)
    .option("--json", "print the final summary as one JSON object", false)
    .option("--quiet", "no progress output", false);
  addNatsOptions(cmd, "declared-by-command")
    .addHelpText(
      "after",
      `
Re-running a spec on the same database computes only what is missing: after a crash or Ctrl-C (resume), or after
adding axis values or replicates (extend). Results are committed shard by shard; export them with
  scoresweep export --db FILE --format csv

With --nats the spec is validated here, submitted to the cluster's coordinator (which stores the results in its own
database) and followed until done; Ctrl-C stops following, not the campaign. Exit codes as embedded.`,
    )
    .action(async (specPath: string, opts: RunOpts, command: Command) => {
      const spec = parseSpecText(readText("spec", specPath), specPath);
      // Validate every point before touching the database: a rejected spec writes nothing.
      expandSpec(spec, { yes: opts.yes });
      if (opts.nats !== undefined && opts.nats !== false) {
        for (const flag of ["db", "workers", "backend"] as const) {
          if (command.getOptionValueSource(flag) === "cli") {
            throw new CliError(`--${flag}: must not be given with --nats (the cluster computes on its agents and stores results in the coordinator's --db)`);
          }
        }
        await runOnCluster(spec, opts);
        return;
      }
      const workers = opts.workers === undefined ? availableParallelism() : parseIntegerOption("--workers", opts.workers, 1, 1024);
      const store = openResultStore(opts.db);
      try {
        if (opts.resume && !store.getCampaign(spec.name)) {
          throw new CliError(`--resume: the database ${opts.db} holds no campaign ${JSON.stringify(spec.name)} to resume`);
        }
        const controller = new AbortController();
        const onSignal = () => {
          if (!opts.quiet) process.stderr.write("\nstopping: finishing shards in flight; rerun the same command to resume\n");
          controller.abort();
        };
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
        const reporter = opts.quiet ? null : createProgressReporter();
        if (!opts.quiet) process.stderr.write(`campaign ${spec.name}: ${countPoints(spec)} points, db ${opts.db}, ${workers} worker(s), backend ${opts.backend}\n`);
        try {
          const summary = await runEmbedded({
            spec,
            store,
            backend: opts.backend,
            backendOptions: { workers },
            yes: opts.yes,
            signal: controller.signal,
            onProgress: (p) => reporter?.update(p),
          });
          reporter?.done();
          if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
          else if (!opts.quiet) {
            process.stderr.write(
              `${summary.status}: ${summary.shardsDone}/${summary.shardsTotal} shards (${summary.shardsSkipped} already done), ` +
                `${summary.shardsFailed} failed, ${summary.elapsedSeconds.toFixed(1)} s\n` +
                `results: scoresweep export --db ${opts.db} [--format csv|jsonl]\n`,
            );
          }
          if (summary.status === "stopped") process.exitCode = 130;
          else if (summary.status === "failed") process.exitCode = 1;
        } finally {
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
        }
      } finally {
        store.close();
      }
    });
}

/** Whether a coordinator heartbeat is fresh in the namespace. */
async function coordinatorAlive(bucket: KvBucket): Promise<boolean> {
  for (const key of await bucket.keys()) {
    const kv = await bucket.get(key);
    if (kv === null) continue;
    try {
      if (Date.now() - decodeCoordinatorPresence(kv.value).updatedAt < COORDINATOR_TTL_MS) return true;
    } catch {
      /* not a presence record */
    }
  }
  return false;
}

/** The embedded run's summary shape, from a finished board entry. */
function summaryOf(entry: CampaignEntry): RunSummary {
  const p = entry.progress;
  const status = entry.state === "done" ? "done" : "failed";
  return {
    campaignId: p?.campaignId ?? entry.name,
    pointsTotal: p?.pointsTotal ?? 0,
    pointsDone: p?.pointsDone ?? 0,
    shardsTotal: p?.shardsTotal ?? 0,
    shardsDone: p?.shardsDone ?? 0,
    shardsFailed: p?.shardsFailed ?? 0,
    shardsSkipped: p?.shardsSkipped ?? 0,
    particlesPerSecond: p?.particlesPerSecond ?? 0,
    elapsedSeconds: p?.elapsedSeconds ?? 0,
    status,
    duplicates: entry.duplicates,
    malformed: entry.malformed,
  };
}

/**
 * `run SPEC --nats`: submits the (locally validated) spec to the campaign board and follows its entry until the
 * coordinator is done with it. Exit codes as embedded: 0 done, 1 some shards failed, 2 rejected, 130 interrupted
 * (here: stopped following; the campaign goes on).
 */
async function runOnCluster(spec: SweepSpec, opts: RunOpts): Promise<void> {
  const target = resolveClusterTarget(opts, "scoresweep-run");
  const transport = await openCluster(target, { provision: false });
  try {
    const board = await transport.kv(CAMPAIGNS_BUCKET);
    const key = campaignKey(spec.name);
    if (opts.resume && (await board.get(key)) === null) {
      throw new CliError(`--resume: the cluster (namespace ${target.namespace}) holds no campaign ${JSON.stringify(spec.name)} to resume`);
    }
    const submitted = await submitCampaign(board, spec, { yes: opts.yes });
    const where = `namespace ${target.namespace} on ${[target.connection.servers].flat().join(",")}`;
    if (!opts.quiet) {
      process.stderr.write(
        submitted.attached
          ? `campaign ${spec.name}: already ${submitted.entry.state} on the cluster (${where}); following it\n`
          : `campaign ${spec.name}: ${countPoints(spec)} points submitted to ${where}\n`,
      );
      if (!(await coordinatorAlive(await transport.kv(COORDINATORS_BUCKET)))) {
        process.stderr.write(`campaign ${spec.name}: no coordinator is running in namespace ${target.namespace}; it starts when one does\n`);
      }
      const agents = await (await transport.kv(AGENTS_BUCKET)).keys();
      if (agents.length === 0) process.stderr.write(`campaign ${spec.name}: no agent is connected yet; shards wait in the queue\n`);
    }
    const controller = new AbortController();
    const onSignal = (): void => controller.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const reporter = opts.quiet ? null : createProgressReporter();
    let final: CampaignEntry | null;
    try {
      let warned = false;
      final = await followCampaign(board, key, submitted.submission, {
        signal: controller.signal,
        onRetry: (error) => {
          if (!opts.quiet && !warned) process.stderr.write(`\ncampaign ${spec.name}: lost the cluster for a moment (${error.message}); still following\n`);
          warned = true;
        },
        onUpdate: (e) => {
          if (e.progress !== null) reporter?.update(e.progress);
        },
      });
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      reporter?.done();
    }
    if (final === null || (final.state !== "done" && final.state !== "failed" && final.state !== "rejected")) {
      if (!opts.quiet) process.stderr.write(`\nstopped following: the campaign goes on on the cluster; run the same command again to follow it\n`);
      process.exitCode = 130;
      return;
    }
    if (final.state === "rejected") throw new CliError(final.error ?? `campaign ${spec.name}: rejected by the coordinator`);
    const summary = summaryOf(final);
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else if (!opts.quiet) {
      process.stderr.write(
        `${summary.status}: ${summary.shardsDone}/${summary.shardsTotal} shards (${summary.shardsSkipped} already done), ` +
          `${summary.shardsFailed} failed, ${summary.elapsedSeconds.toFixed(1)} s on the cluster\n`,
      );
      for (const f of final.failures) process.stderr.write(`  failed shard ${f.shard} after ${f.attempts} attempt(s): ${f.error ?? "no error text"}\n`);
    }
    if (summary.status === "failed") process.exitCode = 1;
  } finally {
    await transport.close();
  }
}
