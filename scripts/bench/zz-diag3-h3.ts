import { createBackend } from "@scoresweep/compute";
import { expandSpec, parseSpec, validateShardTask } from "@scoresweep/sweep";
import { decodeValue, encodeValue } from "@scoresweep/transport";
const particles = 48128;
const spec = parseSpec({ name: "x", seed: 2, base: { sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 }, score: { kind: "exact" }, data: { kind: "gaussian", dim: 8, mean: 1, std: 0.5 }, sampler: { scheme: "em_point", steps: 100, delta: 0.001 }, metric: { estimator: "gaussian_fit", target: "p0" }, mc: { particles } }, grid: { "data.mean": Array.from({ length: 40 }, (_, i) => 0.5 + 0.01 * i) }, shard: { particles } });
const pts = expandSpec(spec);
const backend = await createBackend("pool", { workers: 2 });
const tasks0 = pts.map((p) => ({ shardId: p.id, pointId: p.id, point: p.point, seed: 2, replicate: 0, particleLo: 0, particleHi: particles }));
const tasks = tasks0.map((t) => validateShardTask(decodeValue(encodeValue({ v: 1, ...t }))) as any);
await backend.run(tasks[0]!);
let k = 0; let inflight = 0; let i = 0;
const t0 = performance.now();
await new Promise<void>((resolve) => {
  const launch = () => {
    while (inflight < 4 && i < tasks.length) {
      inflight++;
      backend.run(tasks[i++]!).then((r) => { k += r.kernelMs; inflight--; if (i >= tasks.length && inflight === 0) resolve(); else launch(); });
    }
  };
  launch();
});
const wall = performance.now() - t0;
console.log({ wall, k, outside: 1 - k / (2 * wall) });
await backend.close();
