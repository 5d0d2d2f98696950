import { z } from "zod";
import { POINT_ESTIMATORS } from "@scoresweep/core";

/**
 * Zod schemas of the experiment point (DESIGN §1). They check structure and types only — unknown keys, missing
 * fields, wrong types, closed sets of names; the numeric domain of each family's parameters is checked by the core
 * factories (`makeSchedule` and friends), so one table stays the single source of truth for each family.
 */

const finite = z.number().refine(Number.isFinite, "a finite number");
const positive = z.number().positive().refine(Number.isFinite, "a finite number > 0");
const vector = z.array(finite).min(1);
const scalarOrVector = z.union([finite, vector]);

/** Forward SDE: a family name plus numeric parameters (validated per family by core). */
export const sdeSchema = z
  .object({ family: z.string().min(1), T: positive.optional() })
  .catchall(finite);

const gaussianDataSchema = z.strictObject({
  kind: z.literal("gaussian"),
  dim: z.number().int().min(1),
  mean: scalarOrVector,
  std: z.union([positive, z.array(positive).min(1)]).optional(),
  cov: z.array(vector).min(1).optional(),
});

const gmmDataSchema = z.strictObject({
  kind: z.literal("gmm"),
  dim: z.number().int().min(1).optional(),
  weights: z.array(z.number().nonnegative()).min(1),
  means: z.array(vector).min(1),
  stds: z.union([positive, z.array(positive).min(1), z.array(z.array(positive).min(1)).min(1)]),
});

/** Data law p_0. */
export const dataSchema = z.discriminatedUnion("kind", [gaussianDataSchema, gmmDataSchema]);

/** Score-error model. */
export const scoreErrorSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("bias"), size: z.number().nonnegative(), direction: vector.optional() }),
  z.strictObject({ kind: z.literal("scale"), size: z.number().gt(-1) }),
  z.strictObject({ kind: z.literal("noise"), size: z.number().nonnegative(), seed: z.number().int().nonnegative().optional() }),
]);

/** Score model. */
export const scoreSchema = z.strictObject({
  kind: z.enum(["exact", "ou_mc", "mlp"]),
  error: scoreErrorSchema.optional(),
  samples: z.number().int().min(1).optional(),
});

/** Sampler. */
export const samplerSchema = z.strictObject({
  scheme: z.enum(["em_point", "em_integral", "exponential", "pf_ode_heun"]),
  steps: z.number().int().min(1).optional(),
  delta: z.number().nonnegative().optional(),
  prior_var: positive.optional(),
});

/** Estimators a point may name (DESIGN §1): core's `POINT_ESTIMATORS`, the one list (W1 estimators spelled `w1_*`). */
export const ESTIMATORS = POINT_ESTIMATORS;

/** Metric. */
export const metricSchema = z.strictObject({
  estimator: z.enum(ESTIMATORS),
  target: z.enum(["p0", "p_delta"]).optional(),
  projections: z.number().int().min(1).optional(),
  reg: positive.optional(),
  subsample: z.number().int().min(1).optional(),
});

/** Monte Carlo budget. */
export const mcSchema = z.strictObject({
  particles: z.number().int().min(1).optional(),
  replicates: z.number().int().min(1).optional(),
  seed: z.number().int().nonnegative().optional(),
});

/** A whole point. */
export const pointSchema = z.strictObject({
  sde: sdeSchema,
  data: dataSchema,
  score: scoreSchema,
  sampler: samplerSchema,
  metric: metricSchema,
  mc: mcSchema.optional(),
});
