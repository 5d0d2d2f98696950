/**
 * Collects the output particles a sample-based estimator needs (the `SampleStats` of `shard-task.ts`): all
 * particles of the shard, or — with `metric.subsample = S` for a point of N particles — the deterministic subsample
 * of particles p with ⌊(p+1)·S/N⌋ > ⌊p·S/N⌋: exactly min(S, N) particles spread evenly over [0, N), chosen by global
 * index only, so the union over shards is the same subsample however the point was split. Particles are iid, so
 * selecting by index is an unbiased sample.
 */
import type { SampleStats } from "../shard-task.js";

/** ⌊a·b/c⌋ for integers with a·b < 2^53, exactly (`%` on integral doubles is exact). */
function mulDivFloor(a: number, b: number, c: number): number {
  const x = a * b;
  return (x - (x % c)) / c;
}

/** True when particle p (global index) is in the subsample of S out of N (see the module comment). */
export function inSubsample(p: number, S: number, N: number): boolean {
  if (S >= N) return true;
  return mulDivFloor(p + 1, S, N) > mulDivFloor(p, S, N);
}

/** Number of subsampled particles with global index in [lo, hi). */
export function subsampleCount(lo: number, hi: number, S: number, N: number): number {
  if (S >= N) return hi - lo;
  return mulDivFloor(hi, S, N) - mulDivFloor(lo, S, N);
}

/** Accumulates selected rows of micro-blocks, in particle order. */
export class SampleCollector {
  private readonly d: number;
  private readonly S: number;
  private readonly N: number;
  private readonly indices: Uint32Array;
  private readonly samples: Float64Array;
  private n = 0;

  /** Room for the subsample of particles [lo, hi) of a point with N particles, S = subsample (or ≥ N for all). */
  constructor(d: number, lo: number, hi: number, S: number, N: number) {
    this.d = d;
    this.S = S;
    this.N = N;
    const count = subsampleCount(lo, hi, S, N);
    this.indices = new Uint32Array(count);
    this.samples = new Float64Array(count * d);
  }

  /** Adds the selected rows of x (n×d row-major) whose first row is global particle `particle0`. */
  addBlock(x: Float64Array, particle0: number, n: number): void {
    const d = this.d;
    for (let j = 0; j < n; j++) {
      const p = particle0 + j;
      if (!inSubsample(p, this.S, this.N)) continue;
      this.indices[this.n] = p;
      this.samples.set(x.subarray(j * d, (j + 1) * d), this.n * d);
      this.n++;
    }
  }

  /** The collected samples. */
  result(): SampleStats {
    return { kind: "samples", n: this.n, dim: this.d, indices: this.indices.subarray(0, this.n), samples: this.samples.subarray(0, this.n * this.d) };
  }
}
