/**
 * The `gaussian_fit` shard statistic (DESIGN §2): exact, grouping-invariant sums of the shifted first and second
 * moments of a shard's output particles. Produced by the kernels of `@scoresweep/compute` (`MomentAccumulator`),
 * carried by the shard protocol of `@scoresweep/sweep` (the `moments` variant, `kind: "moments"` on the wire) and
 * merged by whoever aggregates — all through the type and functions of this module.
 *
 * How it is formed: particles arrive in blocks of `PARTICLE_BLOCK` (`rng/particle-block.ts`) consecutive global
 * indices that never straddle a shard boundary. Inside a block each component is summed in float64 in particle order
 * (a fixed computation, whichever shard holds the block); the block totals are then added to exact expansions
 * (Shewchuk, `exact-sum.ts`), whose value and canonical serialisation do not depend on the order or grouping of
 * additions. So the same set of blocks gives the same bits however it was split into shards and merged.
 *
 * Layout of the packed components (`sums`/`offsets` as in {@link PackedExactSums}), with c = `shift` (the data
 * mean, so the first moments are small and centring loses little):
 *
 *     component i                                  (0 ≤ i < d)             Σ_p (x_pi − c_i)
 *     d + i                                        (diagonalOnly)           Σ_p (x_pi − c_i)²
 *     d + i·d − i(i−1)/2 + (j − i)                 (full, 0 ≤ i ≤ j < d)    Σ_p (x_pi − c_i)(x_pj − c_j)
 *
 * i.e. the d first moments, then either the d diagonal second moments or the d(d+1)/2 co-moments of the upper
 * triangle, row-major ((0,0), (0,1), …, (0,d−1), (1,1), …). Merge shards with {@link mergeExactMomentStats}, then
 * round once with {@link momentsOfExact} (core's Chan-style {@link MomentStats}) or the aggregation's
 * `fitGaussianFromSums` (`@scoresweep/sweep`, covariance with ddof).
 */
import { invalid } from "../errors.js";
import { ExactSum, mergePackedExactSums, packedExactValue, type PackedExactSums } from "./exact-sum.js";
import type { MomentStats } from "./moment-stats.js";

/**
 * Exact moment sums of `n` particles in dimension `dim` (module comment). Plain data: it crosses worker-thread and
 * network boundaries (msgpackr), so its arrays own plain ArrayBuffers.
 */
export interface ExactMomentStats {
  /** Wire discriminator of the shard statistic. */
  kind: "moments";
  /** Particles summed (count). */
  n: number;
  /** Dimension d. */
  dim: number;
  /** The shift c (length d, data units). */
  shift: Float64Array<ArrayBuffer>;
  /** True when only the diagonal second moments are kept. */
  diagonalOnly: boolean;
  /** Canonical expansions of the components, concatenated (see {@link PackedExactSums}). */
  sums: Float64Array<ArrayBuffer>;
  /** Start of each component's expansion in `sums`, plus the end (length components + 1). */
  offsets: Uint32Array<ArrayBuffer>;
}

/** Number of packed components in dimension d: d first moments plus d (diagonal) or d(d+1)/2 second moments. */
export function momentComponents(d: number, diagonalOnly: boolean): number {
  return d + (diagonalOnly ? d : (d * (d + 1)) / 2);
}

/** Index of the second-moment component (i, j), 0 ≤ i ≤ j < d, in the full (upper-triangle, row-major) layout. */
export function comomentIndex(d: number, i: number, j: number): number {
  // Row i of the upper triangle starts after rows 0..i−1 (d, d−1, …, d−i+1 entries).
  return d + i * d - (i * (i - 1)) / 2 + (j - i);
}

/**
 * Checks one statistic's internal consistency (it crossed a process boundary): kind, shift length, component count
 * and the span of `offsets`. Throws InvalidParameterError `<where>: <field> must be …`.
 */
export function requireExactMomentStats(where: string, s: ExactMomentStats): void {
  if (s === null || typeof s !== "object" || s.kind !== "moments") invalid(where, "kind", "moments", (s as { kind?: unknown } | null)?.kind);
  const m = momentComponents(s.dim, s.diagonalOnly);
  if (s.shift.length !== s.dim) invalid(where, "shift", `of length dim = ${s.dim}`, `length ${s.shift.length}`);
  if (s.offsets.length !== m + 1) invalid(where, "offsets", `of length ${m + 1} (components + 1)`, `length ${s.offsets.length}`);
  if (s.offsets[0] !== 0 || s.offsets[m] !== s.sums.length) invalid(where, "offsets", `to span sums[0..${s.sums.length})`, `[${s.offsets[0]}, ${s.offsets[m]})`);
}

/**
 * The exact merge of statistics of one point and replicate: counts added, expansions summed exactly, so the result's
 * bits depend neither on the order nor on the grouping of `parts`. Errors (InvalidParameterError) name the part as
 * `<where>: <name>[i]: <field> …` when a part is malformed or disagrees with `<name>[0]` on dimension, layout or
 * shift, and `<where>: <name> must be a non-empty array …` for no parts.
 */
export function mergeExactMomentStats(parts: readonly ExactMomentStats[], where = "mergeExactMomentStats", name = "stats"): ExactMomentStats {
  if (!Array.isArray(parts) || parts.length === 0) invalid(where, name, "a non-empty array of moment statistics", parts);
  const first = parts[0];
  let n = 0;
  parts.forEach((p, b) => {
    const at = `${where}: ${name}[${b}]`;
    requireExactMomentStats(at, p);
    if (p.dim !== first.dim) invalid(at, "dim", `${first.dim} (as ${name}[0])`, p.dim);
    if (p.diagonalOnly !== first.diagonalOnly) invalid(at, "diagonalOnly", `${first.diagonalOnly} (as ${name}[0])`, p.diagonalOnly);
    for (let i = 0; i < p.dim; i++) {
      if (!Object.is(p.shift[i], first.shift[i])) invalid(at, `shift[${i}]`, `${first.shift[i]} (as ${name}[0])`, p.shift[i]);
    }
    n += p.n;
  });
  if (parts.length === 1) return { ...first, shift: first.shift.slice(), sums: first.sums.slice(), offsets: first.offsets.slice() };
  const merged: PackedExactSums = mergePackedExactSums(parts);
  return {
    kind: "moments",
    n,
    dim: first.dim,
    shift: first.shift.slice(),
    diagonalOnly: first.diagonalOnly,
    sums: merged.sums as Float64Array<ArrayBuffer>,
    offsets: merged.offsets as Uint32Array<ArrayBuffer>,
  };
}

/**
 * The sample mean and co-moment matrix Σ (x − x̄)(x − x̄)ᵀ of a (merged) statistic as core's {@link MomentStats}
 * (for `gaussianFitW2FromMoments`). With S1 = Σ(x − c) and S2 = Σ(x − c)(x − c)ᵀ: x̄ = c + S1/n and
 * M = S2 − S1 S1ᵀ/n, S2's exact expansion and the product term summed exactly before the one final rounding. For
 * `diagonalOnly` statistics the off-diagonal entries are 0 (unknown): use the diagonal fit. Trusts its input.
 */
export function momentsOfExact(s: ExactMomentStats): MomentStats {
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
