import { describe, expect, it } from "vitest";
import { parsePoint, pointId, canonicalJson } from "@scoresweep/sweep";

const good = {
  sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
  data: { kind: "gaussian", dim: 10, mean: 1, std: 0.5 },
  score: { kind: "exact" },
  sampler: { scheme: "em_point", steps: 100, delta: 0.001, prior_var: 1 },
  metric: { estimator: "exact", target: "p0" },
};

function errorOf(doc: unknown): { code: string; message: string } {
  try {
    parsePoint(doc);
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected parsePoint to throw");
}

const clone = <T>(x: T): T => structuredClone(x);

describe("parsePoint", () => {
  it("parsePoint: accepts the DESIGN §1 example", () => {
    expect(parsePoint(good).sde.family).toBe("vp_linear");
  });

  it("parsePoint: names an unknown family and lists the allowed ones", () => {
    const doc = clone(good);
    doc.sde.family = "vp_lin";
    const e = errorOf(doc);
    expect(e.code).toBe("E_UNKNOWN_VARIANT");
    expect(e.message).toContain("sde.family");
    expect(e.message).toContain("vp_linear");
    expect(e.message).toContain("ve_power");
  });

  it("parsePoint: names a missing family parameter", () => {
    const doc = clone(good) as any;
    delete doc.sde.beta_max;
    const e = errorOf(doc);
    expect(e.code).toBe("E_INVALID_PARAMETER");
    expect(e.message).toContain("sde.beta_max");
  });

  it("parsePoint: names a negative parameter and what is allowed", () => {
    const doc = clone(good);
    doc.sde.beta_min = -1;
    const e = errorOf(doc);
    expect(e.message).toMatch(/sde\.beta_min.*must be.*> 0.*got -1/);
  });

  it("parsePoint: rejects steps: 0 naming sampler.steps", () => {
    const doc = clone(good);
    doc.sampler.steps = 0;
    const e = errorOf(doc);
    expect(e.message).toMatch(/sampler\.steps must be a number >= 1; got 0/);
  });

  it("parsePoint: rejects a non-unit bias direction", () => {
    const doc = clone(good) as any;
    doc.data.dim = 2;
    doc.score.error = { kind: "bias", size: 0.1, direction: [1, 1] };
    const e = errorOf(doc);
    expect(e.message).toContain("score.error.direction");
    expect(e.message).toContain("unit");
  });

  it("parsePoint: rejects an unknown field with its path", () => {
    const doc = clone(good) as any;
    doc.sampler.stepz = 3;
    expect(errorOf(doc).message).toContain("sampler.stepz is not a known field");
  });

  it("parsePoint: rejects an unknown scheme listing the allowed ones", () => {
    const doc = clone(good) as any;
    doc.sampler.scheme = "rk4";
    const e = errorOf(doc);
    expect(e.message).toContain("sampler.scheme");
    expect(e.message).toContain('"em_integral"');
  });

  it("parsePoint: rejects a delta outside (0, T)", () => {
    const doc = clone(good);
    doc.sampler.delta = 2;
    expect(errorOf(doc).message).toContain("sampler.delta");
  });
});

describe("pointId", () => {
  it("pointId: ignores key order and mc.replicates, changes with any value", () => {
    const a = parsePoint(good);
    const reordered = JSON.parse(canonicalJson(good).replace(/"sde"/, '"sde"'));
    expect(pointId(parsePoint(reordered))).toBe(pointId(a));
    expect(pointId({ ...a, mc: { particles: 10, replicates: 4 } })).toBe(pointId({ ...a, mc: { particles: 10, replicates: 8 } }));
    expect(pointId({ ...a, sampler: { ...a.sampler, steps: 101 } })).not.toBe(pointId(a));
  });

  it("canonicalJson: sorts keys recursively and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
  });
});
