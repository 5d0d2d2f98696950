/**
 * Number formatting for people (tick labels, table cells). Machine output (summary.json, CSV) keeps full precision;
 * these helpers only shorten what is drawn or shown.
 */

/** Removes binary-to-decimal noise: 0.30000000000000004 → 0.3 (12 significant digits). */
export function cleanFloat(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(12));
}

/** `1e-3`-style exponent notation without a `+` and without trailing zeros in the mantissa. */
function exponential(x: number, digits: number): string {
  const [mant, exp] = x.toExponential(digits - 1).split("e");
  const m = mant!.includes(".") ? mant!.replace(/\.?0+$/, "") : mant!;
  return `${m}e${Number(exp)}`;
}

/**
 * A tick label: plain decimals for 1e-3 ≤ |x| < 1e5 (with float noise removed), exponent notation outside
 * (`1e-4`, `2e6`), `0` for zero.
 */
export function formatTick(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(cleanFloat(x));
  return exponential(x, 12);
}

/**
 * A table cell: `digits` significant digits (default 4); integers below 1e7 exactly; exponent notation for very
 * small or large values; `—` for null, undefined or non-finite values.
 */
export function formatNumber(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return String(x);
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return String(Number(x.toPrecision(digits)));
  return exponential(x, digits);
}
