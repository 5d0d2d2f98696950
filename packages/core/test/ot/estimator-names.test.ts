import { describe, expect, it } from "vitest";
import { emdW1, estimatorMetric, POINT_ESTIMATORS, slicedW1, sorted1dW1, W1_ESTIMATOR_ALIASES, W2_ESTIMATORS, w2Estimate, w2EstimatorName } from "../../src/index.js";
import { normalCloud } from "./clouds.js";

describe("estimator names", () => {
  it("w2EstimatorName: maps the point spelling of the W1 estimators, keeps w2Estimate's names, rejects the rest", () => {
    expect(w2EstimatorName("w1_sorted_1d")).toBe("sorted_1d_w1");
    expect(w2EstimatorName("w1_emd")).toBe("emd_w1");
    expect(w2EstimatorName("w1_sliced")).toBe("sliced_w1");
    for (const name of W2_ESTIMATORS) expect(w2EstimatorName(name)).toBe(name);
    for (const name of ["exact", "wasserstein", "", "constructor", "toString", "__proto__"]) expect(w2EstimatorName(name), name).toBeNull();
  });

  it("w2EstimatorName: every Monte Carlo estimator of a point has a w2Estimate name, and only `exact` has none", () => {
    const unmapped = POINT_ESTIMATORS.filter((e) => w2EstimatorName(e) === null);
    expect(unmapped).toEqual(["exact"]);
    for (const alias of Object.keys(W1_ESTIMATOR_ALIASES)) expect(POINT_ESTIMATORS as readonly string[]).toContain(alias);
  });

  it("estimatorMetric: w1 exactly for the W1 estimators", () => {
    expect(W2_ESTIMATORS.filter((e) => estimatorMetric(e) === "w1")).toEqual(["sorted_1d_w1", "emd_w1", "sliced_w1"]);
  });

  it("w2Estimate: accepts the point spelling and reports the estimator under its w2Estimate name", () => {
    const x = normalCloud(30, 2, 4, "x");
    const y = normalCloud(30, 2, 4, "y", 1.3, 0.2);
    const x1 = normalCloud(30, 1, 4, "x1");
    const y1 = normalCloud(25, 1, 4, "y1", 2);
    expect(w2Estimate(x, y, { estimator: "w1_emd" })).toMatchObject({ estimator: "emd_w1", metric: "w1", value: emdW1(x, y).w1 });
    expect(w2Estimate(x1, y1, { estimator: "w1_sorted_1d" })).toMatchObject({ estimator: "sorted_1d_w1", metric: "w1", value: sorted1dW1(x1.data, y1.data) });
    const dirs = [[1, 0]];
    expect(w2Estimate(x, y, { estimator: "w1_sliced", directions: dirs })).toMatchObject({ estimator: "sliced_w1", value: slicedW1(x, y, { directions: dirs }).w1 });
  });
});
