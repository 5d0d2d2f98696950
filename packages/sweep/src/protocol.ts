import { z } from "zod";
import { InvalidParameterError } from "@scoresweep/core";
import type { ExactMomentStats, PointSpec } from "@scoresweep/core";
import { pointSchema } from "./point-schema.js";
import { schemaError } from "./schema-error.js";

/**
 * The versioned messages coordinators and agents exchange (DESIGN §4): a shard task out, a shard result back. The
 * transport moves their msgpack bytes; both ends validate every decoded message against these schemas, so a malformed
 * or hostile message is rejected with a clear error instead of reaching a kernel. Agents execute data, never code:
 * a task names a point (plain numbers and known names) and a particle range, nothing else.
 */

/** Version of the task/result message schemas; a receiver refuses any other. */
export const SHARD_PROTOCOL_VERSION = 1;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A shard task as sent to agents. */
export const shardTaskMessageSchema = z.strictObject({
  v: z.literal(SHARD_PROTOCOL_VERSION),
  shardId: z.string().min(1).max(256),
  pointId: z.string().regex(/^[0-9a-f]{16}$/),
  point: pointSchema,
  seed: count,
  replicate: count,
  particleLo: count,
  particleHi: count,
});

/** A decoded, validated shard task. */
export interface ShardTaskMessage {
  v: number;
  shardId: string;
  pointId: string;
  point: PointSpec;
  seed: number;
  replicate: number;
  particleLo: number;
  particleHi: number;
}

/** The `moments` statistic: core's `ExactMomentStats` (its layout and exact merge live there), checked at compile time. */
const momentStats = z.strictObject({
  kind: z.literal("moments"),
  n: count,
  dim: z.number().int().min(1),
  shift: z.instanceof(Float64Array),
  diagonalOnly: z.boolean(),
  sums: z.instanceof(Float64Array),
  offsets: z.instanceof(Uint32Array),
}) satisfies z.ZodType<ExactMomentStats>;

const sampleStats = z.strictObject({
  kind: z.literal("samples"),
  n: count,
  dim: z.number().int().min(1),
  indices: z.instanceof(Uint32Array),
  samples: z.instanceof(Float64Array),
});

const exactStats = z.strictObject({
  kind: z.literal("exact"),
  w2: z.number(),
  meanPart: z.number(),
  spreadPart: z.number(),
});

/** A shard result as sent back by agents. */
export const shardResultMessageSchema = z.strictObject({
  v: z.literal(SHARD_PROTOCOL_VERSION),
  shardId: z.string().min(1).max(256),
  status: z.enum(["done", "diverged"]),
  divergedAtStep: z.number().int().min(0).nullable(),
  stats: z.discriminatedUnion("kind", [momentStats, sampleStats, exactStats]).nullable(),
  particles: count,
  kernelMs: z.number().nonnegative(),
  backend: z.string().max(64),
  agent: z.string().max(256).optional(),
});

/** A decoded, validated shard result. */
export type ShardResultMessage = z.output<typeof shardResultMessageSchema>;

/** Validates a decoded task message (throws `InvalidParameterError` naming the bad field). */
export function validateShardTask(doc: unknown): ShardTaskMessage {
  const r = shardTaskMessageSchema.safeParse(doc);
  if (!r.success) throw schemaError("shard task", r.error, doc);
  if (r.data.particleHi < r.data.particleLo) {
    throw new InvalidParameterError(`shard task: particleHi must be >= particleLo (${r.data.particleLo}); got ${r.data.particleHi}`);
  }
  return r.data as ShardTaskMessage;
}

/** Validates a decoded result message (throws `InvalidParameterError` naming the bad field). */
export function validateShardResult(doc: unknown): ShardResultMessage {
  const r = shardResultMessageSchema.safeParse(doc);
  if (!r.success) throw schemaError("shard result", r.error, doc);
  const stats = r.data.stats;
  if (stats?.kind === "samples" && stats.samples.length !== stats.n * stats.dim) {
    throw new InvalidParameterError(`shard result: stats.samples must hold n·dim = ${stats.n * stats.dim} numbers; got ${stats.samples.length}`);
  }
  return r.data;
}
