/**
 * The cosine VP schedule (Nichol–Dhariwal; papers.md §1(e) — not from GNZ): with x(t) = (π/2)(t/T + s)/(1 + s),
 * ᾱ(t) = a_t² = cos² x(t) / cos² x(0) and β(t) = −d/dt log ᾱ = π/(T(1 + s))·tan x(t), which diverges at t = T.
 * β is capped at `beta_cap`: for t ≥ t_c, where β(t_c) = beta_cap, β = beta_cap and B grows linearly.
 * Below the cap the closed forms are used in cancellation-free form:
 *   ∫_lo^hi β = 2 ln(cos x_lo / cos x_hi) = 2 log1p(2 sin((x_hi + x_lo)/2) sin((x_hi − x_lo)/2) / cos x_hi),
 * with x_hi − x_lo = (π/2)(hi − lo)/(T(1 + s)) computed directly (golden `schedules_all.json`: sin-product form).
 */
import type { VpRate } from "./vp.js";

/** The capped cosine rate; `T` is the horizon, `s` the offset, `betaCap` the cap of β (1/time). */
export function vpCosineRate(T: number, s: number, betaCap: number): VpRate {
  const w = Math.PI / (2 * T * (1 + s)); // dx/dt
  const x0 = (Math.PI / 2) * (s / (1 + s));
  const x = (t: number): number => x0 + w * t;
  // Uncapped ∫_lo^hi β for 0 ≤ lo ≤ hi < T.
  const dBu = (lo: number, hi: number): number => {
    const xl = x(lo);
    const xh = x(hi);
    return 2 * Math.log1p((2 * Math.sin(0.5 * (xh + xl)) * Math.sin(0.5 * w * (hi - lo))) / Math.cos(xh));
  };
  // β(t_c) = betaCap  ⇔  tan x(t_c) = betaCap / (2w); clamp at 0 when the cap is below β(0).
  const tc = Math.max(0, (Math.atan(betaCap / (2 * w)) - x0) / w);
  const dB = (lo: number, hi: number): number => {
    if (hi <= tc) return dBu(lo, hi);
    if (lo >= tc) return betaCap * (hi - lo);
    return dBu(lo, tc) + betaCap * (hi - tc);
  };
  return {
    beta: (t) => (t >= tc ? betaCap : 2 * w * Math.tan(x(t))),
    B: (t) => dB(0, t),
    dB,
  };
}
