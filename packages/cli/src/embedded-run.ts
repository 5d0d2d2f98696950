import { Agent } from "@scoresweep/agent";
import { createBackend, type BackendOptions } from "@scoresweep/compute";
import { runCampaign, type RunProgress, type RunSummary } from "@scoresweep/coordinator";
import type { SweepSpec } from "@scoresweep/sweep";
import type { ResultStore } from "@scoresweep/store";
import { MemoryBroker } from "@scoresweep/transport";

/** Options of {@link runEmbedded}. */
export interface EmbeddedRunOptions {
  spec: SweepSpec;
  store: ResultStore;
  /** Backend name (`pool` by default: worker threads). */
  backend?: string;
  backendOptions?: BackendOptions;
  yes?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
}

/**
 * The embedded default (DESIGN §3): coordinator, in-process transport and one agent on a local worker pool, all in
 * this process and no server. The coordinator code is the very one the cluster runs; only the transport differs.
 */
export async function runEmbedded(options: EmbeddedRunOptions): Promise<RunSummary> {
  const broker = new MemoryBroker();
  const coordinatorSide = broker.connect({ namespace: "embedded" });
  const agentSide = broker.connect({ namespace: "embedded" });
  const backend = await createBackend(options.backend ?? "pool", options.backendOptions ?? {});
  const workers = options.backendOptions?.workers ?? 1;
  // Two shards per worker in flight keeps every thread busy while results travel back.
  const agent = new Agent({ transport: agentSide, backend, name: "embedded", concurrency: Math.max(2, 2 * workers), presence: false });
  await agent.start();
  try {
    return await runCampaign({ spec: options.spec, store: options.store, transport: coordinatorSide, yes: options.yes, signal: options.signal, onProgress: options.onProgress });
  } finally {
    await agent.stop();
    await backend.close();
    await agentSide.close();
    await coordinatorSide.close();
    broker.close();
  }
}
