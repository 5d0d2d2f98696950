/**
 * One entry point for every sample-based Wasserstein estimator (DESIGN §1 `metric.estimator`): validates the
 * clouds and the options of the chosen estimator and returns the distance with its estimator, its metric
 * (W2 or W1 — never a square unless a field name says so) and the estimator's own diagnostics.
 */
import { UnknownVariantError, describeValue, invalid } from "../errors.js";
import { emdW1, emdW2 } from "./emd.js";
import { gaussianFitW2, type GaussianTarget } from "./gaussian-fit-w2.js";
import { requireCloud, requireSameDimension, type PointCloud } from "./point-cloud.js";
import { sinkhornDivergence } from "./sinkhorn-divergence.js";
import { slicedW1, slicedW2 } from "./sliced-w2.js";
import { sorted1dW1, sorted1dW2 } from "./sorted-1d.js";
import { invalidGot } from "./invalid-got.js";
import { W2_ESTIMATORS, w2EstimatorName, type W1EstimatorAlias, type W2EstimatorName } from "./estimator-names.js";

/** Options of {@link w2Estimate}; only the options of the chosen estimator may be set. */
export interface W2EstimateOptions {
  /** Which estimator: a {@link W2_ESTIMATORS} name, or the point spelling of a W1 estimator (`w1_emd`, …). */
  estimator: W2EstimatorName | W1EstimatorAlias;
  /** sliced, sliced_w1: number of random directions (integer ≥ 1; default 100). */
  projections?: number;
  /** sliced, sliced_w1: given unit directions (L rows of d numbers, or row-major L×d); excludes `projections`. */
  directions?: Float64Array | ArrayLike<ArrayLike<number>>;
  /** sliced, sliced_w1: seed of the random directions (integer ≥ 0; default 0). */
  seed?: number;
  /** sinkhorn: entropic regularisation ε > 0 on the squared-distance cost (squared coordinate units); required. */
  reg?: number;
  /** sinkhorn: stopping threshold on the marginal error (default 1e-9). */
  stopThr?: number;
  /** sinkhorn: iteration cap per problem (default 10 000). */
  maxIter?: number;
  /** gaussian_fit: covariance ddof, 0 or 1 (default 1). */
  ddof?: 0 | 1;
  /** emd, emd_w1: weights of x's points (≥ 0, normalised); uniform if omitted. */
  weightsX?: ArrayLike<number>;
  /** emd, emd_w1: weights of y's points. */
  weightsY?: ArrayLike<number>;
}

/** Result of {@link w2Estimate}. */
export interface W2Estimate {
  /** The estimator that ran. */
  readonly estimator: W2EstimatorName;
  /** Which distance `value` is: "w2" or "w1". */
  readonly metric: "w2" | "w1";
  /**
   * The estimated distance in coordinate units: W2 (exact, sliced, Gaussian-fit, or √ of the debiased Sinkhorn
   * divergence) or W1 for the `_w1` estimators.
   */
  readonly value: number;
  /** Estimator diagnostics, snake_case (e.g. `w2_squared`, `projections`, `sinkhorn_divergence`, `converged`). */
  readonly details: Readonly<Record<string, number | string | boolean>>;
}

const OPTIONS_OF: Record<W2EstimatorName, readonly (keyof W2EstimateOptions)[]> = {
  sorted_1d: [],
  sorted_1d_w1: [],
  gaussian_fit: ["ddof"],
  emd: ["weightsX", "weightsY"],
  emd_w1: ["weightsX", "weightsY"],
  sliced: ["projections", "directions", "seed"],
  sliced_w1: ["projections", "directions", "seed"],
  sinkhorn: ["reg", "stopThr", "maxIter"],
};

const ALL_OPTIONS = new Set<string>(["estimator", ...Object.values(OPTIONS_OF).flat()]);

function isGaussianTarget(y: unknown): y is GaussianTarget {
  return typeof y === "object" && y !== null && !((y as PointCloud).data instanceof Float64Array) && "mean" in y;
}

/** Validates `options` for its estimator; returns the estimator's {@link W2_ESTIMATORS} name. */
function resolveOptions(where: string, options: W2EstimateOptions): W2EstimatorName {
  if (options === null || typeof options !== "object") invalid(where, "options", "an object with an estimator", options);
  const est = typeof options.estimator === "string" ? w2EstimatorName(options.estimator) : null;
  if (est === null) {
    throw new UnknownVariantError(`${where}: options.estimator must be one of ${W2_ESTIMATORS.join(" | ")}; got ${describeValue(options.estimator)}`);
  }
  const allowed = OPTIONS_OF[est];
  for (const key of Object.keys(options)) {
    const value = (options as unknown as Record<string, unknown>)[key];
    if (value === undefined || key === "estimator") continue;
    if (!ALL_OPTIONS.has(key)) {
      invalidGot(where, `options.${key}`, `one of the known options (${[...ALL_OPTIONS].join(", ")})`, "an unknown option");
    }
    if (!(allowed as readonly string[]).includes(key)) {
      invalid(where, `options.${key}`, `omitted for estimator ${est} (its options: ${allowed.length ? allowed.join(", ") : "none"})`, value);
    }
  }
  return est;
}

/**
 * Estimates the Wasserstein distance between the empirical measure of x and y — a second point cloud, or, for
 * `gaussian_fit` only, a known Gaussian target. The estimator may be given in either spelling (`emd_w1` or
 * `w1_emd`, `estimator-names.ts`); the result names it by its {@link W2_ESTIMATORS} name. Validates: known
 * estimator and only its options; non-empty clouds
 * with finite coordinates and equal dimensions; d = 1 for `sorted_1d`. Errors name the option or input
 * (InvalidParameterError / UnknownVariantError, one line, stable codes).
 */
export function w2Estimate(x: PointCloud, y: PointCloud | GaussianTarget, options: W2EstimateOptions): W2Estimate {
  const where = "w2Estimate";
  const est = resolveOptions(where, options);
  requireCloud(where, "x", x);
  if (isGaussianTarget(y)) {
    if (est !== "gaussian_fit") {
      invalidGot(where, "y", `a point cloud for estimator ${est} (a Gaussian target is closed-form only for gaussian_fit; sample it)`, "a Gaussian target");
    }
    const r = gaussianFitW2(x, y, { ddof: options.ddof });
    return {
      estimator: est,
      metric: "w2",
      value: r.w2,
      details: { w2_squared: r.w2 * r.w2, mean_part: r.mean_part, cov_part: r.cov_part, w2_diag_only: r.w2_diag_only, ddof: r.ddof, target: "gaussian" },
    };
  }
  requireCloud(where, "y", y);
  requireSameDimension(where, x, y);
  switch (est) {
    case "sorted_1d":
    case "sorted_1d_w1": {
      if (x.d !== 1) invalid(where, "the dimension of x and y", `1 for estimator ${est} (use sliced or emd in d > 1)`, x.d);
      if (est === "sorted_1d") {
        const w = sorted1dW2(x.data, y.data);
        return { estimator: est, metric: "w2", value: w, details: { w2_squared: w * w } };
      }
      return { estimator: est, metric: "w1", value: sorted1dW1(x.data, y.data), details: {} };
    }
    case "gaussian_fit": {
      const r = gaussianFitW2(x, y, { ddof: options.ddof });
      return {
        estimator: est,
        metric: "w2",
        value: r.w2,
        details: { w2_squared: r.w2 * r.w2, mean_part: r.mean_part, cov_part: r.cov_part, w2_diag_only: r.w2_diag_only, ddof: r.ddof, target: "sample" },
      };
    }
    case "emd": {
      const r = emdW2(x, y, { weightsX: options.weightsX, weightsY: options.weightsY });
      return { estimator: est, metric: "w2", value: r.w2, details: { w2_squared: r.w2_squared, method: r.method } };
    }
    case "emd_w1": {
      const r = emdW1(x, y, { weightsX: options.weightsX, weightsY: options.weightsY });
      return { estimator: est, metric: "w1", value: r.w1, details: { method: r.method } };
    }
    case "sliced":
    case "sliced_w1": {
      const o = { projections: options.projections, directions: options.directions, seed: options.seed };
      const dirDetails: Record<string, number | string> =
        options.directions === undefined ? { directions: "random", seed: options.seed ?? 0 } : { directions: "given" };
      if (est === "sliced") {
        const r = slicedW2(x, y, o);
        return { estimator: est, metric: "w2", value: r.w2, details: { w2_squared: r.w2_squared, projections: r.projections, ...dirDetails } };
      }
      const r = slicedW1(x, y, o);
      return { estimator: est, metric: "w1", value: r.w1, details: { projections: r.projections, ...dirDetails } };
    }
    case "sinkhorn": {
      if (options.reg === undefined) invalid(where, "options.reg", "a finite number > 0 (required for estimator sinkhorn)", undefined);
      const r = sinkhornDivergence(x, y, { reg: options.reg, stopThr: options.stopThr, maxIter: options.maxIter });
      return {
        estimator: est,
        metric: "w2",
        value: r.w2,
        details: {
          sinkhorn_divergence: r.sinkhorn_divergence,
          reg: r.reg,
          loss_xy: r.loss_xy,
          loss_xx: r.loss_xx,
          loss_yy: r.loss_yy,
          iterations: r.iterations[0] + r.iterations[1] + r.iterations[2],
          converged: r.converged,
        },
      };
    }
  }
}
