import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createLapjvWork, lapjvImpl, transportSimplexImpl } from "../../src/index.js";

/** Σ_i C[i, σ(i)]. */
function assignmentCost(n: number, C: Float64Array, sigma: Int32Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += C[i * n + sigma[i]];
  return s;
}

function isPermutation(sigma: Int32Array): boolean {
  const seen = new Uint8Array(sigma.length);
  for (const j of sigma) {
    if (j < 0 || j >= sigma.length || seen[j]) return false;
    seen[j] = 1;
  }
  return true;
}

describe("lapjvImpl: assignment kernel", () => {
  it("lapjvImpl: optimal on arbitrary (non-metric) costs with many ties, against the network simplex", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n * n, maxLength: n * n }))),
        ([n, c]) => {
          const C = Float64Array.from(c);
          const w = createLapjvWork(n);
          const sigma = lapjvImpl(n, C, w);
          expect(isPermutation(sigma)).toBe(true);
          for (let i = 0; i < n; i++) expect(w.colToRow[sigma[i]]).toBe(i);
          const ones = new Float64Array(n).fill(1);
          expect(assignmentCost(n, C, sigma)).toBe(transportSimplexImpl(n, n, ones, ones, C).cost);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("lapjvImpl: real-valued random costs up to n = 120 agree with the network simplex to 1e-12", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 120 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.double({ min: 0, max: 1e3, noNaN: true }), { minLength: n * n, maxLength: n * n }))),
        ([n, c]) => {
          const C = Float64Array.from(c);
          const sigma = lapjvImpl(n, C, createLapjvWork(n));
          const ones = new Float64Array(n).fill(1 / n);
          const ns = transportSimplexImpl(n, n, ones, ones, C).cost * n;
          expect(Math.abs(assignmentCost(n, C, sigma) - ns)).toBeLessThanOrEqual(1e-12 * (1 + ns));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("lapjvImpl: constant costs, n = 1, and a cost matrix with a unique optimum (anti-diagonal)", () => {
    expect(isPermutation(lapjvImpl(50, new Float64Array(2500).fill(3), createLapjvWork(50)))).toBe(true);
    expect(Array.from(lapjvImpl(1, Float64Array.of(7), createLapjvWork(1)))).toEqual([0]);
    const n = 30;
    const C = new Float64Array(n * n).fill(1);
    for (let i = 0; i < n; i++) C[i * n + (n - 1 - i)] = 0;
    expect(Array.from(lapjvImpl(n, C, createLapjvWork(n)))).toEqual(Array.from({ length: n }, (_, i) => n - 1 - i));
  });
});
