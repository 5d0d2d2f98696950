/**
 * The fused kernel for Gaussian-mixture data (papers.md §5.2): per step, the component tables a_t μ_j, 1/v_j and
 * ln w_j − ½ Σ ln v_j are computed once for the block (v_j,i = a_t² s_j,i² + b_t²); per particle the responsibilities
 * come from log-sum-exp (no underflow in the far tails) and the score ŝ = (1 + κ)·∇log p_t + δ_k is applied with
 * the scheme's update, the normals drawn in place from the particle's streams (`ziggurat.ts`). The arithmetic is
 * that of the reference path (`@scoresweep/core` `gmmScore` + `withScoreError` + `referenceSample`'s updates), in
 * the same order, so with the same normals the two agree to the last bit.
 *
 * Scratch is allocated once per kernel (per shard), nothing per step or particle.
 */
import type { GmmData } from "@scoresweep/core";
import type { KernelPlan } from "./kernel-plan.js";
import { additiveErrorAt } from "./affine-tables.js";
import { nextNormal } from "./ziggurat.js";

// Module-level alias: hot loops call a local, never an import binding (some loaders turn those into getters).
const normal = nextNormal;

/** Runs the K steps of a `gmm` plan on blocks of particles. */
export class GmmKernel {
  private readonly plan: KernelPlan;
  private readonly k: number;
  private readonly d: number;
  /** Component tables for two times (slot 0: t_k, slot 1: t_{k+1}): a μ, 1/v (k·d each), constants (k). */
  private readonly am: Float64Array[];
  private readonly iv: Float64Array[];
  private readonly cst: Float64Array[];
  /** Additive error δ at the two times (length 2d) and its scratch. */
  private readonly del: Float64Array;
  private readonly tmp: Float64Array;
  private readonly hasDel = [false, false];
  private readonly logits: Float64Array;
  private readonly score: Float64Array;
  private readonly pred: Float64Array;

  /** Allocates the scratch for `plan` (which must be a `gmm` plan). */
  constructor(plan: KernelPlan) {
    if (plan.data.kind !== "gmm") throw new Error("GmmKernel: the plan is not a mixture");
    this.plan = plan;
    this.k = plan.data.gmm.k;
    this.d = plan.d;
    const kd = this.k * this.d;
    this.am = [new Float64Array(kd), new Float64Array(kd)];
    this.iv = [new Float64Array(kd), new Float64Array(kd)];
    this.cst = [new Float64Array(this.k), new Float64Array(this.k)];
    this.del = new Float64Array(2 * this.d);
    this.tmp = new Float64Array(this.d);
    this.logits = new Float64Array(this.k);
    this.score = new Float64Array(this.d);
    this.pred = new Float64Array(this.d);
  }

  /** Fills slot `slot` with the component tables and the additive error at grid time index `kt`. */
  private setTime(slot: number, kt: number): void {
    const { gmm } = this.plan.data as { gmm: GmmData };
    const a = this.plan.aT[kt];
    const b2 = this.plan.b2T[kt];
    const d = this.d;
    const am = this.am[slot];
    const iv = this.iv[slot];
    const cst = this.cst[slot];
    for (let j = 0; j < this.k; j++) {
      // c_j = ln w_j − ½ Σ_i ln v_j,i (the common −(d/2) ln 2π cancels in the responsibilities).
      let logDet = 0;
      for (let i = 0; i < d; i++) {
        const s = gmm.stds[j * d + i];
        const v = a * a * s * s + b2;
        am[j * d + i] = a * gmm.means[j * d + i];
        iv[j * d + i] = 1 / v;
        logDet += Math.log(v);
      }
      cst[j] = gmm.logWeights[j] - 0.5 * logDet;
    }
    this.hasDel[slot] = additiveErrorAt(this.plan, kt, this.del, slot * d, this.tmp);
  }

  /** Writes ŝ(x[xo..xo+d), time slot) into this.score. */
  private scoreAt(slot: number, x: Float64Array, xo: number): void {
    const d = this.d;
    const k = this.k;
    const am = this.am[slot];
    const iv = this.iv[slot];
    const cst = this.cst[slot];
    const logits = this.logits;
    const out = this.score;
    let max = -Infinity;
    for (let j = 0; j < k; j++) {
      let q = 0;
      for (let i = 0; i < d; i++) {
        const r = x[xo + i] - am[j * d + i];
        q += r * r * iv[j * d + i];
      }
      const l = cst[j] - 0.5 * q;
      logits[j] = l;
      if (l > max) max = l;
    }
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(logits[j] - max);
      logits[j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let i = 0; i < d; i++) out[i] = 0;
    for (let j = 0; j < k; j++) {
      const rj = logits[j] * inv;
      if (rj === 0) continue;
      for (let i = 0; i < d; i++) out[i] += rj * (am[j * d + i] - x[xo + i]) * iv[j * d + i];
    }
    const g = this.plan.gain;
    if (g !== 1) for (let i = 0; i < d; i++) out[i] *= g;
    if (this.hasDel[slot]) {
      const del = this.del;
      const o = slot * d;
      for (let i = 0; i < d; i++) out[i] += del[o + i];
    }
  }

  /**
   * Runs steps k0..k1−1 on the n particles y (n×d row-major) with streams main/aux (n×4 int32). Returns 0, or the
   * 1-based global step index k + 1 of the first step after which a value is not finite.
   */
  steps(n: number, y: Float64Array, main: Int32Array, aux: Int32Array, k0: number, k1: number): number {
    const d = this.d;
    const { drift, scoreGain, noiseStd, correctorDrift, correctorScoreGain } = this.plan.coeffs;
    const s = this.score;
    const pred = this.pred;
    for (let k = k0; k < k1; k++) {
      const A = drift[k];
      const B = scoreGain[k];
      let acc = 0;
      this.setTime(0, k);
      if (correctorDrift === null || correctorScoreGain === null) {
        const C = noiseStd[k];
        for (let j = 0; j < n; j++) {
          const o = j * d;
          this.scoreAt(0, y, o);
          for (let i = 0; i < d; i++) {
            const v = A * y[o + i] + B * s[i] + C * normal(main, 4 * j, aux, 4 * j);
            y[o + i] = v;
            acc += v - v;
          }
        }
      } else {
        this.setTime(1, k + 1);
        const Ac = correctorDrift[k];
        const Bc = correctorScoreGain[k];
        for (let j = 0; j < n; j++) {
          const o = j * d;
          this.scoreAt(0, y, o);
          for (let i = 0; i < d; i++) pred[i] = A * y[o + i] + B * s[i];
          this.scoreAt(1, pred, 0);
          for (let i = 0; i < d; i++) {
            const v = 0.5 * y[o + i] + 0.5 * (Ac * pred[i] + Bc * s[i]);
            y[o + i] = v;
            acc += v - v;
          }
        }
      }
      if (acc !== acc) return k + 1;
    }
    return 0;
  }
}
