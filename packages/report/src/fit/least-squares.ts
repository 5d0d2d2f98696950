/**
 * Ordinary least squares with an intercept, for the handful of regressors the report fits (power-law exponents on
 * log scales): coefficients, their standard errors and t-based confidence intervals. Columns are centred before the
 * normal equations are solved, which keeps the p×p system well conditioned for log-scaled data.
 */
import { studentTQuantile } from "@scoresweep/core";

/** Result of {@link leastSquares}: y ≈ intercept + Σ_j slopes[j]·x_j. */
export interface LinearFit {
  intercept: number;
  slopes: number[];
  /** Standard error of each slope (NaN when there are no residual degrees of freedom). */
  slopeStdErrors: number[];
  /** Confidence interval of each slope at `level`, or null when df = 0. */
  slopeCis: ([number, number] | null)[];
  /** Confidence level of the intervals (e.g. 0.95). */
  level: number;
  /** Observations. */
  n: number;
  /** Residual degrees of freedom n − p − 1. */
  df: number;
  /** Residual sum of squares. */
  rss: number;
  /** Coefficient of determination (1 when y is constant and fitted exactly). */
  rSquared: number;
}

/** Inverse of a small symmetric positive-definite matrix by Gauss–Jordan with partial pivoting. */
function invertSmall(a: number[][]): number[][] {
  const p = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: p }, (_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(...a.map((row, i) => Math.abs(row[i]!)), 0);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    if (!(Math.abs(m[piv]![c]!) > 1e-12 * scale)) throw new RangeError("leastSquares: the regressors must not be constant or collinear");
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const d = m[c]![c]!;
    for (let k = 0; k < 2 * p; k++) m[c]![k]! /= d;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      if (f !== 0) for (let k = 0; k < 2 * p; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row) => row.slice(p));
}

/**
 * Fits y ≈ β₀ + Σ_j β_j x_{ij} by least squares. `x[i]` holds the p regressors of observation i. Needs n ≥ p + 1
 * finite observations and regressors that vary and are not collinear (else RangeError). Intervals use Student's t
 * with n − p − 1 degrees of freedom.
 */
export function leastSquares(x: readonly (readonly number[])[], y: readonly number[], level = 0.95): LinearFit {
  const n = y.length;
  if (x.length !== n) throw new RangeError(`leastSquares: x must have one row per observation (${n}); got ${x.length}`);
  if (n === 0) throw new RangeError("leastSquares: needs at least one observation; got 0");
  const p = x[0]!.length;
  if (n < p + 1) throw new RangeError(`leastSquares: needs at least ${p + 1} observations for ${p} regressor(s); got ${n}`);
  for (let i = 0; i < n; i++) {
    if (x[i]!.length !== p || !x[i]!.every(Number.isFinite) || !Number.isFinite(y[i]!)) {
      throw new RangeError(`leastSquares: observation ${i} must have ${p} finite regressors and a finite response`);
    }
  }
  const xMean = Array.from({ length: p }, (_, j) => x.reduce((s, row) => s + row[j]!, 0) / n);
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) {
    const yc = y[i]! - yMean;
    for (let j = 0; j < p; j++) {
      const xj = x[i]![j]! - xMean[j]!;
      xty[j]! += xj * yc;
      for (let k = 0; k < p; k++) xtx[j]![k]! += xj * (x[i]![k]! - xMean[k]!);
    }
  }
  const inv = invertSmall(xtx);
  const slopes = inv.map((row) => row.reduce((s, v, k) => s + v * xty[k]!, 0));
  const intercept = yMean - slopes.reduce((s, b, j) => s + b * xMean[j]!, 0);
  let rss = 0;
  let tss = 0;
  for (let i = 0; i < n; i++) {
    const fit = intercept + slopes.reduce((s, b, j) => s + b * x[i]![j]!, 0);
    rss += (y[i]! - fit) ** 2;
    tss += (y[i]! - yMean) ** 2;
  }
  const df = n - p - 1;
  const sigma2 = df > 0 ? rss / df : NaN;
  const slopeStdErrors = inv.map((row, j) => Math.sqrt(sigma2 * row[j]!));
  const t = df > 0 ? studentTQuantile(0.5 + level / 2, df) : NaN;
  const slopeCis = slopes.map((b, j): [number, number] | null => (df > 0 ? [b - t * slopeStdErrors[j]!, b + t * slopeStdErrors[j]!] : null));
  return { intercept, slopes, slopeStdErrors, slopeCis, level, n, df, rss, rSquared: tss > 0 ? 1 - rss / tss : 1 };
}
