import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InvalidParameterError, resolveScoreError, UnknownVariantError, type ScoreErrorSpec } from "../../src/index.js";

describe("resolveScoreError", () => {
  it("resolveScoreError: no error spec gives kind none", () => {
    expect(resolveScoreError(undefined, 3)).toEqual({ kind: "none" });
  });
  it("resolveScoreError: bias defaults to the direction (1,…,1)/√d and δ = size·u", () => {
    const r = resolveScoreError({ kind: "bias", size: 0.2 }, 4);
    if (r.kind !== "bias") throw new Error("kind");
    expect(Array.from(r.direction)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(r.bias)).toEqual([0.1, 0.1, 0.1, 0.1]);
  });
  it("resolveScoreError: |δ| equals size for any unit direction (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.double({ min: 0, max: 5, noNaN: true }), (v, size) => {
        const n = Math.hypot(...v);
        if (n < 1e-3) return;
        const r = resolveScoreError({ kind: "bias", size, direction: v.map((x) => x / n) }, v.length);
        if (r.kind !== "bias") throw new Error("kind");
        expect(Math.hypot(...r.bias)).toBeCloseTo(size, 12);
      }),
      { numRuns: 100, seed: 3 },
    );
  });
  it("resolveScoreError: the direction must be a unit vector of length dim", () => {
    expect(() => resolveScoreError({ kind: "bias", size: 0.1, direction: [0.6, 0.8] }, 2)).not.toThrow();
    expect(() => resolveScoreError({ kind: "bias", size: 0.1, direction: [0.6, 0.8 + 1e-8] }, 2)).toThrow(InvalidParameterError);
    expect(() => resolveScoreError({ kind: "bias", size: 0.1, direction: [1, 1] }, 2)).toThrow(/^score\.error\.direction: .* must be a unit vector/);
    expect(() => resolveScoreError({ kind: "bias", size: 0.1, direction: [1] }, 2)).toThrow(/^score\.error\.direction: /);
    expect(() => resolveScoreError({ kind: "bias", size: 0.1, direction: [1, NaN] }, 2)).toThrow(/^score\.error\.direction\[1\]: /);
  });
  it("resolveScoreError: sizes are checked per kind", () => {
    expect(() => resolveScoreError({ kind: "bias", size: -0.1 }, 2)).toThrow(/^score\.error\.size: /);
    expect(resolveScoreError({ kind: "scale", size: -0.5 }, 2)).toEqual({ kind: "scale", kappa: -0.5 });
    expect(() => resolveScoreError({ kind: "scale", size: -1 }, 2)).toThrow(/^score\.error\.size: .*> -1/);
    expect(() => resolveScoreError({ kind: "scale", size: NaN }, 2)).toThrow(InvalidParameterError);
    expect(resolveScoreError({ kind: "noise", size: 0.3, seed: 9 }, 2)).toEqual({ kind: "noise", size: 0.3, seed: 9 });
    expect(resolveScoreError({ kind: "noise", size: 0.3 }, 2)).toEqual({ kind: "noise", size: 0.3, seed: null });
    expect(() => resolveScoreError({ kind: "noise", size: 0.3, seed: 1.5 }, 2)).toThrow(/^score\.error\.seed: /);
  });
  it("resolveScoreError: unknown kind lists the kinds", () => {
    expect(() => resolveScoreError({ kind: "drift", size: 1 } as unknown as ScoreErrorSpec, 2)).toThrow(UnknownVariantError);
    expect(() => resolveScoreError({ kind: "drift", size: 1 } as unknown as ScoreErrorSpec, 2)).toThrow(/bias, scale, noise; got "drift"/);
  });
});
