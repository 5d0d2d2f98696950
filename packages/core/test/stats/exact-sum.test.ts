import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ExactSum,
  mergePackedExactSums,
  packedExactValue,
  packExactSums,
  unpackExactSums,
} from "../../src/stats/exact-sum.js";

// Test data are doubles with binary exponents in [-200, 200]: every one is an integer multiple of 2^-252, so
// x·2^252 is an exact BigInt and sums stay far below 2^1024 (Number(bigint) is then correctly rounded).
const SCALE = 252;
const toBig = (x: number): bigint => BigInt(x * 2 ** SCALE);
const exactSum = (xs: readonly number[]): bigint => xs.reduce((a, x) => a + toBig(x), 0n);
/** Correctly rounded (nearest, ties to even: ECMA-262 Number(bigint)) value of S·2^-252. */
const roundRef = (s: bigint): number => Number(s) * 2 ** -SCALE;

/** A double m·2^e with a 53-bit mantissa m and e chosen so |x| lies in [2^-150, 2^150]. */
const arbDouble = fc
  .record({ hi: fc.integer({ min: 0, max: 2 ** 21 - 1 }), lo: fc.integer({ min: 0, max: 2 ** 32 - 1 }), e: fc.integer({ min: -150, max: 150 }), neg: fc.boolean() })
  .map(({ hi, lo, e, neg }) => (neg ? -1 : 1) * (2 ** 52 + hi * 2 ** 32 + lo) * 2 ** (e - 52));

/** Data with massive cancellation: each x comes with −x, −x(1 ± 2^-52) or a tiny companion. */
const arbCancelling = fc
  .array(fc.tuple(arbDouble, fc.integer({ min: 0, max: 3 }), arbDouble), { minLength: 1, maxLength: 40 })
  .map((rows) => {
    const xs: number[] = [];
    for (const [x, kind, y] of rows) {
      xs.push(x);
      if (kind === 0) xs.push(-x);
      else if (kind === 1) xs.push(-x * (1 + 2 ** -52));
      else if (kind === 2) xs.push(-x, y * 2 ** -40);
      else xs.push(y);
    }
    return xs;
  });

function bitsOf(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
}

function ulp(x: number): number {
  const e = Math.floor(Math.log2(Math.abs(x)));
  return 2 ** Math.max(e - 52, -1074);
}

describe("ExactSum", () => {
  it("ExactSum: value is the correctly rounded exact sum under massive cancellation (vs BigInt)", () => {
    fc.assert(
      fc.property(arbCancelling, fc.integer(), (xs0, seed) => {
        const xs = shuffle(xs0, seed);
        const s = new ExactSum().addAll(xs);
        expect(s.value()).toBe(roundRef(exactSum(xs)));
      }),
      { numRuns: 300 },
    );
  });

  it("ExactSum: the canonical expansion sums exactly to the data, first term rounded, terms ≤ ½ ulp of the previous", () => {
    fc.assert(
      fc.property(arbCancelling, (xs) => {
        const e = new ExactSum().addAll(xs).expansion();
        const ref = exactSum(xs);
        expect(exactSum(Array.from(e))).toBe(ref);
        if (ref === 0n) expect(e.length).toBe(0);
        else expect(e[0]).toBe(roundRef(ref));
        for (let j = 1; j < e.length; j++) {
          expect(e[j]).not.toBe(0);
          expect(Math.abs(e[j])).toBeLessThanOrEqual(ulp(e[j - 1]) / 2);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("ExactSum: merging in any grouping and order gives identical canonical bits", () => {
    fc.assert(
      fc.property(arbCancelling, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 12 }), fc.integer(), (xs, cuts, seed) => {
        const whole = bitsOf(new ExactSum().addAll(xs).expansion());
        // Chunks of the data, summed separately, then merged in a shuffled order, some via the packed layout.
        const chunks: ExactSum[] = [];
        let at = 0;
        for (let c = 0; at < xs.length; c++) {
          const len = cuts[c % cuts.length];
          chunks.push(new ExactSum().addAll(xs, at, Math.min(len, xs.length - at)));
          at += len;
        }
        const order = shuffle(chunks, seed);
        const merged = new ExactSum();
        for (const c of order) merged.merge(c);
        expect(bitsOf(merged.expansion())).toBe(whole);
        const packed = mergePackedExactSums(order.map((c) => packExactSums([c, c])));
        expect(bitsOf(packed.sums.subarray(packed.offsets[0], packed.offsets[1]))).toBe(whole);
        expect(bitsOf(packed.sums.subarray(packed.offsets[1], packed.offsets[2]))).toBe(whole);
      }),
      { numRuns: 200 },
    );
  });

  it("ExactSum: classic cases (cancellation, 0.1 × 10, ties to even)", () => {
    expect(new ExactSum().addAll([1e100, 1, -1e100]).value()).toBe(1);
    expect(new ExactSum().addAll(new Array(10).fill(0.1)).value()).toBe(1);
    let naive = 0;
    for (let i = 0; i < 10; i++) naive += 0.1;
    expect(naive).not.toBe(1); // the naive sum is off: the test above can fail
    // 1 + 2^-53 is a tie: rounds to the even neighbour 1; a tiny extra term breaks the tie upward.
    expect(new ExactSum().addAll([1, 2 ** -53]).value()).toBe(1);
    expect(new ExactSum().addAll([1, 2 ** -53, 2 ** -200]).value()).toBe(1 + 2 ** -52);
    expect(new ExactSum().addAll([1 + 2 ** -52, 2 ** -53]).value()).toBe(1 + 2 ** -51);
    expect(Array.from(new ExactSum().addAll([1, 2 ** -53, 2 ** -200]).expansion())).toEqual([1 + 2 ** -52, -(2 ** -53), 2 ** -200]);
    expect(new ExactSum().value()).toBe(0);
    expect(new ExactSum().addAll([3, -3]).expansion().length).toBe(0);
  });

  it("ExactSum: self-merge doubles the sum", () => {
    const s = new ExactSum().addAll([1, 2 ** -60, -(2 ** -120)]);
    s.merge(s);
    expect(exactSum(Array.from(s.expansion()))).toBe(2n * exactSum([1, 2 ** -60, -(2 ** -120)]));
  });

  it("ExactSum: non-finite inputs and intermediate overflow give a non-finite value, never a wrong finite one", () => {
    expect(new ExactSum().addAll([1, Infinity]).value()).toBe(Infinity);
    expect(new ExactSum().addAll([Infinity, -Infinity]).value()).toBeNaN();
    expect(new ExactSum().addAll([1, NaN]).isFinite()).toBe(false);
    const o = new ExactSum().addAll([Number.MAX_VALUE, Number.MAX_VALUE]);
    expect(o.isFinite()).toBe(false);
    expect(o.value()).toBeNaN();
    expect(Array.from(o.expansion())).toEqual([NaN]);
    expect(new ExactSum().addAll([Number.MAX_VALUE, -Number.MAX_VALUE, 1]).value()).toBe(1);
    const a = new ExactSum().add(-Infinity);
    expect(new ExactSum().add(1).merge(a).value()).toBe(-Infinity);
  });

  it("ExactSum: clear resets, fromExpansion round-trips, growth past the initial capacity is exact", () => {
    const xs = Array.from({ length: 38 }, (_, i) => 2 ** (i * 54 - 1000)); // 38 non-overlapping partials
    const s = new ExactSum(2).addAll(xs);
    expect(s.expansion().length).toBe(38);
    expect(bitsOf(ExactSum.fromExpansion(s.expansion()).expansion())).toBe(bitsOf(s.expansion()));
    s.clear().add(5);
    expect(s.value()).toBe(5);
  });
});

describe("packed exact sums", () => {
  it("packExactSums: layout holds canonical expansions; unpack and packedExactValue read them back", () => {
    const a = new ExactSum().addAll([1, 2 ** -60]);
    const b = new ExactSum();
    const c = new ExactSum().addAll([-7.5]);
    const packed = packExactSums([a, b, c]);
    expect(Array.from(packed.offsets)).toEqual([0, 2, 2, 3]);
    expect(packedExactValue(packed, 0)).toBe(1);
    expect(packedExactValue(packed, 1)).toBe(0);
    expect(packedExactValue(packed, 2)).toBe(-7.5);
    const back = unpackExactSums(packed);
    expect(back.map((s) => s.value())).toEqual([1, 0, -7.5]);
  });

  it("mergePackedExactSums: order-independent bits; mismatched component counts are rejected", () => {
    const p1 = packExactSums([new ExactSum().addAll([1e20, 3]), new ExactSum().add(0.1)]);
    const p2 = packExactSums([new ExactSum().addAll([-1e20, 2 ** -30]), new ExactSum().add(0.2)]);
    const p3 = packExactSums([new ExactSum().add(1e-300), new ExactSum().add(0.3)]);
    const x = mergePackedExactSums([p1, p2, p3]);
    const y = mergePackedExactSums([p3, p1, p2]);
    expect(bitsOf(x.sums)).toBe(bitsOf(y.sums));
    expect(Array.from(x.offsets)).toEqual(Array.from(y.offsets));
    expect(packedExactValue(x, 0)).toBe(3 + 2 ** -30);
    expect(mergePackedExactSums([]).offsets.length).toBe(1);
    expect(() => mergePackedExactSums([p1, packExactSums([new ExactSum()])])).toThrow(RangeError);
  });
});

/** Deterministic Fisher–Yates shuffle (a copy) driven by a 32-bit LCG seeded with `seed`. */
function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = xs.slice();
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}
