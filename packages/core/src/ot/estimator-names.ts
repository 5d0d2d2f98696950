/**
 * Estimator names, in one place. Two spellings of the W1 estimators are user-facing: experiment points say
 * `w1_sorted_1d`, `w1_emd`, `w1_sliced` (`metric.estimator`, DESIGN §1; part of every point id), while
 * {@link W2_ESTIMATORS} — `w2Estimate` and the `scoresweep w2 --estimator` flag — say `sorted_1d_w1`, `emd_w1`,
 * `sliced_w1`. Both are accepted where a user types them; {@link W1_ESTIMATOR_ALIASES} is the only map between them,
 * and {@link w2EstimatorName} the only function that applies it.
 */

/** Estimator names of `w2Estimate`. The `_w1` variants estimate W1 (for the robustness bounds of papers.md §2). */
export const W2_ESTIMATORS = ["sorted_1d", "gaussian_fit", "emd", "sliced", "sinkhorn", "sorted_1d_w1", "emd_w1", "sliced_w1"] as const;

/** One of {@link W2_ESTIMATORS}. */
export type W2EstimatorName = (typeof W2_ESTIMATORS)[number];

/**
 * The values of an experiment point's `metric.estimator` (DESIGN §1): the exact oracle, or a Monte Carlo estimator,
 * with the W1 estimators spelled `w1_*`. The point schema of `@scoresweep/sweep` accepts exactly these.
 */
export const POINT_ESTIMATORS = ["exact", "gaussian_fit", "sorted_1d", "emd", "sliced", "sinkhorn", "w1_sorted_1d", "w1_emd", "w1_sliced"] as const;

/** One of {@link POINT_ESTIMATORS}. */
export type PointEstimator = (typeof POINT_ESTIMATORS)[number];

/** The point spelling of each W1 estimator → its {@link W2_ESTIMATORS} name. */
export const W1_ESTIMATOR_ALIASES = {
  w1_sorted_1d: "sorted_1d_w1",
  w1_emd: "emd_w1",
  w1_sliced: "sliced_w1",
} as const satisfies Record<string, W2EstimatorName>;

/** A point spelling of a W1 estimator (a key of {@link W1_ESTIMATOR_ALIASES}). */
export type W1EstimatorAlias = keyof typeof W1_ESTIMATOR_ALIASES;

/**
 * The {@link W2_ESTIMATORS} name of an estimator given in either spelling (`w1_emd` → `emd_w1`, `emd_w1` → `emd_w1`,
 * `sliced` → `sliced`), or null when `name` is no sample estimator (e.g. `exact`, or a typo).
 */
export function w2EstimatorName(name: string): W2EstimatorName | null {
  if (Object.hasOwn(W1_ESTIMATOR_ALIASES, name)) return W1_ESTIMATOR_ALIASES[name as W1EstimatorAlias];
  return (W2_ESTIMATORS as readonly string[]).includes(name) ? (name as W2EstimatorName) : null;
}

/** Which distance an estimator measures: `w1` for the `_w1` estimators, `w2` otherwise. */
export function estimatorMetric(name: W2EstimatorName): "w2" | "w1" {
  return name.endsWith("_w1") ? "w1" : "w2";
}
