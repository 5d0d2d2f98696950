import { describe, expect, it } from "vitest";
import { streamKey } from "../../src/rng/stream-key.js";
import {
  addRowVector,
  NOISE_ERROR_MODES,
  noiseErrorAt,
  noiseErrorField,
  noiseErrorKey,
  noiseErrorTable,
} from "../../src/score/noise-error.js";

const POINT_KEY = streamKey(5, "point-1");
const norm = (v: Float64Array) => Math.hypot(...v);

describe("noiseError", () => {
  it("noiseErrorAt: |e(t)| equals the size at every time (so the L2 size under any law is the size)", () => {
    for (const d of [1, 2, 10, 100]) {
      const field = noiseErrorField(0.3, d, 2, noiseErrorKey(11, POINT_KEY));
      const e = new Float64Array(d);
      for (let t = 0; t <= 2; t += 0.01) expect(norm(noiseErrorAt(field, t, e))).toBeCloseTo(0.3, 14);
    }
  });

  it("noiseErrorField: frozen per seed — the same seed gives the same field, other seeds another", () => {
    const a = noiseErrorField(1, 5, 1, noiseErrorKey(3, POINT_KEY));
    const b = noiseErrorField(1, 5, 1, noiseErrorKey(3, streamKey(99, "other-point")));
    const c = noiseErrorField(1, 5, 1, noiseErrorKey(4, POINT_KEY));
    expect(a.modes).toEqual(b.modes);
    expect(a.modes).not.toEqual(c.modes);
    expect(a.modes.length).toBe(NOISE_ERROR_MODES * 5);
  });

  it("noiseErrorKey: without a seed the field is derived from the point's key (frozen per point)", () => {
    const a = noiseErrorField(1, 5, 1, noiseErrorKey(null, POINT_KEY));
    const b = noiseErrorField(1, 5, 1, noiseErrorKey(null, POINT_KEY));
    const c = noiseErrorField(1, 5, 1, noiseErrorKey(null, streamKey(5, "point-2")));
    expect(a.modes).toEqual(b.modes);
    expect(a.modes).not.toEqual(c.modes);
  });

  it("noiseErrorAt: is continuous in t for d ≥ 2 (Lipschitz-small steps) and varies over [0, T]", () => {
    const d = 10;
    const field = noiseErrorField(1, d, 1, noiseErrorKey(1, POINT_KEY));
    const e0 = new Float64Array(d);
    const e1 = new Float64Array(d);
    let maxJump = 0;
    for (let k = 0; k < 1000; k++) {
      noiseErrorAt(field, k / 1000, e0);
      noiseErrorAt(field, (k + 1) / 1000, e1);
      let s = 0;
      for (let i = 0; i < d; i++) s += (e1[i] - e0[i]) ** 2;
      maxJump = Math.max(maxJump, Math.sqrt(s));
    }
    expect(maxJump).toBeLessThan(0.2);
    noiseErrorAt(field, 0, e0);
    noiseErrorAt(field, 1, e1);
    let dot = 0;
    for (let i = 0; i < d; i++) dot += e0[i] * e1[i];
    expect(dot).toBeLessThan(0.999); // the direction changes between the ends
  });

  it("noiseErrorAt: the direction is isotropic across seeds (mean of e(t) over 4000 seeds ≈ 0 within 4 SE)", () => {
    const d = 3;
    const n = 4000;
    const sum = new Float64Array(d);
    const e = new Float64Array(d);
    for (let s = 0; s < n; s++) {
      noiseErrorAt(noiseErrorField(1, d, 1, noiseErrorKey(s, POINT_KEY)), 0.37, e);
      for (let i = 0; i < d; i++) sum[i] += e[i];
    }
    // A uniform unit vector in R^3 has Var(e_i) = 1/3.
    for (let i = 0; i < d; i++) expect(Math.abs(sum[i] / n)).toBeLessThan(4.5 * Math.sqrt(1 / 3 / n));
  });

  it("noiseErrorAt: in d = 1 it is ±size", () => {
    const field = noiseErrorField(0.5, 1, 1, noiseErrorKey(2, POINT_KEY));
    const e = new Float64Array(1);
    for (let t = 0; t <= 1; t += 0.05) expect(Math.abs(noiseErrorAt(field, t, e)[0])).toBe(0.5);
  });

  it("noiseErrorTable: row k is e(t_k); addRowVector adds e to every particle", () => {
    const d = 4;
    const field = noiseErrorField(2, d, 1, noiseErrorKey(8, POINT_KEY));
    const times = Float64Array.from([1, 0.5, 0.01]);
    const table = noiseErrorTable(field, times, new Float64Array(3 * d));
    const e = new Float64Array(d);
    for (let k = 0; k < 3; k++) expect(Array.from(table.subarray(k * d, (k + 1) * d))).toEqual(Array.from(noiseErrorAt(field, times[k], e)));
    const out = addRowVector(2, d, e, new Float64Array(2 * d).fill(1));
    for (let i = 0; i < d; i++) {
      expect(out[i]).toBe(1 + e[i]);
      expect(out[d + i]).toBe(1 + e[i]);
    }
  });

  it("noiseErrorField: size 0 gives a zero error", () => {
    const e = noiseErrorAt(noiseErrorField(0, 3, 1, noiseErrorKey(0, POINT_KEY)), 0.5, new Float64Array(3));
    expect(e.every((v) => v === 0)).toBe(true);
  });
});
