import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { countPoints, expandSpec, parseSpecText } from "@scoresweep/sweep";
import { CliError } from "../cli-error.js";
import { runEmbedded } from "../embedded-run.js";
import { openResultStore } from "../open-store.js";
import { parseIntegerOption } from "../parse-options.js";
import { createProgressReporter } from "../progress.js";
import { readText } from "../io/read-text.js";

interface RunOpts {
  db: string;
  workers?: string;
  backend: string;
  nats?: string;
  resume: boolean;
  yes: boolean;
  json: boolean;
  quiet: boolean;
}

/** `scoresweep run SPEC`: run, resume or extend a sweep campaign (embedded unless `--nats`). */
export function registerRun(program: Command): void {
  program
    .command("run")
    .description("Run a sweep spec (YAML or JSON): embedded in this process by default, on a NATS cluster with --nats.")
    .argument("<spec>", "sweep spec file (.yaml, .yml or .json; DESIGN §8)")
    .option("--db <file>", "SQLite results database (created if missing)", "scoresweep.db")
    .option("--workers <n>", "worker threads of the local pool (default: all cores)")
    .option("--backend <name>", "compute backend: pool (worker threads), js (this thread), tfjs", "pool")
    .option("--nats <url>", "submit to a running cluster through this NATS server instead of running embedded")
    .option("--resume", "resume an interrupted campaign (re-running the same spec on the same db does the same)", false)
    .option("--yes", "allow sweeps larger than the spec's max_points", false)
    .option("--json", "print the final summary as one JSON object", false)
    .option("--quiet", "no progress output", false)
    .addHelpText(
      "after",
      `
Re-running a spec on the same database computes only what is missing: after a crash or Ctrl-C (resume), or after
adding axis values or replicates (extend). Results are committed shard by shard; export them with
  scoresweep export --db FILE --format csv`,
    )
    .action(async (specPath: string, opts: RunOpts) => {
      const spec = parseSpecText(readText("spec", specPath), specPath);
      // Validate every point before touching the database: a rejected spec writes nothing.
      expandSpec(spec, { yes: opts.yes });
      if (opts.nats) throw new CliError("--nats: submitting to a cluster is not available in this build yet; run without --nats for the embedded mode");
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
