/**
 * A small SVG line/scatter plot: linear or log axes with ticks and grid, series drawn as lines and/or markers with
 * vertical error bars (e.g. 95% CIs), dashed series (fitted lines, noise floors), horizontal reference lines and a
 * legend. The output is a self-contained `<svg>` element (no scripts, fonts or external assets) that works as a file
 * and inline in HTML; it is deterministic (same spec → same bytes).
 */
import { escapeXml } from "./escape-xml.js";
import { formatTick } from "./format-number.js";
import { paletteColor } from "./palette.js";
import { createScale, drawable, paddedDomain, type Scale, type ScaleKind } from "./scale.js";

/** One data point; `yLow`/`yHigh` draw an error bar. */
export interface PlotPoint {
  x: number;
  y: number;
  yLow?: number | null;
  yHigh?: number | null;
}

/** How a series is drawn. */
export type SeriesMode = "lines" | "markers" | "lines+markers";

/** A named series of points. */
export interface PlotSeries {
  label: string;
  points: readonly PlotPoint[];
  /** Default `lines+markers`. */
  mode?: SeriesMode;
  /** Dashed line (fits, noise floors). */
  dashed?: boolean;
  /** CSS colour; default the palette colour of the series index. */
  color?: string;
  /** Listed in the legend (default true). */
  legend?: boolean;
}

/** A horizontal dashed reference line at `y` (e.g. a noise floor common to a plot). */
export interface PlotLine {
  label: string;
  y: number;
  color?: string;
}

/** Everything a plot shows. */
export interface PlotSpec {
  /** Identifier, unique within an HTML page (used for the clip path id). */
  id: string;
  title?: string;
  xLabel: string;
  yLabel: string;
  xScale?: ScaleKind;
  yScale?: ScaleKind;
  series: readonly PlotSeries[];
  hLines?: readonly PlotLine[];
  /** Pixels; default 720 × 420 (taller when the legend needs room). */
  width?: number;
  height?: number;
}

/** Pixel numbers with two decimals at most. */
function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** A safe id fragment. */
function slug(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 64) || "plot";
}

const LEGEND_MAX_CHARS = 44;
const CHAR_WIDTH = 6.6; // approximate width of a 12 px sans-serif character

/** Renders the plot as an SVG document fragment (`<svg …>…</svg>`). */
export function renderPlot(spec: PlotSpec): string {
  const width = spec.width ?? 720;
  const xKind = spec.xScale ?? "linear";
  const yKind = spec.yScale ?? "linear";
  const series = spec.series.map((s, i) => ({ ...s, color: s.color ?? paletteColor(i), mode: s.mode ?? "lines+markers" }));
  const hLines = (spec.hLines ?? []).map((h, i) => ({ ...h, color: h.color ?? "#555555", index: i }));

  const legendItems = [
    ...series.filter((s) => s.legend !== false).map((s) => ({ label: s.label, color: s.color, dashed: s.dashed === true, marker: s.mode !== "lines", line: s.mode !== "markers" })),
    ...hLines.map((h) => ({ label: h.label, color: h.color, dashed: true, marker: false, line: true })),
  ];
  // The legend goes right of the plot when it is narrow enough, else below it (one item per line).
  const longest = legendItems.reduce((n, it) => Math.max(n, Math.min(it.label.length, LEGEND_MAX_CHARS)), 0);
  const rightWidth = legendItems.length > 0 ? Math.ceil(36 + longest * CHAR_WIDTH) : 0;
  const below = rightWidth > 0.34 * width;
  const belowChars = Math.max(10, Math.floor((width - 72 - 40) / CHAR_WIDTH));
  const belowHeight = below ? 8 + legendItems.length * 18 : 0;
  const margin = { left: 72, right: 16 + (below ? 0 : rightWidth), top: spec.title ? 36 : 14, bottom: 52 + belowHeight };
  // A long legend on the right makes the figure taller rather than running off the bottom.
  const baseHeight = spec.height ?? 420;
  const height = below ? baseHeight + belowHeight : Math.max(baseHeight, margin.top + 16 + legendItems.length * 18 + margin.bottom);
  const plotW = Math.max(60, width - margin.left - margin.right);
  const plotH = Math.max(60, height - margin.top - margin.bottom);
  const legendX = below ? margin.left : margin.left + plotW + 16;
  const legendY = below ? margin.top + plotH + 50 : margin.top;
  const legendChars = below ? belowChars : LEGEND_MAX_CHARS;
  const x0 = margin.left;
  const y0 = margin.top;

  // Domains from everything that will be drawn; values a log axis cannot show are counted and left out.
  let omitted = 0;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) {
    for (const p of s.points) {
      if (drawable(xKind, p.x) && drawable(yKind, p.y)) {
        xs.push(p.x);
        ys.push(p.y);
        if (drawable(yKind, p.yLow)) ys.push(p.yLow);
        if (drawable(yKind, p.yHigh)) ys.push(p.yHigh);
      } else omitted++;
    }
  }
  for (const h of hLines) if (drawable(yKind, h.y)) ys.push(h.y);
  const xDomain = paddedDomain(xKind, xs);
  const yDomain = paddedDomain(yKind, ys);

  const out: string[] = [];
  const title = spec.title ?? `${spec.yLabel} vs ${spec.xLabel}`;
  const clipId = `clip-${slug(spec.id)}`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<title>${escapeXml(title)}</title>`);
  if (omitted > 0) out.push(`<desc>${omitted} point(s) not drawable on these axes (non-finite, or ≤ 0 on a log axis) are omitted.</desc>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  if (spec.title) out.push(`<text x="${px(x0 + plotW / 2)}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`);
  out.push(`<rect x="${px(x0)}" y="${px(y0)}" width="${px(plotW)}" height="${px(plotH)}" fill="none" stroke="#333333"/>`);
  out.push(`<text x="${px(x0 + plotW / 2)}" y="${px(y0 + plotH + 42)}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${px(y0 + plotH / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`);

  if (!xDomain || !yDomain) {
    out.push(`<text x="${px(x0 + plotW / 2)}" y="${px(y0 + plotH / 2)}" text-anchor="middle" fill="#777777">no data to plot</text>`);
    out.push(legend(legendItems, legendX, legendY, legendChars));
    out.push("</svg>");
    return out.join("\n");
  }

  const sx = createScale(xKind, xDomain, [x0, x0 + plotW]);
  const sy = createScale(yKind, yDomain, [y0 + plotH, y0]);
  out.push(axis(sx, "x", x0, y0, plotW, plotH));
  out.push(axis(sy, "y", x0, y0, plotW, plotH));

  out.push(`<defs><clipPath id="${clipId}"><rect x="${px(x0)}" y="${px(y0)}" width="${px(plotW)}" height="${px(plotH)}"/></clipPath></defs>`);
  out.push(`<g clip-path="url(#${clipId})">`);
  for (const h of hLines) {
    if (!drawable(yKind, h.y)) continue;
    const y = sy.map(h.y);
    out.push(`<line x1="${px(x0)}" y1="${px(y)}" x2="${px(x0 + plotW)}" y2="${px(y)}" stroke="${escapeXml(h.color)}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  }
  for (const s of series) {
    const color = escapeXml(s.color);
    const pts = s.points.filter((p) => drawable(xKind, p.x) && drawable(yKind, p.y));
    const g: string[] = [`<g class="series">`, `<title>${escapeXml(s.label)}</title>`];
    // Error bars first, so markers sit on top.
    for (const p of pts) {
      const lowOk = drawable(yKind, p.yLow);
      const highOk = drawable(yKind, p.yHigh);
      if (!lowOk && !highOk) continue;
      const cx = sx.map(p.x);
      const yl = lowOk ? sy.map(p.yLow as number) : y0 + plotH;
      const yh = highOk ? sy.map(p.yHigh as number) : y0;
      g.push(`<path d="M${px(cx)} ${px(yl)}V${px(yh)}M${px(cx - 3)} ${px(yl)}H${px(cx + 3)}M${px(cx - 3)} ${px(yh)}H${px(cx + 3)}" stroke="${color}" fill="none"/>`);
    }
    if (s.mode !== "markers" && pts.length > 1) {
      const sorted = [...pts].sort((a, b) => a.x - b.x);
      const d = sorted.map((p, i) => `${i === 0 ? "M" : "L"}${px(sx.map(p.x))} ${px(sy.map(p.y))}`).join("");
      g.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
    }
    if (s.mode !== "lines") {
      for (const p of pts) g.push(`<circle cx="${px(sx.map(p.x))}" cy="${px(sy.map(p.y))}" r="3.2" fill="${color}"/>`);
    }
    g.push("</g>");
    out.push(g.join(""));
  }
  out.push("</g>");
  out.push(legend(legendItems, legendX, legendY, legendChars));
  out.push("</svg>");
  return out.join("\n");
}

/** Grid lines, tick marks and labels of one axis. */
function axis(scale: Scale, which: "x" | "y", x0: number, y0: number, w: number, h: number): string {
  const { major, minor } = scale.ticks();
  const parts: string[] = [`<g class="axis-${which}">`];
  for (const v of minor) {
    const p = scale.map(v);
    parts.push(which === "x" ? `<path d="M${px(p)} ${px(y0 + h)}v3" stroke="#333333"/>` : `<path d="M${px(x0)} ${px(p)}h-3" stroke="#333333"/>`);
  }
  for (const v of major) {
    const p = scale.map(v);
    if (which === "x") {
      parts.push(`<path d="M${px(p)} ${px(y0)}V${px(y0 + h)}" stroke="#e6e6e6"/>`);
      parts.push(`<path d="M${px(p)} ${px(y0 + h)}v6" stroke="#333333"/>`);
      parts.push(`<text x="${px(p)}" y="${px(y0 + h + 19)}" text-anchor="middle">${escapeXml(formatTick(v))}</text>`);
    } else {
      parts.push(`<path d="M${px(x0)} ${px(p)}H${px(x0 + w)}" stroke="#e6e6e6"/>`);
      parts.push(`<path d="M${px(x0)} ${px(p)}h-6" stroke="#333333"/>`);
      parts.push(`<text x="${px(x0 - 9)}" y="${px(p + 4)}" text-anchor="end">${escapeXml(formatTick(v))}</text>`);
    }
  }
  parts.push("</g>");
  return parts.join("");
}

/** The legend: a line/marker swatch and the (truncated) label per item; the full label is the item's tooltip. */
function legend(items: { label: string; color: string; dashed: boolean; marker: boolean; line: boolean }[], x: number, y: number, maxChars: number): string {
  if (items.length === 0) return "";
  const parts: string[] = [`<g class="legend">`];
  items.forEach((it, i) => {
    const cy = y + 10 + i * 18;
    const color = escapeXml(it.color);
    const shown = it.label.length > maxChars ? `${it.label.slice(0, maxChars - 1)}…` : it.label;
    parts.push(`<g><title>${escapeXml(it.label)}</title>`);
    if (it.line) parts.push(`<path d="M${px(x)} ${px(cy)}h22" stroke="${color}" stroke-width="1.8"${it.dashed ? ' stroke-dasharray="5 3"' : ""}/>`);
    if (it.marker) parts.push(`<circle cx="${px(x + 11)}" cy="${px(cy)}" r="3.2" fill="${color}"/>`);
    parts.push(`<text x="${px(x + 28)}" y="${px(cy + 4)}">${escapeXml(shown)}</text></g>`);
  });
  parts.push("</g>");
  return parts.join("");
}
