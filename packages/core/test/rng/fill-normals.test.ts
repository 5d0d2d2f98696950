import { describe, expect, it } from "vitest";
import { fillNormals, fillNormalsBatch, fillUniforms, u53 } from "../../src/rng/fill-normals.js";
import { philox4x32 } from "../../src/rng/philox.js";
import { streamKey, type StreamKey } from "../../src/rng/stream-key.js";
import { bonferroniZ, ksCritical, ksDistance, normalCdf } from "./stat-helpers.js";

const KEY = streamKey(42, "point-abc", "sampler.noise");

/** Textbook recomputation from the addressing contract (Math.log/cos/sin, explicit counters). */
function referenceNormal(key: StreamKey, replicate: number, particle: number, j: number): number {
  const m = Math.floor(j / 2);
  const w = philox4x32(m % 2 ** 32, Math.floor(m / 2 ** 32), particle, replicate, key.k0, key.k1, new Uint32Array(4));
  const u = 1 - ((w[0] >>> 5) * 2 ** 26 + (w[1] >>> 6)) / 2 ** 53;
  const v = ((w[2] >>> 5) * 2 ** 26 + (w[3] >>> 6)) / 2 ** 53;
  const r = Math.sqrt(-2 * Math.log(u));
  return j % 2 === 0 ? r * Math.cos(2 * Math.PI * v) : r * Math.sin(2 * Math.PI * v);
}

function moments(x: Float64Array): { mean: number; var: number; skew: number; exkurt: number } {
  const n = x.length;
  let s = 0;
  for (const v of x) s += v;
  const mean = s / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const v of x) {
    const r = v - mean;
    m2 += r * r;
    m3 += r * r * r;
    m4 += r * r * r * r;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { mean, var: (m2 * n) / (n - 1), skew: m3 / m2 ** 1.5, exkurt: m4 / (m2 * m2) - 3 };
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += a[i];
    sb += b[i];
  }
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe("fillNormals", () => {
  it("fillNormals: pinned values (bit-for-bit regression across runs, platforms and Node versions)", () => {
    const z = fillNormals(KEY, 3, 17, 0, 6, new Float64Array(6));
    expect(KEY).toEqual({ k0: 81394792, k1: 3002049480 });
    expect(Array.from(z)).toEqual([
      1.224255333021868, -1.3116406095348352, 0.6090025729763344, 0.1790390768131585, -1.085302676340857,
      -0.06304494135804113,
    ]);
    const u = fillUniforms(KEY, 3, 17, 0, 4, new Float64Array(4));
    expect(Array.from(u)).toEqual([0.8000326357514994, 0.8695177964606317, 0.1824715392625128, 0.04550741973332284]);
  });

  it("fillNormals: follows the documented addressing (recomputed from explicit counters, incl. high block words)", () => {
    const cases: Array<[number, number, number]> = [
      [0, 0, 0],
      [1, 5, 1],
      [7, 2 ** 32 - 1, 12345],
      [2 ** 32 - 1, 3, 2 ** 33 + 7],
      [2, 9, 2 ** 52 + 1],
    ];
    for (const [replicate, particle, j] of cases) {
      const got = fillNormals(KEY, replicate, particle, j, 1, new Float64Array(1))[0];
      expect(Math.abs(got - referenceNormal(KEY, replicate, particle, j))).toBeLessThan(1e-13);
    }
  });

  it("fillNormals: positions split anywhere (odd or even start, odd or even length) give the same draws", () => {
    const all = fillNormals(KEY, 1, 4, 3, 40, new Float64Array(40));
    for (const cut of [1, 2, 7, 20, 39]) {
      const part = new Float64Array(40);
      fillNormals(KEY, 1, 4, 3, cut, part, 0);
      fillNormals(KEY, 1, 4, 3 + cut, 40 - cut, part, cut);
      expect(part).toEqual(all);
    }
    const one = new Float64Array(40);
    for (let j = 0; j < 40; j++) fillNormals(KEY, 1, 4, 3 + j, 1, one, j);
    expect(one).toEqual(all);
  });

  it("fillNormalsBatch: particles 0..99 at once equal 0..49 then 50..99 (and honour offset/stride)", () => {
    const d = 7;
    const all = fillNormalsBatch(KEY, 2, 0, 100, 11, d, new Float64Array(100 * d));
    const split = new Float64Array(100 * d);
    fillNormalsBatch(KEY, 2, 0, 50, 11, d, split, 0);
    fillNormalsBatch(KEY, 2, 50, 50, 11, d, split, 50 * d);
    expect(split).toEqual(all);
    const strided = fillNormalsBatch(KEY, 2, 0, 100, 11, d, new Float64Array(100 * (d + 2)), 1, d + 2);
    for (let p = 0; p < 100; p++) for (let i = 0; i < d; i++) expect(strided[1 + p * (d + 2) + i]).toBe(all[p * d + i]);
  });

  it("fillNormals: is deterministic and changes with every address component", () => {
    const a = fillNormals(KEY, 0, 0, 0, 8, new Float64Array(8));
    expect(fillNormals(KEY, 0, 0, 0, 8, new Float64Array(8))).toEqual(a);
    expect(fillNormals(KEY, 1, 0, 0, 8, new Float64Array(8))).not.toEqual(a);
    expect(fillNormals(KEY, 0, 1, 0, 8, new Float64Array(8))).not.toEqual(a);
    expect(fillNormals(KEY, 0, 0, 8, 8, new Float64Array(8))).not.toEqual(a);
    expect(fillNormals(streamKey(43, "point-abc", "sampler.noise"), 0, 0, 0, 8, new Float64Array(8))).not.toEqual(a);
  });

  it("fillNormals: mean, variance, skewness and kurtosis of 2e5 draws within Bonferroni-corrected SEs", () => {
    const n = 200_000;
    const x = fillNormals(KEY, 0, 0, 0, n, new Float64Array(n));
    const m = moments(x);
    const z = bonferroniZ(4);
    expect(Math.abs(m.mean)).toBeLessThan(z / Math.sqrt(n));
    expect(Math.abs(m.var - 1)).toBeLessThan(z * Math.sqrt(2 / (n - 1)));
    expect(Math.abs(m.skew)).toBeLessThan(z * Math.sqrt(6 / n));
    expect(Math.abs(m.exkurt)).toBeLessThan(z * Math.sqrt(24 / n));
  });

  it("fillNormals: Kolmogorov–Smirnov distance to Φ below the 0.1% critical value (n = 2e5, across particles)", () => {
    const n = 200_000;
    const x = fillNormalsBatch(KEY, 5, 0, n / 8, 0, 8, new Float64Array(n));
    expect(ksDistance(x, normalCdf)).toBeLessThan(ksCritical(n, 1e-3));
  });

  it("fillNormals: the extreme tails have the normal frequencies (|z| > 3 and |z| > 4)", () => {
    const n = 400_000;
    const x = fillNormals(KEY, 9, 9, 0, n, new Float64Array(n));
    let c3 = 0;
    let c4 = 0;
    for (const v of x) {
      if (Math.abs(v) > 3) c3++;
      if (Math.abs(v) > 4) c4++;
    }
    const p3 = 2 * (1 - normalCdf(3));
    const p4 = 2 * (1 - normalCdf(4));
    const z = bonferroniZ(2);
    expect(Math.abs(c3 - n * p3)).toBeLessThan(z * Math.sqrt(n * p3 * (1 - p3)));
    expect(Math.abs(c4 - n * p4)).toBeLessThan(z * Math.sqrt(n * p4 * (1 - p4)) + 1);
  });

  it("fillNormals: streams of neighbouring particles, replicates, keys and positions are uncorrelated", () => {
    const n = 100_000;
    const base = fillNormals(KEY, 0, 0, 0, n, new Float64Array(n));
    const others = [
      fillNormals(KEY, 0, 1, 0, n, new Float64Array(n)),
      fillNormals(KEY, 1, 0, 0, n, new Float64Array(n)),
      fillNormals(streamKey(42, "point-abd", "sampler.noise"), 0, 0, 0, n, new Float64Array(n)),
      fillNormals(KEY, 0, 0, 1, n, new Float64Array(n)), // lag 1: the other member of each pair, then the next pair
      fillNormals(KEY, 0, 0, 2, n, new Float64Array(n)), // lag 2: the next block
    ];
    const z = bonferroniZ(others.length + 1);
    for (const o of others) expect(Math.abs(correlation(base, o))).toBeLessThan(z / Math.sqrt(n));
    // Squares too: Box–Muller pairs share a radius, so dependence would show up in z0² vs z1².
    const even = new Float64Array(n / 2);
    const odd = new Float64Array(n / 2);
    for (let i = 0; i < n / 2; i++) {
      even[i] = base[2 * i] ** 2;
      odd[i] = base[2 * i + 1] ** 2;
    }
    expect(Math.abs(correlation(even, odd))).toBeLessThan(z / Math.sqrt(n / 2));
  });
});

describe("fillUniforms", () => {
  it("u53: maps the extreme words to 0 and 1 − 2^-53", () => {
    expect(u53(0, 0)).toBe(0);
    expect(u53(0xffffffff, 0xffffffff)).toBe(1 - 2 ** -53);
  });

  it("fillUniforms: mean and variance of 2e5 draws within Bonferroni-corrected SEs, all in [0, 1)", () => {
    const n = 200_000;
    const u = fillUniforms(KEY, 0, 3, 0, n, new Float64Array(n));
    let s = 0;
    let outside = 0;
    for (const v of u) {
      if (!(v >= 0 && v < 1)) outside++;
      s += v;
    }
    expect(outside).toBe(0);
    const mean = s / n;
    let ss = 0;
    for (const v of u) ss += (v - 0.5) ** 2;
    const z = bonferroniZ(3);
    expect(Math.abs(mean - 0.5)).toBeLessThan(z * Math.sqrt(1 / 12 / n));
    // Var[(U − ½)²] = 1/80 − 1/144 = 1/180.
    expect(Math.abs(ss / n - 1 / 12)).toBeLessThan(z * Math.sqrt(1 / 180 / n));
    expect(ksDistance(u, (x) => Math.min(1, Math.max(0, x)))).toBeLessThan(ksCritical(n, 1e-3));
  });

  it("fillUniforms: positions split anywhere give the same draws", () => {
    const all = fillUniforms(KEY, 0, 3, 5, 21, new Float64Array(21));
    const part = new Float64Array(21);
    fillUniforms(KEY, 0, 3, 5, 6, part, 0);
    fillUniforms(KEY, 0, 3, 11, 15, part, 6);
    expect(part).toEqual(all);
  });
});
