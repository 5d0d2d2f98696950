/**
 * The fused kernels against the readable reference loop (`naive-kernel.ts`) with the same per-particle noise: the
 * mixture kernel repeats the reference arithmetic exactly (bit-identical paths), the affine kernel evaluates the
 * same maps in a different order (agreement to rounding).
 */
import { describe, expect, it } from "vitest";
import { streamKey, type PointSpec } from "@scoresweep/core";
import { resolveKernelPlan } from "../../src/impl/kernel-plan.js";
import { naiveScoreFn, naiveSimulate } from "../../src/impl/naive-kernel.js";
import { seedParticleStreams } from "../../src/impl/particle-streams.js";
import { simulateRange } from "../../src/impl/simulate-range.js";
import { point } from "../helpers/tasks.js";

const KEY = streamKey(1, "naive-agreement");

function fusedOutput(p: PointSpec, n: number): Float64Array {
  const plan = resolveKernelPlan(p, streamKey(3, "pk"));
  const out = new Float64Array(n * plan.d);
  const r = simulateRange(plan, KEY, 0, 0, n, (x, p0, m) => out.set(x.subarray(0, m * plan.d), p0 * plan.d), "js");
  expect(r.divergedAtStep).toBeNull();
  return out;
}

function naiveOutput(p: PointSpec, n: number): Float64Array {
  const plan = resolveKernelPlan(p, streamKey(3, "pk"));
  const main = new Int32Array(4 * n);
  const aux = new Int32Array(4 * n);
  seedParticleStreams(KEY, 0, 0, n, main, aux);
  const y = new Float64Array(n * plan.d);
  expect(naiveSimulate(plan, naiveScoreFn(p, plan), n, y, main, aux)).toBe(0);
  return y;
}

const hex = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
const SCHEMES = ["em_point", "em_integral", "exponential", "pf_ode_heun"] as const;
const ERRORS = [undefined, { kind: "scale" as const, size: 0.2 }, { kind: "bias" as const, size: 0.3 }, { kind: "noise" as const, size: 0.4 }];

describe("fused kernels vs the naive loop", () => {
  for (const scheme of SCHEMES) {
    it(`GmmKernel: ${scheme}: bit-identical to the naive loop with the same noise (no error, scale, bias, noise)`, () => {
      for (const error of ERRORS) {
        const p = point(
          {
            sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20 },
            data: { kind: "gmm", weights: [0.2, 0.5, 0.3], means: [[-3, 0, 1], [2, 2, 0], [0, -2, -1]], stds: [[0.5, 0.5, 0.5], [0.3, 0.6, 0.9], [1, 1, 1]] },
            score: error === undefined ? { kind: "exact" } : { kind: "exact", error },
            sampler: { scheme, steps: 25 },
          },
          300,
        );
        expect(hex(fusedOutput(p, 300)), `${scheme} ${error?.kind ?? "none"}`).toBe(hex(naiveOutput(p, 300)));
      }
    });

    it(`affine kernel: ${scheme}: agrees with the naive loop to rounding (diagonal Gaussian, every error kind)`, () => {
      for (const error of ERRORS) {
        const p = point(
          {
            sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20 },
            data: { kind: "gaussian", dim: 4, mean: [1, -2, 0.5, 3], std: [0.3, 1, 2, 0.7] },
            score: error === undefined ? { kind: "exact" } : { kind: "exact", error },
            sampler: { scheme, steps: 50 },
          },
          300,
        );
        const a = fusedOutput(p, 300);
        const b = naiveOutput(p, 300);
        let worst = 0;
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
        expect(worst, `${scheme} ${error?.kind ?? "none"}`).toBeLessThan(1e-11);
        // …and not bit-identical by accident of a shared code path: the orders of operations differ.
        expect(hex(a)).not.toBe(hex(b));
      }
    });
  }
});
