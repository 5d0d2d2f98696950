/**
 * Score-error models (DESIGN §1 `score.error`), resolved into plain data. The sampler uses
 * ŝ(x, t) = (1 + κ)·s(x, t) + δ + (noise field), with s the exact score:
 * - `bias`: a constant additive error δ = size·u, u a unit vector (default (1, …, 1)/√d), |δ| = size;
 * - `scale`: a multiplicative error, κ = size > −1;
 * - `noise`: a random field of L2 size `size`, frozen per `seed` (implemented by the samplers; the exact
 *   oracle does not support it).
 */
import { describeValue, invalid, requireFinite, requireInteger, requireNonNegative, UnknownVariantError } from "../errors.js";
import type { ScoreErrorSpec } from "../spec.js";

/** A resolved score error. `none` when the point has no `score.error`. */
export type ScoreError =
  | { readonly kind: "none" }
  | {
      readonly kind: "bias";
      /** |δ| (score units). */
      readonly size: number;
      /** Unit direction u (length d). */
      readonly direction: Float64Array;
      /** δ = size·u (length d). */
      readonly bias: Float64Array;
    }
  | {
      readonly kind: "scale";
      /** κ in ŝ = (1 + κ)s; > −1. */
      readonly kappa: number;
    }
  | {
      readonly kind: "noise";
      /** L2 size of the random field (score units). */
      readonly size: number;
      /** Seed freezing the field (integer ≥ 0), or null to derive it from the point's stream. */
      readonly seed: number | null;
    };

/** Tolerance on |‖u‖ − 1| for a bias direction. */
export const UNIT_DIRECTION_TOLERANCE = 1e-9;

/** Score-error kinds, for messages and schemas. */
export const SCORE_ERROR_KINDS = ["bias", "scale", "noise"] as const;

/**
 * Resolves `spec` for data of dimension `dim`. Errors name `score.error.<field>`: bias size ≥ 0 and
 * direction of length dim with |‖u‖ − 1| ≤ 1e-9; scale size > −1; noise size ≥ 0, seed an integer ≥ 0.
 */
export function resolveScoreError(spec: ScoreErrorSpec | undefined, dim: number): ScoreError {
  if (spec === undefined) return { kind: "none" };
  switch (spec.kind) {
    case "bias": {
      const size = requireNonNegative("score.error.size", "the bias size", spec.size);
      const direction = new Float64Array(dim);
      if (spec.direction === undefined) {
        direction.fill(1 / Math.sqrt(dim));
      } else {
        const u = spec.direction as unknown;
        if (!Array.isArray(u) || u.length !== dim) {
          invalid("score.error.direction", "the bias direction", `an array of length data.dim = ${dim}`, Array.isArray(u) ? `length ${u.length}` : u);
        }
        let n2 = 0;
        for (let i = 0; i < dim; i++) {
          direction[i] = requireFinite(`score.error.direction[${i}]`, "a direction component", u[i]);
          n2 += direction[i] * direction[i];
        }
        const norm = Math.sqrt(n2);
        if (!(Math.abs(norm - 1) <= UNIT_DIRECTION_TOLERANCE)) {
          invalid("score.error.direction", "the bias direction", `a unit vector (|‖u‖ − 1| <= ${UNIT_DIRECTION_TOLERANCE})`, `norm ${norm}`);
        }
      }
      const bias = new Float64Array(dim);
      for (let i = 0; i < dim; i++) bias[i] = size * direction[i];
      return { kind: "bias", size, direction, bias };
    }
    case "scale": {
      const kappa = requireFinite("score.error.size", "the scale error κ", spec.size);
      if (!(kappa > -1)) invalid("score.error.size", "the scale error κ", "a finite number > -1", kappa);
      return { kind: "scale", kappa };
    }
    case "noise": {
      const size = requireNonNegative("score.error.size", "the noise size", spec.size);
      const seed = spec.seed === undefined ? null : requireInteger("score.error.seed", "the noise seed", spec.seed, 0);
      return { kind: "noise", size, seed };
    }
    default:
      throw new UnknownVariantError(
        `score.error.kind: kind must be one of ${SCORE_ERROR_KINDS.join(", ")}; got ${describeValue((spec as { kind?: unknown }).kind)}`,
      );
  }
}
