/**
 * The answer of an iteration-complexity search for one ε (DESIGN §8 `searches.complexity`), the same shape for the
 * exact oracle ({@link exactComplexity}) and for Monte Carlo ({@link ComplexitySearch}), so exports and reports
 * need not care which produced it.
 */

/** How K* was found: the exact oracle's curve, or bisection on Monte Carlo confidence intervals. */
export type ComplexityMethod = "exact_oracle" | "mc_bisection";

/**
 * Outcome of the search for one ε:
 * - `resolved`: K* is pinned on the grid — `bracketLow` is the grid K just below `steps` (certainly not reached)
 *   or `steps` is the first grid K;
 * - `bracketed`: `steps` (= `bracketHigh`) is certainly reached and `bracketLow` certainly not, but the K between
 *   them that were evaluated (`undecided`) have confidence intervals containing ε: the true K* lies in
 *   (`bracketLow`, `bracketHigh`];
 * - `unreached`: even the largest grid K is certainly not reached (`steps` null, `bracketLow` = largest grid K);
 * - `undecided`: no evaluated K is certainly reached and the largest grid K has a CI containing ε;
 * - `floor_limited`: ε is at or below the estimator's noise floor where the curve gets there, so no K can be
 *   certified to reach it at this sample size (more particles lower the floor);
 * - `pending`: the search still needs estimates (`ComplexitySearch.next()`).
 */
export type ComplexityStatus = "resolved" | "bracketed" | "unreached" | "undecided" | "floor_limited" | "pending";

/** K*(ε) with its bracket (step counts are grid values; W2 in the point's units). */
export interface ComplexityResult {
  /** The accuracy ε (W2 units). */
  eps: number;
  /** K*: the smallest evaluated grid K certainly reaching W2 ≤ ε, or null. */
  steps: number | null;
  /** Largest evaluated grid K below `steps` that certainly does not reach ε (null if none). */
  bracketLow: number | null;
  /** Smallest evaluated grid K certainly reaching ε (= `steps`). */
  bracketHigh: number | null;
  /** The W2 estimate at `steps` (null with it). */
  estimate: number | null;
  /** See {@link ComplexityStatus}. */
  status: ComplexityStatus;
  method: ComplexityMethod;
  /** Grid K evaluated strictly inside the bracket whose CI could not decide ε (ascending; empty when resolved). */
  undecided: number[];
  /**
   * False when some evaluated K above `steps` is certainly *not* reached: the curve is not decreasing there (or
   * the CIs are not honest) and bisection's premise failed; `steps` is still the smallest certified K.
   */
  monotone: boolean;
}
