import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BURES_SINGULAR_VALUE_MAX_N,
  gaussianW2,
  gaussianW2Commuting,
  gaussianW2Diag,
  gaussianW2Full,
  gaussianW2Workspace,
} from "../../src/ot/gaussian-w2.js";
import { InvalidParameterError } from "../../src/errors.js";
import { expectClose, loadGolden } from "../golden.js";
import { randomOrthogonal, testRng, withSpectrum } from "../linalg/random-matrices.js";

const golden = loadGolden("w2_gaussian.json");

interface DiagCase {
  id: string;
  kind: "diagonal";
  inputs: { d: number; mean1: number[]; std1: number[]; mean2: number[]; std2: number[] };
  expected: { w2: number; w2_squared: number };
  tolerance: { rtol: number; atol: number };
}
interface FullCase {
  id: string;
  kind: "full";
  inputs: { d: number; mean1: number[]; cov1: number[][]; mean2: number[]; cov2: number[][] };
  expected: { w2: number; w2_squared: number };
  tolerance: { rtol: number; atol: number };
}

function diagCov(std: number[]): number[][] {
  return std.map((s, i) => std.map((_, j) => (i === j ? s * s : 0)));
}

describe("gaussianW2: golden w2_gaussian.json", () => {
  for (const c of golden.cases as (DiagCase | FullCase)[]) {
    if (c.kind === "diagonal") {
      it(`gaussianW2Diag: ${c.id} matches w2 and w2²`, () => {
        const { d, mean1, std1, mean2, std2 } = c.inputs;
        const r = gaussianW2Diag(d, mean1, std1, mean2, std2);
        expectClose(c.id, "w2", r.w2, c.expected.w2, c.tolerance);
        expectClose(c.id, "w2_squared", r.meanPart + r.stdPart, c.expected.w2_squared, c.tolerance);
        // The general Bures path on the same (diagonal) covariances agrees to the full-covariance tolerance.
        const full = gaussianW2(mean1, diagCov(std1), mean2, diagCov(std2));
        expectClose(c.id, "w2 (Bures)", full.w2, c.expected.w2, { rtol: 1e-9, atol: 1e-12 });
      });
    } else {
      it(`gaussianW2: ${c.id} matches w2 and w2² (Bures)`, () => {
        const { d, mean1, cov1, mean2, cov2 } = c.inputs;
        const r = gaussianW2(mean1, cov1, mean2, cov2);
        expectClose(c.id, "w2", r.w2, c.expected.w2, c.tolerance);
        expectClose(c.id, "w2_squared", r.meanPart + r.covPart, c.expected.w2_squared, c.tolerance);
        // Kernel with a reused workspace, flat row-major input, and the swapped order (W2 is symmetric).
        const ws = gaussianW2Workspace(d);
        const k = gaussianW2Full(d, mean2, Float64Array.from(cov2.flat()), mean1, Float64Array.from(cov1.flat()), ws);
        expectClose(c.id, "w2 (swapped)", k.w2, c.expected.w2, c.tolerance);
      });
    }
  }
});

/** A random PSD matrix X Xᵀ (+ shift I) of order n from fast-check entries; rank-deficient when shift = 0 and cols < n. */
const spd = (n: number) =>
  fc
    .record({
      cols: fc.integer({ min: 1, max: n + 1 }),
      entries: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n * (n + 1), maxLength: n * (n + 1) }),
      shift: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 2, noNaN: true })),
    })
    .map(({ cols, entries, shift }) => {
      const s = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          let t = 0;
          for (let k = 0; k < cols; k++) t += entries[i * (n + 1) + k] * entries[j * (n + 1) + k];
          if (i === j) t += shift;
          s[i * n + j] = s[j * n + i] = t;
        }
      return s;
    });
const vec = (n: number) => fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));
const law = (n: number) => fc.record({ mean: vec(n), cov: spd(n) });
const trace = (n: number, s: Float64Array) => {
  let t = 0;
  for (let i = 0; i < n; i++) t += s[i * n + i];
  return t;
};
/** Rounding scale of a W2² evaluation: the Bures term is a difference of traces, O(ε·(tr S1 + tr S2)). */
const scaleOf = (n: number, ...laws: { mean: Float64Array; cov: Float64Array }[]) =>
  laws.reduce((s, l) => s + trace(n, l.cov) + l.mean.reduce((a, x) => a + x * x, 0), 1);

describe("gaussianW2Full: metric laws (fast-check)", () => {
  const dims = fc.integer({ min: 1, max: 6 });

  it("gaussianW2Full: symmetric, W2(a, b) = W2(b, a)", () => {
    fc.assert(
      fc.property(dims.chain((n) => fc.tuple(fc.constant(n), law(n), law(n))), ([n, a, b]) => {
        const ab = gaussianW2Full(n, a.mean, a.cov, b.mean, b.cov);
        const ba = gaussianW2Full(n, b.mean, b.cov, a.mean, a.cov);
        expect(Math.abs(ab.w2 ** 2 - ba.w2 ** 2)).toBeLessThanOrEqual(1e-12 * scaleOf(n, a, b));
        expect(ab.meanPart).toBe(ba.meanPart);
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it("gaussianW2Full: zero on equal laws (up to rounding of the trace difference)", () => {
    fc.assert(
      fc.property(dims.chain((n) => fc.tuple(fc.constant(n), law(n))), ([n, a]) => {
        const r = gaussianW2Full(n, a.mean, a.cov, a.mean, Float64Array.from(a.cov));
        expect(r.meanPart).toBe(0);
        expect(r.covPart).toBeGreaterThanOrEqual(0);
        expect(r.covPart).toBeLessThanOrEqual(1e-12 * scaleOf(n, a));
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it("gaussianW2Full: triangle inequality on random triples", () => {
    fc.assert(
      fc.property(dims.chain((n) => fc.tuple(fc.constant(n), law(n), law(n), law(n))), ([n, a, b, c]) => {
        const ac = gaussianW2Full(n, a.mean, a.cov, c.mean, c.cov).w2;
        const ab = gaussianW2Full(n, a.mean, a.cov, b.mean, b.cov).w2;
        const bc = gaussianW2Full(n, b.mean, b.cov, c.mean, c.cov).w2;
        // A rounding error r in W2² moves W2 by at most √r.
        expect(ac).toBeLessThanOrEqual(ab + bc + 3 * Math.sqrt(1e-12 * scaleOf(n, a, b, c)));
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it("gaussianW2Diag: triangle inequality and symmetry on random diagonal triples", () => {
    const std = (n: number) => fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: n, maxLength: n });
    const dlaw = (n: number) => fc.record({ mean: vec(n), std: std(n) });
    fc.assert(
      fc.property(dims.chain((n) => fc.tuple(fc.constant(n), dlaw(n), dlaw(n), dlaw(n))), ([n, a, b, c]) => {
        const w = (x: typeof a, y: typeof a) => gaussianW2Diag(n, x.mean, x.std, y.mean, y.std).w2;
        expect(w(a, c)).toBeLessThanOrEqual(w(a, b) + w(b, c) + 1e-12 * (w(a, b) + w(b, c) + 1));
        expect(w(a, b)).toBe(w(b, a));
        expect(w(a, a)).toBe(0);
      }),
      { numRuns: 300, seed: 4 },
    );
  });

  it("gaussianW2Full: translation, W2(N(m + c, S), N(m, S)) = |c|", () => {
    fc.assert(
      fc.property(dims.chain((n) => fc.tuple(fc.constant(n), law(n), vec(n))), ([n, a, c]) => {
        const shifted = a.mean.map((x, i) => x + c[i]);
        const r = gaussianW2Full(n, shifted, a.cov, a.mean, a.cov);
        let c2 = 0;
        for (let i = 0; i < n; i++) c2 += (shifted[i] - a.mean[i]) ** 2;
        expect(r.meanPart).toBe(c2);
        expect(Math.abs(r.w2 ** 2 - c2)).toBeLessThanOrEqual(1e-12 * scaleOf(n, a, { mean: c, cov: new Float64Array(n * n) }));
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it("gaussianW2Full: agrees with the diagonal formula on diagonal covariances", () => {
    const std = (n: number) => fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        dims.chain((n) => fc.tuple(fc.constant(n), vec(n), std(n), vec(n), std(n))),
        ([n, m1, s1, m2, s2]) => {
          const cov = (s: number[]) => {
            const out = new Float64Array(n * n);
            s.forEach((x, i) => (out[i * n + i] = x * x));
            return out;
          };
          const diag = gaussianW2Diag(n, m1, s1, m2, s2);
          const full = gaussianW2Full(n, m1, cov(s1), m2, cov(s2));
          const scale = 1 + s1.reduce((a, x) => a + x * x, 0) + s2.reduce((a, x) => a + x * x, 0);
          expect(full.meanPart).toBe(diag.meanPart);
          expect(Math.abs(full.covPart - diag.stdPart)).toBeLessThanOrEqual(1e-13 * scale);
        },
      ),
      { numRuns: 300, seed: 6 },
    );
  });
});

describe("gaussianW2Commuting", () => {
  it("gaussianW2Commuting: equals Bures for covariances sharing an eigenbasis, and is exact near coincidence", () => {
    const rng = testRng(77);
    const n = 7;
    const q = randomOrthogonal(n, rng);
    const l1 = [0.1, 0.5, 1, 1.5, 2, 4, 9];
    const l2 = [0.2, 0.4, 1.1, 1.5, 2.5, 3, 10];
    const m1 = Float64Array.from({ length: n }, () => rng.normal());
    const m2 = Float64Array.from({ length: n }, () => rng.normal());
    const com = gaussianW2Commuting(n, m1, l1, m2, l2);
    const bures = gaussianW2Full(n, m1, withSpectrum(q, l1, n), m2, withSpectrum(q, l2, n));
    expect(Math.abs(com.w2 - bures.w2)).toBeLessThanOrEqual(1e-12 * com.w2);
    let exact = 0;
    for (let i = 0; i < n; i++) exact += (Math.sqrt(l1[i]) - Math.sqrt(l2[i])) ** 2;
    expect(com.covPart).toBeCloseTo(exact, 15);
    // Near-identical laws: relative accuracy is kept (no trace cancellation).
    const l3 = l1.map((x) => x * (1 + 1e-10));
    const near = gaussianW2Commuting(n, m1, l1, m1, l3);
    let ref = 0;
    for (let i = 0; i < n; i++) ref += l1[i] * (Math.sqrt(1 + 1e-10) - 1) ** 2;
    expect(Math.abs(near.covPart - ref)).toBeLessThanOrEqual(1e-6 * ref);
  });

  it("gaussianW2Full: both trace-root paths (singular values for n ≤ 100, eigenvalues of M above) match the commuting closed form", () => {
    const rng = testRng(88);
    for (const n of [BURES_SINGULAR_VALUE_MAX_N, BURES_SINGULAR_VALUE_MAX_N + 20]) {
      const q = randomOrthogonal(n, rng);
      const l1 = Array.from({ length: n }, () => 0.1 + rng.uniform() * 3);
      const l2 = Array.from({ length: n }, () => 0.1 + rng.uniform() * 3);
      const m1 = Float64Array.from({ length: n }, () => rng.normal());
      const m2 = Float64Array.from({ length: n }, () => rng.normal());
      const ws = gaussianW2Workspace(n);
      expect(ws.eig2 === null).toBe(n > BURES_SINGULAR_VALUE_MAX_N);
      const bures = gaussianW2Full(n, m1, withSpectrum(q, l1, n), m2, withSpectrum(q, l2, n), ws);
      const com = gaussianW2Commuting(n, m1, l1, m2, l2);
      expect(Math.abs(bures.covPart - com.covPart), `n = ${n}`).toBeLessThanOrEqual(1e-12 * n * 3);
      expect(Math.abs(bures.w2 - com.w2)).toBeLessThanOrEqual(1e-12 * com.w2);
    }
  });

  it("gaussianW2Commuting: negative rounding eigenvalues count as 0", () => {
    const r = gaussianW2Commuting(2, [0, 0], [-1e-18, 4], [0, 0], [0, 1]);
    expect(r.covPart).toBe(1);
  });
});

describe("gaussianW2: validation", () => {
  it("gaussianW2: accepts rows or flat row-major covariances and Float64Array means", () => {
    const a = gaussianW2([0, 0], [[1, 0.5], [0.5, 2]], Float64Array.from([1, 0]), Float64Array.from([1, 0.5, 0.5, 2]));
    expect(a.w2).toBeCloseTo(1, 14);
  });

  it("gaussianW2: rejects a non-symmetric covariance naming the argument", () => {
    expect(() => gaussianW2([0, 0], [[1, 0.5], [0.4, 1]], [0, 0], [[1, 0], [0, 1]])).toThrow(
      /^gaussianW2: cov1 entry \[1\]\[0\] must be equal to entry \[0\]\[1\] = 0\.5 \(symmetric\); got 0\.4$/,
    );
  });

  it("gaussianW2: rejects a non-PSD covariance naming the argument", () => {
    let err: unknown;
    try {
      gaussianW2([0, 0], [[1, 0], [0, 1]], [0, 0], [[1, 2], [2, 1]]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect((err as InvalidParameterError).code).toBe("E_INVALID_PARAMETER");
    expect((err as Error).message).toMatch(/^gaussianW2: cov2 must be symmetric positive semi-definite \(smallest eigenvalue >= -\S+\); got -(1|0\.99)/);
  });

  it("gaussianW2: accepts a singular PSD covariance (rounding-level negative eigenvalue)", () => {
    const r = gaussianW2([0, 0], [[1, 1], [1, 1]], [0, 0], [[1, 1], [1, 1]]);
    expect(r.w2).toBeLessThan(1e-7);
  });

  it("gaussianW2: rejects mismatched dimensions, non-finite entries and empty means", () => {
    expect(() => gaussianW2([0, 0], [[1, 0], [0, 1]], [0], [[1]])).toThrow(/^gaussianW2: mean2 must be of length 2 \(as mean1\); got "length 1"$/);
    expect(() => gaussianW2([0], [[1, 0], [0, 1]], [0], [[1]])).toThrow(/gaussianW2: cov1 must be an n×n covariance \(n = 1\)/);
    expect(() => gaussianW2([0, 0], [[1, 0], [0, NaN]], [0, 0], [[1, 0], [0, 1]])).toThrow(/^gaussianW2: cov1\[1\]\[1\] must be a finite number; got NaN$/);
    expect(() => gaussianW2([0, Infinity], [[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]])).toThrow(/mean1\[1\] must be a finite number/);
    expect(() => gaussianW2([], [], [], [])).toThrow(InvalidParameterError);
    expect(() => gaussianW2([0, 0], [[1, 0], [0]], [0, 0], [[1, 0], [0, 1]])).toThrow(/cov1\[1\] must be a row of length 2/);
  });
});
