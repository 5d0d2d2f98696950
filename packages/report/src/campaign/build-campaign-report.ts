/**
 * The report of one campaign (DESIGN §6–§7 `scoresweep report`): a table of its points (the parameters that vary,
 * estimator, estimate ± 95% CI, noise floor, status), W2-versus-steps plots on log–log axes — one curve per setting
 * of the parameters other than `sampler.steps`, CI error bars, noise floors dashed — and, for iteration-complexity
 * rows, K*(ε) against ε and against the dimension d with fitted power-law exponents (least squares on logs, 95% CI
 * on the exponent). Everything shown is also in `summary.json`.
 */
import { fitPowerLaw, type PowerLawFit } from "../fit/power-law-fit.js";
import type { ReportDocument, ReportFigure, ReportSection, ReportTable } from "../html/report-document.js";
import { paletteColor } from "../svg/palette.js";
import { renderPlot, type PlotSeries } from "../svg/render-plot.js";
import { paramLabel, varyingKeys, type ParamValue } from "./flatten-params.js";
import type { CampaignData, CampaignPoint } from "./load-campaign.js";
import { choosePanelKey, groupBy } from "./panelize.js";

/** Options of {@link buildCampaignReport}. */
export interface CampaignReportOptions {
  /** Most curves drawn in one plot before curves are split into panels (default 8). */
  maxCurvesPerPlot?: number;
  /** Most plots of each kind (default 24); further panels are listed in the summary only. */
  maxPlots?: number;
}

const STEPS = "sampler.steps";
const DIM = "data.dim";
const EPS = "eps";

/** A fit as JSON for the summary. */
function fitJson(fit: PowerLawFit | null): Record<string, unknown> | null {
  return fit && { exponent: fit.exponent, ci95: fit.ci95, std_error: fit.stdError, prefactor: fit.prefactor, n: fit.n, r_squared: fit.rSquared };
}

/** `p ± h` (or just p) for a table cell. */
export function exponentCell(fit: { exponent: number; ci95: [number, number] | null } | null): string | null {
  if (!fit) return null;
  const p = Number(fit.exponent.toPrecision(3));
  if (!fit.ci95) return `${p}`;
  const half = (fit.ci95[1] - fit.ci95[0]) / 2;
  return `${p} ± ${Number(half.toPrecision(2))}`;
}

/** The values of `keys` of a point as a plain object (for the summary). */
function pick(flat: Record<string, ParamValue>, keys: readonly string[]): Record<string, ParamValue> {
  return Object.fromEntries(keys.map((k) => [k, flat[k] ?? null]));
}

interface W2Curve {
  flat: Record<string, ParamValue>;
  points: CampaignPoint[];
  fit: PowerLawFit | null;
}

interface EpsCurve {
  flat: Record<string, ParamValue>;
  point: CampaignPoint;
  fit: PowerLawFit | null;
}

interface DimCurve {
  flat: Record<string, ParamValue>;
  rows: { dim: number; steps: number | null }[];
  fit: PowerLawFit | null;
}

/** Builds the campaign's report document. */
export function buildCampaignReport(data: CampaignData, options: CampaignReportOptions = {}): ReportDocument {
  const maxCurves = options.maxCurvesPerPlot ?? 8;
  const maxPlots = options.maxPlots ?? 24;
  const { campaign, points, varying } = data;
  const sections: ReportSection[] = [];
  const summary: Record<string, unknown> = {
    campaign: { id: campaign.id, name: campaign.name, seed: campaign.seed, status: campaign.status, code_version: campaign.codeVersion },
    points: points.length,
    varying,
  };

  const fixed = points.length > 0 ? Object.keys(points[0]!.flat).filter((k) => !varying.includes(k)) : [];
  const estimators = [...new Set(points.map((p) => p.aggregate?.estimator ?? (p.flat["metric.estimator"] as string | undefined)).filter((e): e is string => !!e))];
  const withResults = points.filter((p) => p.aggregate !== null).length;
  const cxRows = points.reduce((n, p) => n + p.complexity.length, 0);
  const intro = [
    `Campaign ${campaign.name} (id ${campaign.id}), seed ${campaign.seed}, status ${campaign.status}, code ${campaign.codeVersion}: ` +
      `${points.length} points, ${withResults} with results, ${cxRows} iteration-complexity rows; estimators: ${estimators.join(", ") || "—"}.`,
    `Parameters that vary: ${varying.join(", ") || "none"}.`,
    `Fixed: ${fixed.map((k) => `${k}=${String(points[0]!.flat[k])}`).join(", ") || "—"}.`,
    "W2 is the Wasserstein-2 distance (not squared) of the sampler's output law to the metric's target; CIs are 95% across replicates; the exact estimator has none.",
  ];

  // --- W2 against steps -------------------------------------------------------------------------------------------
  const stepped = points.filter((p) => p.aggregate !== null && typeof p.flat[STEPS] === "number");
  if (stepped.length > 0) {
    const curveKeys = varyingKeys(stepped.map((p) => p.flat)).filter((k) => k !== STEPS);
    const curves: W2Curve[] = [];
    const index = new Map<string, W2Curve>();
    for (const p of stepped) {
      const id = JSON.stringify(curveKeys.map((k) => p.flat[k] ?? null));
      let c = index.get(id);
      if (!c) {
        c = { flat: pick(p.flat, curveKeys), points: [], fit: null };
        index.set(id, c);
        curves.push(c);
      }
      c.points.push(p);
    }
    for (const c of curves) {
      c.points.sort((a, b) => (a.flat[STEPS] as number) - (b.flat[STEPS] as number));
      // The convergence order: fitted on points clearly above their noise floor (below it the estimate measures
      // the estimator, not the sampler).
      const usable = c.points.filter((p) => {
        const a = p.aggregate!;
        return a.status === "done" && a.estimate !== null && a.estimate > 0 && (a.noiseFloor === null || a.estimate > 2 * a.noiseFloor);
      });
      c.fit = usable.length >= 2 ? fitPowerLaw(usable.map((p) => p.flat[STEPS] as number), usable.map((p) => p.aggregate!.estimate!)) : null;
    }
    const figures: ReportFigure[] = [];
    const panelKey = choosePanelKey(curves, curveKeys, maxCurves);
    const panels = groupBy(curves, panelKey);
    panels.slice(0, maxPlots).forEach((panel, pi) => {
      const labelKeys = curveKeys.filter((k) => k !== panelKey);
      const series: PlotSeries[] = [];
      panel.items.forEach((c, ci) => {
        const color = paletteColor(ci);
        series.push({
          label: paramLabel(c.flat, labelKeys),
          color,
          points: c.points.map((p) => ({ x: p.flat[STEPS] as number, y: p.aggregate!.estimate ?? NaN, yLow: p.aggregate!.ciLow, yHigh: p.aggregate!.ciHigh })),
        });
        const floors = c.points.filter((p) => p.aggregate!.noiseFloor !== null);
        if (floors.length > 0) {
          series.push({ label: `${paramLabel(c.flat, labelKeys)} noise floor`, color, mode: "lines", dashed: true, legend: false, points: floors.map((p) => ({ x: p.flat[STEPS] as number, y: p.aggregate!.noiseFloor! })) });
        }
      });
      const name = `w2-vs-steps-${pi + 1}`;
      const title = panelKey === null ? "W2 vs steps" : `W2 vs steps: ${panelKey}=${String(panel.value)}`;
      figures.push({
        name,
        caption: `${title}. Log–log; error bars: 95% CI; dashed lines in a curve's colour: its estimator's noise floor.`,
        svg: renderPlot({ id: name, title, xLabel: "steps K", yLabel: `W2 (${estimators.join(", ")})`, xScale: "log", yScale: "log", series }),
      });
    });
    const fitTable: ReportTable = {
      name: "w2-order",
      title: "Convergence order: fitted exponent p in W2 ≈ C·K^p (least squares on logs, points above 2× noise floor)",
      columns: [...curveKeys.map((k) => ({ key: k, label: k })), { key: "order", label: "p ± 95% CI" }, { key: "n", label: "points" }],
      rows: curves.map((c) => ({ ...c.flat, order: exponentCell(c.fit), n: c.fit?.n ?? 0 })),
    };
    sections.push({
      heading: "W2 against the number of steps",
      paragraphs: panels.length > maxPlots ? [`${panels.length} panels by ${panelKey}; the first ${maxPlots} are drawn, all curves are in summary.json.`] : [],
      figures,
      tables: [fitTable],
    });
    summary.w2_vs_steps = curves.map((c) => ({
      curve: c.flat,
      steps: c.points.map((p) => p.flat[STEPS]),
      estimate: c.points.map((p) => p.aggregate!.estimate),
      ci_low: c.points.map((p) => p.aggregate!.ciLow),
      ci_high: c.points.map((p) => p.aggregate!.ciHigh),
      noise_floor: c.points.map((p) => p.aggregate!.noiseFloor),
      status: c.points.map((p) => p.aggregate!.status),
      fit: fitJson(c.fit),
    }));
  }

  // --- iteration complexity ---------------------------------------------------------------------------------------
  const searched = points.filter((p) => p.complexity.length > 0);
  if (searched.length > 0) {
    const cxKeys = varyingKeys(searched.map((p) => p.flat));
    const figures: ReportFigure[] = [];
    const paragraphs: string[] = [
      "K* is the fewest steps on the search grid with W2 ≤ ε (method as stored: `exact_oracle` = exact oracle, `mc_bisection` = bisection on Monte Carlo confidence intervals). Points whose search reached no grid K are left out of plots and fits.",
    ];
    // K* against ε, one curve per point.
    const epsCurves: EpsCurve[] = searched.map((p) => {
      const ok = p.complexity.filter((c) => c.steps !== null);
      return { flat: pick(p.flat, cxKeys), point: p, fit: ok.length >= 2 ? fitPowerLaw(ok.map((c) => 1 / c.eps), ok.map((c) => c.steps!)) : null };
    });
    const epsPanelKey = choosePanelKey(epsCurves, cxKeys, maxCurves);
    const epsPanels = groupBy(epsCurves, epsPanelKey);
    epsPanels.slice(0, maxPlots).forEach((panel, pi) => {
      const labelKeys = cxKeys.filter((k) => k !== epsPanelKey);
      const series: PlotSeries[] = [];
      panel.items.forEach((c, ci) => {
        const color = paletteColor(ci);
        const label = paramLabel(c.flat, labelKeys);
        const ok = c.point.complexity.filter((r) => r.steps !== null);
        series.push({ label: c.fit ? `${label} (1/ε exponent ${exponentCell(c.fit)})` : label, color, points: ok.map((r) => ({ x: r.eps, y: r.steps! })) });
        if (c.fit) {
          const e = ok.map((r) => r.eps);
          const lo = Math.min(...e);
          const hi = Math.max(...e);
          const model = (eps: number) => c.fit!.prefactor * (1 / eps) ** c.fit!.exponent;
          series.push({ label: `${label} fit`, color, mode: "lines", dashed: true, legend: false, points: [{ x: lo, y: model(lo) }, { x: hi, y: model(hi) }] });
        }
      });
      const name = `kstar-vs-eps-${pi + 1}`;
      const title = epsPanelKey === null ? "K*(ε) vs ε" : `K*(ε) vs ε: ${epsPanelKey}=${String(panel.value)}`;
      figures.push({
        name,
        caption: `${title}. Log–log; dashed: least-squares power law K* ≈ C·(1/ε)^p (exponent ± 95% CI in the legend).`,
        svg: renderPlot({ id: name, title, xLabel: "ε (W2 target)", yLabel: "K* (steps)", xScale: "log", yScale: "log", series }),
      });
    });
    if (epsPanels.length > maxPlots) paragraphs.push(`K* vs ε: ${epsPanels.length} panels by ${epsPanelKey}; the first ${maxPlots} are drawn, all fits are in summary.json.`);

    // K* against d, one curve per (other parameters, ε).
    let dimCurves: DimCurve[] = [];
    if (cxKeys.includes(DIM)) {
      const otherKeys = cxKeys.filter((k) => k !== DIM);
      const index = new Map<string, DimCurve>();
      for (const p of searched) {
        for (const r of p.complexity) {
          const flat = { ...pick(p.flat, otherKeys), [EPS]: r.eps };
          const id = JSON.stringify(flat);
          let c = index.get(id);
          if (!c) {
            c = { flat, rows: [], fit: null };
            index.set(id, c);
            dimCurves.push(c);
          }
          c.rows.push({ dim: p.flat[DIM] as number, steps: r.steps });
        }
      }
      dimCurves = dimCurves.filter((c) => c.rows.length >= 2);
      for (const c of dimCurves) {
        c.rows.sort((a, b) => a.dim - b.dim);
        const ok = c.rows.filter((r) => r.steps !== null);
        c.fit = ok.length >= 2 ? fitPowerLaw(ok.map((r) => r.dim), ok.map((r) => r.steps!)) : null;
      }
      const dimKeys = [...otherKeys, EPS];
      const dimPanelKey = choosePanelKey(dimCurves, dimKeys, maxCurves);
      const dimPanels = groupBy(dimCurves, dimPanelKey);
      dimPanels.slice(0, maxPlots).forEach((panel, pi) => {
        const labelKeys = dimKeys.filter((k) => k !== dimPanelKey);
        const series: PlotSeries[] = [];
        panel.items.forEach((c, ci) => {
          const color = paletteColor(ci);
          const label = paramLabel(c.flat, labelKeys);
          const ok = c.rows.filter((r) => r.steps !== null);
          series.push({ label: c.fit ? `${label} (d exponent ${exponentCell(c.fit)})` : label, color, points: ok.map((r) => ({ x: r.dim, y: r.steps! })) });
          if (c.fit) {
            const lo = ok[0]!.dim;
            const hi = ok[ok.length - 1]!.dim;
            const model = (d: number) => c.fit!.prefactor * d ** c.fit!.exponent;
            series.push({ label: `${label} fit`, color, mode: "lines", dashed: true, legend: false, points: [{ x: lo, y: model(lo) }, { x: hi, y: model(hi) }] });
          }
        });
        const name = `kstar-vs-dim-${pi + 1}`;
        const title = dimPanelKey === null ? "K*(ε) vs d" : `K*(ε) vs d: ${dimPanelKey}=${String(panel.value)}`;
        figures.push({
          name,
          caption: `${title}. Log–log; dashed: least-squares power law K* ≈ C·d^p (exponent ± 95% CI in the legend).`,
          svg: renderPlot({ id: name, title, xLabel: "dimension d", yLabel: "K* (steps)", xScale: "log", yScale: "log", series }),
        });
      });
      if (dimPanels.length > maxPlots) paragraphs.push(`K* vs d: ${dimPanels.length} panels by ${dimPanelKey}; the first ${maxPlots} are drawn, all fits are in summary.json.`);
    }

    const cxTable: ReportTable = {
      name: "complexity",
      title: "Iteration complexity K*(ε)",
      columns: [
        { key: "point", label: "point" },
        ...cxKeys.map((k) => ({ key: k, label: k })),
        { key: EPS, label: "ε" },
        { key: "k_star", label: "K*" },
        { key: "bracket", label: "bracket (miss, reach]" },
        { key: "method", label: "method" },
      ],
      rows: searched.flatMap((p) =>
        p.complexity.map((r) => ({
          point: p.pointId.slice(0, 12),
          ...pick(p.flat, cxKeys),
          [EPS]: r.eps,
          k_star: r.steps,
          bracket: r.bracketLow === null && r.bracketHigh === null ? null : `(${r.bracketLow ?? "—"}, ${r.bracketHigh ?? "—"}]`,
          method: r.method,
        })),
      ),
    };
    const epsFitTable: ReportTable = {
      name: "complexity-eps-fits",
      title: "Fitted exponent p in K* ≈ C·(1/ε)^p per point (least squares on logs)",
      columns: [...cxKeys.map((k) => ({ key: k, label: k })), { key: "p", label: "p ± 95% CI" }, { key: "n", label: "points" }],
      rows: epsCurves.map((c) => ({ ...c.flat, p: exponentCell(c.fit), n: c.fit?.n ?? 0 })),
    };
    const tables = [epsFitTable];
    if (dimCurves.length > 0) {
      const dimKeys = [...cxKeys.filter((k) => k !== DIM), EPS];
      tables.push({
        name: "complexity-dim-fits",
        title: "Fitted exponent p in K* ≈ C·d^p per (parameters, ε) (least squares on logs)",
        columns: [...dimKeys.map((k) => ({ key: k, label: k === EPS ? "ε" : k })), { key: "p", label: "p ± 95% CI" }, { key: "n", label: "points" }],
        rows: dimCurves.map((c) => ({ ...c.flat, p: exponentCell(c.fit), n: c.fit?.n ?? 0 })),
      });
    }
    tables.push(cxTable);
    sections.push({ heading: "Iteration complexity", paragraphs, figures, tables });
    summary.complexity_vs_eps = epsCurves.map((c) => ({
      point_id: c.point.pointId,
      params: c.flat,
      eps: c.point.complexity.map((r) => r.eps),
      k_star: c.point.complexity.map((r) => r.steps),
      fit_inv_eps: fitJson(c.fit),
    }));
    if (dimCurves.length > 0) {
      summary.complexity_vs_dim = dimCurves.map((c) => ({ params: c.flat, dim: c.rows.map((r) => r.dim), k_star: c.rows.map((r) => r.steps), fit_dim: fitJson(c.fit) }));
    }
  }

  // --- the points -------------------------------------------------------------------------------------------------
  const pointKeys = varying;
  sections.push({
    heading: "Points",
    tables: [
      {
        name: "points",
        title: `Points (${points.length})`,
        columns: [
          { key: "ordinal", label: "#" },
          { key: "point", label: "point" },
          ...pointKeys.map((k) => ({ key: k, label: k })),
          { key: "estimator", label: "estimator" },
          { key: "estimate", label: "W2" },
          { key: "ci95", label: "95% CI" },
          { key: "noise_floor", label: "noise floor" },
          { key: "n", label: "n" },
          { key: "status", label: "status" },
        ],
        rows: points.map((p) => {
          const a = p.aggregate;
          return {
            ordinal: p.ordinal,
            point: p.pointId.slice(0, 12),
            ...pick(p.flat, pointKeys),
            estimator: a?.estimator ?? (p.flat["metric.estimator"] as string | null) ?? null,
            estimate: a?.estimate ?? null,
            ci95: a && a.ciLow !== null && a.ciHigh !== null ? `[${Number(a.ciLow.toPrecision(4))}, ${Number(a.ciHigh.toPrecision(4))}]` : null,
            noise_floor: a?.noiseFloor ?? null,
            n: a?.n ?? null,
            status: a?.status ?? (p.complexity.length > 0 ? "searched" : "pending"),
          };
        }),
      },
    ],
  });

  return { title: `scoresweep report: ${campaign.name}`, intro, sections, summary };
}
