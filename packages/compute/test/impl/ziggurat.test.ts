import { describe, expect, it } from "vitest";
import { logUnitPortable, expNonPositivePortable } from "../../src/impl/portable-math.js";
import { nextNormal, sfc32Next, ZIG_LAYERS, ZIG_R, ZIG_TABLES } from "../../src/impl/ziggurat.js";

/** Standard normal CDF Φ(x) via erfc's continued fraction / series (accurate to ~1e-12, enough for 4-SE checks). */
function normalCdf(x: number): number {
  // Abramowitz–Stegun 26.2.17 is only 1e-7; use the complementary error function by its Taylor/continued fraction.
  const z = Math.abs(x) / Math.SQRT2;
  let erfc: number;
  if (z < 2.5) {
    // erf by its Maclaurin series.
    let term = z;
    let sum = z;
    for (let n = 1; n < 200; n++) {
      term *= (-z * z) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17) break;
    }
    erfc = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // Continued fraction (Lentz) for erfc.
    let f = z;
    let C = z;
    let D = 0;
    for (let n = 1; n < 300; n++) {
      const a = n / 2;
      D = z + a * D;
      D = 1 / D;
      C = z + a / C;
      const delta = C * D;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    erfc = Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
  }
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

function drawNormals(n: number, seed: number): Float64Array {
  const main = Int32Array.of(seed, seed ^ 0x5bd1e995, 0x27d4eb2f, 1);
  const aux = Int32Array.of(~seed, 0x165667b1, seed * 31, 7);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = nextNormal(main, 0, aux, 0);
  return out;
}

describe("portable math", () => {
  it("logUnitPortable: matches Math.log on (0, 1] to a few ulp", () => {
    for (const u of [1, 0.5, 0.7071, 0.1, 1e-3, 2 ** -33, 0.999999, 0.3]) {
      expect(Math.abs(logUnitPortable(u) - Math.log(u))).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(Math.log(u))));
    }
  });
  it("expNonPositivePortable: matches Math.exp on [-700, 0] to a few ulp", () => {
    for (const x of [0, -1e-8, -0.3, -1, -6.7, -20, -300, -700]) {
      expect(Math.abs(expNonPositivePortable(x) - Math.exp(x))).toBeLessThanOrEqual(1e-15 * Math.exp(x));
    }
  });
});

describe("ziggurat tables", () => {
  it("ZIG_TABLES: 512 layers closing at X = 0 with monotone edges and densities", () => {
    expect(ZIG_LAYERS).toBe(512);
    const W = (i: number) => ZIG_TABLES[512 + i] * 4194304; // X[i]
    expect(W(1)).toBe(ZIG_R);
    for (let i = 1; i < 511; i++) expect(W(i + 1)).toBeLessThan(W(i));
    for (let i = 0; i < 512; i++) {
      expect(ZIG_TABLES[i]).toBeGreaterThanOrEqual(0);
      expect(ZIG_TABLES[i]).toBeLessThan(4194304);
      expect(ZIG_TABLES[1024 + i]).toBeLessThan(ZIG_TABLES[1024 + i + 1]);
    }
    // Every layer has area V: X[i]·(F[i+1] − F[i]) for i ≥ 1 (the top one included), within rounding.
    const V = W(1) * ZIG_TABLES[1024 + 1] + Math.sqrt(Math.PI / 2) * 2 * (1 - normalCdf(ZIG_R));
    for (const i of [1, 2, 100, 409, 510, 511]) {
      expect(Math.abs(W(i) * (ZIG_TABLES[1024 + i + 1] - ZIG_TABLES[1024 + i]) - V)).toBeLessThan(1e-9 * V);
    }
  });
});

describe("nextNormal", () => {
  const N = 2_000_000;
  const z = drawNormals(N, 12345);

  it("nextNormal: mean, variance, skewness and kurtosis of 2e6 draws within 4 standard errors of N(0, 1)", () => {
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let i = 0; i < N; i++) {
      const x = z[i];
      s1 += x;
      s2 += x * x;
      s3 += x * x * x;
      s4 += x * x * x * x;
    }
    // SEs of the sample moments of N(0,1): mean 1/√N, E x² √(2/N), E x³ √(15/N), E x⁴ √(96/N).
    expect(Math.abs(s1 / N)).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(s2 / N - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
    expect(Math.abs(s3 / N)).toBeLessThan(4 * Math.sqrt(15 / N));
    expect(Math.abs(s4 / N - 3)).toBeLessThan(4 * Math.sqrt(96 / N));
  });

  it("nextNormal: the empirical CDF at ±0.5, ±1, ±2, ±R, ±4.5 lies within 4 binomial SE of Φ (tail and wedges included)", () => {
    for (const x of [-4.5, -ZIG_R, -2, -1, -0.5, 0, 0.5, 1, 2, ZIG_R, 4.5]) {
      let c = 0;
      for (let i = 0; i < N; i++) if (z[i] <= x) c++;
      const p = normalCdf(x);
      const se = Math.sqrt((p * (1 - p)) / N);
      expect(Math.abs(c / N - p), `x = ${x}`).toBeLessThanOrEqual(4 * se + 1 / N);
    }
  });

  it("nextNormal: consecutive draws are uncorrelated (lag-1 autocorrelation within 4 SE)", () => {
    let s = 0;
    for (let i = 1; i < N; i++) s += z[i] * z[i - 1];
    expect(Math.abs(s / (N - 1))).toBeLessThan(4 / Math.sqrt(N));
  });

  it("sfc32Next: reproduces the reference SFC32 sequence (state a, b, c, counter)", () => {
    // Reference values from the C definition t = a + b + ctr++; a = b ^ (b >> 9); b = c + (c << 3);
    // c = rotl(c, 21) + t, computed here with BigInt as an independent implementation.
    let a = 0x9e3779b9n;
    let b = 0x243f6a88n;
    let c = 0xb7e15162n;
    let ctr = 1n;
    const M = 0xffffffffn;
    const state = Int32Array.of(0x9e3779b9 | 0, 0x243f6a88, 0xb7e15162 | 0, 1);
    for (let k = 0; k < 1000; k++) {
      const t = (a + b + ctr) & M;
      ctr = (ctr + 1n) & M;
      a = b ^ (b >> 9n);
      b = (c + (c << 3n)) & M;
      c = ((((c << 21n) | (c >> 11n)) & M) + t) & M;
      expect(sfc32Next(state, 0) >>> 0).toBe(Number(t));
    }
  });
});
