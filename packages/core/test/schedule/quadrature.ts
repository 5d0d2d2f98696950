/**
 * Test-only quadrature: composite Gauss–Legendre (16 nodes per panel), accurate to ~1e-15 relative for the
 * smooth integrands of the schedule families, used to check their closed forms independently.
 */

const N = 16;
const nodes = new Float64Array(N);
const weights = new Float64Array(N);

// Gauss–Legendre nodes/weights on [-1, 1] by Newton iteration on P_N.
for (let i = 0; i < N; i++) {
  let x = Math.cos((Math.PI * (i + 0.75)) / (N + 0.5));
  let dp = 0;
  for (let it = 0; it < 100; it++) {
    let p0 = 1;
    let p1 = x;
    for (let k = 2; k <= N; k++) {
      const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = (N * (x * p1 - p0)) / (x * x - 1);
    const dx = p1 / dp;
    x -= dx;
    if (Math.abs(dx) < 1e-16) break;
  }
  nodes[i] = x;
  weights[i] = 2 / ((1 - x * x) * dp * dp);
}

/** ∫_lo^hi fn with `panels` equal panels of 16-point Gauss–Legendre. */
export function integrate(fn: (t: number) => number, lo: number, hi: number, panels = 8): number {
  if (hi === lo) return 0;
  const h = (hi - lo) / panels;
  let sum = 0;
  for (let j = 0; j < panels; j++) {
    const c = lo + (j + 0.5) * h;
    let s = 0;
    for (let i = 0; i < N; i++) s += weights[i] * fn(c + 0.5 * h * nodes[i]);
    sum += 0.5 * h * s;
  }
  return sum;
}

/** Like {@link integrate}, but splits [lo, hi] at the given interior points (kinks of the integrand). */
export function integrateSplit(fn: (t: number) => number, lo: number, hi: number, breaks: readonly number[], panels = 8): number {
  let sum = 0;
  let a = lo;
  for (const b of [...breaks].sort((x, y) => x - y)) {
    if (b > a && b < hi) {
      sum += integrate(fn, a, b, panels);
      a = b;
    }
  }
  return sum + integrate(fn, a, hi, panels);
}
