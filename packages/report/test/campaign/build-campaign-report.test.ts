import { describe, expect, it } from "vitest";
import { complexitySearch, exactOracle, type PointSpec } from "@scoresweep/core";
import { MemoryStore } from "@scoresweep/store";
import { canonicalJson, expandSpec, parseGridSpec, parseSpec } from "@scoresweep/sweep";
import { buildCampaignReport } from "../../src/campaign/build-campaign-report.js";
import { loadCampaign } from "../../src/campaign/load-campaign.js";
import { renderDocumentFiles } from "../../src/html/render-document.js";
import { formatNumber } from "../../src/svg/format-number.js";
import { ReportError } from "../../src/report-error.js";
import { fillExactCampaign } from "../fill-exact-campaign.js";
import { xmlProblems } from "../xml-check.js";

const BASE = {
  data: { kind: "gaussian", dim: 4, mean: 1, std: 0.5 },
  score: { kind: "exact" },
  sampler: { scheme: "em_point", delta: 0.001 },
  metric: { estimator: "exact", target: "p_delta" },
};

const W2_SPEC = {
  name: "tiny-w2",
  seed: 3,
  base: BASE,
  grid: {
    sde: [
      { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
      { family: "ve", sigma_min: 0.01, sigma_max: 50, T: 1 },
    ],
    "sampler.steps": [100, 300, 1000],
  },
};

const CX_SPEC = {
  name: "tiny-cx",
  seed: 3,
  base: { ...BASE, data: { kind: "gaussian", dim: 1, mean: 0, std: 0.5 } },
  grid: { sde: [{ family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 }], "data.dim": [4, 64, 1024] },
  searches: { complexity: { eps: [0.2, 0.05, 0.01], grid: "2:100000:1.25" } },
};

const HTML_VOIDS = ["meta"];

describe("loadCampaign", () => {
  it("loadCampaign: points in expansion order with the parameters that vary", () => {
    const store = new MemoryStore();
    fillExactCampaign(store, W2_SPEC);
    const data = loadCampaign(store, "tiny-w2");
    expect(data.points.map((p) => p.ordinal)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(data.varying).toEqual(["sde.family", "sde.beta_max", "sde.beta_min", "sde.sigma_max", "sde.sigma_min", "sampler.steps"]);
    expect(data.points[0]!.aggregate!.estimator).toBe("exact");
  });

  it("loadCampaign: an unknown campaign is a ReportError naming the known ones", () => {
    const store = new MemoryStore();
    fillExactCampaign(store, W2_SPEC);
    expect(() => loadCampaign(store, "nope")).toThrow(ReportError);
    expect(() => loadCampaign(store, "nope")).toThrow(/must be one of tiny-w2; got "nope"/);
  });
});

describe("buildCampaignReport", () => {
  it("buildCampaignReport: the page lists every point's exact W2 and the summary holds them at full precision", () => {
    const store = new MemoryStore();
    const spec = fillExactCampaign(store, W2_SPEC);
    const doc = buildCampaignReport(loadCampaign(store, "tiny-w2"));
    const files = renderDocumentFiles(doc);
    expect([...files.keys()].sort()).toEqual(["index.html", "points.csv", "summary.json", "w2-order.csv", "w2-vs-steps-1.svg"]);
    const html = files.get("index.html")!;
    expect(xmlProblems(html, { voidElements: HTML_VOIDS })).toEqual([]);
    expect(html).not.toMatch(/<script|<link|src="http/);
    const summary = JSON.parse(files.get("summary.json")!);
    for (const p of expandSpec(spec)) {
      const w2 = exactOracle(p.point).w2;
      expect(html).toContain(`>${formatNumber(w2)}<`);
      const curve = summary.w2_vs_steps.find((c: { curve: Record<string, unknown> }) => c.curve["sde.family"] === p.point.sde.family);
      expect(curve.estimate[curve.steps.indexOf(p.point.sampler.steps)]).toBe(w2);
    }
  });

  it("buildCampaignReport: W2-vs-K fits of the first-order sampler have exponent −1 up to the O(η) term", () => {
    // em_point is first order: W2 = √d·(C·η + O(η²)) (papers.md §5.4). Over K = 100…1000 the fitted exponent
    // differs from −1 by at most ln(r(100)/r(1000))/ln(10), r(K) = W2·K — computed here from the oracle.
    const store = new MemoryStore();
    const spec = fillExactCampaign(store, W2_SPEC);
    const summary = buildCampaignReport(loadCampaign(store, "tiny-w2")).summary as { w2_vs_steps: { curve: Record<string, unknown>; fit: { exponent: number; n: number } }[] };
    const point = expandSpec(spec).find((p) => p.point.sde.family === "vp_linear")!.point;
    const r = (K: number) => exactOracle({ ...point, sampler: { ...point.sampler, steps: K } } as PointSpec).w2 * K;
    const bound = Math.abs(Math.log(r(100) / r(1000))) / Math.log(10);
    const fit = summary.w2_vs_steps.find((c) => c.curve["sde.family"] === "vp_linear")!.fit;
    expect(fit.n).toBe(3);
    expect(Math.abs(fit.exponent + 1)).toBeLessThanOrEqual(bound);
  });

  it("buildCampaignReport: complexity rows give K* plots against ε and d, with K* equal to core's search", () => {
    const store = new MemoryStore();
    const spec = fillExactCampaign(store, CX_SPEC);
    const doc = buildCampaignReport(loadCampaign(store, "tiny-cx"));
    const files = renderDocumentFiles(doc);
    expect(files.has("kstar-vs-eps-1.svg")).toBe(true);
    expect(files.has("kstar-vs-dim-1.svg")).toBe(true);
    for (const name of files.keys()) if (name.endsWith(".svg")) expect(xmlProblems(files.get(name)!)).toEqual([]);
    const summary = doc.summary as { complexity_vs_eps: { params: Record<string, unknown>; k_star: (number | null)[]; fit_inv_eps: { exponent: number } | null }[]; complexity_vs_dim: unknown[] };
    const grid = parseGridSpec("2:100000:1.25");
    for (const p of expandSpec(spec)) {
      const want = complexitySearch(p.point, [0.01, 0.05, 0.2], grid).map((r) => r.steps);
      const got = summary.complexity_vs_eps.find((c) => c.params["data.dim"] === (p.point.data as { dim: number }).dim)!;
      expect(got.k_star).toEqual(want);
    }
    expect(summary.complexity_vs_dim).toHaveLength(3); // one curve per ε
    const html = files.get("index.html")!;
    expect(html).toContain("K*(ε) vs ε");
    expect(html).toContain("Fitted exponent p in K* ≈ C·d^p");
  });

  it("buildCampaignReport: Monte Carlo aggregates get CI error bars, dashed noise floors, and fits above 2× the floor only", () => {
    const store = new MemoryStore();
    const spec = parseSpec({ ...W2_SPEC, name: "mc", base: { ...BASE, metric: { estimator: "gaussian_fit", target: "p0" } } });
    store.upsertCampaign({ id: "mc", name: "mc", specJson: canonicalJson(spec), seed: 3, codeVersion: "test", status: "done", createdAt: 0 });
    const points = expandSpec(spec);
    store.registerPoints(points.map((p) => ({ campaignId: "mc", pointId: p.id, ordinal: p.ordinal, paramsJson: canonicalJson(p.point) })));
    // Synthetic estimates W2 = 1/K with ±10% CIs and a floor of 0.0012: the K = 1000 point (0.001) is below 2× floor.
    for (const p of points) {
      const w = 1 / p.point.sampler.steps!;
      store.upsertAggregate({ campaignId: "mc", pointId: p.id, estimator: "gaussian_fit", estimate: w, ciLow: 0.9 * w, ciHigh: 1.1 * w, n: 8, noiseFloor: 0.0012, status: "done", extraJson: null });
    }
    const doc = buildCampaignReport(loadCampaign(store, "mc"));
    const svg = doc.sections[0]!.figures![0]!.svg;
    expect(svg).toMatch(/<path d="M[\d.]+ [\d.]+V[\d.]+M/); // an error bar
    expect((svg.match(/stroke-dasharray="6 4"/g) ?? []).length).toBe(2); // one dashed floor per curve
    const s = doc.summary as { w2_vs_steps: { fit: { exponent: number; n: number } }[] };
    expect(s.w2_vs_steps[0]!.fit.n).toBe(2);
    expect(s.w2_vs_steps[0]!.fit.exponent).toBeCloseTo(-1, 12);
    const html = renderDocumentFiles(doc).get("index.html")!;
    expect(html).toContain("[0.009, 0.011]"); // the CI of K = 100
    expect(html).toContain(">0.0012<"); // the noise floor column
  });

  it("buildCampaignReport: the same store gives byte-identical files", () => {
    const store = new MemoryStore();
    fillExactCampaign(store, W2_SPEC);
    const a = renderDocumentFiles(buildCampaignReport(loadCampaign(store, "tiny-w2")));
    const b = renderDocumentFiles(buildCampaignReport(loadCampaign(store, "tiny-w2")));
    expect([...a.entries()]).toEqual([...b.entries()]);
  });

  it("buildCampaignReport: many curves are split into panels of at most 8", () => {
    const store = new MemoryStore();
    fillExactCampaign(store, { ...W2_SPEC, name: "many", grid: { ...W2_SPEC.grid, "data.dim": [1, 2, 3, 4, 5, 6, 7, 8] } });
    const doc = buildCampaignReport(loadCampaign(store, "many"));
    const figs = doc.sections[0]!.figures!;
    expect(figs.length).toBe(2); // 16 curves: split by family into 2 panels of 8
    expect(figs[0]!.svg).toContain("dim=1<");
    expect(figs[0]!.svg).toContain("W2 vs steps: sde.family=vp_linear");
  });
});
