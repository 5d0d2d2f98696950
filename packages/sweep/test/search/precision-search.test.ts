import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { confidenceInterval95, fillNormals, InvalidParameterError, streamKey, studentTQuantile } from "@scoresweep/core";
import { nextReplicates, precisionDecision } from "../../src/search/precision-search.js";

/** Replicate r's estimate of a point with mean `mu` and per-replicate SD `sigma` (fixed per (seed, r)). */
function replicates(seed: number, n: number, mu: number, sigma: number): number[] {
  const z = fillNormals(streamKey(seed, "precision-search-test"), 0, 0, 0, n, new Float64Array(n));
  return Array.from(z, (x) => mu + sigma * x);
}

/** Runs the policy to the end from 0 replicates; returns the final count, the rounds and the final half-width. */
function drive(seed: number, mu: number, sigma: number, spec: { ci_half_width: number; max_replicates: number }, maxGrowth?: number) {
  let n = 0;
  let rounds = 0;
  for (;;) {
    const d = precisionDecision(n, replicates(seed, n, mu, sigma), spec, maxGrowth === undefined ? {} : { maxGrowth });
    if (d.add === 0) return { n, rounds, decision: d };
    n += d.add;
    rounds++;
    if (rounds > 100) throw new Error("precision policy does not terminate");
  }
}

describe("precisionDecision: the rule", () => {
  const spec = { ci_half_width: 0.01, max_replicates: 64 };

  it("precisionDecision: fewer than 2 replicates → add up to 2", () => {
    expect(precisionDecision(0, [], spec)).toMatchObject({ add: 2, reason: "too_few", halfWidth: null });
    expect(precisionDecision(1, [0.3], spec)).toMatchObject({ add: 1, reason: "too_few" });
  });

  it("precisionDecision: target met → 0, with the aggregate's own half-width", () => {
    const xs = [0.5, 0.501, 0.499, 0.5005];
    const d = precisionDecision(4, xs, spec);
    expect(d).toMatchObject({ add: 0, reason: "target_met" });
    expect(d.halfWidth).toBe(confidenceInterval95(xs).half_width);
    const same = precisionDecision(3, [0.2, 0.2, 0.2], spec);
    expect(same).toMatchObject({ add: 0, reason: "target_met" });
    expect(same.halfWidth!).toBeLessThan(1e-15);
  });

  it("precisionDecision: the cap stops it, and no round goes past the cap", () => {
    const wide = replicates(1, 64, 1, 1);
    expect(precisionDecision(64, wide, spec)).toMatchObject({ add: 0, reason: "cap" });
    expect(precisionDecision(60, wide.slice(0, 60), spec)).toMatchObject({ add: 4, reason: "more" });
    expect(precisionDecision(2, [0, 1], { ci_half_width: 1e-9, max_replicates: 2 })).toMatchObject({ add: 0, reason: "cap" });
  });

  it("precisionDecision: a diverged replicate stops it", () => {
    expect(precisionDecision(3, [0.1, null, 0.2], spec)).toMatchObject({ add: 0, reason: "diverged" });
    expect(nextReplicates(2, [0.1, Number.POSITIVE_INFINITY], spec)).toBe(0);
  });

  it("precisionDecision: predicts the smallest total meeting the target with the current SD (brute force)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.double({ min: 0.01, max: 30, noNaN: true }),
        fc.integer({ min: 0, max: 10_000 }),
        (n, ratio, seed) => {
          const xs = replicates(seed, n, 1, 1);
          const ci = confidenceInterval95(xs);
          const s = ci.std_error * Math.sqrt(n);
          const target = ci.half_width / ratio;
          const d = precisionDecision(n, xs, { ci_half_width: target, max_replicates: 1e9 }, { maxGrowth: Infinity });
          if (ratio <= 1) {
            expect(d).toMatchObject({ add: 0, reason: "target_met" });
            return;
          }
          let m = n + 1;
          while ((studentTQuantile(0.975, m - 1) * s) / Math.sqrt(m) > target) m++;
          expect(d.predicted, `n=${n} ratio=${ratio}`).toBe(m);
          expect(d.add).toBe(m - n);
          // Never more than the plain n·(h/target)² rule.
          expect(d.predicted!).toBeLessThanOrEqual(Math.ceil(n * ratio ** 2));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("precisionDecision: adds at least one, at most doubles per round by default (maxGrowth)", () => {
    const xs = replicates(2, 4, 1, 1);
    const d = precisionDecision(4, xs, { ci_half_width: 0.01, max_replicates: 1e6 });
    expect(d.predicted!).toBeGreaterThan(8);
    expect(d.add).toBe(4);
    expect(precisionDecision(4, xs, { ci_half_width: 0.01, max_replicates: 1e6 }, { maxGrowth: 1.5 }).add).toBe(2);
    expect(precisionDecision(4, xs, { ci_half_width: 0.01, max_replicates: 1e6 }, { maxGrowth: 1.1 }).add).toBe(1);
    // Just above the target: the prediction is n + 1.
    const h = confidenceInterval95(xs).half_width;
    expect(precisionDecision(4, xs, { ci_half_width: h * 0.999, max_replicates: 64 })).toMatchObject({ add: 1, predicted: 5 });
  });
});

describe("precisionDecision: driving a point", () => {
  it("precisionDecision: ends at the target near the ideal count, in about log2(n) rounds", () => {
    const sigma = 0.05;
    for (const target of [0.02, 0.01, 0.005]) {
      const spec = { ci_half_width: target, max_replicates: 1000 };
      // The count with a known sigma: the smallest n with t_{n−1}·σ/√n ≤ target.
      let ideal = 2;
      while ((studentTQuantile(0.975, ideal - 1) * sigma) / Math.sqrt(ideal) > target) ideal++;
      // The policy stops on its own estimate ŝ of σ, whose relative SE is ≈ 1/√(2(n−1)).
      const rel = 4 / Math.sqrt(2 * (ideal - 1));
      const finals: number[] = [];
      let rounds = 0;
      const seeds = 40;
      for (let seed = 0; seed < seeds; seed++) {
        const run = drive(seed, 0.3, sigma, spec);
        const where = `target=${target} seed=${seed} n=${run.n} ideal=${ideal}`;
        expect(run.decision.reason, where).toBe("target_met");
        expect(run.decision.halfWidth!, where).toBeLessThanOrEqual(target);
        // At most the ideal count for an ŝ 4 SE too large, times the doubling overshoot.
        expect(run.n, where).toBeLessThanOrEqual(Math.ceil(2 * ideal * (1 + rel) ** 2));
        finals.push(run.n);
        rounds += run.rounds;
      }
      // Half the runs stop at most where ŝ ≤ σ (its median): the median count is near the ideal one. (Single runs
      // can stop very early when the first few replicates happen to agree: optional stopping.)
      finals.sort((a, b) => a - b);
      const median = finals[seeds / 2];
      expect(median, `target=${target}`).toBeGreaterThanOrEqual(ideal / 2);
      expect(median, `target=${target}`).toBeLessThanOrEqual(2 * ideal);
      // Doubling up to the ideal count, then a few rounds of small corrections.
      expect(rounds / seeds, `target=${target}`).toBeLessThanOrEqual(Math.log2(ideal) + 3);
    }
  });

  it("precisionDecision: an unreachable target ends at the cap exactly", () => {
    const { n, decision } = drive(7, 1, 1, { ci_half_width: 1e-6, max_replicates: 50 });
    expect(n).toBe(50);
    expect(decision.reason).toBe("cap");
  });

  it("precisionDecision: deterministic — the same estimates give the same decision", () => {
    const xs = replicates(9, 6, 1, 0.2);
    expect(precisionDecision(6, [...xs], { ci_half_width: 0.01, max_replicates: 64 })).toEqual(
      precisionDecision(6, xs, { ci_half_width: 0.01, max_replicates: 64 }),
    );
  });
});

describe("precisionDecision: validation", () => {
  const spec = { ci_half_width: 0.01, max_replicates: 64 };
  it("precisionDecision: rejects bad arguments naming them", () => {
    expect(() => precisionDecision(-1, [], spec)).toThrow(/^current: /);
    expect(() => precisionDecision(2, [0.1], spec)).toThrow(/^estimates: .*length current = 2.*got "length 1"/);
    expect(() => precisionDecision(0, [], { ci_half_width: 0, max_replicates: 64 })).toThrow(/^precision\.ci_half_width: /);
    expect(() => precisionDecision(0, [], { ci_half_width: 0.1, max_replicates: 1 })).toThrow(/^precision\.max_replicates: /);
    expect(() => precisionDecision(0, [], spec, { maxGrowth: 1 })).toThrow(/^options\.maxGrowth: /);
    expect(() => precisionDecision(0, [], spec, { maxGrowth: 1 })).toThrow(InvalidParameterError);
  });
});
