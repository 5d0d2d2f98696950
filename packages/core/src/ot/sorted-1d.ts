/**
 * Exact Wasserstein distances in one dimension by sorting. On the line the optimal plan between two measures is
 * the monotone (quantile) coupling, so W_p^p = ∫_0^1 |F^{-1}(t) − G^{-1}(t)|^p dt with F, G the two CDFs
 * (Villani, Topics in Optimal Transportation, Thm 2.18). For uniform empirical measures of equal size n this is
 * (1/n) Σ |x_(i) − y_(i)|^p over the order statistics; for sizes n ≠ m the two quantile functions are step
 * functions with breaks at i/n and j/m, and the integral is a merge over both sets of breaks.
 */
import { describeValue, invalid } from "../errors.js";
import { invalidGot } from "./invalid-got.js";

/**
 * Kernel: W_p^p (p = 1 or 2) between the uniform empirical measures on the SORTED samples `xs` (length n) and
 * `ys` (length m), in coordinate units to the power p. Allocates nothing. The breaks i/n and j/m are compared as
 * the integers i·m and j·n (exact below 2^53), so the interval lengths carry no rounding error.
 */
export function sortedCostImpl(n: number, xs: Float64Array, m: number, ys: Float64Array, p: 1 | 2): number {
  let acc = 0;
  if (n === m) {
    if (p === 2) {
      for (let i = 0; i < n; i++) {
        const t = xs[i] - ys[i];
        acc += t * t;
      }
    } else {
      for (let i = 0; i < n; i++) acc += Math.abs(xs[i] - ys[i]);
    }
    return acc / n;
  }
  let i = 0;
  let j = 0;
  let pos = 0;
  let endX = m; // (i+1)·m: end of the x-step i, in units of 1/(n·m)
  let endY = n; // (j+1)·n
  while (i < n && j < m) {
    const end = endX < endY ? endX : endY;
    const t = xs[i] - ys[j];
    acc += (end - pos) * (p === 2 ? t * t : Math.abs(t));
    pos = end;
    if (endX === end) {
      i++;
      endX += m;
    }
    if (endY === end) {
      j++;
      endY += n;
    }
  }
  return acc / (n * m);
}

/** Copies `x` into a new Float64Array sorted ascending (typed-array sort is numeric, not lexicographic). */
function sortedCopy(x: ArrayLike<number>): Float64Array {
  const out = x instanceof Float64Array ? x.slice() : Float64Array.from(x);
  return out.sort();
}

function requireSample(where: string, what: string, x: ArrayLike<number>): void {
  if (x === null || typeof x !== "object" || typeof x.length !== "number") invalid(where, what, "an array of numbers", x);
  if (x.length === 0) invalidGot(where, what, "a non-empty sample (at least one point)", "0 points");
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) invalidGot(where, `${what} values`, "finite numbers", `${describeValue(x[i])} at index ${i}`);
  }
}

/**
 * Exact W2 between the uniform empirical measures of two 1-D samples (any sizes n, m ≥ 1), in the units of the
 * samples (W2, not squared). Sorts copies: O(n log n); n = 10⁶ takes about 0.2 s.
 */
export function sorted1dW2(x: ArrayLike<number>, y: ArrayLike<number>): number {
  requireSample("sorted1dW2", "x", x);
  requireSample("sorted1dW2", "y", y);
  return Math.sqrt(sortedCostImpl(x.length, sortedCopy(x), y.length, sortedCopy(y), 2));
}

/** Exact W1 between the uniform empirical measures of two 1-D samples (any sizes), in the units of the samples. */
export function sorted1dW1(x: ArrayLike<number>, y: ArrayLike<number>): number {
  requireSample("sorted1dW1", "x", x);
  requireSample("sorted1dW1", "y", y);
  return sortedCostImpl(x.length, sortedCopy(x), y.length, sortedCopy(y), 1);
}
