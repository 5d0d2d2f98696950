import type { Command } from "commander";
import { AGENTS_BUCKET, PRESENCE_TTL_MS } from "@scoresweep/agent";
import { CoordinatorService, type RunProgress } from "@scoresweep/coordinator";
import type { TransportEvent } from "@scoresweep/transport";
import { addNatsOptions, openCluster, resolveClusterTarget, type NatsFlags } from "../nats-options.js";
import { openResultStore } from "../open-store.js";
import { parseIntegerOption, parseNumberOption } from "../parse-options.js";
import { progressLine } from "../progress.js";

/** Period of progress lines in the coordinator's log, in ms. */
const PROGRESS_LOG_MS = 10_000;

interface CoordinatorOpts extends NatsFlags {
  db: string;
  name?: string;
  ackWait: string;
  maxDeliver: string;
  window?: string;
  quiet: boolean;
}

/** One log line on stderr, time-stamped (journald adds its own stamp; plain log files need one). */
function logLine(line: string): void {
  process.stderr.write(`${new Date().toISOString()} coordinator: ${line}\n`);
}

/** Logs connection events of a service's transport. */
export function logTransportEvents(log: (line: string) => void): (e: TransportEvent) => void {
  return (e) => {
    if (e.type === "disconnect" || e.type === "reconnect") log(`nats: ${e.detail}`);
    else if (e.type === "error") log(`nats error: ${e.detail}`);
  };
}

/** `scoresweep coordinator`: the long-running service that runs submitted campaigns on the cluster. */
export function registerCoordinator(program: Command): void {
  const cmd = program
    .command("coordinator")
    .description("Run the cluster's coordinator: takes campaigns submitted with `scoresweep run SPEC --nats`, hands their shards to agents, stores results in its SQLite database.");
  addNatsOptions(cmd, "required")
    .requiredOption("--db <file>", "SQLite results database of the cluster (created if missing)")
    .option("--name <name>", "name shown by `status` (default: the host name)")
    .option("--ack-wait <seconds>", "how long an agent may hold a shard without a heartbeat before it is redelivered", "30")
    .option("--max-deliver <n>", "deliveries of one shard before it is recorded as failed", "5")
    .option("--window <n>", "most shards published and not yet answered (default 2000)")
    .option("--quiet", "log only errors and campaign ends", false)
    .addHelpText(
      "after",
      `
One coordinator per namespace. It creates the streams and KV buckets, then runs campaigns one at a time, resumed ones
first, then submitted ones in order. The database is the source of truth: after a crash or restart, done shards are
never recomputed and missing ones are republished. SIGTERM or SIGINT stops it cleanly (running campaigns resume at the
next start). Example:
  scoresweep coordinator --nats nats://nats:4222 --creds coordinator.creds --db /var/lib/scoresweep/results.db`,
    )
    .action(async (opts: CoordinatorOpts) => {
      const target = resolveClusterTarget(opts, `scoresweep-coordinator`);
      const ackWaitMs = parseNumberOption("--ack-wait", opts.ackWait, { positive: true }) * 1000;
      const maxDeliver = parseIntegerOption("--max-deliver", opts.maxDeliver, 1, 1000);
      const window = opts.window === undefined ? undefined : parseIntegerOption("--window", opts.window, 1);
      // Connect first: wrong credentials or an unreachable server must not leave a new empty database behind.
      const transport = await openCluster(target, { ackWaitMs, maxDeliver, provision: true });
      let store;
      try {
        store = openResultStore(opts.db);
      } catch (error) {
        await transport.close();
        throw error;
      }
      try {
        const log = (line: string): void => {
          if (!opts.quiet || /rejected|failed|done|error|transport/.test(line)) logLine(line);
        };
        const offEvents = transport.onEvent(logTransportEvents(logLine));
        try {
          // Agents connect without the right to create buckets: their presence bucket is made here.
          await transport.kv(AGENTS_BUCKET, { ttlMs: PRESENCE_TTL_MS });
          const controller = new AbortController();
          let signals = 0;
          const onSignal = (sig: NodeJS.Signals): void => {
            signals++;
            if (signals === 1) {
              logLine(`${sig}: stopping (committed results are kept; a running campaign resumes at the next start)`);
              controller.abort();
            } else {
              logLine(`${sig} again: exiting now`);
              process.exit(1);
            }
          };
          process.on("SIGINT", onSignal);
          process.on("SIGTERM", onSignal);
          let lastProgressLog = 0;
          const onProgress = (campaign: string, p: RunProgress): void => {
            if (opts.quiet || performance.now() - lastProgressLog < PROGRESS_LOG_MS) return;
            lastProgressLog = performance.now();
            logLine(`campaign ${campaign}: ${progressLine(p)}`);
          };
          const service = new CoordinatorService({ transport, store, name: opts.name, signal: controller.signal, window, log, onProgress });
          logLine(
            `${service.name} on ${[target.connection.servers].flat().join(",")}, namespace ${target.namespace}, db ${opts.db}, ` +
              `ack wait ${transport.limits.ackWaitMs / 1000} s, max deliver ${transport.limits.maxDeliver}`,
          );
          try {
            await service.run();
          } finally {
            process.off("SIGINT", onSignal);
            process.off("SIGTERM", onSignal);
          }
          logLine("stopped");
        } finally {
          offEvents();
          await transport.drain().catch(() => transport.close());
        }
      } finally {
        store.close();
      }
    });
}
