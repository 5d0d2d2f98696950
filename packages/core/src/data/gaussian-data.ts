/**
 * Gaussian data p_0 = N(m, diag(s²)) or N(m, Σ) (DESIGN §1 `data.kind: gaussian`), resolved from its spec into
 * typed arrays: scalars broadcast to `dim`, arrays must have length `dim`.
 */
import { invalid, requireInteger } from "../errors.js";
import type { GaussianDataSpec } from "../spec.js";

/** A resolved Gaussian law: exactly one of `std` (diagonal) and `cov` (full, row-major d×d) is non-null. */
export interface GaussianData {
  /** Dimension d. */
  readonly dim: number;
  /** Mean m (length d). */
  readonly mean: Float64Array;
  /** Per-coordinate standard deviations s_i > 0 (length d), or null for a full covariance. */
  readonly std: Float64Array | null;
  /** Covariance Σ, row-major d×d, symmetric (positive definiteness is checked by the full-covariance code), or null. */
  readonly cov: Float64Array | null;
}

function vectorOf(field: string, what: string, value: unknown, dim: number, positive: boolean): Float64Array {
  const constraint = positive ? "a finite number > 0" : "a finite number";
  const ok = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && (!positive || x > 0);
  if (typeof value === "number") {
    if (!ok(value)) invalid(field, what, `${constraint} or an array of ${dim} of them`, value);
    return new Float64Array(dim).fill(value);
  }
  if (!Array.isArray(value)) invalid(field, what, `${constraint} or an array of ${dim} of them`, value);
  if (value.length !== dim) invalid(field, `${what} (an array)`, `of length data.dim = ${dim}`, `length ${value.length}`);
  const out = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    const x = value[i];
    if (!ok(x)) invalid(`${field}[${i}]`, what, constraint, x);
    out[i] = x;
  }
  return out;
}

/**
 * Resolves a {@link GaussianDataSpec}. Errors name `data.dim`, `data.mean`, `data.std` or `data.cov`:
 * dim an integer ≥ 1; mean finite (scalar or length dim); exactly one of std (> 0, scalar or length dim) and
 * cov (dim arrays of dim finite numbers, symmetric to a relative 1e-12).
 */
export function resolveGaussianData(spec: GaussianDataSpec): GaussianData {
  const dim = requireInteger("data.dim", "the dimension", spec.dim, 1);
  const mean = vectorOf("data.mean", "the mean", spec.mean, dim, false);
  const hasStd = spec.std !== undefined;
  const hasCov = spec.cov !== undefined;
  if (hasStd === hasCov) {
    invalid("data.std", "exactly one of data.std and data.cov", "given", hasStd ? "both" : "neither");
  }
  if (hasStd) return { dim, mean, std: vectorOf("data.std", "the standard deviation", spec.std, dim, true), cov: null };
  const rows = spec.cov as unknown;
  if (!Array.isArray(rows) || rows.length !== dim) {
    invalid("data.cov", "the covariance", `an array of data.dim = ${dim} rows`, Array.isArray(rows) ? `${rows.length} rows` : rows);
  }
  const cov = new Float64Array(dim * dim);
  let scale = 0;
  for (let i = 0; i < dim; i++) {
    const row = rows[i] as unknown;
    if (!Array.isArray(row) || row.length !== dim) {
      invalid(`data.cov[${i}]`, "a covariance row", `an array of length ${dim}`, Array.isArray(row) ? `length ${row.length}` : row);
    }
    for (let j = 0; j < dim; j++) {
      const x = row[j] as unknown;
      if (typeof x !== "number" || !Number.isFinite(x)) invalid(`data.cov[${i}][${j}]`, "a covariance entry", "a finite number", x);
      cov[i * dim + j] = x;
      scale = Math.max(scale, Math.abs(x));
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < i; j++) {
      const a = cov[i * dim + j];
      const b = cov[j * dim + i];
      if (Math.abs(a - b) > 1e-12 * scale) {
        invalid(`data.cov[${i}][${j}]`, "the covariance", `symmetric (equal to data.cov[${j}][${i}] = ${b})`, a);
      }
    }
  }
  return { dim, mean, std: null, cov };
}
