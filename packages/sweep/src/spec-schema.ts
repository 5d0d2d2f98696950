import { z } from "zod";
import { PARTICLE_BLOCK } from "@scoresweep/core";

/**
 * Zod schema of a sweep spec (DESIGN §8). Axis values are checked later, point by point, after they are written
 * into the base point (so an axis over a field that does not exist fails with that field's path).
 */

/**
 * Particles per shard when a spec leaves `shard.particles` out (and `simulate`'s default): 20 blocks (5 120). Shard
 * sizes must be whole blocks of `PARTICLE_BLOCK` (`@scoresweep/core`: the kernels seed and sum particles per block,
 * so a shard statistic is grouping-invariant only along block boundaries).
 */
export const DEFAULT_SHARD_PARTICLES = 20 * PARTICLE_BLOCK;

const dottedPath = z.string().regex(/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/i, "a dotted path such as sampler.steps");
const axisValues = z.array(z.unknown()).min(1);

const randomAxis = z.discriminatedUnion("dist", [
  z.strictObject({ dist: z.literal("uniform"), low: z.number(), high: z.number(), n: z.number().int().min(1), integer: z.boolean().optional() }),
  z.strictObject({ dist: z.literal("log_uniform"), low: z.number().positive(), high: z.number().positive(), n: z.number().int().min(1), integer: z.boolean().optional() }),
  z.strictObject({ dist: z.literal("choice"), values: axisValues, n: z.number().int().min(1) }),
]);

/** Iteration-complexity search: K*(ε) on a geometric K grid for points without `sampler.steps`. */
export const complexitySearchSchema = z.strictObject({
  eps: z.array(z.number().positive()).min(1),
  grid: z.string().regex(/^\d+:\d+:[0-9.]+$/, "MIN:MAX:RATIO such as 2:100000:1.25").default("2:100000:1.25"),
});

/** Precision search: add replicates until the 95% CI half-width is at most `ci_half_width` (or the cap). */
export const precisionSearchSchema = z.strictObject({
  ci_half_width: z.number().positive(),
  max_replicates: z.number().int().min(2).default(64),
});

/** A whole sweep spec. */
export const specSchema = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' or '-'"),
  seed: z.number().int().nonnegative(),
  base: z.record(z.string(), z.unknown()),
  grid: z.record(dottedPath, axisValues).default({}),
  zip: z.record(dottedPath, axisValues).default({}),
  random: z.record(dottedPath, randomAxis).default({}),
  replicates: z.number().int().min(1).default(1),
  shard: z
    .strictObject({
      particles: z
        .number()
        .int()
        .min(PARTICLE_BLOCK)
        .refine((n) => n % PARTICLE_BLOCK === 0, `a multiple of ${PARTICLE_BLOCK}`),
    })
    .default({ particles: DEFAULT_SHARD_PARTICLES }),
  searches: z
    .strictObject({ complexity: complexitySearchSchema.optional(), precision: precisionSearchSchema.optional() })
    .default({}),
  max_points: z.number().int().min(1).default(10_000),
});

/** A validated spec with defaults filled in. */
export type SweepSpec = z.output<typeof specSchema>;
