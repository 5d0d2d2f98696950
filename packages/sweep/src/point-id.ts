import { createHash } from "node:crypto";
import type { PointSpec } from "@scoresweep/core";
import { canonicalJson } from "./canonical-json.js";

/**
 * Major version of the numerics. Bump it whenever a change alters any number a point produces (a kernel, the RNG
 * addressing, an estimator): ids change with it, so old results are never mixed with new ones.
 */
export const NUMERICS_MAJOR = 1;

/**
 * Canonical point id: the first 16 hex digits of SHA-256 over `v<NUMERICS_MAJOR>:` + the canonical JSON of the point.
 * `mc.replicates` is left out: adding replicates extends a point, it does not make a new one.
 */
export function pointId(point: PointSpec): string {
  const { mc, ...rest } = point;
  const keyed = mc ? { ...rest, mc: { ...mc, replicates: undefined } } : rest;
  return createHash("sha256").update(`v${NUMERICS_MAJOR}:${canonicalJson(keyed)}`).digest("hex").slice(0, 16);
}
