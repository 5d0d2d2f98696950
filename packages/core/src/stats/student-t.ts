/**
 * Student's t distribution with ν > 0 degrees of freedom (ν = Infinity is the standard normal): density, upper
 * tail and quantile, accurate to ~1e-14 relative. The tail is P(T > t) = ½ I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz &
 * Stegun 26.7.1 via 26.5.27), the normal tail ½ Q(½, t²/2); the quantile solves tail(t) = 1 − p by safeguarded
 * Newton steps from a Cornish–Fisher start (A&S 26.7.5), with the closed forms for ν = 1 and ν = 2.
 */
import { invalid } from "../errors.js";
import { logGammaDifference, regularizedBeta, regularizedGammaQ } from "./special-functions.js";

function requireDf(where: string, df: number): void {
  if (typeof df !== "number" || Number.isNaN(df) || !(df > 0)) invalid(where, "df (degrees of freedom)", "a number > 0 or Infinity", df);
}

/** Kernel: P(T > t) for t ≥ 0 (trusted). */
function upperTail(t: number, df: number): number {
  const t2 = t * t;
  if (df === Infinity) return 0.5 * regularizedGammaQ(0.5, 0.5 * t2);
  return 0.5 * regularizedBeta(0.5 * df, 0.5, df / (df + t2), t2 / (df + t2));
}

/** Kernel: the density at t (trusted). */
function density(t: number, df: number): number {
  if (df === Infinity) return Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  const logC = logGammaDifference(0.5 * df, 0.5) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - 0.5 * (df + 1) * Math.log1p((t * t) / df));
}

/** Density of Student's t with `df` degrees of freedom at t (df = Infinity: standard normal). */
export function studentTDensity(t: number, df: number): number {
  requireDf("studentTDensity", df);
  if (!Number.isFinite(t)) return 0;
  return density(t, df);
}

/** CDF P(T ≤ t) of Student's t with `df` degrees of freedom (df = Infinity: standard normal). */
export function studentTCdf(t: number, df: number): number {
  requireDf("studentTCdf", df);
  if (Number.isNaN(t)) invalid("studentTCdf", "t", "a number", t);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  return t >= 0 ? 1 - upperTail(t, df) : upperTail(-t, df);
}

/** Rough standard-normal upper quantile (A&S 26.2.23, |error| < 4.5e-4) for q in (0, ½]. */
function normalStart(q: number): number {
  const s = Math.sqrt(-2 * Math.log(q));
  return s - (2.515517 + 0.802853 * s + 0.010328 * s * s) / (1 + 1.432788 * s + 0.189269 * s * s + 0.001308 * s * s * s);
}

/** Kernel: t ≥ 0 with P(T > t) = q, for q in (0, ½]. */
function upperQuantile(q: number, df: number): number {
  if (q === 0.5) return 0;
  if (df === 1) return Math.tan(Math.PI * (0.5 - q));
  if (df === 2) return (1 - 2 * q) / Math.sqrt(2 * q * (1 - q));
  const z = normalStart(q);
  let t = df === Infinity ? z : z + (z * z * z + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
  if (!(t > 0) || !Number.isFinite(t)) t = 1;
  let lo = 0; // tail(lo) ≥ q
  let hi = Infinity; // tail(hi) < q
  for (let iter = 0; iter < 400; iter++) {
    const r = upperTail(t, df) - q;
    if (r === 0) return t;
    if (r > 0) lo = t;
    else hi = t;
    const f = density(t, df);
    let next = f > 0 ? t + r / f : NaN;
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * Math.max(t, 1) : 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 2e-16 * next || (hi < Infinity && hi - lo <= 4e-16 * hi)) return next;
    t = next;
  }
  return t;
}

/**
 * The p-quantile of Student's t with `df` > 0 degrees of freedom (df = Infinity: the standard normal), for p in
 * (0, 1): e.g. studentTQuantile(0.975, 4) = 2.7764451051977934 (the 95% two-sided factor for 5 replicates).
 */
export function studentTQuantile(p: number, df: number): number {
  if (typeof p !== "number" || !(p > 0 && p < 1)) invalid("studentTQuantile", "p", "a probability in (0, 1)", p);
  requireDf("studentTQuantile", df);
  return p >= 0.5 ? upperQuantile(1 - p, df) : -upperQuantile(p, df);
}
