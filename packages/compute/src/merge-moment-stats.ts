/**
 * Merging shard moment statistics and handing them to the estimators. `MomentStats` (shard-task.ts) hold exact
 * sums (Shewchuk expansions) of the shifted moments, so merging is exact addition: any number of shards, in any
 * order or grouping, gives the same bits (DESIGN §2). The `gaussian_fit` estimator of `@scoresweep/core` takes
 * (count, mean, co-moment matrix); {@link toCoreMoments} converts, rounding once at the end.
 */
import { ExactSum, invalid, mergePackedExactSums, packedExactValue, type MomentStats as CoreMoments } from "@scoresweep/core";
import type { MomentStats } from "./shard-task.js";
import { momentComponents } from "./impl/moment-accumulator.js";

/**
 * The exact sum of shard statistics of one point (same dim, shift and layout; throws InvalidParameterError naming
 * `stats[i]` otherwise, or for an empty list). The result's bits do not depend on the order of `parts`.
 */
export function mergeMomentStats(parts: readonly MomentStats[]): MomentStats {
  if (!Array.isArray(parts) || parts.length === 0) invalid("mergeMomentStats", "stats", "a non-empty array of MomentStats", parts);
  const first = parts[0];
  let n = 0;
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i];
    if (s?.kind !== "moments" || s.dim !== first.dim || s.diagonalOnly !== first.diagonalOnly || s.offsets.length !== momentComponents(first.dim, first.diagonalOnly) + 1) {
      invalid(`mergeMomentStats: stats[${i}]`, "a shard statistic", `moments of dimension ${first.dim} (diagonalOnly ${first.diagonalOnly})`, s?.kind);
    }
    for (let j = 0; j < first.dim; j++) {
      if (!Object.is(s.shift[j], first.shift[j])) invalid(`mergeMomentStats: stats[${i}].shift[${j}]`, "the shift", `equal to stats[0]'s (${first.shift[j]})`, s.shift[j]);
    }
    n += s.n;
  }
  const { sums, offsets } = mergePackedExactSums(parts);
  return { kind: "moments", n, dim: first.dim, shift: Float64Array.from(first.shift), diagonalOnly: first.diagonalOnly, sums, offsets };
}

/**
 * The sample mean and co-moment matrix Σ (x − x̄)(x − x̄)ᵀ of a (merged) statistic, in `@scoresweep/core`'s
 * `MomentStats` form for the Gaussian-fit estimator. With S1 = Σ(x − c) and S2 = Σ(x − c)(x − c)ᵀ:
 * x̄ = c + S1/n and M = S2 − S1 S1ᵀ/n, with S2's exact expansion and the product term summed exactly before the
 * one final rounding. For `diagonalOnly` statistics the off-diagonal entries are 0 (unknown): use the diagonal fit.
 */
export function toCoreMoments(s: MomentStats): CoreMoments {
  const d = s.dim;
  const n = s.n;
  const mean = new Float64Array(d);
  const comoment = new Float64Array(d * d);
  if (n === 0) return { count: 0, d, mean, comoment };
  const s1 = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    s1[i] = packedExactValue(s, i);
    mean[i] = s.shift[i] + s1[i] / n;
  }
  const acc = new ExactSum();
  let c = d;
  for (let i = 0; i < d; i++) {
    const end = s.diagonalOnly ? i + 1 : d;
    for (let j = i; j < end; j++) {
      acc.clear();
      acc.addAll(s.sums, s.offsets[c], s.offsets[c + 1] - s.offsets[c]);
      acc.add(-((s1[i] * s1[j]) / n));
      const v = acc.value();
      comoment[i * d + j] = v;
      comoment[j * d + i] = v;
      c++;
    }
  }
  return { count: n, d, mean, comoment };
}
