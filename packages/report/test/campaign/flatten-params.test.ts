import { describe, expect, it } from "vitest";
import { compareParamKeys, flattenParams, paramLabel, varyingKeys } from "../../src/campaign/flatten-params.js";
import { choosePanelKey, groupBy } from "../../src/campaign/panelize.js";

describe("flattenParams", () => {
  it("flattenParams: dotted keys, arrays as JSON text", () => {
    expect(flattenParams({ sde: { family: "vp_linear", T: 1 }, data: { mean: [1, 2], dim: 2 } })).toEqual({ "data.dim": 2, "data.mean": "[1,2]", "sde.T": 1, "sde.family": "vp_linear" });
  });

  it("varyingKeys: keys that differ (missing counts), in spec section order with sde.family first", () => {
    const pts = [
      { "sde.family": "ve", "sde.sigma_max": 50, "sampler.steps": 10, "data.dim": 2 },
      { "sde.family": "vp_linear", "sde.beta_max": 20, "sampler.steps": 10, "data.dim": 2 },
      { "sde.family": "vp_linear", "sde.beta_max": 20, "sampler.steps": 30, "data.dim": 2 },
    ];
    expect(varyingKeys(pts)).toEqual(["sde.family", "sde.beta_max", "sde.sigma_max", "sampler.steps"]);
    expect(["metric.target", "data.dim", "zzz", "sde.T", "sde.family"].sort(compareParamKeys)).toEqual(["sde.family", "sde.T", "data.dim", "metric.target", "zzz"]);
  });

  it("paramLabel: self-naming values bare, short names when unambiguous, absent keys left out", () => {
    const keys = ["sde.family", "sde.a", "data.a", "sde.beta_max", "metric.target"];
    expect(paramLabel({ "sde.family": "ve_const", "sde.a": 50, "data.a": 1, "metric.target": "p0" }, keys)).toBe("ve_const, sde.a=50, data.a=1, p0");
    expect(paramLabel({ "sde.family": "vp_linear", "sde.beta_max": 20 }, ["sde.family", "sde.beta_max"])).toBe("vp_linear, beta_max=20");
    expect(paramLabel({}, [])).toBe("all points");
  });
});

describe("choosePanelKey", () => {
  const items = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ flat: { "sde.family": `f${i % 4}`, "data.dim": 10 * (i % 3), "sde.T": i } as Record<string, string | number> }));

  it("choosePanelKey: none when the curves fit one plot", () => {
    expect(choosePanelKey(items(8), ["sde.family", "data.dim"], 8)).toBeNull();
  });

  it("choosePanelKey: the key giving panels of at most max curves with the fewest panels", () => {
    // 24 curves: by family → 4 panels of 6; by dim → 3 panels of 8; both fit, dim has fewer panels.
    expect(choosePanelKey(items(24), ["sde.family", "data.dim"], 8)).toBe("data.dim");
    // With max 6 only the family split fits.
    expect(choosePanelKey(items(24), ["sde.family", "data.dim"], 6)).toBe("sde.family");
    // None fits: the smallest largest panel (T is unique per item).
    expect(choosePanelKey(items(24), ["sde.family", "sde.T"], 2)).toBe("sde.T");
  });

  it("groupBy: first-seen order, one group for a null key", () => {
    const g = groupBy(items(6), "sde.family");
    expect(g.map((x) => x.value)).toEqual(["f0", "f1", "f2", "f3"]);
    expect(g[0]!.items).toHaveLength(2);
    expect(groupBy(items(6), null)).toHaveLength(1);
  });
});
