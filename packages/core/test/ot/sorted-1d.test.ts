import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InvalidParameterError, sorted1dW1, sorted1dW2, sortedCostImpl } from "../../src/index.js";
import { expectClose, loadGolden } from "../golden.js";
import { thrown } from "./clouds.js";

const golden = loadGolden("w2_1d.json");

describe("sorted1dW2: golden w2_1d.json", () => {
  for (const c of golden.cases) {
    it(`sorted1dW2: ${c.id} (${c.inputs.x.length}×${c.inputs.y.length}) matches w2 and w2_squared`, () => {
      const w2 = sorted1dW2(c.inputs.x, c.inputs.y);
      expectClose(c.id, "w2", w2, c.expected.w2, c.tolerance);
      expectClose(c.id, "w2_squared", w2 * w2, c.expected.w2_squared, c.tolerance);
    });
  }
});

const sample = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 30 });

/** Each value repeated `times` times: the same empirical measure on more atoms. */
function repeat(x: number[], times: number): number[] {
  return x.flatMap((v) => Array.from({ length: times }, () => v));
}

describe("sorted1dW2: laws", () => {
  it("sorted1dW2: is symmetric and zero on identical samples", () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        expect(sorted1dW2(x, y)).toBe(sorted1dW2(y, x));
        expect(sorted1dW2(x, [...x].reverse())).toBe(0);
      }),
    );
  });

  it("sorted1dW2: a shifted sample is at distance |shift| (W2 and W1)", () => {
    fc.assert(
      fc.property(sample, fc.double({ min: -50, max: 50, noNaN: true }), (x, c) => {
        const y = x.map((v) => v + c);
        // The shift is rounded per point; compare with the exact shifts actually applied.
        const dev = y.map((v, i) => v - x[i]);
        const rms = Math.sqrt(dev.reduce((s, t) => s + t * t, 0) / x.length);
        expect(Math.abs(sorted1dW2(x, y) - rms)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(c)));
        expect(Math.abs(sorted1dW1(x, y) - Math.abs(c))).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(c)) + 1e-13 * 100);
      }),
    );
  });

  it("sorted1dW2: unequal sizes equal the equal-size formula on repeated atoms (quantile merge is exact)", () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const n = x.length;
        const m = y.length;
        const a = sorted1dW2(x, y);
        const b = sorted1dW2(repeat(x, m), repeat(y, n));
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * (1 + b));
        const a1 = sorted1dW1(x, y);
        const b1 = sorted1dW1(repeat(x, m), repeat(y, n));
        expect(Math.abs(a1 - b1)).toBeLessThanOrEqual(1e-12 * (1 + b1));
      }),
    );
  });

  it("sorted1dW2: W1 <= W2 (Jensen) and the triangle inequality holds", () => {
    fc.assert(
      fc.property(sample, sample, sample, (x, y, z) => {
        expect(sorted1dW1(x, y)).toBeLessThanOrEqual(sorted1dW2(x, y) * (1 + 1e-12) + 1e-12);
        expect(sorted1dW2(x, z)).toBeLessThanOrEqual((sorted1dW2(x, y) + sorted1dW2(y, z)) * (1 + 1e-12) + 1e-12);
      }),
    );
  });

  it("sortedCostImpl: two points against one at 0 give the mean square", () => {
    expect(sortedCostImpl(2, Float64Array.of(-1, 3), 1, Float64Array.of(0), 2)).toBe(5);
    expect(sortedCostImpl(2, Float64Array.of(-1, 3), 1, Float64Array.of(0), 1)).toBe(2);
  });

  it("sorted1dW2: does not mutate its inputs", () => {
    const x = Float64Array.of(3, 1, 2);
    sorted1dW2(x, [0, 0, 0]);
    expect(Array.from(x)).toEqual([3, 1, 2]);
  });
});

describe("sorted1dW2: bad input", () => {
  it("sorted1dW2: rejects empty samples and non-finite values, naming the argument", () => {
    let e = thrown(() => sorted1dW2([], [1]));
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e.message).toBe("sorted1dW2: x must be a non-empty sample (at least one point); got 0 points");
    e = thrown(() => sorted1dW2([1, 2], [1, Number.NaN]));
    expect(e.message).toBe("sorted1dW2: y values must be finite numbers; got NaN at index 1");
    e = thrown(() => sorted1dW1([Infinity], [1]));
    expect(e.message).toBe("sorted1dW1: x values must be finite numbers; got Infinity at index 0");
  });
});
