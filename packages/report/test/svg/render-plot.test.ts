import { describe, expect, it } from "vitest";
import { renderPlot, type PlotSpec } from "../../src/svg/render-plot.js";
import { xmlProblems } from "../xml-check.js";

const base: PlotSpec = {
  id: "t",
  title: "W2 <vs> K & friends",
  xLabel: "steps K",
  yLabel: "W2",
  xScale: "log",
  yScale: "log",
  series: [
    { label: 'curve "a" <script>', points: [{ x: 10, y: 0.1, yLow: 0.08, yHigh: 0.12 }, { x: 100, y: 0.01 }, { x: 1000, y: 0.001 }] },
    { label: "floor", dashed: true, mode: "lines", legend: false, points: [{ x: 10, y: 1e-4 }, { x: 1000, y: 1e-4 }] },
  ],
  hLines: [{ label: "noise floor", y: 2e-4 }],
};

/** Centres (cx, cy) of the markers, in document order. */
function markers(svg: string): { cx: number; cy: number }[] {
  return [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="3.2"/g)].map((m) => ({ cx: Number(m[1]), cy: Number(m[2]) }));
}

describe("renderPlot", () => {
  it("renderPlot: writes well-formed SVG with every label escaped", () => {
    const svg = renderPlot(base);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain("W2 &lt;vs&gt; K &amp; friends");
    expect(svg).toContain("curve &quot;a&quot; &lt;script&gt;");
    expect(svg).not.toContain("<script");
  });

  it("renderPlot: places markers by the log scales (larger K to the right, smaller W2 lower)", () => {
    const m = markers(renderPlot(base));
    // 3 data markers + 1 legend swatch marker for the first series.
    expect(m).toHaveLength(4);
    const [a, b, c] = m;
    expect(b!.cx - a!.cx).toBeCloseTo(c!.cx - b!.cx, 1); // equal decades on a log axis
    expect(b!.cy).toBeGreaterThan(a!.cy);
    expect(c!.cy - b!.cy).toBeCloseTo(b!.cy - a!.cy, 1);
  });

  it("renderPlot: draws error bars, dashed series and reference lines, and a legend without hidden series", () => {
    const svg = renderPlot(base);
    expect(svg).toMatch(/<path d="M[\d.]+ [\d.]+V[\d.]+M/); // the error bar with its caps
    expect((svg.match(/stroke-dasharray="6 4"/g) ?? []).length).toBe(2); // the dashed series and the hLine
    const legend = svg.slice(svg.indexOf('<g class="legend">'));
    expect(legend).toContain(">noise floor<");
    expect(legend).not.toContain(">floor<"); // legend: false hides the series there
    for (const t of [">10<", ">100<", ">1000<", ">1e-4<", ">0.001<", ">0.01<", ">0.1<"]) expect(svg).toContain(t);
  });

  it("renderPlot: leaves out points a log axis cannot show and says how many", () => {
    const svg = renderPlot({ ...base, series: [{ label: "s", points: [{ x: 1, y: 1 }, { x: 2, y: 0 }, { x: -1, y: 3 }, { x: 3, y: NaN }, { x: 4, y: 2 }] }] });
    expect(svg).toContain("<desc>3 point(s)");
    expect(markers(svg)).toHaveLength(3); // 2 points + legend swatch
  });

  it("renderPlot: an empty plot says so", () => {
    const svg = renderPlot({ ...base, series: [], hLines: [] });
    expect(svg).toContain("no data to plot");
    expect(xmlProblems(svg)).toEqual([]);
  });

  it("renderPlot: is deterministic and grows to fit a long legend", () => {
    expect(renderPlot(base)).toBe(renderPlot(base));
    const many = renderPlot({ ...base, height: 300, series: Array.from({ length: 30 }, (_, i) => ({ label: `s${i}`, points: [{ x: 1 + i, y: 1 + i }] })) });
    const h = Number(/height="(\d+)"/.exec(many)![1]);
    expect(h).toBeGreaterThan(30 * 18);
  });

  it("renderPlot: long labels move the legend below the plot, truncated with the full label as tooltip", () => {
    const label = "x".repeat(200);
    const svg = renderPlot({ ...base, width: 600, height: 400, series: [{ label, points: [{ x: 1, y: 1 }, { x: 10, y: 2 }] }], hLines: [] });
    const h = Number(/height="(\d+)"/.exec(svg)![1]);
    expect(h).toBe(400 + 8 + 18);
    const legend = svg.slice(svg.indexOf('<g class="legend">'));
    expect(legend).toContain(`<title>${label}</title>`);
    expect(legend).toMatch(/>x+…</);
    const x = Number(/<g class="legend"><g><title>[^<]*<\/title><path d="M([\d.]+) /.exec(svg)![1]);
    expect(x).toBe(72); // aligned with the plot's left edge, not to its right
    expect(xmlProblems(svg)).toEqual([]);
  });

  it("renderPlot: linear axes label round ticks", () => {
    const svg = renderPlot({ id: "lin", xLabel: "x", yLabel: "y", series: [{ label: "s", points: [{ x: 0, y: 0 }, { x: 1, y: 10 }] }] });
    for (const t of [">0.2<", ">0.4<", ">0.6<", ">0.8<", ">2<", ">4<", ">10<"]) expect(svg).toContain(t);
  });
});
