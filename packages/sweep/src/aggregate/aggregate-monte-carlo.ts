/**
 * Monte Carlo aggregation of a point: its shards' statistics → estimate, 95% CI, noise floor (DESIGN §1, §5;
 * REFERENCE.md "What Monte Carlo can resolve").
 *
 * 1. Outcomes are ordered by (replicate, block) and grouped by replicate. If any shard diverged, the point is
 *    `diverged`: estimate, CI and floor null, `extra.diverged_at_step` = the smallest reported step,
 *    `extra.diverged_replicates` = the replicates concerned.
 * 2. One estimate per replicate, against the target law (`resolveTargetLaw` of `@scoresweep/core`: p0, or
 *    p_delta = N(a_δ m, a_δ² Σ + b_δ² I) and its mixture analogue):
 *    - `gaussian_fit`: the blocks' exact moment sums are merged exactly (core's `mergeExactMomentStats`) and rounded
 *      once (`moment-sums.ts`), giving the fitted N(mean, cov) with the unbiased covariance (ddof = 1; at the
 *      particle counts used the choice is immaterial, and ddof 1 matches core's `gaussian_fit`); estimate =
 *      closed-form W2 to the target's Gaussian (the moment-matched Gaussian for GMM data), per coordinate when fit
 *      and target are diagonal, Bures otherwise (`fitted-w2.ts`). Diagonal-only statistics (`diagonalOnly`) fit a diagonal Gaussian.
 *    - sample estimators (`sorted_1d`, `emd`, `sliced`, `sinkhorn`, `w1_*`): the blocks' samples concatenated in
 *      block (= particle) order, compared by core's `w2Estimate` (the `w1_*` spelling mapped by core's
 *      `w2EstimatorName`) with an exact target sample of the same size drawn on stream (seed, point id,
 *      "target-A"), replicate r (core's `sampleTarget`). Options from `metric`: `projections` (sliced; directions
 *      seeded per replicate from (seed, point id, "metric.directions", r)) and `reg` (sinkhorn).
 * 3. Across the n replicates: estimate = their mean (summed in replicate order); 95% CI = mean ± t_{0.975, n−1}·s/√n
 *    (core's `confidenceInterval`: Student t, s the replicates' standard deviation) when n ≥ 2, null for one
 *    replicate; `extra.std_error` = s/√n.
 * 4. Noise floor = mean over replicates of the same estimator on "no error at all" at the same sample size:
 *    - sample estimators: between the target-A sample and an independent target-B sample (`floor_method`
 *      `two_sample`);
 *    - `gaussian_fit`: W2 between the fit of an n-sample of the target and the target's Gaussian. Gaussian data: the
 *      fit drawn from its exact law (mean ~ N(m, Σ/n), scatter ~ Wishart by Bartlett; `parametric-fit.ts`) —
 *      `parametric`, O(d³) at any n; when n − 1 < d, an n-sample drawn (`sampled`). GMM data: an n-sample of the
 *      mixture is drawn (`sampled`) when n·d ≤ {@link FLOOR_SAMPLE_NUMBERS}, else a sample of m = ⌊budget/d⌋ points
 *      whose floor is rescaled by √(m/n) (`sampled_rescaled`: the fit's error, hence its W2, shrinks as n^{-1/2}).
 *    `extra.w2_debiased` = √max(0, estimate² − floor²) (W2 estimators; null for the W1 ones, where subtracting squares
 *    has no justification); `extra.separated_from_floor` = CI low > floor (null with one replicate).
 * 5. Deterministic to the bit for the same outcomes: fixed-order arithmetic, exact merges, counter-based streams —
 *    so splitting the same particles into other shard sizes gives the same aggregate.
 */
import {
  deriveKey,
  invalid,
  pointCloud,
  streamKey,
  confidenceInterval,
  debiasedW2,
  estimatorMetric,
  mergeExactMomentStats,
  POINT_ESTIMATORS,
  resolveTargetLaw,
  sampleTarget,
  TARGET_DOMAIN_A,
  TARGET_DOMAIN_B,
  w2Estimate,
  w2EstimatorName,
  gaussianW2Workspace,
  UnsupportedError,
  describeValue,
  type ExactMomentStats,
  type GaussianW2Workspace,
  type PointSpec,
  type StreamKey,
  type TargetLaw,
  type W2EstimateOptions,
  type W2EstimatorName,
} from "@scoresweep/core";
import type { PointAggregateValue, ShardOutcome } from "./shard-outcome.js";
import { fitGaussianFromSamples, fitGaussianFromSums } from "./moment-sums.js";
import { fittedW2 } from "./fitted-w2.js";
import { canDrawSampleFit, drawSampleFit } from "./parametric-fit.js";

/** Numbers (particles × d) a sampled `gaussian_fit` floor of GMM data may draw per replicate (32 MiB of doubles). */
export const FLOOR_SAMPLE_NUMBERS = 1 << 22;

/** Two-sided confidence level of `ci95`. */
export const CI_LEVEL = 0.95;

/** Stream domain of the sliced estimator's random directions (per replicate). */
export const DIRECTIONS_DOMAIN = "metric.directions";

/** A sample estimator of a point under `w2Estimate`'s name (`w1_emd` → `emd_w1`, core's one map), and its metric. */
function coreEstimator(estimator: string): { name: W2EstimatorName; metric: "w2" | "w1" } {
  const name = estimator === "gaussian_fit" ? null : w2EstimatorName(estimator);
  if (name === null) {
    const supported = POINT_ESTIMATORS.filter((e) => e !== "exact").join(", ");
    throw new UnsupportedError(`metric.estimator: Monte Carlo aggregation supports ${supported}; got ${describeValue(estimator)}`);
  }
  return { name, metric: estimatorMetric(name) };
}

/**
 * Checks, before any shard runs, that a point's Monte Carlo result can be aggregated: a supported estimator and data
 * kind, `metric.reg` for `sinkhorn`, dimension 1 for `sorted_1d`/`w1_sorted_1d`. Throws the core error classes
 * naming the field (the CLI prints the line and exits 2).
 */
export function checkMonteCarloPoint(point: PointSpec): void {
  const estimator = point.metric.estimator;
  const law = resolveTargetLaw(point);
  if (estimator === "gaussian_fit") return;
  const { name } = coreEstimator(estimator);
  if (name === "sinkhorn" && point.metric.reg === undefined) {
    invalid("metric.reg", "the entropic regularisation", "a number > 0 for estimator sinkhorn (squared data units)", undefined);
  }
  if ((name === "sorted_1d" || name === "sorted_1d_w1") && law.dim !== 1) {
    invalid("metric.estimator", `estimator ${estimator}`, "used with 1-dimensional data (data.dim = 1); use sliced or emd", `data.dim = ${law.dim}`);
  }
}

/** Tuning of {@link aggregateMonteCarlo} (tests only; the defaults are the contract). */
export interface MonteCarloOptions {
  /** Budget of a sampled `gaussian_fit` floor of GMM data, in numbers (particles × d); default {@link FLOOR_SAMPLE_NUMBERS}. */
  floorSampleNumbers?: number;
}

/** One replicate's numbers. */
interface ReplicateValue {
  replicate: number;
  estimate: number;
  floor: number;
  floorMethod: string;
  particles: number;
  meanPart?: number;
  spreadPart?: number;
}

/** Outcomes ordered by (replicate, block), grouped by replicate (ascending). */
function groupByReplicate(outcomes: readonly ShardOutcome[]): { replicate: number; outcomes: ShardOutcome[] }[] {
  const sorted = [...outcomes].sort((a, b) => a.replicate - b.replicate || a.block - b.block);
  const groups: { replicate: number; outcomes: ShardOutcome[] }[] = [];
  for (const o of sorted) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.replicate === o.replicate) last.outcomes.push(o);
    else groups.push({ replicate: o.replicate, outcomes: [o] });
  }
  return groups;
}

/** The `stats` of a done outcome, checked to be of `kind`. */
function statsOf<K extends "moments" | "samples">(pointId: string, o: ShardOutcome, kind: K): Extract<NonNullable<ShardOutcome["stats"]>, { kind: K }> {
  const s = o.stats;
  if (s === null || s.kind !== kind) {
    invalid(`aggregate: point ${pointId} replicate ${o.replicate} block ${o.block}`, "the shard statistics", `of kind ${kind}`, s === null ? null : s.kind);
  }
  return s as Extract<NonNullable<ShardOutcome["stats"]>, { kind: K }>;
}

/** `gaussian_fit` for one replicate: merged moments → fit → W2; floor as in the module comment. */
function gaussianFitReplicate(
  pointId: string,
  law: TargetLaw,
  replicate: number,
  outcomes: ShardOutcome[],
  keyA: StreamKey,
  ws: GaussianW2Workspace,
  budget: number,
): ReplicateValue {
  const merged: ExactMomentStats = mergeExactMomentStats(
    outcomes.map((o) => statsOf(pointId, o, "moments")),
    "aggregate",
    "moments",
  );
  if (merged.dim !== law.dim) invalid(`aggregate: point ${pointId}`, "the moments' dimension", `data.dim = ${law.dim}`, merged.dim);
  const fit = fitGaussianFromSums(merged);
  const est = fittedW2(fit, law.gaussian, ws);
  const n = merged.n;
  const d = law.dim;
  let floor: number;
  let floorMethod: string;
  if (law.kind === "gaussian" && canDrawSampleFit(n, d, merged.diagonalOnly, law.gaussian.std !== null)) {
    floor = fittedW2(drawSampleFit(law.sampler, n, merged.diagonalOnly, keyA, replicate), law.gaussian, ws).w2;
    floorMethod = "parametric";
  } else {
    const m = law.kind === "gaussian" ? n : Math.min(n, Math.max(2, Math.floor(budget / d)));
    const y = sampleTarget(law, m, keyA, replicate);
    floor = fittedW2(fitGaussianFromSamples(m, d, y, merged.diagonalOnly), law.gaussian, ws).w2;
    if (m < n) {
      floor *= Math.sqrt(m / n);
      floorMethod = "sampled_rescaled";
    } else {
      floorMethod = "sampled";
    }
  }
  return { replicate, estimate: est.w2, floor, floorMethod, particles: n, meanPart: est.meanPart, spreadPart: est.spreadPart };
}

/** A 53-bit direction seed for replicate r, from (seed, point id, "metric.directions", r). */
function directionSeed(seed: number, pointId: string, replicate: number): number {
  const k = deriveKey(streamKey(seed, pointId, DIRECTIONS_DOMAIN), `r${replicate}`);
  return (k.k1 & 0x1fffff) * 4294967296 + k.k0;
}

/** A sample estimator for one replicate: output vs target-A; floor target-A vs target-B. */
function sampleReplicate(
  point: PointSpec,
  pointId: string,
  seed: number,
  law: TargetLaw,
  replicate: number,
  outcomes: ShardOutcome[],
  keyA: StreamKey,
  keyB: StreamKey,
): ReplicateValue {
  const parts = outcomes.map((o) => statsOf(pointId, o, "samples"));
  const d = law.dim;
  let n = 0;
  for (const p of parts) {
    if (p.dim !== d) invalid(`aggregate: point ${pointId} replicate ${replicate}`, "the samples' dimension", `data.dim = ${d}`, p.dim);
    if (p.samples.length !== p.n * d) invalid(`aggregate: point ${pointId} replicate ${replicate}`, "the samples", `n·d = ${p.n * d} numbers`, p.samples.length);
    n += p.n;
  }
  if (n === 0) invalid(`aggregate: point ${pointId} replicate ${replicate}`, "the samples", "non-empty", "0 samples");
  const x = new Float64Array(n * d);
  let at = 0;
  for (const p of parts) {
    x.set(p.samples, at);
    at += p.samples.length;
  }
  const { name } = coreEstimator(point.metric.estimator);
  const options: W2EstimateOptions = { estimator: name };
  if (name === "sliced" || name === "sliced_w1") {
    options.projections = point.metric.projections as number | undefined;
    options.seed = directionSeed(seed, pointId, replicate);
  } else if (name === "sinkhorn") {
    options.reg = point.metric.reg as number | undefined;
  }
  const y = sampleTarget(law, n, keyA, replicate);
  const z = sampleTarget(law, n, keyB, replicate);
  const estimate = w2Estimate(pointCloud(x, d), pointCloud(y, d), options).value;
  const floor = w2Estimate(pointCloud(z, d), pointCloud(y, d), options).value;
  return { replicate, estimate, floor, floorMethod: "two_sample", particles: n };
}

/** Mean of xs in order (plain float64 sum: deterministic). */
function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Monte Carlo aggregation of one point's shard outcomes (module comment). `seed` is the point's stream seed (its
 * `mc.seed`, else the campaign seed), `pointId` its canonical id: together they address the target streams. Throws
 * the core error classes for outcomes that do not fit the point (wrong statistic kind or dimension, none at all).
 */
export function aggregateMonteCarlo(
  point: PointSpec,
  pointId: string,
  seed: number,
  outcomes: readonly ShardOutcome[],
  options: MonteCarloOptions = {},
): PointAggregateValue {
  const estimator = point.metric.estimator;
  if (outcomes.length === 0) invalid(`aggregate: point ${pointId}`, "the shard outcomes", "at least one", "none");
  const groups = groupByReplicate(outcomes);
  const diverged = outcomes.filter((o) => o.status === "diverged");
  if (diverged.length > 0) {
    let step: number | null = null;
    for (const o of diverged) if (o.divergedAtStep !== null && (step === null || o.divergedAtStep < step)) step = o.divergedAtStep;
    const reps = [...new Set(diverged.map((o) => o.replicate))].sort((a, b) => a - b);
    return {
      estimator,
      estimate: null,
      ciLow: null,
      ciHigh: null,
      n: groups.length,
      noiseFloor: null,
      status: "diverged",
      extra: { diverged_at_step: step, diverged_replicates: reps },
    };
  }
  const law = resolveTargetLaw(point);
  const keyA = streamKey(seed, pointId, TARGET_DOMAIN_A);
  const keyB = streamKey(seed, pointId, TARGET_DOMAIN_B);
  let metric: "w2" | "w1" = "w2";
  let values: ReplicateValue[];
  if (estimator === "gaussian_fit") {
    const ws = gaussianW2Workspace(law.dim);
    const budget = options.floorSampleNumbers ?? FLOOR_SAMPLE_NUMBERS;
    values = groups.map((g) => gaussianFitReplicate(pointId, law, g.replicate, g.outcomes, keyA, ws, budget));
  } else {
    metric = coreEstimator(estimator).metric;
    values = groups.map((g) => sampleReplicate(point, pointId, seed, law, g.replicate, g.outcomes, keyA, keyB));
  }
  const n = values.length;
  const estimates = values.map((v) => v.estimate);
  const estimate = mean(estimates);
  const floor = mean(values.map((v) => v.floor));
  const ci = n >= 2 ? confidenceInterval(estimates, CI_LEVEL) : null;
  const ciLow = ci === null ? null : ci.lower;
  const ciHigh = ci === null ? null : ci.upper;
  const methods = [...new Set(values.map((v) => v.floorMethod))];
  const extra: Record<string, unknown> = {
    metric,
    replicates: estimates,
    replicate_ids: values.map((v) => v.replicate),
    floor_replicates: values.map((v) => v.floor),
    floor_method: methods.join(","),
    particles: values.map((v) => v.particles),
    std_error: ci === null ? null : ci.std_error,
    w2_debiased: metric === "w2" ? debiasedW2(estimate, floor) : null,
    separated_from_floor: ciLow === null ? null : ciLow > floor,
  };
  if (estimator === "gaussian_fit") {
    extra.ddof = 1;
    extra.w2_mean_part = mean(values.map((v) => v.meanPart as number));
    extra.w2_spread_part = mean(values.map((v) => v.spreadPart as number));
  }
  return { estimator, estimate, ciLow, ciHigh, n, noiseFloor: floor, status: "done", extra };
}
