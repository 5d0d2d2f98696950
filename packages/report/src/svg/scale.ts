/**
 * Axis scales: map data values to pixel coordinates, linearly or on log10, with the domain padded so markers do not
 * sit on the frame.
 */
import { linearTicks, logTicks, type Ticks } from "./ticks.js";

/** Linear or logarithmic axis. */
export type ScaleKind = "linear" | "log";

/** A scale from a data domain onto a pixel range. */
export interface Scale {
  readonly kind: ScaleKind;
  /** Data interval [d0, d1] (d0 < d1; both > 0 for log). */
  readonly domain: readonly [number, number];
  /** Pixel interval the domain maps onto (may be descending, as for a y axis). */
  readonly range: readonly [number, number];
  /** Pixel coordinate of a data value (values outside the domain extrapolate). */
  map(value: number): number;
  /** Ticks inside the domain. */
  ticks(): Ticks;
}

/** True when `value` can be drawn on an axis of this kind (finite, and > 0 on a log axis). */
export function drawable(kind: ScaleKind, value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value) && (kind === "linear" || value > 0);
}

/**
 * The padded domain of `values` (non-drawable values ignored): 5% of the span on each side (of the log span on a log
 * axis); a single value gets ±10% (×/÷1.5 on log, ±1 around 0 on linear). Null when nothing is drawable.
 */
export function paddedDomain(kind: ScaleKind, values: Iterable<number | null | undefined>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!drawable(kind, v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return null;
  if (kind === "log") {
    if (lo === hi) return [lo / 1.5, hi * 1.5];
    const pad = Math.max(0.05 * Math.log10(hi / lo), 0.02);
    return [lo / 10 ** pad, hi * 10 ** pad];
  }
  if (lo === hi) return lo === 0 ? [-1, 1] : [lo - 0.1 * Math.abs(lo), hi + 0.1 * Math.abs(hi)];
  const pad = 0.05 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** A scale of `kind` from `domain` onto `range`. */
export function createScale(kind: ScaleKind, domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  if (!(d1 > d0) || (kind === "log" && !(d0 > 0))) throw new RangeError(`createScale: ${kind} domain must be increasing${kind === "log" ? " and > 0" : ""}; got [${d0}, ${d1}]`);
  const [r0, r1] = range;
  const t = kind === "log" ? Math.log10 : (v: number) => v;
  const t0 = t(d0);
  const span = t(d1) - t0;
  return {
    kind,
    domain: [d0, d1],
    range: [r0, r1],
    map: (value) => r0 + ((t(value) - t0) / span) * (r1 - r0),
    ticks: () => (kind === "log" ? logTicks(d0, d1) : { major: linearTicks(d0, d1), minor: [] }),
  };
}
