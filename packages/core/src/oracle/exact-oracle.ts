/**
 * The exact oracle (papers.md §5.4–5.5; golden `exact_iterate*.json`): for Gaussian data and the exact score
 * (optionally with a bias, scale or frozen-noise error) the sampler output y_K is exactly Gaussian, so
 * W2(L(y_K), target) is a closed form — no Monte Carlo. Diagonal data runs {@link iterateLawDiag} per
 * coordinate. Data with a full covariance go to the full-covariance oracle (`iterateLawFull` in
 * `full-covariance.ts`), which rotates into Σ's eigenbasis once per problem (cached: O(d³)) and runs the same
 * recursion per eigen-direction.
 */
import { requireInteger, UnsupportedError } from "../errors.js";
import { fullCovarianceBasis, iterateLawFull, type FullCovarianceBasis } from "./full-covariance.js";
import type { PointSpec } from "../spec.js";
import { stepCoefficientsImpl } from "../sampler/step-coefficients.js";
import { gaussianW2Diag } from "../ot/gaussian-w2.js";
import { iterateLawDiag } from "./iterate-law-diag.js";
import { resolveExactProblem, type ExactOptions, type ExactProblem, type ExactTarget } from "./exact-problem.js";
import { noiseErrorTable } from "../score/noise-error.js";

/** The oracle's answer for one point (DESIGN §7 `scoresweep exact`). */
export interface ExactResult {
  /** W2(L(y_K), target) (not squared). */
  w2: number;
  /** Σ_i (μ_i − m_i)²: the mean part of W2² (golden `w2sq_p0_mean_part`). */
  w2_mean_part: number;
  /** The spread part of W2²: Σ_i (√v_i − s_i)² for diagonal data, the Bures term for a full covariance. */
  w2_std_part: number;
  /** What W2 was measured against. */
  target: ExactTarget;
  /** Number of steps K. */
  steps: number;
  /** Step size η = (T − δ)/K. */
  eta: number;
  /** Early-stopping time δ used (after defaults). */
  delta: number;
  /** Prior variance used (after defaults). */
  prior_var: number;
  /** The law of y_K: N(mean, diag(var)) for diagonal data, N(mean, cov) (row-major d×d) for a full covariance. */
  iterate: { mean: number[]; var?: number[]; cov?: number[] };
}

/**
 * Exact W2 of the sampler output for `point` (which must set `sampler.steps`, an integer ≥ 1). Defaults and
 * validation as in {@link resolveExactProblem}; `opts.pointKey` is needed only for a `noise` error without seed.
 */
export function exactOracle(point: PointSpec, opts: ExactOptions = {}): ExactResult {
  const problem = resolveExactProblem(point, opts);
  const K = requireInteger("sampler.steps", "the number of steps", point.sampler.steps, 1);
  return exactAtSteps(problem, K);
}

/**
 * Coordinates with equal (mean, variance, bias) share one recursion: iso data in d = 1000 costs one coordinate.
 * A `noise` field differs per coordinate, so then every coordinate is its own group.
 */
interface DiagPlan {
  /** Distinct (m, λ, δ) triples. */
  mean: Float64Array;
  variance: Float64Array;
  bias: Float64Array | null;
  /** group[i] = index of coordinate i's triple. */
  group: Int32Array;
  /** Target law per coordinate. */
  targetMean: Float64Array;
  targetStd: Float64Array;
}

const plans = new WeakMap<ExactProblem, DiagPlan>();

function diagPlan(problem: ExactProblem): DiagPlan {
  const cached = plans.get(problem);
  if (cached) return cached;
  const { data, bias, schedule, delta, target } = problem;
  const d = data.dim;
  const std = data.std as Float64Array;
  const ids = new Map<string, number>();
  const group = new Int32Array(d);
  const m: number[] = [];
  const v: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < d; i++) {
    const bi = bias === null ? 0 : bias[i];
    const lam = std[i] * std[i];
    const key = problem.noise === null ? `${data.mean[i]}|${lam}|${bi}` : String(i);
    let g = ids.get(key);
    if (g === undefined) {
      g = m.length;
      ids.set(key, g);
      m.push(data.mean[i]);
      v.push(lam);
      b.push(bi);
    }
    group[i] = g;
  }
  const targetMean = new Float64Array(d);
  const targetStd = new Float64Array(d);
  const aD = target === "p_delta" ? schedule.a(delta) : 1;
  const b2D = target === "p_delta" ? schedule.b2(delta) : 0;
  for (let i = 0; i < d; i++) {
    targetMean[i] = aD * data.mean[i];
    targetStd[i] = target === "p_delta" ? Math.sqrt(aD * aD * std[i] * std[i] + b2D) : std[i];
  }
  const plan: DiagPlan = {
    mean: Float64Array.from(m),
    variance: Float64Array.from(v),
    bias: bias === null ? null : Float64Array.from(b),
    group,
    targetMean,
    targetStd,
  };
  plans.set(problem, plan);
  return plan;
}

/** Exact result of an already-resolved problem at K steps (K an integer ≥ 1; not re-validated). */
export function exactAtSteps(problem: ExactProblem, K: number): ExactResult {
  if (problem.data.cov !== null) return exactFullAtSteps(problem, problem.data.cov, K);
  const coeffs = stepCoefficientsImpl(problem.schedule, problem.scheme, K, problem.delta);
  const plan = diagPlan(problem);
  const d = problem.data.dim;
  const biasTable = problem.noise === null ? null : noiseErrorTable(problem.noise, coeffs.t, new Float64Array((K + 1) * d));
  const law = iterateLawDiag(coeffs, problem.schedule, plan.mean, plan.variance, {
    priorVar: problem.priorVar,
    bias: plan.bias,
    scale: problem.scale,
    biasTable,
  });
  const mean = new Array<number>(d);
  const variance = new Array<number>(d);
  const std = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const g = plan.group[i];
    mean[i] = law.mean[g];
    variance[i] = law.var[g];
    std[i] = Math.sqrt(variance[i]);
  }
  const w = gaussianW2Diag(d, mean, std, plan.targetMean, plan.targetStd);
  return {
    w2: w.w2,
    w2_mean_part: w.meanPart,
    w2_std_part: w.stdPart,
    target: problem.target,
    steps: K,
    eta: coeffs.eta,
    delta: problem.delta,
    prior_var: problem.priorVar,
    iterate: { mean, var: variance },
  };
}

/** Eigenbases of full covariances, one per resolved problem (a complexity search calls `exactAtSteps` many times). */
const bases = new WeakMap<ExactProblem, FullCovarianceBasis>();

/** {@link exactAtSteps} for data N(m, Σ) with a full covariance, through Σ's eigenbasis. */
function exactFullAtSteps(problem: ExactProblem, cov: Float64Array, K: number): ExactResult {
  if (problem.noise !== null) {
    throw new UnsupportedError("score.error: the noise error model is not supported by the full-covariance exact oracle; use a diagonal covariance (data.std)");
  }
  const data = problem.data;
  let basis = bases.get(problem);
  if (basis === undefined) {
    basis = fullCovarianceBasis(data.mean, cov, data.dim);
    bases.set(problem, basis);
  }
  const coeffs = stepCoefficientsImpl(problem.schedule, problem.scheme, K, problem.delta);
  const law = iterateLawFull(coeffs, problem.schedule, data.mean, cov, data.dim, {
    priorVar: problem.priorVar,
    bias: problem.bias,
    scale: problem.scale,
    target: problem.target,
    basis,
  });
  return {
    w2: law.w2,
    w2_mean_part: law.meanPart,
    w2_std_part: law.covPart,
    target: problem.target,
    steps: K,
    eta: coeffs.eta,
    delta: problem.delta,
    prior_var: problem.priorVar,
    iterate: { mean: Array.from(law.mean), cov: Array.from(law.cov!) },
  };
}
