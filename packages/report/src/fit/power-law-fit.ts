/**
 * Power-law fits on log scales: y ≈ C·Π_j x_j^{p_j}, fitted by least squares on logs (ln y = ln C + Σ p_j ln x_j).
 * The interval of an exponent is the t-based OLS interval; when the scatter around the line is deterministic (grid
 * rounding of K*, log factors) it measures misfit rather than randomness, and the report says so.
 */
import { leastSquares } from "./least-squares.js";

/** A fitted exponent with its 95% interval (null when there are too few points for one). */
export interface FittedExponent {
  exponent: number;
  stdError: number | null;
  ci95: [number, number] | null;
}

/** Result of {@link fitPowerLaw}. */
export interface PowerLawFit extends FittedExponent {
  /** C in y ≈ C·x^exponent. */
  prefactor: number;
  /** Points used (positive and finite in both coordinates). */
  n: number;
  rSquared: number;
}

/** Result of {@link fitPowerLawMulti}. */
export interface MultiPowerLawFit {
  exponents: FittedExponent[];
  prefactor: number;
  n: number;
  rSquared: number;
}

const usable = (v: number) => Number.isFinite(v) && v > 0;

/**
 * Fits y ≈ C·x^p on the pairs with x, y > 0 and finite; null when fewer than 2 such pairs or when x does not vary.
 * With exactly 2 pairs the exponent is exact and has no interval.
 */
export function fitPowerLaw(x: readonly number[], y: readonly number[]): PowerLawFit | null {
  const rows: number[][] = [];
  const ly: number[] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (usable(x[i]!) && usable(y[i]!)) {
      rows.push([Math.log(x[i]!)]);
      ly.push(Math.log(y[i]!));
    }
  }
  if (rows.length < 2 || rows.every((r) => r[0] === rows[0]![0])) return null;
  const fit = leastSquares(rows, ly);
  return {
    exponent: fit.slopes[0]!,
    stdError: fit.df > 0 ? fit.slopeStdErrors[0]! : null,
    ci95: fit.slopeCis[0] ?? null,
    prefactor: Math.exp(fit.intercept),
    n: fit.n,
    rSquared: fit.rSquared,
  };
}

/**
 * Fits y ≈ C·Π_j x_j^{p_j} (x[i] holds the regressors of observation i) on observations with every coordinate > 0
 * and finite; null when there are not enough observations (p + 1) or a regressor does not vary.
 */
export function fitPowerLawMulti(x: readonly (readonly number[])[], y: readonly number[]): MultiPowerLawFit | null {
  const rows: number[][] = [];
  const ly: number[] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (usable(y[i]!) && x[i]!.every(usable)) {
      rows.push(x[i]!.map(Math.log));
      ly.push(Math.log(y[i]!));
    }
  }
  const p = x[0]?.length ?? 0;
  if (p === 0 || rows.length < p + 1) return null;
  for (let j = 0; j < p; j++) if (rows.every((r) => r[j] === rows[0]![j])) return null;
  let fit;
  try {
    fit = leastSquares(rows, ly);
  } catch {
    return null; // collinear regressors
  }
  return {
    exponents: fit.slopes.map((b, j) => ({ exponent: b, stdError: fit.df > 0 ? fit.slopeStdErrors[j]! : null, ci95: fit.slopeCis[j] ?? null })),
    prefactor: Math.exp(fit.intercept),
    n: fit.n,
    rSquared: fit.rSquared,
  };
}
