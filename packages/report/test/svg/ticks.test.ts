import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { linearTicks, logTicks } from "../../src/svg/ticks.js";
import { formatNumber, formatTick } from "../../src/svg/format-number.js";

/** True when step is 1, 2 or 5 × 10^k (up to rounding). */
function isNiceStep(step: number): boolean {
  const m = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return [1, 2, 5, 10].some((n) => Math.abs(m - n) < 1e-6);
}

describe("linearTicks", () => {
  it("linearTicks: gives round values on common ranges", () => {
    expect(linearTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(linearTicks(-3.7, 12.2)).toEqual([0, 5, 10]);
    expect(linearTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3]);
    expect(linearTicks(5, 5)).toEqual([5]);
  });

  it("linearTicks: ticks lie in the range, ascend with one nice step, and number at least 2", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (lo, span) => {
        const hi = lo + span;
        // Ranges narrower than 1e-6 of their magnitude are not axes anyone draws.
        fc.pre(span >= 1e-6 * Math.max(1, Math.abs(lo)));
        const t = linearTicks(lo, hi);
        expect(t.length).toBeGreaterThanOrEqual(2);
        expect(t.length).toBeLessThanOrEqual(12);
        const tol = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
        for (const v of t) {
          expect(v).toBeGreaterThanOrEqual(lo - tol);
          expect(v).toBeLessThanOrEqual(hi + tol);
        }
        const step = t[1]! - t[0]!;
        expect(isNiceStep(step)).toBe(true);
        for (let i = 1; i < t.length; i++) expect(Math.abs(t[i]! - t[i - 1]! - step)).toBeLessThanOrEqual(1e-6 * step + tol);
      }),
    );
  });

  it("linearTicks: rejects a reversed or non-finite range", () => {
    expect(() => linearTicks(2, 1)).toThrow(RangeError);
    expect(() => linearTicks(0, Infinity)).toThrow(RangeError);
  });
});

describe("logTicks", () => {
  it("logTicks: majors at powers of ten, minors at 2…9 × 10^k", () => {
    const t = logTicks(1, 1000);
    expect(t.major).toEqual([1, 10, 100, 1000]);
    expect(t.minor).toHaveLength(24);
    expect(t.minor.slice(0, 3)).toEqual([2, 3, 4]);
    expect(logTicks(1e-4, 1e-2).major).toEqual([0.0001, 0.001, 0.01]);
  });

  it("logTicks: promotes 2 and 5 × 10^k when fewer than two decades are inside", () => {
    expect(logTicks(1.5, 60).major).toEqual([2, 5, 10, 20, 50]);
    // Within one decade with only 5 inside: linear ticks.
    expect(logTicks(3, 7)).toEqual({ major: [3, 4, 5, 6, 7], minor: [] });
  });

  it("logTicks: thins majors over many decades", () => {
    const t = logTicks(1e-12, 1e12);
    expect(t.major.length).toBeLessThanOrEqual(9);
    expect(t.major.length).toBeGreaterThanOrEqual(5);
    expect(t.major).toContain(1);
  });

  it("logTicks: every tick lies in the range, majors ascend, and there are at least two majors", () => {
    fc.assert(
      fc.property(fc.double({ min: -15, max: 15, noNaN: true }), fc.double({ min: 1e-3, max: 20, noNaN: true }), (l0, span) => {
        const lo = 10 ** l0;
        const hi = 10 ** (l0 + span);
        const t = logTicks(lo, hi);
        expect(t.major.length).toBeGreaterThanOrEqual(2);
        for (const v of [...t.major, ...t.minor]) {
          expect(v).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
          expect(v).toBeLessThanOrEqual(hi * (1 + 1e-9));
        }
        for (let i = 1; i < t.major.length; i++) expect(t.major[i]!).toBeGreaterThan(t.major[i - 1]!);
      }),
    );
  });

  it("logTicks: rejects a non-positive range", () => {
    expect(() => logTicks(0, 1)).toThrow(RangeError);
    expect(() => logTicks(-1, 1)).toThrow(RangeError);
  });
});

describe("formatTick / formatNumber", () => {
  it("formatTick: removes float noise and uses exponents outside [1e-3, 1e5)", () => {
    expect(formatTick(0.1 + 0.2)).toBe("0.3");
    expect(formatTick(0.001)).toBe("0.001");
    expect(formatTick(1e-4)).toBe("1e-4");
    expect(formatTick(2e6)).toBe("2e6");
    expect(formatTick(100)).toBe("100");
    expect(formatTick(0)).toBe("0");
    expect(formatTick(-50)).toBe("-50");
  });

  it("formatNumber: 4 significant digits, exact integers, — for missing values", () => {
    expect(formatNumber(0.0123456)).toBe("0.01235");
    expect(formatNumber(123456)).toBe("123456");
    expect(formatNumber(1.23456e-5)).toBe("1.235e-5");
    expect(formatNumber(3.2e9)).toBe("3.2e9");
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(NaN)).toBe("—");
  });
});
