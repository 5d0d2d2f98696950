/**
 * Cancellation-free differences of powers, used by the polynomial schedules' closed forms
 * (golden `schedules_all.json` `formula`: "p^(e) expm1(e log1p(q t/p))").
 */

/**
 * (base + h)^e − base^e for base > 0, h ≥ 0, computed as base^e · expm1(e · log1p(h/base)), which keeps full
 * relative precision when h ≪ base (a plain difference loses it).
 */
export function powerDifference(base: number, h: number, e: number): number {
  return Math.pow(base, e) * Math.expm1(e * Math.log1p(h / base));
}
