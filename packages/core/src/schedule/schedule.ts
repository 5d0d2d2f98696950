/**
 * The forward SDE dx = −f(t) x dt + g(t) dB on [0, T] (GNZ; papers.md §1(a), §5.1), with
 * a_t = exp(−∫_0^t f) and b_t² = ∫_0^t exp(−2∫_s^t f) g(s)² ds, so x_t | x_0 ~ N(a_t x_0, b_t² I).
 * Time t is absolute (in [0, T]); every method is defined on that interval.
 */
export interface Schedule {
  /** The family name of DESIGN §1 (`vp_linear`, `ve`, ...). */
  readonly family: string;
  /** Horizon T (> 0). */
  readonly T: number;
  /** The resolved family parameters (defaults filled in, `T` included), as validated by `makeSchedule`. */
  readonly params: Readonly<Record<string, number>>;
  /** True when g² = 2f (variance preserving): the exponential integrator applies. */
  readonly variancePreserving: boolean;
  /** Drift coefficient f(t) (1/time). */
  f(t: number): number;
  /** Squared diffusion g(t)² (1/time). */
  g2(t: number): number;
  /** Signal scale a_t = exp(−∫_0^t f), dimensionless. */
  a(t: number): number;
  /** Noise variance b_t². */
  b2(t: number): number;
  /** ∫_lo^hi f(s) ds for lo ≤ hi (the em_integral F_k), computed without cancellation where a closed form allows. */
  intF(lo: number, hi: number): number;
  /** ∫_lo^hi g(s)² ds for lo ≤ hi (the em_integral G_k). */
  intG2(lo: number, hi: number): number;
}
