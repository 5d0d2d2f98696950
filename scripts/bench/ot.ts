/**
 * Benchmark of the optimal-transport estimators (run: `npx tsx scripts/bench/ot.ts [--json] [--quick]`).
 *
 * Workloads (the speed goals of issue 3), Gaussian clouds N(0, I) vs N(0.5, 1.2² I) from the counter-based RNG:
 * - emd (exact W2, LAPJV assignment, cost matrix included) at n = 1000, d = 10, and n = 2000 (time and peak memory,
 *   measured in a child process);
 * - sliced W2, 500 random projections, n = 10 000, d = 100;
 * - sorted_1d, n = 10⁶;
 * - debiased Sinkhorn, n = 1000, d = 10, reg = 0.05·mean cost, stopThr 1e-6 (the REFERENCE.md setting).
 * Each is printed with (a) its ratio to the POT 0.8.2 reference figure from ../shared/bench/REFERENCE.md (a figure
 * measured on 2026-11-22, not in this run) and (b) its ratio to a naive baseline measured in this run:
 * - emd vs a textbook O(n³) Hungarian algorithm (Kuhn–Munkres with potentials, arrays of arrays) at n = 300;
 * - sliced vs a per-projection loop over plain arrays with Array.prototype.sort and a comparator;
 * - sorted_1d vs Array.prototype.sort with a comparator on plain arrays;
 * - Sinkhorn vs a plain log-domain Sinkhorn (log-sum-exp over the n·m matrix at every half-step, alternating
 *   updates, at most 1000 iterations per problem — POT's default numItermax).
 * Times are medians of a few runs after a warm-up, in CPU seconds of this (single-threaded) process: compare ratios,
 * not absolute numbers — on a loaded machine even CPU time inflates (shared caches), while the same-run baseline
 * ratios stay meaningful. `uptime`'s load average is printed for context.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { costMatrixImpl } from "../../packages/core/src/ot/cost-matrix.js";
import { createLapjvWork, lapjvImpl } from "../../packages/core/src/ot/lapjv.js";
import { emdW2 } from "../../packages/core/src/ot/emd.js";
import type { PointCloud } from "../../packages/core/src/ot/point-cloud.js";
import { randomDirections, slicedW2 } from "../../packages/core/src/ot/sliced-w2.js";
import { sinkhornDivergence } from "../../packages/core/src/ot/sinkhorn-divergence.js";
import { sorted1dW2 } from "../../packages/core/src/ot/sorted-1d.js";
import { fillNormals } from "../../packages/core/src/rng/fill-normals.js";
import { streamKey } from "../../packages/core/src/rng/stream-key.js";

const JSON_OUT = process.argv.includes("--json");
const QUICK = process.argv.includes("--quick");
const REF_NOTE = "reference figure from REFERENCE.md, measured on 2026-11-22";

/** n points of N(shift, scale² I_d). */
function cloud(n: number, d: number, tag: string, scale = 1, shift = 0): PointCloud {
  const data = new Float64Array(n * d);
  const key = streamKey(2026, "bench-ot", tag);
  for (let i = 0; i < n; i++) fillNormals(key, 0, i, 0, d, data, i * d);
  if (scale !== 1 || shift !== 0) for (let k = 0; k < data.length; k++) data[k] = shift + scale * data[k];
  return { n, d, data };
}

/** CPU seconds (user + system) of this process since `start`. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
}

/**
 * Median CPU time (s) of `runs` calls after `warmup` calls. CPU time rather than wall time: the code is
 * single-threaded, and CPU time is less disturbed by other processes on a shared 2-vCPU machine.
 */
function time(fn: () => unknown, runs = 3, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    t.push(cpuSince(c0));
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}
// ---------------------------------------------------------------------------------------------- naive baselines

/** Textbook Hungarian algorithm O(n³) (potentials u, v; e-maxx formulation) on an array-of-arrays cost. */
function naiveHungarian(C: number[][]): number {
  const n = C.length;
  const u = new Array(n + 1).fill(0);
  const v = new Array(n + 1).fill(0);
  const p = new Array(n + 1).fill(0);
  const way = new Array(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array(n + 1).fill(Infinity);
    const used = new Array(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = C[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  let cost = 0;
  for (let j = 1; j <= n; j++) cost += C[p[j] - 1][j - 1];
  return cost / n;
}

function costArrays(x: PointCloud, y: PointCloud): number[][] {
  const C = costMatrixImpl(x, y, 2, new Float64Array(x.n * y.n));
  return Array.from({ length: x.n }, (_, i) => Array.from(C.subarray(i * y.n, (i + 1) * y.n)));
}

/** Sliced W2 the obvious way: per projection, project into plain arrays, sort with a comparator. */
function naiveSliced(x: PointCloud, y: PointCloud, dirs: Float64Array, L: number): number {
  const d = x.d;
  let total = 0;
  for (let l = 0; l < L; l++) {
    const px: number[] = [];
    const py: number[] = [];
    for (let i = 0; i < x.n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x.data[i * d + k] * dirs[l * d + k];
      px.push(s);
    }
    for (let j = 0; j < y.n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += y.data[j * d + k] * dirs[l * d + k];
      py.push(s);
    }
    px.sort((a, b) => a - b);
    py.sort((a, b) => a - b);
    let acc = 0;
    for (let i = 0; i < x.n; i++) acc += (px[i] - py[i]) ** 2;
    total += acc / x.n;
  }
  return Math.sqrt(total / L);
}

/** Plain log-domain Sinkhorn (POT sinkhorn_log structure): ⟨P, C⟩ after at most maxIter iterations. */
function naiveLogSinkhorn(C: Float64Array, n: number, m: number, reg: number, stopThr: number, maxIter: number): number {
  const logA = Math.log(1 / n);
  const logB = Math.log(1 / m);
  const f = new Float64Array(n);
  const g = new Float64Array(m);
  for (let it = 0; it < maxIter; it++) {
    for (let j = 0; j < m; j++) {
      let mx = -Infinity;
      for (let i = 0; i < n; i++) mx = Math.max(mx, (f[i] - C[i * m + j]) / reg);
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.exp((f[i] - C[i * m + j]) / reg - mx);
      g[j] = reg * (logB - mx - Math.log(s));
    }
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let j = 0; j < m; j++) mx = Math.max(mx, (g[j] - C[i * m + j]) / reg);
      let s = 0;
      for (let j = 0; j < m; j++) s += Math.exp((g[j] - C[i * m + j]) / reg - mx);
      f[i] = reg * (logA - mx - Math.log(s));
    }
    if (it % 10 === 0) {
      let err = 0;
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += Math.exp((f[i] + g[j] - C[i * m + j]) / reg);
        err += (s - 1 / m) ** 2;
      }
      if (Math.sqrt(err) < stopThr) break;
    }
  }
  let cost = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) cost += Math.exp((f[i] + g[j] - C[i * m + j]) / reg) * C[i * m + j];
  return cost;
}

// ------------------------------------------------------------------------------------------------------ child

if (process.argv.includes("--child-emd")) {
  const n = Number(process.argv[process.argv.indexOf("--child-emd") + 1]);
  const x = cloud(n, 10, "x");
  const y = cloud(n, 10, "y", 1.2, 0.5);
  const before = process.resourceUsage().maxRSS;
  const c0 = process.cpuUsage();
  const r = emdW2(x, y);
  const seconds = cpuSince(c0);
  process.stdout.write(JSON.stringify({ seconds, w2: r.w2, maxRssMB: process.resourceUsage().maxRSS / 1024, baseRssMB: before / 1024 }));
  process.exit(0);
}

// ------------------------------------------------------------------------------------------------------- main

interface Row {
  workload: string;
  seconds: number;
  reference_seconds: number | null;
  ratio_to_reference: number | null;
  baseline: string;
  baseline_seconds: number | null;
  speedup_over_baseline: number | null;
  note?: string;
}
const rows: Row[] = [];
function row(workload: string, seconds: number, ref: number | null, baseline: string, baseSeconds: number | null, note?: string): void {
  rows.push({
    workload,
    seconds,
    reference_seconds: ref,
    ratio_to_reference: ref === null ? null : seconds / ref,
    baseline,
    baseline_seconds: baseSeconds,
    speedup_over_baseline: baseSeconds === null ? null : baseSeconds / seconds,
    note,
  });
  if (!JSON_OUT) {
    const refPart = ref === null ? "" : `  vs POT ${ref.toFixed(3)} s (${REF_NOTE}): ratio ${(seconds / ref).toFixed(2)}`;
    const basePart = baseSeconds === null ? "" : `  vs ${baseline} ${baseSeconds.toFixed(3)} s: ${(baseSeconds / seconds).toFixed(1)}× faster`;
    console.log(`${workload.padEnd(38)} ${seconds.toFixed(3)} s${refPart}${basePart}${note ? `  [${note}]` : ""}`);
  }
}

// emd n = 1000, d = 10.
{
  const x = cloud(1000, 10, "x");
  const y = cloud(1000, 10, "y", 1.2, 0.5);
  const t = time(() => emdW2(x, y), QUICK ? 1 : 5);
  // Naive baseline at n = 300 (the O(n³) Hungarian takes too long at 1000), against LAPJV at the same n.
  const xs = cloud(300, 10, "xs");
  const ys = cloud(300, 10, "ys", 1.2, 0.5);
  const C = costArrays(xs, ys);
  const flat = costMatrixImpl(xs, ys, 2, new Float64Array(300 * 300));
  const tNaive = time(() => naiveHungarian(C), QUICK ? 1 : 3);
  const tFast = time(() => lapjvImpl(300, flat, createLapjvWork(300)), QUICK ? 1 : 5);
  const a = naiveHungarian(C);
  const s = lapjvImpl(300, flat, createLapjvWork(300));
  let b = 0;
  for (let i = 0; i < 300; i++) b += flat[i * 300 + s[i]];
  if (Math.abs(a - b / 300) > 1e-9 * a) throw new Error(`bench: Hungarian ${a} and LAPJV ${b / 300} disagree`);
  row("emd n=1000 d=10 (cost matrix + LAPJV)", t, 0.074, "-", null);
  row("  assignment only, n=300 d=10", tFast, null, "naive O(n^3) Hungarian at n=300", tNaive);
}

// emd n = 2000 in a child process: time and peak RSS.
{
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, self, "--child-emd", "2000"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
  const c = JSON.parse(r.stdout) as { seconds: number; maxRssMB: number; baseRssMB: number };
  row("emd n=2000 d=10", c.seconds, 0.5, "-", null, `peak RSS ${c.maxRssMB.toFixed(0)} MB (process before the solve: ${c.baseRssMB.toFixed(0)} MB)`);
}

// sliced W2, 500 projections, n = 10 000, d = 100.
{
  const n = 10_000;
  const d = 100;
  const x = cloud(n, d, "sx");
  const y = cloud(n, d, "sy", 1.2, 0.5);
  const t = time(() => slicedW2(x, y, { projections: 500, seed: 1 }), QUICK ? 1 : 3);
  const dirs = randomDirections(500, d, 1);
  const tNaive = time(() => naiveSliced(x, y, dirs, 500), 1, 0);
  const a = slicedW2(x, y, { directions: dirs.subarray(0, 20 * d) }).w2;
  const b = naiveSliced(x, y, dirs, 20);
  if (Math.abs(a - b) > 1e-9 * b) throw new Error(`bench: sliced ${a} and the naive loop ${b} disagree`);
  row("sliced 500 proj, n=10000 d=100", t, 2.4, "per-projection Array.sort loop", tNaive);
}

// sorted_1d, n = 10⁶.
{
  const n = 1_000_000;
  const x = cloud(n, 1, "ox").data;
  const y = cloud(n, 1, "oy", 1.2, 0.5).data;
  const t = time(() => sorted1dW2(x, y), QUICK ? 1 : 5);
  const tNaive = time(
    () => {
      const a = Array.from(x).sort((p, q) => p - q);
      const b = Array.from(y).sort((p, q) => p - q);
      let s = 0;
      for (let i = 0; i < n; i++) s += (a[i] - b[i]) ** 2;
      return Math.sqrt(s / n);
    },
    QUICK ? 1 : 3,
  );
  row("sorted_1d n=1e6", t, null, "Array.sort with comparator", tNaive, `goal < 0.5 s`);
}

// Debiased Sinkhorn, n = 1000, d = 10, reg = 0.05·mean cost, stopThr 1e-6.
{
  const n = 1000;
  const x = cloud(n, 10, "kx");
  const y = cloud(n, 10, "ky", 1.2, 0.5);
  const C = costMatrixImpl(x, y, 2, new Float64Array(n * n));
  let mean = 0;
  for (let k = 0; k < n * n; k++) mean += C[k];
  mean /= n * n;
  const reg = 0.05 * mean;
  let iters = 0;
  const t = time(
    () => {
      const r = sinkhornDivergence(x, y, { reg, stopThr: 1e-6 });
      iters = r.iterations[0] + r.iterations[1] + r.iterations[2];
      return r;
    },
    QUICK ? 1 : 3,
  );
  const Cxx = costMatrixImpl(x, x, 2, new Float64Array(n * n));
  const Cyy = costMatrixImpl(y, y, 2, new Float64Array(n * n));
  const tNaive = time(
    () => naiveLogSinkhorn(C, n, n, reg, 1e-6, 1000) - 0.5 * (naiveLogSinkhorn(Cxx, n, n, reg, 1e-6, 1000) + naiveLogSinkhorn(Cyy, n, n, reg, 1e-6, 1000)),
    1,
    0,
  );
  row("sinkhorn (debiased) n=1000 d=10", t, 0.17, "plain log-domain Sinkhorn", tNaive, `POT sinkhorn_log: 2.6 s → ratio ${(t / 2.6).toFixed(3)}; ${iters} iterations in all`);
}

const load = (await import("node:os")).loadavg();
if (JSON_OUT) console.log(JSON.stringify({ reference: REF_NOTE, unit: "cpu seconds", load_average: load, rows }));
else console.log(`(CPU seconds; load average during the run: ${load.map((v) => v.toFixed(2)).join(", ")} on ${(await import("node:os")).cpus().length} CPUs)`);
