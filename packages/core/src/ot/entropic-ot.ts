/**
 * Entropic optimal transport solvers (Sinkhorn) for dense costs, in the log domain with absorption.
 *
 * The entropic plan is P_ij = exp((f_i + g_j − C_ij)/ε) with dual potentials f, g (cost units) kept in the log
 * domain (Schmitzer, "Stabilized sparse scaling algorithms for entropy regularized transport problems", SIAM J.
 * Sci. Comput. 41 (2019), §3). Iterations run on the stabilised kernel K_ij = exp((f_i + g_j − C_ij)/ε) with
 * scalings u, v (two matrix–vector products per iteration, no exp); when a scaling leaves [1e-100, 1e100] it is
 * absorbed into the potentials (f += ε log u, g += ε log v) and K is rebuilt; if a kernel sum underflows to 0 the
 * step is redone exactly in the log domain (log-sum-exp). So nothing overflows, nothing divides by zero and no NaN
 * can arise at any ε — the guarantees of a pure log-domain solver at the price of a kernel solver.
 *
 * Two accelerations that leave the fixed point (the unique entropic plan) unchanged:
 * - two-marginal problems (x ≠ y): adaptive over-relaxation of the scaling updates, u ← u^{1−ω}(a/Kv)^ω
 *   (Thibault, Chizat, Dossal & Papadakis, "Overrelaxed Sinkhorn–Knopp algorithm for regularized optimal
 *   transport", Algorithms 14 (2021); Lehmann, von Renesse, Sambale & Uschmajew, Optim. Lett. 16 (2022): local
 *   rate ω − 1 at ω* = 2/(1 + √(1 − ρ)) where ρ is the rate of plain Sinkhorn). ρ is measured on plain
 *   iterations; ω falls back to 1 whenever the marginal error grows;
 * - symmetric problems (x = y, a = b): the averaged symmetric update f ← ½(f + T(f)) of Feydy et al.
 *   ("Interpolating between optimal transport and MMD using Sinkhorn divergences", AISTATS 2019, §3), whose
 *   plain alternating counterpart can crawl (measured: > 10⁵ iterations for 64 points in 2-D at ε = 0.1).
 * Stopping: the 2-norm of the marginal violation of the current plan below `stopThr` (POT's rule, applied to both
 * marginals, since over-relaxed u-updates do not make the row marginals exact).
 */

/** Result of one entropic OT problem. */
export interface EntropicCostResult {
  /** ⟨P_ε, C⟩, the transport cost of the entropic plan (cost units; no entropy term). */
  readonly cost: number;
  /** Iterations (one v- and one u-update each for two marginals; one averaged update for symmetric problems). */
  readonly iterations: number;
  /** Whether the marginal error fell below stopThr within maxIter. */
  readonly converged: boolean;
  /** Final marginal error (2-norm of the violation of both marginals). */
  readonly marginal_error: number;
}

/** Scalings outside [1/SCALE_LIMIT, SCALE_LIMIT] are absorbed into the potentials. */
const SCALE_LIMIT = 1e100;
/** Plain Sinkhorn rates below this converge fast enough without over-relaxation. */
const SLOW_RATE = 0.8;
/** Upper bound on the over-relaxation factor (ω < 2 is needed for convergence). */
const OMEGA_MAX = 1.95;
/** Window (iterations) for rate estimates. */
const WINDOW = 10;
/** Over-relaxation is abandoned when the marginal error exceeds this multiple of its best value under it. */
const RELAX_GROWTH = 10;
/**
 * ε-scaling runs when max C > EPS_SCALING_START · ε, from ε_0 = max C / 4. Below that ratio a cold start converges
 * as fast (measured: the REFERENCE.md setting ε = 0.05·mean C, max C/ε ≈ 100, takes 27 iterations cold and 40 with
 * scaling); above it, cold starts take thousands of iterations or more (64 points, ε = 1e-4: > 10⁵ cold, 441 scaled).
 */
const EPS_SCALING_START = 200;
/** Ratio of successive ε in the ε-scaling stages. */
const EPS_SCALING_FACTOR = 0.5;
/** Marginal error at which an intermediate ε-stage stops, and its iteration budget. */
const STAGE_TOL = 1e-4;
const STAGE_BUDGET = 200;

/** out_j = Σ_i K_ij s_i (K row-major n×m); two rows per pass halve the read-modify-writes of `out`. */
function colProduct(n: number, m: number, K: Float64Array, s: Float64Array, out: Float64Array): void {
  out.fill(0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const r0 = i * m;
    const r1 = r0 + m;
    const s0 = s[i];
    const s1 = s[i + 1];
    for (let j = 0; j < m; j++) out[j] += K[r0 + j] * s0 + K[r1 + j] * s1;
  }
  if (i < n) {
    const r0 = i * m;
    const s0 = s[i];
    for (let j = 0; j < m; j++) out[j] += K[r0 + j] * s0;
  }
}

/** out_i = Σ_j K_ij s_j. */
function rowProduct(n: number, m: number, K: Float64Array, s: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const r = i * m;
    let t0 = 0;
    let t1 = 0;
    let j = 0;
    for (; j + 1 < m; j += 2) {
      t0 += K[r + j] * s[j];
      t1 += K[r + j + 1] * s[j + 1];
    }
    if (j < m) t0 += K[r + j] * s[j];
    out[i] = t0 + t1;
  }
}

/** K_ij = exp((f_i + g_j − C_ij)/ε). */
function buildKernel(n: number, m: number, C: Float64Array, f: Float64Array, g: Float64Array, inv: number, K: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const r = i * m;
    const fi = f[i];
    for (let j = 0; j < m; j++) K[r + j] = Math.exp((fi + g[j] - C[r + j]) * inv);
  }
}

/**
 * Exact log-domain half-step for the column potentials: g_j = ε log b_j − ε log Σ_i exp((f_i − C_ij)/ε), as a
 * max-shifted log-sum-exp. `mx` and `sum` are scratch of length m.
 */
function exactColumnStep(n: number, m: number, C: Float64Array, f: Float64Array, logB: Float64Array, reg: number, g: Float64Array, mx: Float64Array, sum: Float64Array): void {
  const inv = 1 / reg;
  mx.fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const r = i * m;
    const fi = f[i];
    for (let j = 0; j < m; j++) {
      const t = fi - C[r + j];
      if (t > mx[j]) mx[j] = t;
    }
  }
  sum.fill(0);
  for (let i = 0; i < n; i++) {
    const r = i * m;
    const fi = f[i];
    for (let j = 0; j < m; j++) sum[j] += Math.exp((fi - C[r + j] - mx[j]) * inv);
  }
  for (let j = 0; j < m; j++) g[j] = reg * logB[j] - mx[j] - reg * Math.log(sum[j]);
}

/** Exact log-domain half-step for the row potentials: f_i = ε log a_i − ε log Σ_j exp((g_j − C_ij)/ε). */
function exactRowStep(n: number, m: number, C: Float64Array, g: Float64Array, logA: Float64Array, reg: number, f: Float64Array): void {
  const inv = 1 / reg;
  for (let i = 0; i < n; i++) {
    const r = i * m;
    let mx = -Infinity;
    for (let j = 0; j < m; j++) {
      const t = g[j] - C[r + j];
      if (t > mx) mx = t;
    }
    let s = 0;
    for (let j = 0; j < m; j++) s += Math.exp((g[j] - C[r + j] - mx) * inv);
    f[i] = reg * logA[i] - mx - reg * Math.log(s);
  }
}

/** ⟨diag(u) K diag(v), C⟩. */
function planCost(n: number, m: number, K: Float64Array, C: Float64Array, u: Float64Array, v: Float64Array): number {
  let cost = 0;
  for (let i = 0; i < n; i++) {
    const r = i * m;
    let s = 0;
    for (let j = 0; j < m; j++) s += K[r + j] * v[j] * C[r + j];
    cost += u[i] * s;
  }
  return cost;
}

/**
 * Kernel: entropic OT between weights a (n, positive, sum 1) and b (m, positive, sum 1) for the dense row-major
 * cost C (n×m, finite, ≥ 0), regulariser ε = `reg` > 0 (cost units). Allocates a second n×m matrix (the kernel).
 *
 * When ε is small against the spread of C, the solve is warm-started by ε-scaling (Schmitzer 2019, §3.2;
 * Kosowsky & Yuille 1994): ε_k = (max C/4) · 2^{−k} down to ε, each stage stopped at a loose marginal error, each
 * passing its potentials on. This changes nothing in the final fixed point, only the path to it (plain Sinkhorn needs
 * O(max C/ε) iterations from a cold start).
 */
export function entropicCostImpl(
  n: number,
  m: number,
  a: Float64Array,
  b: Float64Array,
  C: Float64Array,
  reg: number,
  stopThr: number,
  maxIter: number,
): EntropicCostResult {
  const f = new Float64Array(n);
  const g = new Float64Array(m);
  const su = new Float64Array(n).fill(1);
  const sv = new Float64Array(m).fill(1);
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(m);
  const scratch = new Float64Array(m);
  const K = new Float64Array(n * m);
  const logA = a.map(Math.log);
  const logB = b.map(Math.log);
  const history = new Float64Array(WINDOW + 1); // errors of the last WINDOW+1 iterations (ring buffer)
  let eps = reg;
  let inv = 1 / reg;

  const restart = (): void => {
    buildKernel(n, m, C, f, g, inv, K);
    su.fill(1);
    sv.fill(1);
  };
  const absorb = (s: Float64Array, pot: Float64Array): void => {
    for (let k = 0; k < pot.length; k++) pot[k] += eps * Math.log(s[k]);
  };

  let total = 0; // iterations over all stages
  let err = Infinity;
  let rowErr2 = 0; // squared row-marginal error of the current plan (0 after an exact or plain u-update)

  /** Iterates at the current ε until the marginal error is below `tol` or the budget is spent; true if converged. */
  const solve = (tol: number, budget: number): boolean => {
    let omega = 1;
    let plainSince = 0; // iterations run at ω = 1 since the last change of ω
    let bestRelaxed = Infinity;
    let it = 0;
    for (;;) {
      colProduct(n, m, K, su, colSum);
      let colErr2 = 0;
      for (let j = 0; j < m; j++) {
        const t = sv[j] * colSum[j] - b[j];
        colErr2 += t * t;
      }
      err = Math.sqrt(colErr2 + rowErr2);
      history[it % (WINDOW + 1)] = err;
      if (err < tol) return true;
      if (it >= budget) return false;
      // Choose ω from the measured rate of plain iterations; back to 1 if over-relaxation lets the error grow.
      if (omega === 1) {
        if (plainSince >= 2 * WINDOW) {
          const rho = Math.pow(err / history[(it - WINDOW) % (WINDOW + 1)], 1 / WINDOW);
          if (rho > SLOW_RATE && rho < 1) {
            omega = Math.min(OMEGA_MAX, 2 / (1 + Math.sqrt(1 - rho)));
            bestRelaxed = err;
          }
          plainSince = 0;
        }
      } else {
        // Over-relaxed errors are not monotone; a tenfold rise over the best one since ω was set means divergence.
        if (err < bestRelaxed) bestRelaxed = err;
        else if (err > RELAX_GROWTH * bestRelaxed) {
          omega = 1;
          plainSince = 0;
        }
      }
      it++;
      total++;
      // v-update.
      let bad = false;
      let rescale = false;
      for (let j = 0; j < m; j++) {
        const t = b[j] / colSum[j];
        if (!(t > 0 && t < Infinity)) {
          bad = true;
          break;
        }
        const v = omega === 1 ? t : Math.exp((1 - omega) * Math.log(sv[j]) + omega * Math.log(t));
        if (v > SCALE_LIMIT || v < 1 / SCALE_LIMIT) rescale = true;
        sv[j] = v;
      }
      if (bad) {
        // A kernel column underflowed: redo the iteration exactly in the log domain from the current f.
        absorb(su, f);
        exactColumnStep(n, m, C, f, logB, eps, g, scratch, colSum);
        exactRowStep(n, m, C, g, logA, eps, f);
        restart();
        rowErr2 = 0;
        continue;
      }
      // u-update.
      rowProduct(n, m, K, sv, rowSum);
      rowErr2 = 0;
      for (let i = 0; i < n; i++) {
        const t = a[i] / rowSum[i];
        if (!(t > 0 && t < Infinity)) {
          bad = true;
          break;
        }
        const u = omega === 1 ? t : Math.exp((1 - omega) * Math.log(su[i]) + omega * Math.log(t));
        if (u > SCALE_LIMIT || u < 1 / SCALE_LIMIT) rescale = true;
        su[i] = u;
        if (omega !== 1) {
          const r = u * rowSum[i] - a[i];
          rowErr2 += r * r;
        }
      }
      if (bad) {
        absorb(sv, g);
        exactRowStep(n, m, C, g, logA, eps, f);
        restart();
        rowErr2 = 0;
        continue;
      }
      if (rescale) {
        absorb(su, f);
        absorb(sv, g);
        restart();
      }
      if (omega === 1) plainSince++;
    }
  };

  // ε-scaling schedule: start at the cost scale when ε is much smaller.
  let maxC = 0;
  for (let k = 0; k < n * m; k++) if (C[k] > maxC) maxC = C[k];
  eps = maxC > EPS_SCALING_START * reg ? maxC / 4 : reg;
  inv = 1 / eps;
  // Start from f = 0, g_j = min_i C_ij: every kernel entry is ≤ 1 and every column has an entry 1, so nothing
  // overflows and no column sum is 0; a row that underflows is caught by the exact fallback. (An exact log-domain
  // start costs 2·n·m exponentials, ten Sinkhorn iterations' worth of arithmetic, for about one iteration's gain.)
  g.fill(Infinity);
  for (let i = 0; i < n; i++) {
    const r = i * m;
    for (let j = 0; j < m; j++) if (C[r + j] < g[j]) g[j] = C[r + j];
  }
  restart();
  while (eps > reg) {
    solve(Math.max(stopThr, STAGE_TOL), Math.max(0, Math.min(STAGE_BUDGET, maxIter - total)));
    absorb(su, f);
    absorb(sv, g);
    eps = Math.max(reg, eps * EPS_SCALING_FACTOR);
    inv = 1 / eps;
    // The absorbed potentials keep f + g − C ≲ 0 (plan entries ≤ 1), so the kernel at the smaller ε cannot
    // overflow; columns that underflow are caught by the exact fallback inside solve.
    restart();
    rowErr2 = 0;
  }
  const converged = solve(stopThr, Math.max(0, maxIter - total));
  return { cost: planCost(n, m, K, C, su, sv), iterations: total, converged, marginal_error: err };
}

/**
 * Kernel: entropic OT of the weights a (n, positive, sum 1) with themselves for a symmetric cost C (n×n, zero
 * diagonal), by the averaged symmetric update: with P = diag(s) K diag(s), s ← √(s · a/(K s)) — in potentials
 * f ← ½(f + T(f)). Allocates a second n×n matrix.
 */
export function entropicSelfCostImpl(n: number, a: Float64Array, C: Float64Array, reg: number, stopThr: number, maxIter: number): EntropicCostResult {
  const inv = 1 / reg;
  const f = new Float64Array(n);
  const s = new Float64Array(n).fill(1);
  const Ks = new Float64Array(n);
  const K = new Float64Array(n * n);
  const logA = a.map(Math.log);
  const t = new Float64Array(n);

  // Start from f = 0: K = e^{−C/ε} has a unit diagonal (C_ii = 0), so K s > 0 and nothing overflows; the first
  // averaged update fixes the scale.
  const exactStep = (): void => {
    exactRowStep(n, n, C, f, logA, reg, t);
    for (let i = 0; i < n; i++) f[i] = 0.5 * (f[i] + t[i]);
  };
  buildKernel(n, n, C, f, f, inv, K);

  let err = Infinity;
  let iterations = 0;
  let converged = false;
  for (;;) {
    rowProduct(n, n, K, s, Ks);
    let e2 = 0;
    for (let i = 0; i < n; i++) {
      const r = s[i] * Ks[i] - a[i];
      e2 += r * r;
    }
    // Rows and columns of the symmetric plan have the same sums: count both marginals, as for two clouds.
    err = Math.sqrt(2 * e2);
    if (err < stopThr) {
      converged = true;
      break;
    }
    if (iterations >= maxIter) break;
    iterations++;
    let bad = false;
    let rescale = false;
    for (let i = 0; i < n; i++) {
      const q = a[i] / Ks[i];
      if (!(q > 0 && q < Infinity)) {
        bad = true;
        break;
      }
      const v = Math.sqrt(s[i] * q);
      if (v > SCALE_LIMIT || v < 1 / SCALE_LIMIT) rescale = true;
      t[i] = v;
    }
    if (bad) {
      for (let i = 0; i < n; i++) f[i] += reg * Math.log(s[i]);
      exactStep();
      buildKernel(n, n, C, f, f, inv, K);
      s.fill(1);
      continue;
    }
    s.set(t);
    if (rescale) {
      for (let i = 0; i < n; i++) f[i] += reg * Math.log(s[i]);
      buildKernel(n, n, C, f, f, inv, K);
      s.fill(1);
    }
  }
  return { cost: planCost(n, n, K, C, s, s), iterations, converged, marginal_error: err };
}
