/** Builders of points and shard tasks for the kernel tests. */
import type { PointSpec } from "@scoresweep/core";
import type { ShardTask } from "../../src/shard-task.js";

/** A point with the given parts (gaussian_fit, p0, mc.particles = N unless given). */
export function point(parts: Partial<PointSpec> & Pick<PointSpec, "sde" | "data" | "sampler">, N = 4096): PointSpec {
  return {
    score: { kind: "exact" },
    metric: { estimator: "gaussian_fit", target: "p0" },
    mc: { particles: N, seed: 3 },
    ...parts,
  };
}

/** A shard task for particles [lo, hi) of `p` (default: all of them). */
export function task(p: PointSpec, lo = 0, hi = p.mc?.particles ?? 10_000, opts: { seed?: number; pointId?: string; replicate?: number } = {}): ShardTask {
  const replicate = opts.replicate ?? 0;
  return {
    shardId: `test/${opts.pointId ?? "p"}/r${replicate}/b${lo}`,
    pointId: opts.pointId ?? "0123456789abcdef",
    point: p,
    seed: opts.seed ?? 3,
    replicate,
    particleLo: lo,
    particleHi: hi,
  };
}

/** One representative parameter set per SDE family (all 14 of DESIGN §1). */
export const FAMILIES: readonly PointSpec["sde"][] = [
  { family: "vp_constant", c: 5.05 },
  { family: "vp_linear", beta_min: 0.1, beta_max: 20 },
  { family: "vp_polynomial", beta_min: 0.1, beta_max: 20, rho: 2 },
  { family: "vp_exponential", beta_min: 0.1, beta_max: 30 },
  { family: "vp_cosine" },
  { family: "ou", alpha: 2, sigma: 1.5 },
  { family: "ve", sigma_min: 0.01, sigma_max: 10 },
  { family: "ve_linear_var", sigma_min: 0.01, sigma_max: 10 },
  { family: "ve_quadratic_var", sigma_min: 0.01, sigma_max: 10 },
  { family: "ve_polynomial", sigma_min: 0.01, sigma_max: 10, rho: 2 },
  { family: "ve_exp", a: 1, b: 2 },
  { family: "ve_const", a: 3 },
  { family: "ve_sqrt", a: 5 },
  { family: "ve_power", a: 4, b: 0.1, c: 1 },
];
