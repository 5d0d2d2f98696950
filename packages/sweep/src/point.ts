import type { PointSpec } from "@scoresweep/core";
import { pointSchema } from "./point-schema.js";
import { schemaError } from "./schema-error.js";
import { checkPointDomains } from "./point-domains.js";

/**
 * Parses and validates one experiment point (DESIGN §1) from untrusted JSON-like input: structure by zod, numeric
 * domains by core's factories. Throws an `InvalidParameterError` naming the field, the allowed values and what was
 * given; returns plain typed data.
 */
export function parsePoint(input: unknown, where = "point"): PointSpec {
  const result = pointSchema.safeParse(input);
  if (!result.success) throw schemaError(where, result.error, input);
  const point = result.data as PointSpec;
  checkPointDomains(point, where);
  return point;
}
