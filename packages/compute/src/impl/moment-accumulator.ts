/**
 * Streaming, grouping-invariant moment sums of the sampler output: the producer of `ExactMomentStats`
 * (`@scoresweep/core`, `stats/exact-moment-stats.ts`, which owns the layout and the merge).
 *
 * Components, in order: the d first moments Σ_p (x_p,i − c_i), then either the d diagonal second moments
 * Σ_p (x_p,i − c_i)² (`diagonalOnly`) or the d(d+1)/2 co-moments Σ_p (x_p,i − c_i)(x_p,j − c_j) for i ≤ j, upper
 * triangle row-major ((0,0), (0,1), …, (0,d−1), (1,1), …). The shift c is the data mean.
 *
 * How the sums stay bitwise independent of the sharding: particles arrive in micro-blocks of PARTICLE_BLOCK
 * consecutive global indices that never straddle a shard boundary (shards are aligned to them). Inside a
 * micro-block each component is summed in float64 in particle order — a fixed computation, whichever shard
 * holds the block — and the micro-block totals are then added to exact expansions (`ExactSum`, Shewchuk), whose
 * value does not depend on the order or grouping of additions. Serialised expansions are canonical, so the same
 * set of micro-blocks gives the same bits however it was split and merged.
 */
import { ExactSum, momentComponents, packExactSums, type ExactMomentStats } from "@scoresweep/core";

/** Dimension up to which mixture and diagonal Gaussian data get full co-moments (above it, the diagonal only). */
export const FULL_COMOMENT_MAX_DIM = 64;

/**
 * Whether the moment statistics of a point keep only the diagonal: false (full co-moments) when the data carry a
 * full covariance or d ≤ {@link FULL_COMOMENT_MAX_DIM}; true otherwise (O(d) instead of O(d²) per particle and a
 * far lower noise floor for the Gaussian fit — REFERENCE.md: 0.155 diagonal vs 0.54 full at d = 100).
 */
export function momentsDiagonalOnly(d: number, fullCovariance: boolean): boolean {
  return !fullCovariance && d > FULL_COMOMENT_MAX_DIM;
}

/** Accumulates micro-blocks of particles into exact moment sums. */
export class MomentAccumulator {
  private readonly d: number;
  private readonly shift: Float64Array;
  private readonly diagonalOnly: boolean;
  private readonly exact: ExactSum[];
  /** Float64 sums of the current micro-block, one per component. */
  private readonly block: Float64Array;
  private readonly z: Float64Array;
  private n = 0;

  /** Empty sums for dimension d around `shift` (length d, copied). */
  constructor(d: number, shift: Float64Array, diagonalOnly: boolean) {
    this.d = d;
    this.shift = Float64Array.from(shift);
    this.diagonalOnly = diagonalOnly;
    const m = momentComponents(d, diagonalOnly);
    this.exact = [];
    for (let c = 0; c < m; c++) this.exact.push(new ExactSum());
    this.block = new Float64Array(m);
    this.z = new Float64Array(d);
  }

  /** Adds one micro-block: rows 0..n−1 of x (n×d row-major), in particle order. */
  addBlock(x: Float64Array, n: number): void {
    const d = this.d;
    const c = this.shift;
    const s = this.block;
    const z = this.z;
    s.fill(0);
    for (let p = 0; p < n; p++) {
      const row = p * d;
      for (let i = 0; i < d; i++) {
        z[i] = x[row + i] - c[i];
        s[i] += z[i];
      }
      if (this.diagonalOnly) {
        for (let i = 0; i < d; i++) s[d + i] += z[i] * z[i];
      } else {
        let at = d;
        for (let i = 0; i < d; i++) {
          const zi = z[i];
          for (let j = i; j < d; j++) s[at++] += zi * z[j];
        }
      }
    }
    for (let m = 0; m < s.length; m++) this.exact[m].add(s[m]);
    this.n += n;
  }

  /** True when every sum is finite (no overflow of the squares). */
  isFinite(): boolean {
    for (const e of this.exact) if (!e.isFinite()) return false;
    return true;
  }

  /** The statistics so far, in the `ExactMomentStats` layout. */
  result(): ExactMomentStats {
    const { sums, offsets } = packExactSums(this.exact);
    return {
      kind: "moments",
      n: this.n,
      dim: this.d,
      shift: Float64Array.from(this.shift),
      diagonalOnly: this.diagonalOnly,
      sums: sums as Float64Array<ArrayBuffer>,
      offsets: offsets as Uint32Array<ArrayBuffer>,
    };
  }
}
