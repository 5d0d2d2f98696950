import { Agent } from "@scoresweep/agent";
import { createBackend, type Backend, type ShardResult, type ShardTask } from "@scoresweep/compute";
import { MemoryStore } from "@scoresweep/store";
import { parseSpec, type SweepSpec } from "@scoresweep/sweep";
import { MemoryBroker, type MemoryTransport } from "@scoresweep/transport";

/** A tiny Monte Carlo sweep: 2 points × 2 replicates × 2 blocks = 8 shards of 256 particles. */
export function tinySpec(overrides: Record<string, unknown> = {}): SweepSpec {
  return parseSpec({
    name: "tiny",
    seed: 1,
    base: {
      sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
      data: { kind: "gaussian", dim: 2, mean: 1, std: 0.5 },
      score: { kind: "exact" },
      sampler: { scheme: "em_point", delta: 0.001 },
      metric: { estimator: "gaussian_fit", target: "p0" },
      mc: { particles: 512 },
    },
    grid: { "sampler.steps": [4, 8] },
    replicates: 2,
    shard: { particles: 256 },
    ...overrides,
  });
}

/** A backend that always throws (to make shards fail). */
export class FailingBackend implements Backend {
  readonly name = "failing";
  async run(_task: ShardTask): Promise<ShardResult> {
    throw new RangeError("kernel exploded");
  }
  async close(): Promise<void> {}
}

/** A broker with a coordinator connection, a store and agents on demand; `dispose()` stops everything. */
export async function world(options: { maxDeliver?: number } = {}) {
  const broker = new MemoryBroker();
  const conn = { namespace: "svc", maxDeliver: options.maxDeliver ?? 5 };
  const transport = broker.connect(conn);
  const store = new MemoryStore();
  const agents: Agent[] = [];
  const transports: MemoryTransport[] = [transport];
  const backends: Backend[] = [];
  return {
    broker,
    transport,
    store,
    connect: () => {
      const t = broker.connect(conn);
      transports.push(t);
      return t;
    },
    startAgent: async (name: string, backend?: Backend) => {
      const t = broker.connect(conn);
      transports.push(t);
      const b = backend ?? (await createBackend("js"));
      backends.push(b);
      const a = new Agent({ transport: t, backend: b, name, concurrency: 2, presence: false });
      agents.push(a);
      await a.start();
      return a;
    },
    dispose: async () => {
      for (const a of agents) await a.stop({ graceMs: 0 });
      for (const b of backends) await b.close();
      for (const t of transports) await t.close();
      broker.close();
    },
  };
}
