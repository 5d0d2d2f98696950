import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { exactCurve, fillNormals, geometricGrid, InvalidParameterError, streamKey, type PointSpec } from "@scoresweep/core";
import { ComplexitySearch, type ComplexityObservation } from "../../src/search/complexity-search.js";
import { loadGolden } from "../../../core/test/golden.js";

const GRID = geometricGrid(2, 100000, 1.25); // 48 values, 2..89683

/** Runs a search to the end against `measure`, checking the request contract; returns the requested rounds. */
function drive(search: ComplexitySearch, measure: (K: number) => ComplexityObservation, maxRounds = 200): number[][] {
  const rounds: number[][] = [];
  while (!search.done()) {
    const ks = search.next();
    expect(ks.length, "next() is non-empty until done").toBeGreaterThan(0);
    expect([...ks].sort((a, b) => a - b)).toEqual(ks);
    expect(new Set(ks).size).toBe(ks.length);
    for (const K of ks) expect(search.has(K), `K=${K} requested twice`).toBe(false);
    rounds.push(ks);
    for (const K of ks) search.record(K, measure(K));
    if (rounds.length > maxRounds) throw new Error("search does not terminate");
  }
  expect(search.next()).toEqual([]);
  return rounds;
}

/** A noiseless observation (CI of zero width, no floor). */
const exactObs = (w2: number): ComplexityObservation => ({ estimate: w2, ciLow: w2, ciHigh: w2 });

/** Smallest grid K with curve(K) ≤ eps (null if none): the true K* on a decreasing curve. */
const trueKStar = (curve: (K: number) => number, eps: number, grid = GRID): number | null => grid.find((K) => curve(K) <= eps) ?? null;

/** The standard normal of measurement K under `seed` (fixed per (seed, K), whatever the evaluation order). */
function z(seed: number, K: number): number {
  return fillNormals(streamKey(seed, "complexity-search-test"), 0, K, 0, 1, new Float64Array(1))[0];
}

/** Synthetic W2 curve C/√K + floor-free: decreasing, crossing 0.1 near K = 400. */
const curve = (K: number): number => 2 / Math.sqrt(K);

/** Noisy estimate with standard error `se` and a CI of ±`zq`·se (zq = 4: misclassification odds < 1e-4 per K). */
const noisy = (seed: number, se: number, zq = 4) => (K: number): ComplexityObservation => {
  const est = curve(K) + se * z(seed, K);
  return { estimate: est, ciLow: est - zq * se, ciHigh: est + zq * se };
};

describe("ComplexitySearch: noiseless curves", () => {
  it("ComplexitySearch: finds the first grid K below each eps, resolved, bracket = neighbouring grid K", () => {
    const eps = [0.5, 0.2, 0.1, 0.05, 0.02];
    const s = new ComplexitySearch(eps, GRID);
    drive(s, (K) => exactObs(curve(K)));
    for (const r of s.result()) {
      const k = trueKStar(curve, r.eps)!;
      expect(r.steps, `eps=${r.eps}`).toBe(k);
      expect(r.status).toBe("resolved");
      expect(r.bracketHigh).toBe(k);
      expect(r.bracketLow).toBe(GRID[GRID.indexOf(k) - 1]);
      expect(r.estimate).toBe(curve(k));
      expect(r.method).toBe("mc_bisection");
      expect(r.undecided).toEqual([]);
      expect(r.monotone).toBe(true);
    }
  });

  it("ComplexitySearch: evaluates O(log) K per eps, never far above K*", () => {
    // Gallop (factor 4) then bisection: ≤ ⌈log_4(K_max/K_min)⌉ + 1 gallop probes, ≤ ⌈log₂ 7⌉ bisection steps per
    // bracket end (a gallop step spans at most 7 indices of a ratio-1.25 grid).
    const gallopBound = Math.ceil(Math.log(GRID[GRID.length - 1] / GRID[0]) / Math.log(4)) + 1;
    for (const eps of [0.9, 0.3, 0.1, 0.03, 0.01]) {
      const s = new ComplexitySearch([eps], GRID);
      drive(s, (K) => exactObs(curve(K)));
      const evaluated = GRID.filter((K) => s.has(K));
      expect(evaluated.length, `eps=${eps}`).toBeLessThanOrEqual(gallopBound + 3);
      const kStar = trueKStar(curve, eps)!;
      expect(Math.max(...evaluated), `eps=${eps}: overshoot`).toBeLessThanOrEqual(4 * kStar * 1.25);
    }
    // All eps at once share evaluations: fewer than the sum of single searches.
    const eps = [0.9, 0.3, 0.1, 0.03, 0.01];
    const all = new ComplexitySearch(eps, GRID);
    drive(all, (K) => exactObs(curve(K)));
    const shared = GRID.filter((K) => all.has(K)).length;
    expect(shared).toBeLessThanOrEqual(gallopBound + 3 * eps.length);
  });

  it("ComplexitySearch: factor Infinity is plain bisection after the grid ends (≤ 2 + ⌈log₂ n⌉ evaluations)", () => {
    const grid = geometricGrid(1, 1e6, 1.05); // ~ 280 values
    for (const eps of [1.5, 0.5, 0.05, 0.005]) {
      const s = new ComplexitySearch([eps], grid, { factor: Infinity });
      const rounds = drive(s, (K) => exactObs(curve(K)));
      expect(rounds[0]).toEqual([grid[0]]);
      if (eps < curve(grid[0])) expect(rounds[1]).toEqual([grid[grid.length - 1]]);
      expect(grid.filter((K) => s.has(K)).length).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(grid.length)));
      expect(s.result()[0].steps).toBe(trueKStar(curve, eps, grid));
    }
  });

  it("ComplexitySearch: first grid K already reached → resolved with no lower bracket, one evaluation", () => {
    const s = new ComplexitySearch([5], GRID);
    drive(s, (K) => exactObs(curve(K)));
    expect(GRID.filter((K) => s.has(K))).toEqual([2]);
    expect(s.result()[0]).toMatchObject({ steps: 2, bracketLow: null, bracketHigh: 2, status: "resolved" });
  });

  it("ComplexitySearch: unreachable eps → unreached, bracketLow = largest grid K", () => {
    const s = new ComplexitySearch([1e-4, 0.1], GRID);
    drive(s, (K) => exactObs(curve(K)));
    const [r, ok] = s.result();
    expect(r).toMatchObject({ steps: null, bracketLow: GRID[GRID.length - 1], bracketHigh: null, estimate: null, status: "unreached" });
    expect(ok.steps).toBe(trueKStar(curve, 0.1));
  });

  it("ComplexitySearch: splits > 1 asks for more K per round and fewer rounds, same answer", () => {
    const eps = [0.3, 0.05];
    const one = new ComplexitySearch(eps, GRID, { factor: Infinity });
    const three = new ComplexitySearch(eps, GRID, { factor: Infinity, splits: 3 });
    const r1 = drive(one, (K) => exactObs(curve(K)));
    const r3 = drive(three, (K) => exactObs(curve(K)));
    expect(r3.length).toBeLessThan(r1.length);
    expect(Math.max(...r3.map((r) => r.length))).toBeGreaterThan(Math.max(...r1.map((r) => r.length)));
    expect(three.result().map((r) => r.steps)).toEqual(one.result().map((r) => r.steps));
  });
});

describe("ComplexitySearch: noisy curves", () => {
  it("ComplexitySearch: the bracket contains the true K* for 60 noise seeds (CI ±4 SE)", () => {
    const eps = [0.3, 0.1, 0.05];
    let bracketed = 0;
    let undecided = 0;
    for (let seed = 0; seed < 60; seed++) {
      for (const se of [0.002, 0.01]) {
        const s = new ComplexitySearch(eps, GRID);
        drive(s, noisy(seed, se));
        for (const r of s.result()) {
          const k = trueKStar(curve, r.eps)!;
          const where = `seed=${seed} se=${se} eps=${r.eps}: [${r.bracketLow}, ${r.bracketHigh}] vs K*=${k}`;
          expect(["resolved", "bracketed", "undecided"], where).toContain(r.status);
          expect(r.bracketLow === null || r.bracketLow < k, where).toBe(true);
          if (r.status === "undecided") {
            // Only when the CI at the top of the grid still contains eps (eps = 0.05 vs 4 SE = 0.04).
            expect(r.bracketHigh, where).toBeNull();
            expect(s.has(GRID[GRID.length - 1]), where).toBe(true);
            undecided++;
          } else expect(r.bracketHigh! >= k, where).toBe(true);
          expect(r.steps).toBe(r.bracketHigh);
          // Every evaluated K inside the bracket is undecided: its CI contains eps.
          for (const K of r.undecided) {
            const o = noisy(seed, se)(K);
            expect(o.ciLow! <= r.eps && r.eps < o.ciHigh!, where).toBe(true);
          }
          if (r.status === "bracketed") bracketed++;
        }
      }
    }
    // The larger SE makes several grid K straddle eps: some answers must be brackets (else the test is vacuous).
    expect(bracketed).toBeGreaterThan(0);
    expect(undecided).toBeLessThan(60);
  });

  it("ComplexitySearch: the bracket width grows with the SE, the evaluation count stays logarithmic", () => {
    const width = (se: number) => {
      const s = new ComplexitySearch([0.1], GRID);
      drive(s, noisy(3, se));
      const r = s.result()[0];
      return { span: GRID.indexOf(r.bracketHigh!) - GRID.indexOf(r.bracketLow!), evals: GRID.filter((K) => s.has(K)).length };
    };
    const small = width(0.001);
    const large = width(0.02);
    expect(large.span).toBeGreaterThan(small.span);
    expect(small.span).toBeLessThanOrEqual(2);
    // Gallop (≤ 9 probes) + two bracket ends bisected (≤ 3 each) + the undecided probes found while bisecting.
    expect(large.evals).toBeLessThanOrEqual(9 + 2 * 3 + 2);
  });
});

describe("ComplexitySearch: resume and determinism", () => {
  it("ComplexitySearch: next() is a pure function of the recorded set (any record order, any prefix)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0.001, max: 0.03, noNaN: true }), fc.integer(), (seed, se, shuffleSeed) => {
        const measure = noisy(seed, se, 1.96);
        const eps = [0.4, 0.1, 0.04];
        const original = new ComplexitySearch(eps, GRID);
        const snapshots: { recorded: number[]; next: number[]; result: unknown }[] = [];
        const recorded: number[] = [];
        drive(original, (K) => {
          recorded.push(K);
          return measure(K);
        });
        // Replay every prefix of the recorded K in a shuffled order into a fresh search.
        const full = new ComplexitySearch(eps, GRID);
        for (let m = 0; m <= recorded.length; m++) {
          const prefix = recorded.slice(0, m);
          const shuffled = fc.sample(fc.shuffledSubarray(prefix, { minLength: prefix.length, maxLength: prefix.length }), { seed: shuffleSeed + m, numRuns: 1 })[0];
          const a = new ComplexitySearch(eps, GRID);
          const b = new ComplexitySearch(eps, GRID);
          for (const K of prefix) a.record(K, measure(K));
          for (const K of shuffled) b.record(K, measure(K));
          expect(b.next()).toEqual(a.next());
          expect(b.result()).toEqual(a.result());
          snapshots.push({ recorded: prefix, next: a.next(), result: a.result() });
        }
        for (const K of recorded) full.record(K, measure(K));
        expect(full.done()).toBe(true);
        expect(full.result()).toEqual(original.result());
      }),
      { numRuns: 25 },
    );
  });

  it("ComplexitySearch: a resumed search asks for exactly what the interrupted one would have", () => {
    const measure = noisy(11, 0.01, 1.96);
    const eps = [0.5, 0.1, 0.03];
    const reference = new ComplexitySearch(eps, GRID);
    const rounds = drive(reference, measure);
    expect(rounds.length).toBeGreaterThan(2);
    // Interrupt after round 2 with half of round 3 done, then resume from "the database".
    const db = new Map<number, ComplexityObservation>();
    const live = new ComplexitySearch(eps, GRID);
    for (const ks of rounds.slice(0, 2)) {
      expect(live.next()).toEqual(ks);
      for (const K of ks) db.set(K, measure(K));
      for (const K of ks) live.record(K, measure(K));
    }
    const third = live.next();
    expect(third).toEqual(rounds[2]);
    db.set(third[0], measure(third[0]));
    live.record(third[0], measure(third[0]));
    const resumed = new ComplexitySearch(eps, GRID);
    for (const [K, o] of [...db].reverse()) resumed.record(K, o);
    expect(resumed.next()).toEqual(live.next());
    drive(resumed, measure);
    expect(resumed.result()).toEqual(reference.result());
  });

  it("ComplexitySearch: a re-recorded K replaces the earlier estimate", () => {
    const s = new ComplexitySearch([0.1], [2, 4, 8]);
    s.record(2, exactObs(1));
    s.record(8, exactObs(0.05));
    s.record(4, exactObs(0.05));
    expect(s.result()[0].steps).toBe(4);
    s.record(4, exactObs(0.5));
    expect(s.result()[0]).toMatchObject({ steps: 8, bracketLow: 4, status: "resolved" });
  });
});

describe("ComplexitySearch: noise floor, divergence, failures", () => {
  it("ComplexitySearch: a CI below eps does not certify eps at or below the noise floor", () => {
    const s = new ComplexitySearch([0.05, 0.2], [2, 4, 8]);
    s.record(2, { estimate: 1, ciLow: 0.9, ciHigh: 1.1, noiseFloor: 0.1 });
    s.record(4, { estimate: 0.03, ciLow: 0.02, ciHigh: 0.04, noiseFloor: 0.1 });
    const [below, above] = s.result();
    // eps 0.05 ≤ floor: K=4's estimate says only "within noise of 0": not reached, not refuted; galloping stops.
    expect(below).toMatchObject({ steps: null, bracketLow: 2, status: "floor_limited", undecided: [4] });
    expect(s.next()).toEqual([]);
    // eps 0.2 > floor: the plain CI rule.
    expect(above).toMatchObject({ steps: 4, bracketLow: 2, status: "resolved" });
  });

  it("ComplexitySearch: an estimate sitting on the floor does not refute eps below it either", () => {
    // Upward-biased estimator: at large K the estimate tends to the floor 0.08 > eps = 0.05.
    const floor = 0.08;
    const s = new ComplexitySearch([0.05], GRID);
    drive(s, (K) => {
      const est = Math.sqrt(curve(K) ** 2 + floor ** 2);
      return { estimate: est, ciLow: est - 0.005, ciHigh: est + 0.005, noiseFloor: floor };
    });
    const r = s.result()[0];
    expect(r.status).toBe("floor_limited");
    expect(r.steps).toBeNull();
    // It stopped before the expensive top of the grid instead of declaring eps unreached there.
    expect(s.has(GRID[GRID.length - 1])).toBe(false);
    // Without the floor the same estimates would (wrongly) say "unreached at every grid K".
    const blind = new ComplexitySearch([0.05], GRID);
    drive(blind, (K) => {
      const est = Math.sqrt(curve(K) ** 2 + floor ** 2);
      return { estimate: est, ciLow: est - 0.005, ciHigh: est + 0.005 };
    });
    expect(blind.result()[0].status).toBe("unreached");
  });

  it("ComplexitySearch: a floor below eps changes nothing", () => {
    const a = new ComplexitySearch([0.1], GRID);
    const b = new ComplexitySearch([0.1], GRID);
    drive(a, noisy(5, 0.005));
    drive(b, (K) => ({ ...noisy(5, 0.005)(K), noiseFloor: 0.09 }));
    expect(b.result()).toEqual(a.result());
  });

  it("ComplexitySearch: diverged K count as not reached, failed K as undecided", () => {
    const s = new ComplexitySearch([0.1], [2, 4, 8, 16, 32]);
    s.record(2, { estimate: null, ciLow: null, ciHigh: null, status: "diverged" });
    s.record(32, exactObs(0.01));
    expect(s.next()).toEqual([8]);
    s.record(8, { estimate: null, ciLow: null, ciHigh: null, status: "failed" });
    expect(s.next()).toEqual([4, 16]);
    s.record(4, exactObs(0.2));
    s.record(16, exactObs(0.05));
    expect(s.done()).toBe(true);
    expect(s.result()[0]).toMatchObject({ steps: 16, bracketLow: 4, status: "bracketed", undecided: [8] });
  });

  it("ComplexitySearch: flags a curve that rises above eps again after K*", () => {
    const s = new ComplexitySearch([0.1], [2, 4, 8]);
    s.record(2, exactObs(1));
    s.record(4, exactObs(0.05));
    s.record(8, exactObs(0.5));
    expect(s.result()[0]).toMatchObject({ steps: 4, bracketLow: 2, status: "resolved", monotone: false });
  });

  it("ComplexitySearch: straddling CI at the top of the grid → undecided", () => {
    const s = new ComplexitySearch([0.1], [2, 4, 8], { factor: Infinity });
    s.record(2, exactObs(1));
    s.record(8, { estimate: 0.1, ciLow: 0.09, ciHigh: 0.11 });
    expect(s.next()).toEqual([4]);
    s.record(4, exactObs(0.3));
    expect(s.result()[0]).toMatchObject({ steps: null, bracketLow: 4, bracketHigh: null, status: "undecided", undecided: [8] });
  });
});

describe("ComplexitySearch: validation", () => {
  it("ComplexitySearch: rejects bad eps, grids and options with the field name", () => {
    expect(() => new ComplexitySearch([], GRID)).toThrow(InvalidParameterError);
    expect(() => new ComplexitySearch([0.1, -1], GRID)).toThrow(/^eps\[1\]: /);
    expect(() => new ComplexitySearch([0.1], [])).toThrow(/^grid: /);
    expect(() => new ComplexitySearch([0.1], [2, 2])).toThrow(/^grid\[1\]: .*strictly increasing/);
    expect(() => new ComplexitySearch([0.1], [1.5])).toThrow(/^grid\[0\]: /);
    expect(() => new ComplexitySearch([0.1], GRID, { factor: 1 })).toThrow(/^options\.factor: /);
    expect(() => new ComplexitySearch([0.1], GRID, { splits: 0 })).toThrow(/^options\.splits: /);
  });
  it("ComplexitySearch: rejects records off the grid or without a usable CI", () => {
    const s = new ComplexitySearch([0.1], [2, 4, 8]);
    expect(() => s.record(3, exactObs(1))).toThrow(/^record\.K: .*2\.\.8.*got 3$/);
    expect(() => s.record(2, { estimate: 1, ciLow: null, ciHigh: null })).toThrow(/^record\(2\)\.ciLow: .*>= 2 replicates/);
    expect(() => s.record(2, { estimate: NaN, ciLow: 1, ciHigh: 1 })).toThrow(/^record\(2\)\.estimate: /);
    expect(() => s.record(2, { estimate: 1, ciLow: 1.2, ciHigh: 1.1 })).toThrow(/^record\(2\)\.ciHigh: .*>= ciLow/);
    expect(() => s.record(2, { estimate: 1, ciLow: 1, ciHigh: 1, noiseFloor: -1 })).toThrow(/^record\(2\)\.noiseFloor: /);
    expect(() => s.record(2, { estimate: 1, ciLow: 1, ciHigh: 1, status: "odd" as never })).toThrow(/^record\(2\)\.status: /);
    expect(s.has(2)).toBe(false);
  });
});

describe("ComplexitySearch: golden iteration_complexity.json with the exact curve as noiseless Monte Carlo", () => {
  const golden = loadGolden("iteration_complexity.json");
  for (const c of golden.cases) {
    for (const [key, target] of [
      ["p0", "p0"],
      ["pdelta", "p_delta"],
    ] as const) {
      it(`ComplexitySearch: ${c.id} (${target}) reproduces K_min for every eps`, () => {
        const point: PointSpec = { ...c.point, metric: { ...c.point.metric, target } };
        const grid: number[] = c.inputs.k_grid;
        const w2 = exactCurve(point, grid);
        const s = new ComplexitySearch(c.inputs.eps_list, grid);
        drive(s, (K) => exactObs(w2.at(grid.indexOf(K)).w2));
        const evaluated = grid.filter((K) => s.has(K)).length;
        s.result().forEach((r, i) => {
          const e = c.expected[key][String(c.inputs.eps_list[i])];
          expect(r.steps, `${c.id} ${target} eps=${r.eps}: got K ${r.steps}, expected K_min ${e.K_min}`).toBe(e.K_min);
          expect(r.status).toBe(e.K_min === null ? "unreached" : "resolved");
          if (e.K_min !== null) expect(r.bracketLow).toBe(grid.indexOf(e.K_min) > 0 ? grid[grid.indexOf(e.K_min) - 1] : null);
        });
        expect(evaluated, `${c.id}: evaluated ${evaluated} of ${grid.length} grid K`).toBeLessThan(grid.length / 2);
      });
    }
  }
});
