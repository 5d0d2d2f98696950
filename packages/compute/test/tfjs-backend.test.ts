// The `tfjs` backend end to end (ShardTask in, ShardResult out) on the cpu and wasm engines: moments against the
// exact oracle within 4 SE on a VP and a VE point, the same statistics as the fused kernel (`js` backend) within
// 4 SE for mixture data, a noise score error and a full covariance, the same result shapes (moments, samples,
// diverged), no tensor leaks, and engines that coexist in one thread.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactOracle, InvalidParameterError, type PointSpec } from "@scoresweep/core";
import type { Backend } from "../src/backend.js";
import { createBackend } from "../src/backend-registry.js";
import { createJsBackend } from "../src/backends/js/js-backend.js";
import { createTfjsBackend, type TfjsBackend } from "../src/backends/tfjs/tfjs-backend.js";
import type { ExactMomentStats, SampleStats, ShardTask } from "../src/shard-task.js";
import { expectMomentsMatchLaw, expectSameLaw, momentsOfParticles, momentsOfStats } from "./moment-check.js";
import { invalidTask, POINTS, shardsOf } from "./fixtures/shard-tasks.js";

const VP = { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 };
const VE = { family: "ve", sigma_min: 0.01, sigma_max: 50, T: 1 };
const DATA: PointSpec["data"] = { kind: "gaussian", dim: 6, mean: [1, -0.5, 0, 2, 0.25, -1], std: [0.5, 1, 2, 0.3, 1.2, 0.8] };

/** One shard holding all N particles of `point` (gaussian_fit, mc.particles = N). */
function wholeTask(name: string, point: PointSpec, N: number, seed = 5): ShardTask {
  return { shardId: `tfjs/${name}/r0/b0`, pointId: name, point: { ...point, mc: { particles: N } }, seed, replicate: 0, particleLo: 0, particleHi: N };
}

function gaussianFit(sde: PointSpec["sde"], scheme: PointSpec["sampler"]["scheme"], steps: number, error?: NonNullable<PointSpec["score"]["error"]>): PointSpec {
  return {
    sde,
    data: DATA,
    score: error === undefined ? { kind: "exact" } : { kind: "exact", error },
    sampler: { scheme, steps },
    metric: { estimator: "gaussian_fit", target: "p0" },
  };
}

let js: Backend;
beforeAll(() => {
  js = createJsBackend();
});
afterAll(async () => {
  await js.close();
});

describe.each(["cpu", "wasm"] as const)("tfjs backend (%s)", (engine) => {
  let tfjs: TfjsBackend;
  /** Particles per statistical check (the cpu engine is slower; 4 SE holds for any n). */
  const N = engine === "cpu" ? 8_000 : 20_000;
  beforeAll(async () => {
    tfjs = await createTfjsBackend({ engine });
    expect(tfjs.name).toBe("tfjs");
    expect(tfjs.label).toBe(`tfjs-${engine}`);
  });
  afterAll(async () => {
    await tfjs.close();
  });

  it.each([
    ["vp_linear em_point", gaussianFit(VP, "em_point", 100)],
    ["vp_linear exponential with a bias error", gaussianFit(VP, "exponential", 60, { kind: "bias", size: 0.4 })],
    ["ve em_integral", gaussianFit(VE, "em_integral", 150)],
    ["ve pf_ode_heun with a scale error", gaussianFit(VE, "pf_ode_heun", 100, { kind: "scale", size: 0.15 })],
  ])(`tfjs backend: ${engine}, %s: moments match the exact oracle within 4 SE`, async (label, point) => {
    const task = wholeTask(label.replace(/ /g, "-"), point, N);
    const before = tfjs.tf.memory().numTensors;
    const r = await tfjs.run(task);
    expect(tfjs.tf.memory().numTensors, "tensors leaked").toBe(before);
    expect(r).toMatchObject({ shardId: task.shardId, status: "done", divergedAtStep: null, particles: N, backend: `tfjs-${engine}` });
    expect(r.kernelMs).toBeGreaterThan(0);
    const stats = r.stats as ExactMomentStats;
    expect(stats.kind).toBe("moments");
    expect(stats.n).toBe(N);
    const law = exactOracle(task.point).iterate;
    expectMomentsMatchLaw(`tfjs-${engine} ${label}`, momentsOfStats(stats), law.mean, law.var as number[]);
  });

  it.each([
    ["gmmHeun", "mixture data, pf_ode_heun, scale error"],
    ["noiseExponential", "the frozen noise score error"],
    ["fullCov", "a full covariance (simulated in its eigenbasis)"],
  ])(`tfjs backend: ${engine}, %s (%s) agrees with the js backend within 4 SE`, async (name) => {
    const point = { ...POINTS[name], mc: { particles: N } };
    const task = wholeTask(name, point, N);
    const [a, b] = [await tfjs.run(task), await js.run(task)];
    expect(a.status).toBe("done");
    expect(b.status).toBe("done");
    const sa = a.stats as ExactMomentStats;
    const sb = b.stats as ExactMomentStats;
    // Same statistic layout as the fused kernel.
    expect([sa.kind, sa.n, sa.dim, sa.diagonalOnly, sa.offsets.length]).toEqual([sb.kind, sb.n, sb.dim, sb.diagonalOnly, sb.offsets.length]);
    expect(Array.from(sa.shift)).toEqual(Array.from(sb.shift));
    expectSameLaw(`tfjs-${engine} vs js, ${name}`, momentsOfStats(sa), momentsOfStats(sb));
  });

  it(`tfjs backend: ${engine}, sample statistics have the fused kernel's indices and the same law`, async () => {
    const [task] = shardsOf("veBiasSamples", []);
    const [a, b] = [await tfjs.run(task), await js.run(task)];
    const sa = a.stats as SampleStats;
    const sb = b.stats as SampleStats;
    expect(sa.kind).toBe("samples");
    expect([sa.n, sa.dim]).toEqual([sb.n, sb.dim]);
    expect(Array.from(sa.indices)).toEqual(Array.from(sb.indices));
    expectSameLaw(`tfjs-${engine} vs js samples`, momentsOfParticles(sa.samples, sa.n, sa.dim), momentsOfParticles(sb.samples, sb.n, sb.dim));
  });

  it(`tfjs backend: ${engine}, a diverging point is a diverged result (no stats, the step), never a throw or a leak`, async () => {
    const [task] = shardsOf("diverging", []);
    const before = tfjs.tf.memory().numTensors;
    const r = await tfjs.run(task);
    expect(tfjs.tf.memory().numTensors).toBe(before);
    expect(r.status).toBe("diverged");
    expect(r.stats).toBeNull();
    // float32 overflows earlier than the fused kernel's float64: a step in [1, K].
    expect(r.divergedAtStep).toBeGreaterThanOrEqual(1);
    expect(r.divergedAtStep).toBeLessThanOrEqual(120);
  });

  it(`tfjs backend: ${engine}, an invalid task rejects with the fused kernel's error and leaks nothing`, async () => {
    const before = tfjs.tf.memory().numTensors;
    const task = invalidTask();
    const inThread = await js.run(task).catch((e: unknown) => e);
    const error = await tfjs.run(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toBe((inThread as Error).message);
    expect(tfjs.tf.memory().numTensors).toBe(before);
  });

  it(`tfjs backend: ${engine}, the same task gives the same bits twice; another replicate differs`, async () => {
    const [task] = shardsOf("vpMoments", [1024]);
    const a = (await tfjs.run(task)).stats as ExactMomentStats;
    const b = (await tfjs.run(task)).stats as ExactMomentStats;
    const c = (await tfjs.run({ ...task, replicate: 1 })).stats as ExactMomentStats;
    expect(Array.from(a.sums)).toEqual(Array.from(b.sums));
    expect(Array.from(a.sums)).not.toEqual(Array.from(c.sums));
  });
});

describe("tfjs backend: engines", () => {
  it("tfjs backend: auto picks wasm; cpu and wasm backends interleave in one thread, each on its own engine", async () => {
    const auto = (await createBackend("tfjs")) as TfjsBackend;
    expect(auto.label).toBe("tfjs-wasm");
    const cpu = await createTfjsBackend({ engine: "cpu" });
    const tasks = shardsOf("vpMoments", [512, 1024]);
    const alone = [];
    for (const t of tasks) alone.push((await cpu.run(t)).stats as ExactMomentStats);
    const aloneWasm = [];
    for (const t of tasks) aloneWasm.push((await auto.run(t)).stats as ExactMomentStats);
    // Interleaved: every run re-selects its engine before computing.
    const mixed = await Promise.all(tasks.flatMap((t) => [cpu.run(t), auto.run(t)]));
    for (let i = 0; i < tasks.length; i++) {
      expect(mixed[2 * i].backend).toBe("tfjs-cpu");
      expect(mixed[2 * i + 1].backend).toBe("tfjs-wasm");
      expect(Array.from((mixed[2 * i].stats as ExactMomentStats).sums)).toEqual(Array.from(alone[i].sums));
      expect(Array.from((mixed[2 * i + 1].stats as ExactMomentStats).sums)).toEqual(Array.from(aloneWasm[i].sums));
    }
    await Promise.all([auto.close(), cpu.close()]);
    await expect(cpu.run(tasks[0])).rejects.toThrow("backend tfjs: the backend is closed; create a new one to run more shards");
  });
});
