import { describe, expect, it } from "vitest";
import {
  emdW1,
  emdW2,
  gaussianFitW2,
  InvalidParameterError,
  resolveGaussianData,
  sinkhornDivergence,
  slicedW1,
  slicedW2,
  sorted1dW1,
  sorted1dW2,
  UnknownVariantError,
  W2_ESTIMATORS,
  w2Estimate,
  type W2EstimateOptions,
} from "../../src/index.js";
import { expectClose, loadGolden } from "../golden.js";
import { cloudOf, normalCloud, thrown } from "./clouds.js";

const x = normalCloud(40, 3, 1, "x");
const y = normalCloud(50, 3, 1, "y", 1.5, 0.5);
const x1 = normalCloud(40, 1, 1, "x1");
const y1 = normalCloud(30, 1, 1, "y1", 2);

describe("w2Estimate: dispatch", () => {
  it("w2Estimate: each estimator returns the value of its function, with its metric", () => {
    const run = (o: W2EstimateOptions, a = x, b = y) => w2Estimate(a, b, o);
    expect(run({ estimator: "sorted_1d" }, x1, y1)).toMatchObject({ estimator: "sorted_1d", metric: "w2", value: sorted1dW2(x1.data, y1.data) });
    expect(run({ estimator: "sorted_1d_w1" }, x1, y1)).toMatchObject({ metric: "w1", value: sorted1dW1(x1.data, y1.data) });
    expect(run({ estimator: "emd" })).toMatchObject({ metric: "w2", value: emdW2(x, y).w2, details: { method: "network_simplex" } });
    expect(run({ estimator: "emd_w1" })).toMatchObject({ metric: "w1", value: emdW1(x, y).w1 });
    expect(run({ estimator: "sliced", projections: 30, seed: 4 })).toMatchObject({
      metric: "w2",
      value: slicedW2(x, y, { projections: 30, seed: 4 }).w2,
      details: { projections: 30, directions: "random", seed: 4 },
    });
    expect(run({ estimator: "sliced_w1", directions: [[1, 0, 0]] })).toMatchObject({ metric: "w1", value: slicedW1(x, y, { directions: [[1, 0, 0]] }).w1 });
    expect(run({ estimator: "gaussian_fit", ddof: 0 })).toMatchObject({ metric: "w2", value: gaussianFitW2(x, y, { ddof: 0 }).w2, details: { ddof: 0 } });
    const sk = run({ estimator: "sinkhorn", reg: 0.5 });
    expect(sk).toMatchObject({ metric: "w2", value: sinkhornDivergence(x, y, { reg: 0.5 }).w2, details: { reg: 0.5, converged: true } });
    expect(sk.details.sinkhorn_divergence as number).toBeCloseTo(sk.value * sk.value, 12);
  });

  it("w2Estimate: gaussian_fit against a known Gaussian target", () => {
    const t = resolveGaussianData({ kind: "gaussian", dim: 3, mean: 0, std: 1 });
    const r = w2Estimate(x, t, { estimator: "gaussian_fit" });
    expect(r.value).toBe(gaussianFitW2(x, t).w2);
    expect(r.details.target).toBe("gaussian");
  });

  it("w2Estimate: the golden empirical_w2 weighted case through the dispatcher", () => {
    const c = loadGolden("empirical_w2.json").cases.find((k: any) => k.inputs.a !== undefined);
    const r = w2Estimate(cloudOf(c.inputs.x), cloudOf(c.inputs.y), { estimator: "emd", weightsX: c.inputs.a, weightsY: c.inputs.b });
    expectClose(c.id, "w2", r.value, c.expected.w2, c.tolerance);
  });

  it("w2Estimate: every estimator is zero on identical clouds and symmetric", () => {
    for (const estimator of W2_ESTIMATORS) {
      const [a, b] = estimator.startsWith("sorted") ? [x1, y1] : [x, y];
      const o: W2EstimateOptions = estimator === "sinkhorn" ? { estimator, reg: 0.5, stopThr: 1e-12 } : { estimator };
      const same = w2Estimate(a, { n: a.n, d: a.d, data: a.data.slice() }, o).value;
      expect(same, estimator).toBeLessThan(estimator === "sinkhorn" ? 1e-4 : 1e-12);
      const ab = w2Estimate(a, b, o).value;
      const ba = w2Estimate(b, a, o).value;
      expect(Math.abs(ab - ba), estimator).toBeLessThanOrEqual(1e-9 * ab);
    }
  });
});

describe("w2Estimate: validation", () => {
  it("w2Estimate: rejects an unknown estimator, naming the allowed values", () => {
    const e = thrown(() => w2Estimate(x, y, { estimator: "wasserstein" as never }));
    expect(e).toBeInstanceOf(UnknownVariantError);
    expect(e.code).toBe("E_UNKNOWN_VARIANT");
    expect(e.message).toBe(
      'w2Estimate: options.estimator must be one of sorted_1d | gaussian_fit | emd | sliced | sinkhorn | sorted_1d_w1 | emd_w1 | sliced_w1; got "wasserstein"',
    );
  });

  it("w2Estimate: rejects options that do not belong to the estimator, and unknown options", () => {
    let e = thrown(() => w2Estimate(x, y, { estimator: "emd", reg: 1 }));
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e.message).toBe("w2Estimate: options.reg must be omitted for estimator emd (its options: weightsX, weightsY); got 1");
    e = thrown(() => w2Estimate(x, y, { estimator: "sliced", projection: 3 } as never));
    expect(e.message).toMatch(/^w2Estimate: options\.projection must be one of the known options \(estimator, .*\); got an unknown option$/);
    e = thrown(() => w2Estimate(x, y, { estimator: "sinkhorn" }));
    expect(e.message).toBe("w2Estimate: options.reg must be a finite number > 0 (required for estimator sinkhorn); got nothing");
  });

  it("w2Estimate: rejects mismatched dimensions, NaN or infinite coordinates and empty clouds", () => {
    let e = thrown(() => w2Estimate(x, x1, { estimator: "emd" }));
    expect(e.message).toBe("w2Estimate: x and y must be of the same dimension; got dimensions 3 and 1");
    const nan = { n: 2, d: 3, data: Float64Array.of(0, 1, 2, 3, Number.NaN, 5) };
    e = thrown(() => w2Estimate(nan, x, { estimator: "sliced" }));
    expect(e.message).toBe("w2Estimate: x coordinates must be finite numbers; got NaN at point 1, coordinate 1");
    const inf = { n: 1, d: 3, data: Float64Array.of(0, -Infinity, 2) };
    e = thrown(() => w2Estimate(x, inf, { estimator: "gaussian_fit" }));
    expect(e.message).toBe("w2Estimate: y coordinates must be finite numbers; got -Infinity at point 0, coordinate 1");
    e = thrown(() => w2Estimate({ n: 0, d: 3, data: new Float64Array(0) }, y, { estimator: "emd" }));
    expect(e.message).toBe("w2Estimate: x must be a non-empty point cloud (at least one point); got 0 points");
    expect(e.code).toBe("E_INVALID_PARAMETER");
  });

  it("w2Estimate: sorted_1d needs d = 1; a Gaussian target needs gaussian_fit", () => {
    expect(thrown(() => w2Estimate(x, y, { estimator: "sorted_1d" })).message).toBe(
      "w2Estimate: the dimension of x and y must be 1 for estimator sorted_1d (use sliced or emd in d > 1); got 3",
    );
    const t = resolveGaussianData({ kind: "gaussian", dim: 3, mean: 0, std: 1 });
    expect(thrown(() => w2Estimate(x, t, { estimator: "emd" })).message).toBe(
      "w2Estimate: y must be a point cloud for estimator emd (a Gaussian target is closed-form only for gaussian_fit; sample it); got a Gaussian target",
    );
  });
});
