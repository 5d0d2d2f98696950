/**
 * The horizon rule of papers.md §1(e) ("consistency check", DERIVED): choose T so that the initialisation term of the
 * GNZ bound, √d·exp(−∫_0^T μ), is at most a share of the target ε, with the reverse contraction rate of §1(d)
 * μ(t) = g(t)²·m(t) − f(t), where m(t) = 1/(a_t²/m0 + b_t²) and m0 = 1/σ0² for data N(0, σ0² I) (for which this
 * m(t) is exact, papers.md §5.2). It reproduces every K of the GNZ table; here it sets T per (family, d, ε) without
 * looking at the measured W2, so T is never tuned against the error it is measured by.
 */
import { makeSchedule, type Schedule, type SdeSpec } from "@scoresweep/core";

/**
 * ∫_from^T μ(t) dt (dimensionless; `from` defaults to 0), μ as in the module doc, by adaptive Simpson to a relative
 * tolerance `tol`: μ can have a boundary layer at t = 0 much thinner than T (e.g. `ve_const` with a = 50:
 * μ(t) = a²/(σ0² + a²t) falls from 10⁴ on a scale of 10⁻⁴), which a fixed grid would miss.
 */
export function contractionIntegral(schedule: Schedule, sigma0: number, T: number, from = 0, tol = 1e-10): number {
  const s2 = sigma0 * sigma0;
  const mu = (t: number) => {
    const a = schedule.a(t);
    return schedule.g2(t) / (a * a * s2 + schedule.b2(t)) - schedule.f(t);
  };
  const simpson = (a: number, fa: number, m: number, fm: number, b: number, fb: number) => ((b - a) / 6) * (fa + 4 * fm + fb);
  const recurse = (a: number, fa: number, m: number, fm: number, b: number, fb: number, whole: number, eps: number, depth: number): number => {
    const lm = (a + m) / 2;
    const rm = (m + b) / 2;
    const flm = mu(lm);
    const frm = mu(rm);
    const left = simpson(a, fa, lm, flm, m, fm);
    const right = simpson(m, fm, rm, frm, b, fb);
    const delta = left + right - whole;
    if (depth <= 0 || Math.abs(delta) <= 15 * eps) return left + right + delta / 15;
    return recurse(a, fa, lm, flm, m, fm, left, eps / 2, depth - 1) + recurse(m, fm, rm, frm, b, fb, right, eps / 2, depth - 1);
  };
  // Start from 16 panels so a feature inside one coarse panel is not missed.
  const n = 16;
  const h = (T - from) / n;
  let total = 0;
  const f0 = mu(from);
  let fa = f0;
  const coarse: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = from + i * h;
    const b = from + (i + 1) * h;
    const m = (a + b) / 2;
    const fm = mu(m);
    const fb = mu(b);
    coarse.push(simpson(a, fa, m, fm, b, fb));
    fa = fb;
  }
  const scale = Math.abs(coarse.reduce((s, v) => s + v, 0)) || 1;
  fa = f0;
  for (let i = 0; i < n; i++) {
    const a = from + i * h;
    const b = from + (i + 1) * h;
    const m = (a + b) / 2;
    const fm = mu(m);
    const fb = mu(b);
    total += recurse(a, fa, m, fm, b, fb, coarse[i]!, (tol * scale) / n, 40);
    fa = fb;
  }
  return total;
}

/** Options of {@link gnzHorizon}. */
export interface HorizonRuleOptions {
  /** Share of ε given to the initialisation term (default 1/2: the other half is left to the discretisation). */
  share?: number;
  /** Largest T searched (default 1e4); beyond it the rule gives up (null). */
  maxT?: number;
}

/**
 * The smallest T with √d·exp(−∫_0^T μ) ≤ share·ε for data N(0, σ0² I_d), found by bisection (relative precision
 * ~1e-12), or 0 when it holds already at T → 0, or null when no T ≤ maxT satisfies it. The family's time axis is
 * absolute (β(1) = β_max etc.), so `sde.T` of `sde` is ignored.
 */
export function gnzHorizon(sde: SdeSpec, sigma0: number, d: number, eps: number, options: HorizonRuleOptions = {}): number | null {
  const share = options.share ?? 0.5;
  const maxT = options.maxT ?? 1e4;
  const need = Math.log(Math.sqrt(d) / (share * eps));
  if (need <= 0) return 0;
  // A schedule per trial T: families validate and precompute on [0, T], and some overflow far beyond it.
  const reached = (T: number) => contractionIntegral(makeSchedule({ ...sde, T }), sigma0, T) >= need;
  let hi = 1e-3;
  while (!reached(hi)) {
    hi *= 2;
    if (hi > maxT) return null;
  }
  let lo = hi / 2;
  if (hi === 1e-3) {
    // The rule holds at the first trial: shrink until it fails (or T is negligible).
    while (lo > 1e-12 && reached(lo)) lo /= 2;
    if (lo <= 1e-12) return 0;
    hi = lo * 2;
  }
  for (let i = 0; i < 60 && hi / lo > 1 + 1e-12; i++) {
    const mid = Math.sqrt(lo * hi);
    if (reached(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
