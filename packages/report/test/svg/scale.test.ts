import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createScale, drawable, paddedDomain } from "../../src/svg/scale.js";

describe("createScale", () => {
  it("createScale: linear maps the domain ends onto the range ends, also descending", () => {
    const s = createScale("linear", [0, 10], [100, 0]);
    expect(s.map(0)).toBe(100);
    expect(s.map(10)).toBe(0);
    expect(s.map(2.5)).toBe(75);
  });

  it("createScale: log maps the geometric mean to the middle and each decade to equal lengths", () => {
    const s = createScale("log", [1e-3, 1e3], [0, 600]);
    expect(s.map(1)).toBeCloseTo(300, 10);
    expect(s.map(10) - s.map(1)).toBeCloseTo(100, 10);
    expect(s.map(1e-2) - s.map(1e-3)).toBeCloseTo(100, 10);
  });

  it("createScale: log is strictly increasing on its domain", () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (l0, span, u, v) => {
        fc.pre(u < v);
        const s = createScale("log", [10 ** l0, 10 ** (l0 + span)], [0, 500]);
        expect(s.map(10 ** (l0 + u * span))).toBeLessThan(s.map(10 ** (l0 + v * span)) + 1e-9);
      }),
    );
  });

  it("createScale: rejects a log domain that is not positive and an empty domain", () => {
    expect(() => createScale("log", [0, 1], [0, 1])).toThrow(RangeError);
    expect(() => createScale("linear", [1, 1], [0, 1])).toThrow(RangeError);
  });
});

describe("paddedDomain", () => {
  it("paddedDomain: pads 5% of the (log) span and ignores what the axis cannot draw", () => {
    expect(paddedDomain("linear", [0, 10])).toEqual([-0.5, 10.5]);
    const [lo, hi] = paddedDomain("log", [1, 100, 0, -5, NaN, null])!;
    expect(Math.log10(lo)).toBeCloseTo(-0.1, 12);
    expect(Math.log10(hi)).toBeCloseTo(2.1, 12);
    expect(paddedDomain("log", [0, -1])).toBeNull();
    expect(paddedDomain("linear", [3])).toEqual([2.7, 3.3]);
    expect(paddedDomain("log", [4])).toEqual([4 / 1.5, 6]);
  });

  it("drawable: finite values, and positive ones on a log axis", () => {
    expect(drawable("log", 0)).toBe(false);
    expect(drawable("linear", 0)).toBe(true);
    expect(drawable("linear", Infinity)).toBe(false);
    expect(drawable("log", null)).toBe(false);
  });
});
