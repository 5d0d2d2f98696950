/**
 * Axis ticks: "nice" linear steps (1, 2 or 5 × 10^k) and decade ticks for log axes. Values are cleaned of float
 * noise (0.1 + 0.2 → 0.3) so labels print short; every tick lies inside the requested range.
 */

/** Ticks of an axis: labelled `major` ticks and unlabelled `minor` ones, both ascending. */
export interface Ticks {
  major: number[];
  minor: number[];
}

/** The nice step (1, 2 or 5 × 10^k) nearest to `span / count`. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const m = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  return m * mag;
}

/**
 * About `count` (default 5) equally spaced ticks at multiples of a nice step, all within [lo, hi]. A zero-width
 * range gives the one value. Requires finite lo ≤ hi.
 */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) throw new RangeError(`linearTicks: range must be finite with lo <= hi; got [${lo}, ${hi}]`);
  if (hi === lo) return [lo];
  const step = niceStep(hi - lo, Math.max(1, count));
  // A relative slack keeps ticks that sit on the boundary up to rounding.
  const slack = 1e-9;
  const k0 = Math.ceil(lo / step - slack);
  const k1 = Math.floor(hi / step + slack);
  // Round to the step's decimals (not to a fixed number of significant digits, which would move ticks of a narrow
  // range far from zero).
  const decimals = Math.min(100, Math.max(0, 1 - Math.floor(Math.log10(step))));
  const out: number[] = [];
  for (let k = k0; k <= k1; k++) out.push(Number((k * step).toFixed(decimals)) + 0);
  return out;
}

/** m·10^e parsed from decimal text, so 10^-3 is exactly the double nearest 0.001. */
function decade(m: number, e: number): number {
  return Number(`${m}e${e}`);
}

/**
 * Ticks of a log axis over [lo, hi] (0 < lo ≤ hi): majors at powers of ten (every k-th decade when there are more
 * than 10, so at most about 8 labels) and minors at 2…9 × 10^e. When fewer than two powers of ten fall inside, 2 and
 * 5 × 10^e become majors too; when even that gives fewer than two (a range narrower than about ×2.5), the majors are
 * linear nice ticks.
 */
export function logTicks(lo: number, hi: number): Ticks {
  if (!(lo > 0) || !Number.isFinite(hi) || hi < lo) throw new RangeError(`logTicks: range must satisfy 0 < lo <= hi < Infinity; got [${lo}, ${hi}]`);
  const inside = (v: number) => v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12);
  const e0 = Math.floor(Math.log10(lo));
  const e1 = Math.ceil(Math.log10(hi));
  const decades = e1 - e0;
  if (decades > 10) {
    const every = Math.ceil(decades / 8);
    const major: number[] = [];
    const minor: number[] = [];
    for (let e = e0; e <= e1; e++) {
      const v = decade(1, e);
      if (!inside(v)) continue;
      (e % every === 0 ? major : minor).push(v);
    }
    return { major, minor };
  }
  const major: number[] = [];
  const minor: number[] = [];
  for (let e = e0; e <= e1; e++) {
    for (let m = 1; m <= 9; m++) {
      const v = decade(m, e);
      if (inside(v)) (m === 1 ? major : minor).push(v);
    }
  }
  if (major.length >= 2) return { major, minor };
  const promoted = [...major, ...minor.filter((v) => /^[25]e/.test(v.toExponential()))].sort((a, b) => a - b);
  if (promoted.length >= 2) return { major: promoted, minor: minor.filter((v) => !promoted.includes(v)) };
  return { major: linearTicks(lo, hi, 4), minor: [] };
}
