import { describe, expect, it } from "vitest";
import { expandSpec, parsePoint, parseSpec, planShards, countPoints } from "@scoresweep/sweep";

const base = {
  data: { kind: "gaussian", dim: 2, mean: 1, std: 0.5 },
  score: { kind: "exact" },
  sampler: { scheme: "em_point", delta: 0.001, prior_var: 1 },
  metric: { estimator: "exact", target: "p0" },
  sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
};

function spec(extra: Record<string, unknown>) {
  return parseSpec({ name: "t", seed: 7, base, ...extra });
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a throw");
}

describe("expandSpec", () => {
  it("expandSpec: grid is a cartesian product with the last axis fastest", () => {
    const pts = expandSpec(spec({ grid: { "sampler.steps": [10, 20, 30], "data.dim": [1, 2] } }));
    expect(pts.map((p) => [p.point.sampler.steps, p.point.data.dim])).toEqual([
      [10, 1], [10, 2], [20, 1], [20, 2], [30, 1], [30, 2],
    ]);
    expect(new Set(pts.map((p) => p.id)).size).toBe(6);
  });

  it("expandSpec: zip varies lists together and must have equal lengths", () => {
    const pts = expandSpec(spec({ zip: { "sampler.steps": [10, 20], "sde.beta_max": [10, 20] } }));
    expect(pts.map((p) => [p.point.sampler.steps, p.point.sde.beta_max])).toEqual([[10, 10], [20, 20]]);
    expect(errorOf(() => expandSpec(spec({ zip: { "sampler.steps": [10, 20], "sde.beta_max": [10] } })))).toContain("zip.sde.beta_max");
  });

  it("expandSpec: random draws are a pure function of the seed", () => {
    const s = spec({ grid: { "sampler.steps": [10] }, random: { "sde.beta_max": { dist: "log_uniform", low: 5, high: 50, n: 4 } } });
    const a = expandSpec(s).map((p) => p.point.sde.beta_max as number);
    const b = expandSpec(s).map((p) => p.point.sde.beta_max as number);
    expect(a).toEqual(b);
    for (const x of a) expect(x >= 5 && x <= 50).toBe(true);
    const c = expandSpec({ ...s, seed: 8 }).map((p) => p.point.sde.beta_max);
    expect(c).not.toEqual(a);
  });

  it("expandSpec: an axis over a field that does not exist names the axis", () => {
    expect(errorOf(() => expandSpec(spec({ grid: { "sampler.stepz": [1] } })))).toMatch(/spec\.grid\.sampler\.stepz\[0\].*not a known field/);
  });

  it("expandSpec: a bad axis value names its index", () => {
    expect(errorOf(() => expandSpec(spec({ grid: { "sampler.steps": [10, 0] } })))).toMatch(/spec\.grid\.sampler\.steps\[1\].*sampler\.steps/);
  });

  it("expandSpec: refuses more than max_points without yes", () => {
    const s = spec({ grid: { "sampler.steps": Array.from({ length: 30 }, (_, i) => i + 1) }, max_points: 20 });
    expect(countPoints(s)).toBe(30);
    expect(errorOf(() => expandSpec(s))).toContain("max_points = 20");
    expect(expandSpec(s, { yes: true })).toHaveLength(30);
  });

  it("parseSpec: rejects an empty axis, an unknown key and a wrong type with their paths", () => {
    expect(errorOf(() => spec({ grid: { "sampler.steps": [] } }))).toContain("grid.sampler.steps");
    expect(errorOf(() => spec({ gird: {} }))).toContain("gird is not a known field");
    expect(errorOf(() => spec({ replicates: "many" }))).toMatch(/replicates must be a number; got "many"/);
  });

  it("expandSpec: a Monte Carlo point the aggregation cannot handle is rejected up front, naming the field and the point", () => {
    const mc = (metric: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      parseSpec({ name: "t", seed: 7, base: { ...base, metric: { target: "p0", ...metric }, mc: { particles: 64 } }, ...extra });
    // sorted_1d (and its W1 twin) on d > 1: the data.dim axis names the value.
    expect(errorOf(() => expandSpec(mc({ estimator: "sorted_1d" }, { grid: { "sampler.steps": [10], "data.dim": [1, 3] } })))).toMatch(
      /^spec\.grid\.data\.dim\[1\]: metric\.estimator: estimator sorted_1d must be used with 1-dimensional data .*; got "data\.dim = 3"$/,
    );
    expect(errorOf(() => expandSpec(mc({ estimator: "w1_sorted_1d" }, { grid: { "sampler.steps": [10] } })))).toMatch(/metric\.estimator: estimator w1_sorted_1d must be used with 1-dimensional data/);
    // sinkhorn without its regularisation: the base is wrong, so the first value of the first axis is named.
    expect(errorOf(() => expandSpec(mc({ estimator: "sinkhorn" }, { grid: { "sampler.steps": [10, 20] } })))).toMatch(
      /^spec\.grid\.sampler\.steps\[0\]: metric\.reg: the entropic regularisation must be a number > 0 for estimator sinkhorn .*; got nothing$/,
    );
    // A combination of two individually fine axis values: named by its point ordinal.
    const combo = mc({ estimator: "sorted_1d" }, { grid: { "data.dim": [1, 2], "metric.estimator": ["gaussian_fit", "sorted_1d"], "sampler.steps": [10] } });
    expect(errorOf(() => expandSpec(combo))).toMatch(/^spec point #3: metric\.estimator: estimator sorted_1d must be used with 1-dimensional data/);
    // The same points with supported estimators expand; exact points are not Monte Carlo and are not checked.
    expect(expandSpec(mc({ estimator: "sinkhorn", reg: 0.1 }, { grid: { "sampler.steps": [10], "data.dim": [1, 3] } }))).toHaveLength(2);
    expect(expandSpec(mc({ estimator: "sorted_1d" }, { grid: { "sampler.steps": [10], "data.dim": [1] } }))).toHaveLength(1);
    expect(expandSpec(spec({ grid: { "sampler.steps": [10], "data.dim": [1, 3] } }))).toHaveLength(2);
  });

  it("parsePoint: runs the same Monte Carlo check (what simulate reads), naming the field", () => {
    const point = { ...base, sampler: { ...base.sampler, steps: 10 }, mc: { particles: 64 } };
    expect(errorOf(() => parsePoint({ ...point, metric: { estimator: "sorted_1d", target: "p0" } }))).toMatch(/^metric\.estimator: estimator sorted_1d must be used with 1-dimensional data .*got "data\.dim = 2"$/);
    expect(errorOf(() => parsePoint({ ...point, metric: { estimator: "sinkhorn", target: "p0" } }, "point[3]"))).toMatch(/^point\[3\]: metric\.reg: /);
    expect(parsePoint({ ...point, metric: { estimator: "sliced", target: "p0" } }).metric.estimator).toBe("sliced");
  });
});

describe("planShards", () => {
  it("planShards: exact points get one shard; Monte Carlo points fixed blocks per replicate", () => {
    const [exact] = expandSpec(spec({ grid: { "sampler.steps": [10] } }));
    expect(planShards("c", exact!.id, exact!.point, 100, 0, 4)).toHaveLength(1);
    const mc = { ...exact!.point, metric: { estimator: "gaussian_fit" }, mc: { particles: 1050 } } as any;
    const shards = planShards("c", "p", mc, 500, 0, 2);
    expect(shards.map((s) => [s.replicate, s.particleLo, s.particleHi])).toEqual([
      [0, 0, 500], [0, 500, 1000], [0, 1000, 1050], [1, 0, 500], [1, 500, 1000], [1, 1000, 1050],
    ]);
    expect(shards[4]!.shardId).toBe("c/p/r1/b1");
    expect(planShards("c", "p", mc, 500, 2, 3).map((s) => s.shardId)).toEqual(["c/p/r2/b0", "c/p/r2/b1", "c/p/r2/b2"]);
  });
});
