import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boxMuller, logUnit } from "../../src/rng/box-muller.js";

describe("boxMuller", () => {
  it("logUnit: agrees with Math.log to 5e-16 relative on (0, 1] (53-bit grid and powers of two)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 53 }), (k) => {
        const u = k * 2 ** -53;
        const want = Math.log(u);
        const got = logUnit(u);
        expect(Math.abs(got - want)).toBeLessThanOrEqual(5e-16 * Math.abs(want));
      }),
      { numRuns: 20000, seed: 1 },
    );
    for (let e = 0; e <= 63; e++) expect(Math.abs(logUnit(2 ** -e) + e * Math.LN2)).toBeLessThanOrEqual(5e-16 * e);
    expect(logUnit(1)).toBe(0);
  });

  it("boxMuller: matches the textbook √(−2 ln u)(cos 2πv, sin 2πv) to 1e-14 absolute", () => {
    const out = new Float64Array(2);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 53 }), fc.integer({ min: 0, max: 2 ** 53 - 1 }), (ku, kv) => {
        const u = ku * 2 ** -53;
        const v = kv * 2 ** -53;
        boxMuller(u, v, out, 0);
        const r = Math.sqrt(-2 * Math.log(u));
        // 2πv carries an absolute rounding error ~ulp(2π) in the textbook form: compare at 1e-14·(1 + r).
        expect(Math.abs(out[0] - r * Math.cos(2 * Math.PI * v))).toBeLessThanOrEqual(1e-14 * (1 + r));
        expect(Math.abs(out[1] - r * Math.sin(2 * Math.PI * v))).toBeLessThanOrEqual(1e-14 * (1 + r));
      }),
      { numRuns: 20000, seed: 2 },
    );
  });

  it("boxMuller: the pair has radius √(−2 ln u) and the exact quadrant angles", () => {
    const out = new Float64Array(2);
    boxMuller(Math.exp(-0.5), 0, out, 0);
    expect(out[0]).toBeCloseTo(1, 15);
    expect(out[1]).toBe(0);
    boxMuller(Math.exp(-0.5), 0.25, out, 0);
    expect(out[0]).toBeCloseTo(0, 15);
    expect(out[1]).toBeCloseTo(1, 15);
    boxMuller(Math.exp(-0.5), 0.5, out, 0);
    expect(out[0]).toBeCloseTo(-1, 15);
    boxMuller(1, 0.3, out, 0);
    expect(out[0] === 0 && out[1] === 0).toBe(true);
    boxMuller(2 ** -53, 0.125, out, 0);
    expect(Math.hypot(out[0], out[1])).toBeCloseTo(Math.sqrt(106 * Math.LN2), 12);
  });
});
