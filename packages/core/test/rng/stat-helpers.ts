/**
 * Small statistics helpers for the Monte Carlo tests (test-only): the normal CDF and quantile, sample
 * moments, the Kolmogorov–Smirnov statistic and Bonferroni-corrected z thresholds.
 */

/**
 * erfc(x) by the Chebyshev fit of Numerical Recipes (`erfcc`), fractional error < 1.2e-7 everywhere — ample
 * for KS distances ~1e-3 and for z thresholds.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** The z with two-sided tail P(|Z| > z) = p (bisection on Φ; |error| < 1e-10 in z). */
export function twoSidedZ(p: number): number {
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (2 * (1 - normalCdf(mid)) > p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * The z threshold for `tests` simultaneous two-sided tests at family-wise false-alarm rate `alpha`
 * (Bonferroni), never below 4 (the project's 4-SE rule).
 */
export function bonferroniZ(tests: number, alpha = 1e-3): number {
  return Math.max(4, twoSidedZ(alpha / tests));
}

/** Mean and unbiased variance (ddof 1) of column `col` of an n×d row-major array. */
export function columnMoments(x: Float64Array, n: number, d: number, col: number): { mean: number; var: number } {
  let s = 0;
  for (let p = 0; p < n; p++) s += x[p * d + col];
  const mean = s / n;
  let ss = 0;
  for (let p = 0; p < n; p++) {
    const r = x[p * d + col] - mean;
    ss += r * r;
  }
  return { mean, var: ss / (n - 1) };
}

/** Kolmogorov–Smirnov distance sup |F_n − F| of the sample against the continuous CDF `cdf`. */
export function ksDistance(sample: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(sample).sort();
  const n = s.length;
  let dmax = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    dmax = Math.max(dmax, (i + 1) / n - f, f - i / n);
  }
  return dmax;
}

/**
 * Critical value of the one-sample KS distance at level alpha for large n: √(ln(2/α)/2)/√n (the
 * asymptotic Kolmogorov tail 2e^{−2nD²}, conservative).
 */
export function ksCritical(n: number, alpha: number): number {
  return Math.sqrt(Math.log(2 / alpha) / 2) / Math.sqrt(n);
}
