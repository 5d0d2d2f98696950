import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { complexitySearch, exactOracle } from "@scoresweep/core";
import { expandSpec, parseGridSpec, parseSpecText } from "@scoresweep/sweep";
import { formatNumber } from "@scoresweep/report";
import { scoresweep } from "../../report/test/cli-harness.js";
import { xmlProblems } from "../../report/test/xml-check.js";
import { runCli } from "./run-cli.js";

// A tiny exact-oracle sweep (W2 against K for two SDEs) and a complexity sweep, run by the real embedded runner.
const W2_SPEC = `
name: tiny-w2
seed: 5
base:
  data: { kind: gaussian, dim: 8, mean: 1, std: 0.5 }
  score: { kind: exact }
  sampler: { scheme: em_point, delta: 0.001 }
  metric: { estimator: exact, target: p_delta }
grid:
  sde:
    - { family: vp_linear, beta_min: 0.1, beta_max: 20, T: 1 }
    - { family: ve, sigma_min: 0.01, sigma_max: 50, T: 1 }
  sampler.steps: [100, 300, 1000]
`;
const CX_SPEC = `
name: tiny-cx
seed: 5
base:
  data: { kind: gaussian, dim: 1, mean: 0, std: 0.5 }
  score: { kind: exact }
  sampler: { scheme: em_point }
  metric: { estimator: exact, target: p_delta }
grid:
  sde: [ { family: vp_linear, beta_min: 0.1, beta_max: 20, T: 1 } ]
  data.dim: [4, 64, 1024]
searches:
  complexity: { eps: [0.2, 0.05, 0.01], grid: "2:100000:1.25" }
`;

let dir: string;
let db: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scoresweep-report-"));
  db = join(dir, "results.db");
  for (const [name, text] of [["w2.yaml", W2_SPEC], ["cx.yaml", CX_SPEC]] as const) {
    writeFileSync(join(dir, name), text);
    const r = runCli(["run", join(dir, name), "--db", db, "--workers", "2", "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  }
});

/** The files of a report directory, name → content. */
function readDir(d: string): Map<string, string> {
  return new Map(readdirSync(d).sort().map((f) => [f, readFileSync(join(d, f), "utf8")]));
}

describe("scoresweep report", () => {
  it("report: writes index.html, SVGs, CSVs and summary.json with every point's W2 as the exact oracle gives it", () => {
    const out = join(dir, "rep-w2");
    const r = scoresweep(["report", "--db", db, "--campaign", "tiny-w2", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${out}/index.html`);
    const files = readDir(out);
    expect([...files.keys()]).toEqual(["index.html", "points.csv", "summary.json", "w2-order.csv", "w2-vs-steps-1.svg"]);
    const html = files.get("index.html")!;
    expect(xmlProblems(html, { voidElements: ["meta"] })).toEqual([]);
    expect(xmlProblems(files.get("w2-vs-steps-1.svg")!)).toEqual([]);
    expect(html).toContain("<svg"); // inline, self-contained
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    const summary = JSON.parse(files.get("summary.json")!);
    const spec = parseSpecText(W2_SPEC, "w2.yaml");
    for (const p of expandSpec(spec)) {
      const w2 = exactOracle(p.point).w2;
      expect(html).toContain(`>${formatNumber(w2)}<`);
      const curve = summary.w2_vs_steps.find((c: { curve: Record<string, unknown> }) => c.curve["sde.family"] === p.point.sde.family);
      const got = curve.estimate[curve.steps.indexOf(p.point.sampler.steps)];
      expect(Math.abs(got - w2)).toBeLessThanOrEqual(1e-13 * w2);
    }
    // em_point is first order for VP: ln W2 = c − ln K + ln r(K) with r = W2·K nearly constant, so the fitted order
    // is −1 plus the least-squares slope of ln r, at most range(ln r)·½Σ|w_i| (w: OLS weights of ln K).
    const vp = summary.w2_vs_steps.find((c: { curve: Record<string, unknown> }) => c.curve["sde.family"] === "vp_linear");
    const lr = vp.steps.map((K: number, i: number) => Math.log(vp.estimate[i] * K));
    const x = vp.steps.map(Math.log);
    const mx = x.reduce((a: number, b: number) => a + b, 0) / x.length;
    const weight = x.reduce((a: number, v: number) => a + Math.abs(v - mx), 0) / 2 / x.reduce((a: number, v: number) => a + (v - mx) ** 2, 0);
    expect(Math.abs(vp.fit.exponent + 1)).toBeLessThanOrEqual((Math.max(...lr) - Math.min(...lr)) * weight + 1e-12);
  });

  it("report: complexity campaigns get K*(ε) plots against ε and d with K* equal to core's search", () => {
    const out = join(dir, "rep-cx");
    const r = scoresweep(["report", "--db", db, "--campaign", "tiny-cx", "--out", out, "--json"]);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout);
    expect(line.campaign).toBe("tiny-cx");
    expect(line.files.map((f: string) => f.slice(out.length + 1))).toEqual([
      "complexity-dim-fits.csv",
      "complexity-eps-fits.csv",
      "complexity.csv",
      "index.html",
      "kstar-vs-dim-1.svg",
      "kstar-vs-eps-1.svg",
      "points.csv",
      "summary.json",
    ]);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    const grid = parseGridSpec("2:100000:1.25");
    for (const p of expandSpec(parseSpecText(CX_SPEC, "cx.yaml"))) {
      const dim = (p.point.data as { dim: number }).dim;
      const got = summary.complexity_vs_eps.find((c: { params: Record<string, unknown> }) => c.params["data.dim"] === dim);
      expect(got.k_star).toEqual(complexitySearch(p.point, [0.01, 0.05, 0.2], grid).map((x) => x.steps));
    }
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toContain("Iteration complexity K*(ε)");
  });

  it("report: the same database gives byte-identical reports", () => {
    const a = join(dir, "rep-a");
    const b = join(dir, "rep-b");
    expect(scoresweep(["report", "--db", db, "--campaign", "tiny-w2", "--out", a]).code).toBe(0);
    expect(scoresweep(["report", "--db", db, "--campaign", "tiny-w2", "--out", b]).code).toBe(0);
    expect([...readDir(a).entries()]).toEqual([...readDir(b).entries()]);
  });

  it("report: user errors are one line on stderr and exit 2", () => {
    const several = scoresweep(["report", "--db", db, "--out", join(dir, "x")]);
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/^scoresweep: --campaign: must name one of tiny-w2 \| tiny-cx/);
    const unknown = scoresweep(["report", "--db", db, "--campaign", "nope", "--out", join(dir, "x")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('got "nope"');
    const missing = scoresweep(["report", "--db", join(dir, "missing.db"), "--out", join(dir, "x")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no results database");
    const noOut = scoresweep(["report", "--db", db]);
    expect(noOut.code).toBe(2);
    expect(scoresweep(["report", "--help"]).stdout).toContain("--out <dir>");
  });
});
