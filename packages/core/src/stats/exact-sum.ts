/**
 * Exact floating-point summation (Shewchuk, "Adaptive precision floating-point arithmetic and fast robust
 * geometric predicates", DCG 18, 1997; the `msum`/`fsum` of Python's math module): a running sum is kept as an
 * *expansion* — a list of non-overlapping doubles ("partials") of increasing magnitude whose exact real sum is the
 * exact sum of every input. Two-sum makes each addition error-free, so the represented value never depends on the
 * order or grouping of the additions. That is what makes shard statistics merge to identical bits however the
 * particles were split (DESIGN §2).
 *
 * Internal partials depend on the order of additions; the *canonical expansion* does not. It is the greedy
 * decomposition S = r₁ + r₂ + … with r₁ = round(S) and r_{j+1} = round(S − r₁ − … − r_j) (round to nearest,
 * ties to even), so terms strictly decrease in magnitude, |r_{j+1}| ≤ ½ ulp(r_j), and r₁ is the correctly rounded
 * sum. It is unique for each exact value and at most ~40 terms long (the double range spans 2098 bits). Serialised
 * sums (the `sums`/`offsets` layout of {@link packExactSums}) always hold canonical expansions.
 *
 * Non-finite inputs: as in Python's `fsum`, they are summed separately (∞ + (−∞) = NaN) and the value is that
 * special sum. An intermediate overflow (finite inputs whose running sum leaves the double range) makes the
 * value NaN (Python raises); callers that must never report NaN check {@link ExactSum.isFinite}.
 */

/**
 * An exact running sum of doubles. `add` is O(number of partials), typically 1–3 for sums of like-signed data.
 * Not thread-shared; plain data in, plain data out (see {@link ExactSum.expansion}).
 */
export class ExactSum {
  /** Non-overlapping partials, increasing magnitude, none zero: p[0..n). */
  private p: Float64Array;
  private n = 0;
  /** Sum of the non-finite inputs (meaningful when `hasSpecial`). */
  private special = 0;
  private hasSpecial = false;
  private overflow = false;

  /** An empty sum (value 0); `capacity` is the initial number of partials allotted (grows on demand). */
  constructor(capacity = 4) {
    this.p = new Float64Array(Math.max(2, capacity));
  }

  /** Adds one double exactly. Returns `this`. */
  add(value: number): this {
    let x = value;
    if (!Number.isFinite(x)) {
      this.special = this.hasSpecial ? this.special + x : x;
      this.hasSpecial = true;
      return this;
    }
    if (this.overflow) return this;
    const p = this.p;
    const n = this.n;
    let i = 0;
    for (let j = 0; j < n; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      // Fast-two-sum (|x| ≥ |y|): hi + lo = x + y exactly.
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (!Number.isFinite(x)) {
      this.overflow = true;
      return this;
    }
    if (x !== 0) {
      if (i === this.p.length) {
        const grown = new Float64Array(this.p.length * 2);
        grown.set(this.p);
        this.p = grown;
      }
      this.p[i++] = x;
    }
    this.n = i;
    return this;
  }

  /** Adds `length` doubles xs[offset..offset+length) exactly. Returns `this`. */
  addAll(xs: ArrayLike<number>, offset = 0, length = xs.length - offset): this {
    for (let j = 0; j < length; j++) this.add(xs[offset + j]);
    return this;
  }

  /** Adds another exact sum (its partials and its non-finite part) exactly. Returns `this`. */
  merge(other: ExactSum): this {
    const src = other === this ? other.p.slice(0, other.n) : other.p;
    const n = other.n;
    if (other.hasSpecial) this.add(other.special);
    if (other.overflow) this.overflow = true;
    for (let j = 0; j < n; j++) this.add(src[j]);
    return this;
  }

  /** True when the sum had no non-finite input and no intermediate overflow. */
  isFinite(): boolean {
    return !this.hasSpecial && !this.overflow;
  }

  /** The exact sum correctly rounded to a double (nearest, ties to even); NaN / ±∞ per the module comment. */
  value(): number {
    if (this.hasSpecial) return this.special;
    if (this.overflow) return Number.NaN;
    return roundPartials(this.p, this.n);
  }

  /**
   * The canonical expansion (module comment): terms in decreasing magnitude, first term = {@link value}. Empty for
   * an exact zero; a single non-finite term for a non-finite sum. Grouping-independent, bit for bit.
   */
  expansion(): Float64Array {
    if (!this.isFinite()) return Float64Array.of(this.value());
    const tmp = new ExactSum(this.n + 2);
    tmp.p.set(this.p.subarray(0, this.n));
    tmp.n = this.n;
    const terms: number[] = [];
    while (tmp.n > 0) {
      const r = roundPartials(tmp.p, tmp.n);
      terms.push(r);
      tmp.add(-r);
    }
    return Float64Array.from(terms);
  }

  /** Resets to the empty sum, keeping the allotted storage. Returns `this`. */
  clear(): this {
    this.n = 0;
    this.special = 0;
    this.hasSpecial = false;
    this.overflow = false;
    return this;
  }

  /** An exact sum holding the value of the expansion terms[offset..offset+length) (any expansion, not only canonical). */
  static fromExpansion(terms: ArrayLike<number>, offset = 0, length = terms.length - offset): ExactSum {
    return new ExactSum(length + 2).addAll(terms, offset, length);
  }
}

/**
 * Correctly rounded value of the non-overlapping partials p[0..n) (increasing magnitude), as in CPython's
 * `math.fsum`: sum from the top until the addition is inexact, then correct a half-way case toward the sign of the
 * rest, which is what round-half-even of the exact value requires.
 */
function roundPartials(p: Float64Array, n: number): number {
  if (n === 0) return 0;
  let k = n - 1;
  let hi = p[k];
  let lo = 0;
  while (k > 0) {
    const x = hi;
    const y = p[--k];
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (k > 0 && ((lo < 0 && p[k - 1] < 0) || (lo > 0 && p[k - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}

/**
 * A vector of exact sums in the serialised layout used by shard statistics (`ExactMomentStats`,
 * `exact-moment-stats.ts`): component c's canonical expansion is `sums[offsets[c] .. offsets[c+1])`, terms in
 * decreasing magnitude, so `sums[offsets[c]]` is the component's correctly rounded value (0 when the range is
 * empty). `offsets` has length components + 1 and starts at 0.
 */
export interface PackedExactSums {
  /** Canonical expansions, concatenated. */
  sums: Float64Array;
  /** Start of each component's expansion, plus the end (length components + 1). */
  offsets: Uint32Array;
}

/** Serialises `parts` into the {@link PackedExactSums} layout (canonical, so equal values give equal bits). */
export function packExactSums(parts: readonly ExactSum[]): PackedExactSums {
  const expansions = parts.map((s) => s.expansion());
  const offsets = new Uint32Array(parts.length + 1);
  for (let c = 0; c < parts.length; c++) offsets[c + 1] = offsets[c] + expansions[c].length;
  const sums = new Float64Array(offsets[parts.length]);
  for (let c = 0; c < parts.length; c++) sums.set(expansions[c], offsets[c]);
  return { sums, offsets };
}

/** Reads a {@link PackedExactSums} back into one {@link ExactSum} per component. */
export function unpackExactSums(packed: PackedExactSums): ExactSum[] {
  const { sums, offsets } = packed;
  const out: ExactSum[] = [];
  for (let c = 0; c + 1 < offsets.length; c++) out.push(ExactSum.fromExpansion(sums, offsets[c], offsets[c + 1] - offsets[c]));
  return out;
}

/** Component c's correctly rounded value from a packed vector (the first canonical term; 0 for an empty range). */
export function packedExactValue(packed: PackedExactSums, c: number): number {
  const lo = packed.offsets[c];
  return packed.offsets[c + 1] > lo ? packed.sums[lo] : 0;
}

/**
 * Exact component-wise sum of packed vectors of equal length (any number, any order: the result's bits do not depend
 * on either). Throws a RangeError when the component counts differ (a programming error, not user input).
 */
export function mergePackedExactSums(parts: readonly PackedExactSums[]): PackedExactSums {
  if (parts.length === 0) return { sums: new Float64Array(0), offsets: new Uint32Array(1) };
  const m = parts[0].offsets.length - 1;
  const acc: ExactSum[] = [];
  for (let c = 0; c < m; c++) acc.push(new ExactSum());
  for (const part of parts) {
    if (part.offsets.length - 1 !== m) {
      throw new RangeError(`mergePackedExactSums: every part must have ${m} components; got ${part.offsets.length - 1}`);
    }
    for (let c = 0; c < m; c++) acc[c].addAll(part.sums, part.offsets[c], part.offsets[c + 1] - part.offsets[c]);
  }
  return packExactSums(acc);
}
