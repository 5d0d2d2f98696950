/**
 * Benchmark of the fused Monte Carlo kernels (run: `npx tsx scripts/bench/kernel.ts [--json] [--quick]
 * [--naive-particles N] [--skip-rss]`).
 *
 * Workload (REFERENCE.md, the speed goals of issue 4): VP-linear (β 0.1→20, T = 1, δ = 1e-3), Gaussian data
 * N(m, diag(s²)) with d = 100, N = 10 000 particles, K = 1000 steps of `em_point`, exact score, float64; the whole
 * shard is timed (stream seeding, prior, all steps, the moment statistics), median of 3 runs after a warm-up.
 * Variants, all measured in this run:
 * - `wasm`: the WebAssembly SIMD kernel (dist/kernel.wasm, or compiled here from assembly/kernel.ts if not built);
 * - `js`: the typed-array JavaScript kernel (bit-identical results);
 * - `naive`: the readable loop (`naive-kernel.ts`: core's score function per step, then per particle and coordinate
 *   y ← A y + B ŝ + C ξ, same normal generator), on N = 1000 particles by default (it is ~10× slower; the figure is
 *   per particle·dimension·step, so it compares directly).
 * Figures are particle·dimension·steps per second, from CPU time of this single-threaded process (robust to other
 * load on the host) and from wall time; ratios to the naive loop are from this run, ratios to REFERENCE.md are to
 * figures measured on 2026-11-22 on a quiet machine of this kind — not in this run.
 *
 * Memory: a point of 10⁷ particles at d = 100 is run as one shard in a child process (K = 2 steps so it finishes in
 * seconds — memory does not depend on K), and its peak resident set size is printed.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// Resolve workspace packages to their TypeScript sources (as the tests do): re-run under --conditions=source.
if (!process.execArgv.some((a) => a === "--conditions=source" || a === "-C=source")) {
  const r = spawnSync(process.execPath, [...process.execArgv, "--conditions=source", fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(r.status ?? 1);
}

const { runShard, resolveKernelPlan, naiveScoreFn, naiveSimulate, seedParticleStreams, fusedNoiseKey, setWasmKernelModule, wasmAffineKernel } =
  await import("../../packages/compute/src/index.js");
const { exactOracle, packedExactValue, streamKey } = await import("../../packages/core/src/index.js");
type PointSpec = import("../../packages/core/src/index.js").PointSpec;
type ExactMomentStats = import("../../packages/compute/src/index.js").ExactMomentStats;

const JSON_OUT = process.argv.includes("--json");
const QUICK = process.argv.includes("--quick");
const SKIP_RSS = process.argv.includes("--skip-rss");
const REF_DATE = "2026-11-22";
/** REFERENCE.md, p·d·steps/s, single thread unless noted. */
const REFERENCE: [string, number][] = [
  ["C -O3, xoshiro256** ×8 lanes + vectorised Box–Muller (the practical limit)", 7.4e8],
  ["C -O3, vectorised random bits + scalar ziggurat", 5.8e8],
  ["C -O3, scalar xoshiro256** + scalar ziggurat", 1.9e8],
  ["PyTorch 1.13 CPU float32, fused update", 3.5e8],
  ["numpy 2.4 float64, fused in place", 1.1e8],
  ["PyTorch 1.13 CPU float64, fused update", 6.9e7],
];

const D = 100;
const N = QUICK ? 2560 : 10_000;
const K = QUICK ? 200 : 1000;
const argAt = process.argv.indexOf("--naive-particles");
const NAIVE_N = argAt > 0 ? Number(process.argv[argAt + 1]) : QUICK ? 256 : 1000;

function benchPoint(particles: number, steps: number): PointSpec {
  return {
    sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
    data: { kind: "gaussian", dim: D, mean: 1, std: 0.5 },
    score: { kind: "exact" },
    sampler: { scheme: "em_point", steps, delta: 1e-3, prior_var: 1 },
    metric: { estimator: "gaussian_fit", target: "p0" },
    mc: { particles, seed: 1 },
  };
}

const task = (p: PointSpec, n: number) => ({ shardId: "bench/kernel", pointId: "bench-kernel", point: p, seed: 1, replicate: 0, particleLo: 0, particleHi: n });

/** CPU and wall seconds of f(). */
function timed(f: () => void): { cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Variant {
  name: string;
  particles: number;
  /** Median p·d·steps/s from CPU time and from wall time. */
  cpuRate: number;
  wallRate: number;
  note: string;
}

function measure(name: string, particles: number, run: () => void, note: string): Variant {
  run(); // warm-up (JIT, tables, wasm instantiation)
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = timed(run);
    cpu.push(t.cpu);
    wall.push(t.wall);
  }
  const work = particles * D * K;
  return { name, particles, cpuRate: work / median(cpu), wallRate: work / median(wall), note };
}

async function ensureWasm(): Promise<string> {
  if (wasmAffineKernel() !== null) return "dist/kernel.wasm";
  const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../packages/compute");
  const pkg = JSON.parse(readFileSync(resolve(pkgDir, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const args = pkg.scripts["build:wasm"].trim().split(/\s+/).slice(1);
  args[args.indexOf("--outFile") + 1] = "kernel.wasm";
  const src = args.findIndex((a) => a.endsWith(".ts"));
  args[src] = resolve(pkgDir, args[src]);
  const asc = (await import("assemblyscript/asc")).default;
  let binary: Uint8Array | null = null;
  const { error } = await asc.main(args, { writeFile: (name: string, c: Uint8Array | string) => void (name.endsWith(".wasm") && (binary = c as Uint8Array)) });
  if (error || binary === null) throw new Error(`could not compile assembly/kernel.ts: ${error?.message}`);
  setWasmKernelModule(binary);
  return "compiled from assembly/kernel.ts in this run";
}

/** The naive loop over the same micro-blocks (seeding included), no statistics. */
function naiveRun(particles: number): void {
  const p = benchPoint(particles, K);
  const plan = resolveKernelPlan(p, streamKey(1, "bench-kernel"));
  const score = naiveScoreFn(p, plan);
  const key = fusedNoiseKey(1, "bench-kernel");
  const B = 256;
  const y = new Float64Array(B * D);
  const main = new Int32Array(4 * B);
  const aux = new Int32Array(4 * B);
  for (let b0 = 0; b0 < particles; b0 += B) {
    const n = Math.min(B, particles - b0);
    seedParticleStreams(key, 0, b0, n, main, aux);
    naiveSimulate(plan, score, n, y, main, aux);
  }
}

function rssChild(): void {
  const particles = 10_000_000;
  const p = benchPoint(particles, 2);
  const t = timed(() => {
    const r = runShard(task(p, particles));
    if (r.status !== "done") throw new Error("the 10⁷-particle run did not finish");
  });
  process.stdout.write(JSON.stringify({ maxRssMiB: process.resourceUsage().maxRSS / 1024, wall: t.wall, cpu: t.cpu }));
}

async function main(): Promise<void> {
  if (process.argv.includes("--rss-child")) {
    await ensureWasm();
    rssChild();
    return;
  }
  const wasmSource = await ensureWasm();
  const p = benchPoint(N, K);
  let stats: ExactMomentStats | null = null;
  const variants: Variant[] = [
    measure("wasm", N, () => void (stats = runShard(task(p, N), { backend: "wasm" }).stats as ExactMomentStats), `fused WebAssembly SIMD kernel (${wasmSource})`),
    measure("js", N, () => void runShard(task(p, N), { backend: "js" }), "fused typed-array JavaScript kernel"),
    measure("naive", NAIVE_N, () => naiveRun(NAIVE_N), `readable reference loop, N = ${NAIVE_N}`),
  ];
  // Sanity: the Monte Carlo mean of coordinate 0 against the exact law (4 SE).
  const exact = exactOracle({ ...p, metric: { estimator: "exact" } });
  const s = stats as unknown as ExactMomentStats;
  const mean0 = s.shift[0] + packedExactValue(s, 0) / s.n;
  const se0 = Math.sqrt((exact.iterate.var as number[])[0] / s.n);
  const sane = Math.abs(mean0 - exact.iterate.mean[0]) <= 4 * se0;

  let rss: { maxRssMiB: number; wall: number; cpu: number } | null = null;
  if (!SKIP_RSS) {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--rss-child"], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`RSS child failed: ${r.stderr}`);
    rss = JSON.parse(r.stdout) as { maxRssMiB: number; wall: number; cpu: number };
  }
  const naive = variants[2].cpuRate;
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

  if (JSON_OUT) {
    process.stdout.write(
      JSON.stringify({
        workload: { family: "vp_linear", d: D, particles: N, steps: K, scheme: "em_point" },
        variants: variants.map((v) => ({ ...v, ratioToNaive: v.cpuRate / naive, ratioToReference: Object.fromEntries(REFERENCE.map(([k, r]) => [k, v.cpuRate / r])) })),
        reference: { measured: REF_DATE, figures: Object.fromEntries(REFERENCE) },
        sanity: { mean0, exactMean0: exact.iterate.mean[0], withinFourSE: sane },
        rss10M: rss,
        loadavg: load,
      }) + "\n",
    );
    return;
  }
  const f = (x: number) => x.toExponential(2);
  console.log(`Kernel benchmark: vp_linear, d = ${D}, N = ${N}, K = ${K}, em_point, float64 (median of 3; load average ${load})`);
  console.log("variant  p·d·steps/s (CPU)  (wall)     ×naive  what");
  for (const v of variants) {
    console.log(`${v.name.padEnd(8)} ${f(v.cpuRate).padStart(17)}  ${f(v.wallRate).padStart(9)}  ${(v.cpuRate / naive).toFixed(1).padStart(6)}  ${v.note}`);
  }
  console.log(`\nRatios to the reference figures of REFERENCE.md (measured on ${REF_DATE} on a quiet machine, not in this run):`);
  console.log(`${"".padEnd(86)} ${variants.map((v) => v.name.padStart(7)).join(" ")}`);
  for (const [name, ref] of REFERENCE) {
    console.log(`${`${name} (${f(ref)})`.padEnd(86)} ${variants.map((v) => (v.cpuRate / ref).toFixed(2).padStart(7)).join(" ")}`);
  }
  console.log(`\nSanity: Monte Carlo mean of coordinate 0 = ${mean0.toFixed(5)}, exact ${exact.iterate.mean[0].toFixed(5)} (${sane ? "within" : "NOT within"} 4 SE = ${(4 * se0).toFixed(5)})`);
  if (rss !== null) {
    console.log(
      `Memory: 10⁷ particles, d = ${D}, one shard streamed in micro-blocks, K = 2 steps (memory does not depend on K): peak RSS ${rss.maxRssMiB.toFixed(0)} MiB, ${rss.wall.toFixed(1)} s wall`,
    );
  }
}

await main();
