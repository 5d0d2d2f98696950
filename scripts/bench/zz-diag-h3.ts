import { Agent } from "@scoresweep/agent";
import { createBackend } from "@scoresweep/compute";
import { runCampaign } from "@scoresweep/coordinator";
import { parseSpec } from "@scoresweep/sweep";
import { SqliteStore, MemoryStore } from "@scoresweep/store";
import { MemoryBroker } from "@scoresweep/transport";
import { mkdtempSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
import { performance as perf } from "node:perf_hooks";
const particles = 48128;
const spec = parseSpec({ name: "x", seed: 2, base: { sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 }, score: { kind: "exact" }, data: { kind: "gaussian", dim: 8, mean: 1, std: 0.5 }, sampler: { scheme: "em_point", steps: 100, delta: 0.001 }, metric: { estimator: "gaussian_fit", target: "p0" }, mc: { particles } }, grid: { "data.mean": Array.from({ length: 40 }, (_, i) => 0.5 + 0.01 * i) }, shard: { particles } });
for (const kind of [process.argv[2] ?? "sqlite"]) {
const backend = await createBackend("pool", { workers: 2 });
const broker = new MemoryBroker();
const c = broker.connect({ namespace: "b" }); const a = broker.connect({ namespace: "b" });
let k = 0;
const agent = new Agent({ transport: a, backend, name: "b", concurrency: 4, presence: false, onEvent: (e) => { if (e.type === "shard-done") k += e.kernelMs; } });
await agent.start();
const store = kind === "sqlite" ? SqliteStore.open(join(mkdtempSync(join(tmpdir(), "d-")), "x.db")) : new MemoryStore();
const elu0 = perf.eventLoopUtilization(); const cpu0 = process.cpuUsage();
const t0 = performance.now();
await runCampaign({ spec, store, transport: c });
const wall = performance.now() - t0;
const elu = perf.eventLoopUtilization(elu0); const cpu = process.cpuUsage(cpu0);
console.log(kind, { wall, k, outside: 1 - k / (2 * wall), elu: elu.utilization, activeMs: elu.active, cpuMsAllThreads: (cpu.user + cpu.system) / 1000 });
await agent.stop(); await backend.close(); store.close(); await a.close(); await c.close(); broker.close();
}
