// The TensorFlow.js sampler (tf ops, float32, tf.randomNormal) on both engines against the exact oracle: mean and
// variance of every coordinate within 4 standard errors, a VP and a VE family, every scheme, with and without score
// error; no tensor leaks; divergence found at the right step whatever the check interval.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactOracle, SAMPLER_SCHEMES, streamKey, type PointSpec } from "@scoresweep/core";
import { startTfjsEngine, type TfjsEngineHandle } from "../src/backends/tfjs/tfjs-engine.js";
import { resolveKernelPlan } from "../src/impl/kernel-plan.js";
import { sampleWithTf } from "../src/backends/tfjs/tfjs-sampler.js";
import { expectMomentsMatchLaw, momentsOfParticles, point } from "./moment-check.js";

const VP = { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 };
const VE = { family: "ve", sigma_min: 0.01, sigma_max: 50, T: 1 };
/** Anisotropic data, d = 10: means and stds vary by coordinate. */
const DATA: PointSpec["data"] = {
  kind: "gaussian",
  dim: 10,
  mean: [1, -0.5, 0, 2, 0.25, -1, 0.5, 1.5, -2, 0.1],
  std: [0.5, 1, 2, 0.3, 1.2, 0.8, 0.6, 1.5, 0.4, 1],
};
/** Particles per check: the cpu engine's broadcasting kernels are slow, so it gets fewer (4 SE holds for any n). */
const PARTICLES = { cpu: 10_000, wasm: 20_000 } as const;

async function engine(name: "cpu" | "wasm"): Promise<TfjsEngineHandle> {
  const h = await startTfjsEngine(name);
  expect(h.tfBackend).toBe(name);
  return h;
}

function run(h: TfjsEngineHandle, p: PointSpec, n: number, checkEvery = 32, seed = 11) {
  const plan = resolveKernelPlan(p, streamKey(seed, "pt"));
  const before = h.tf.memory().numTensors;
  const out = sampleWithTf(h.tf, plan, { seed, pointId: "pt", replicate: 0, particleLo: 0, particleHi: n }, checkEvery);
  expect(h.tf.memory().numTensors, "tensors leaked by one run").toBe(before);
  return out;
}

function expectOracle(h: TfjsEngineHandle, label: string, p: PointSpec): void {
  // tf's active backend is per thread: make sure this test runs on the engine it names.
  expect(h.tf.getBackend()).toBe(h.tfBackend);
  const n = PARTICLES[h.tfBackend as "cpu" | "wasm"];
  const out = run(h, p, n);
  expect(out.divergedAtStep).toBeNull();
  const law = exactOracle(p).iterate;
  expectMomentsMatchLaw(label, momentsOfParticles(out.particles as Float64Array, n, 10), law.mean, law.var as number[]);
}

describe.each(["cpu", "wasm"] as const)("tfjs sampler (%s engine)", (name) => {
  let h: TfjsEngineHandle;
  beforeAll(async () => {
    h = await engine(name);
  });
  afterAll(async () => {
    // Leave the thread on cpu for whatever runs next in this file.
    await h.tf.setBackend("cpu");
  });

  it.each(SAMPLER_SCHEMES)(`tfjs sampler: ${name}, vp_linear, %s matches the exact oracle within 4 SE`, async (scheme) => {
    await h.tf.setBackend(h.tfBackend);
    expectOracle(h, `${name} vp ${scheme}`, point(VP, DATA, scheme, 100));
  });

  it.each(SAMPLER_SCHEMES.filter((s) => s !== "exponential"))(`tfjs sampler: ${name}, ve, %s matches the exact oracle within 4 SE`, async (scheme) => {
    await h.tf.setBackend(h.tfBackend);
    expectOracle(h, `${name} ve ${scheme}`, point(VE, DATA, scheme, 200));
  });

  it(`tfjs sampler: ${name}, bias and scale score errors match the oracle`, async () => {
    await h.tf.setBackend(h.tfBackend);
    const bias = point(VP, DATA, "em_point", 50, { score: { kind: "exact", error: { kind: "bias", size: 0.5 } } });
    expectOracle(h, `${name} vp bias`, bias);
    const scale = point(VE, DATA, "em_integral", 100, { score: { kind: "exact", error: { kind: "scale", size: -0.2 } } });
    expectOracle(h, `${name} ve scale`, scale);
  });

  it(`tfjs sampler: ${name}, the same shard gives the same particles (seeded), another replicate different ones`, async () => {
    await h.tf.setBackend(h.tfBackend);
    const p = point(VP, DATA, "em_point", 10);
    const plan = resolveKernelPlan(p, streamKey(3, "pt"));
    const a = sampleWithTf(h.tf, plan, { seed: 3, pointId: "pt", replicate: 0, particleLo: 0, particleHi: 100 }, 32).particles;
    const b = sampleWithTf(h.tf, plan, { seed: 3, pointId: "pt", replicate: 0, particleLo: 0, particleHi: 100 }, 32).particles;
    const c = sampleWithTf(h.tf, plan, { seed: 3, pointId: "pt", replicate: 1, particleLo: 0, particleHi: 100 }, 32).particles;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it(`tfjs sampler: ${name}, a diverging run reports the same step with any check interval and leaks nothing`, async () => {
    await h.tf.setBackend(h.tfBackend);
    // β = 1e5 with K = 120: each step multiplies y by about 1 − ηβ/2 ≈ −499, so float32 overflows within ~15 steps.
    const p = point({ family: "vp_constant", c: 1e5, T: 1 }, { kind: "gaussian", dim: 3, mean: 0, std: 1 }, "em_point", 120);
    const every = run(h, p, 50, 1);
    const rarely = run(h, p, 50, 32);
    const once = run(h, p, 50, 1000);
    expect(every.particles).toBeNull();
    expect(every.divergedAtStep).toBeGreaterThanOrEqual(10);
    expect(every.divergedAtStep).toBeLessThanOrEqual(20);
    expect(rarely.divergedAtStep).toBe(every.divergedAtStep);
    expect(once.divergedAtStep).toBe(every.divergedAtStep);
  });
});
