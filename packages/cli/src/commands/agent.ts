import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { Agent, type AgentEvent } from "@scoresweep/agent";
import { createBackend } from "@scoresweep/compute";
import { ProvisionError, type NatsTransport } from "@scoresweep/transport";
import { addNatsOptions, openCluster, resolveClusterTarget, type ClusterTarget, type NatsFlags } from "../nats-options.js";
import { parseIntegerOption, parseNumberOption } from "../parse-options.js";
import { logTransportEvents } from "./coordinator.js";

interface AgentOpts extends NatsFlags {
  workers?: string;
  backend: string;
  name?: string;
  prefetch?: string;
  drainTimeout: string;
  logEvery: string;
  verbose: boolean;
}

/** How often an agent without streams asks again whether a coordinator has created them, in ms. */
const PROVISION_POLL_MS = 2000;

/** Opens the agent's transport, waiting (with one notice) until a coordinator has set up the namespace. */
async function openWhenProvisioned(target: ClusterTarget, log: (line: string) => void, signal: AbortSignal): Promise<NatsTransport | null> {
  let noticed = false;
  while (!signal.aborted) {
    try {
      // Agents never create or reconfigure streams (their credentials may not allow it); the coordinator does.
      return await openCluster({ ...target }, { provision: false });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      if (!(cause instanceof ProvisionError)) throw error;
      if (!noticed) log(`waiting for a coordinator to set up namespace ${target.namespace} (${cause.message})`);
      noticed = true;
      await new Promise((r) => setTimeout(r, PROVISION_POLL_MS));
    }
  }
  return null;
}

/** `scoresweep agent`: a compute node of the cluster. */
export function registerAgent(program: Command): void {
  const cmd = program
    .command("agent")
    .description("Run a compute agent: pulls shards from the cluster, runs them on a local worker pool, sends results back.");
  addNatsOptions(cmd, "required")
    .option("--workers <n>", "worker threads of the pool backend (default: all cores)")
    .option("--backend <name>", "compute backend: pool (worker threads), js (this thread), tfjs, tensorflow (tfjs-node[-gpu])", "pool")
    .option("--name <name>", "agent name in `status` and in the database (default: <host>-<pid>)")
    .option("--prefetch <n>", "most Monte Carlo shards held at once (default: one per worker)")
    .option("--drain-timeout <seconds>", "on SIGTERM, how long shards in flight may run on before they are handed back", "60")
    .option("--log-every <seconds>", "period of the summary line in the log (0: none)", "30")
    .option("--verbose", "log every shard", false)
    .addHelpText(
      "after",
      `
The agent runs only the known kernels: every task is validated against the protocol schema and the kernel table, and
anything else is terminated and counted (see \`scoresweep status --nats\`). SIGTERM or SIGINT: stop pulling, finish the
shards in flight (or hand them back after --drain-timeout; a second signal hands them back at once), drain, exit 0.
Example:
  NATS_CREDS=agent.creds scoresweep agent --nats nats://nats:4222 --workers 8`,
    )
    .action(async (opts: AgentOpts) => {
      const workers = opts.workers === undefined ? availableParallelism() : parseIntegerOption("--workers", opts.workers, 1, 1024);
      // One Monte Carlo shard per worker: a shard queued behind a running one on this agent could have run on an idle
      // one (the tail of a campaign); the slot frees as soon as a kernel ends, so the next pull overlaps the publish.
      const prefetch = opts.prefetch === undefined ? workers : parseIntegerOption("--prefetch", opts.prefetch, 1, 100_000);
      const drainMs = parseNumberOption("--drain-timeout", opts.drainTimeout, { min: 0 }) * 1000;
      const logEveryMs = parseNumberOption("--log-every", opts.logEvery, { min: 0 }) * 1000;
      const target = resolveClusterTarget(opts, `scoresweep-agent${opts.name ? `-${opts.name}` : ""}`);
      let name = opts.name ?? "";
      const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} agent ${name}: ${line}\n`);

      const controller = new AbortController();
      let agent: Agent | null = null;
      let signals = 0;
      const onSignal = (sig: NodeJS.Signals): void => {
        signals++;
        if (agent === null) {
          controller.abort();
          return;
        }
        if (signals === 1) {
          log(`${sig}: draining: no new shards; finishing ${agent.inFlightCount} in flight (at most ${drainMs / 1000} s), then exiting`);
          void agent.stop({ graceMs: drainMs });
        } else {
          log(`${sig} again: handing the shards in flight back now`);
          agent.abortInFlight();
        }
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      try {
        const backend = await createBackend(opts.backend, { workers });
        try {
          const transport = await openWhenProvisioned(target, log, controller.signal);
          if (transport === null) return;
          const offEvents = transport.onEvent(logTransportEvents(log));
          try {
            const onEvent = (e: AgentEvent): void => {
              switch (e.type) {
                case "malformed":
                  log(`malformed message terminated (${a.malformed} so far): ${e.error}`);
                  break;
                case "shard-failed":
                  log(`shard ${e.shardId} failed (delivery ${e.attempt}): ${e.error}`);
                  break;
                case "redelivered":
                  log(`shard ${e.shardId} redelivered (delivery ${e.deliveryCount})`);
                  break;
                case "returned":
                  log(`shard ${e.shardId} handed back`);
                  break;
                case "pull-error":
                  log(`pull failed: ${e.error}`);
                  break;
                case "shard-done":
                  if (opts.verbose) log(`shard ${e.shardId} ${e.status} in ${e.kernelMs.toFixed(0)} ms`);
                  break;
                case "stopped":
                  log(`stopped: ${e.completed} shard(s) done, ${e.returned} handed back`);
                  break;
              }
            };
            const a = new Agent({ transport, backend, name: opts.name, concurrency: prefetch, onEvent });
            name = a.name;
            await a.start();
            agent = a;
            log(
              `pulling from ${[target.connection.servers].flat().join(",")} namespace ${target.namespace}: backend ${backend.name}, ` +
                `${workers} worker(s), prefetch ${prefetch}, ack wait ${transport.limits.ackWaitMs / 1000} s`,
            );
            if (controller.signal.aborted) void a.stop({ graceMs: 0 });
            const summary = logEveryMs > 0 ? setInterval(() => {
              const p = a.presenceRecord();
              log(`${p.completed} done, ${p.inFlight} in flight, ${p.failed} failed, ${p.malformed} malformed, ${p.redelivered} redelivered`);
            }, logEveryMs) : null;
            summary?.unref();
            // Runs until a signal stops it (stop() resolves once in-flight shards are finished or handed back).
            await new Promise<void>((resolve) => {
              const check = setInterval(() => {
                if (signals > 0) {
                  clearInterval(check);
                  void a.stop({ graceMs: drainMs }).then(resolve);
                }
              }, 100);
            });
            if (summary) clearInterval(summary);
          } finally {
            offEvents();
            // Flushes the last results, acks and naks before the connection closes.
            await transport.drain().catch(() => transport.close());
          }
        } finally {
          await backend.close();
        }
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}
