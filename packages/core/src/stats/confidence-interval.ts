/**
 * Confidence intervals for a mean across independent replicates: mean ± t_{(1+level)/2, n−1} · s/√n with s the
 * sample standard deviation (ddof 1) — the Student t interval, exact for normal replicates and the standard
 * choice for the few replicates of a Monte Carlo point (DESIGN §1: every sample estimate carries a 95% CI).
 */
import { invalid } from "../errors.js";
import { studentTQuantile } from "./student-t.js";
import { invalidGot } from "../ot/invalid-got.js";

/** A two-sided confidence interval for a mean (all values in the units of the replicates). */
export interface ConfidenceInterval {
  /** Sample mean of the replicates. */
  readonly mean: number;
  /** Lower and upper ends, mean ∓ half_width. */
  readonly lower: number;
  readonly upper: number;
  /** t quantile × standard error. */
  readonly half_width: number;
  /** Standard error s/√n. */
  readonly std_error: number;
  /** Number of replicates n (≥ 2). */
  readonly n: number;
  /** Confidence level, e.g. 0.95. */
  readonly level: number;
}

/**
 * Student t confidence interval for the mean of `values` (n ≥ 2 finite replicates) at `level` (default 0.95).
 * The mean and variance are computed in two passes (no cancellation).
 */
export function confidenceInterval(values: ArrayLike<number>, level = 0.95): ConfidenceInterval {
  const where = "confidenceInterval";
  if (values === null || typeof values !== "object" || typeof values.length !== "number") invalid(where, "values", "an array of numbers", values);
  const n = values.length;
  if (n < 2) invalidGot(where, "values", "at least 2 replicates (a CI needs a variance estimate)", `${n} value${n === 1 ? "" : "s"}`);
  if (typeof level !== "number" || !(level > 0 && level < 1)) invalid(where, "level", "a number in (0, 1)", level);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) invalid(where, `values[${i}]`, "a finite number", v);
    sum += v;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const t = values[i] - mean;
    ss += t * t;
  }
  const stdError = Math.sqrt(ss / (n - 1) / n);
  const half = studentTQuantile(0.5 + 0.5 * level, n - 1) * stdError;
  return { mean, lower: mean - half, upper: mean + half, half_width: half, std_error: stdError, n, level };
}

/** The 95% Student t confidence interval for the mean of `values` (n ≥ 2). */
export function confidenceInterval95(values: ArrayLike<number>): ConfidenceInterval {
  return confidenceInterval(values, 0.95);
}
