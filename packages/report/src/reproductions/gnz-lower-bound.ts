/**
 * `gnz-lower-bound` (DESIGN §6): the Gaussian lower bound Ω(√d/ε) of GNZ (papers.md §1(f)) seen directly — for data
 * N(0, σ0² I_d) and the exact score, r(K) = W2·K/√d along K and d, which approaches a constant C(T) when
 * W2 = √d·(C·η + O(η²)) and so K ≥ C·√d/ε is needed for W2 ≤ ε. All values come from the exact oracle, through the
 * sweep (results in the database).
 *
 * For VE rows whose g(δ)² is small the constant is small too: with f = 0 the first-order error of the iterate
 * variance telescopes (DERIVED: F(t) = g(t)²·(v_δ/v_t)², v_t = σ0² + b_t², local error density −F′/2) to
 * V_K − v_δ = (η/2)·[g(δ)² − g(T)²·(v_δ/v_T)²] + O(η²), so the O(η²) term dominates until K is large — the
 * analysis prints that predicted constant beside the measured r(K).
 */
import { defaultDelta, defaultPriorVar, makeSchedule, SDE_FAMILIES, type PointSpec, type SdeFamily } from "@scoresweep/core";
import { loadCampaign } from "../campaign/load-campaign.js";
import { exponentCell } from "../campaign/build-campaign-report.js";
import { fitPowerLaw } from "../fit/power-law-fit.js";
import type { ReportDocument, ReportFigure, ReportTable } from "../html/report-document.js";
import { ReportError } from "../report-error.js";
import { paletteColor } from "../svg/palette.js";
import { renderPlot, type PlotSeries } from "../svg/render-plot.js";
import { GNZ_ROWS } from "./gnz-table.js";
import { contractionIntegral } from "./gnz-horizon-rule.js";
import { isoGaussianSigma } from "./iso-gaussian.js";
import type { AnalysisContext, AvailableReproduction } from "./reproduction.js";

interface Obs {
  family: string;
  dim: number;
  steps: number;
  w2: number;
}

/**
 * The predicted limit of W2·K/√d for a VE family (f = 0) with em_point and target p_δ (see the module doc), or null
 * for other families and settings.
 */
export function veFirstOrderConstant(point: PointSpec, sigma0: number): number | null {
  if (SDE_FAMILIES[point.sde.family as SdeFamily]?.kind !== "ve") return null;
  const schedule = makeSchedule(point.sde);
  if (point.sampler.scheme !== "em_point" || (point.metric.target ?? "p0") !== "p_delta") return null;
  const T = schedule.T;
  const delta = point.sampler.delta ?? defaultDelta(point.sde.family as SdeFamily);
  const v = (t: number) => sigma0 * sigma0 + schedule.b2(t);
  const vd = v(delta);
  const dv = 0.5 * (schedule.g2(delta) - schedule.g2(T) * (vd / v(T)) ** 2); // ΔV per unit η
  // W2/√d = |√V_K − √v_δ| ≈ |ΔV|/(2√v_δ), and η = (T − δ)/K.
  return (Math.abs(dv) * (T - delta)) / (2 * Math.sqrt(vd));
}

/**
 * W2/√d of the sampler's output as K → ∞ for data N(0, σ0² I) and the exact score (the initialisation floor of the
 * horizon T), or null for the probability-flow ODE and for score errors. As K → ∞ the Euler–Maruyama schemes solve the
 * reverse SDE, whose variance V obeys the same linear ODE as the true v_t = a_t²σ0² + b_t²; their difference is damped
 * by exp(−2∫μ), μ = g²/v − f (papers.md §1(d)), so V_δ = v_δ + (prior_var − v_T)·exp(−2∫_δ^T μ) (DERIVED).
 */
export function initialisationFloor(point: PointSpec, sigma0: number): number | null {
  if (point.sampler.scheme === "pf_ode_heun" || point.score.error !== undefined) return null;
  const schedule = makeSchedule(point.sde);
  const T = schedule.T;
  const delta = point.sampler.delta ?? defaultDelta(point.sde.family as SdeFamily);
  const prior = point.sampler.prior_var ?? defaultPriorVar(schedule);
  const v = (t: number) => schedule.a(t) ** 2 * sigma0 * sigma0 + schedule.b2(t);
  const vd = v(delta);
  const limit = vd + (prior - v(T)) * Math.exp(-2 * contractionIntegral(schedule, sigma0, T, delta));
  const ref = (point.metric.target ?? "p0") === "p_delta" ? vd : sigma0 * sigma0;
  return Math.abs(Math.sqrt(limit) - Math.sqrt(ref));
}

function analyze(ctx: AnalysisContext): ReportDocument {
  const data = loadCampaign(ctx.store, ctx.campaignId);
  const obs: Obs[] = [];
  const predicted = new Map<string, number | null>();
  const floors = new Map<string, number | null>();
  let sigma0 = NaN;
  for (const p of data.points) {
    const where = `gnz-lower-bound point #${p.ordinal}`;
    const s0 = isoGaussianSigma(p.params, where);
    if (Number.isNaN(sigma0)) sigma0 = s0;
    else if (s0 !== sigma0) throw new ReportError(`${where}: data.std must be the same for every point (${sigma0}); got ${s0}`);
    const point = p.params as unknown as PointSpec;
    if (!predicted.has(point.sde.family)) {
      predicted.set(point.sde.family, veFirstOrderConstant(point, sigma0));
      floors.set(point.sde.family, initialisationFloor(point, sigma0));
    }
    const a = p.aggregate;
    if (!a || a.estimate === null || point.sampler.steps === undefined) continue;
    obs.push({ family: point.sde.family, dim: (point.data as { dim: number }).dim, steps: point.sampler.steps, w2: a.estimate });
  }
  if (obs.length === 0) throw new ReportError(`gnz-lower-bound: campaign ${ctx.campaignId} must hold W2 results (run its spec first); got none`);
  const order = (f: string) => {
    const i = GNZ_ROWS.findIndex((r) => r.family === f);
    return i < 0 ? 99 : i;
  };
  const families = [...new Set(obs.map((o) => o.family))].sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1));
  const dims = [...new Set(obs.map((o) => o.dim))].sort((a, b) => a - b);
  const steps = [...new Set(obs.map((o) => o.steps))].sort((a, b) => a - b);
  const dRef = dims[dims.length - 1]!;
  const r = (o: Obs) => (o.w2 * o.steps) / Math.sqrt(o.dim);

  const perFamily = families.map((family) => {
    const fo = obs.filter((o) => o.family === family);
    const at = (d: number) => steps.map((K) => fo.find((o) => o.dim === d && o.steps === K));
    const ref = at(dRef);
    // Spread over d at each K: zero up to rounding for isotropic data (W2 = √d × one coordinate's W2).
    let spread = 0;
    for (const K of steps) {
      const rs = fo.filter((o) => o.steps === K).map(r);
      if (rs.length > 1) spread = Math.max(spread, (Math.max(...rs) - Math.min(...rs)) / Math.max(...rs.map(Math.abs)));
    }
    const present = ref.filter((o): o is Obs => o !== undefined);
    const last = present.slice(-3);
    const orderFit = last.length >= 2 ? fitPowerLaw(last.map((o) => o.steps), last.map((o) => o.w2)) : null;
    const lastR = present.length > 0 ? r(present[present.length - 1]!) : null;
    const prevR = present.length > 1 ? r(present[present.length - 2]!) : null;
    return {
      family,
      row: GNZ_ROWS.find((x) => x.family === family)?.row ?? "—",
      ratios: ref.map((o) => (o ? r(o) : null)),
      spread,
      order: orderFit,
      lastR,
      change: lastR !== null && prevR !== null ? Math.abs(lastR - prevR) / Math.abs(lastR) : null,
      predicted: predicted.get(family) ?? null,
      floor: floors.get(family) ?? null,
    };
  });

  const table: ReportTable = {
    name: "ratio",
    title: `W2·K/√d along K (d = ${dRef}), exact oracle, data N(0, ${sigma0}² I_d)`,
    columns: [
      { key: "row", label: "GNZ row" },
      { key: "family", label: "family" },
      ...steps.map((K) => ({ key: `K${K}`, label: `K=${K}` })),
      { key: "change", label: "change over last K step" },
      { key: "order", label: "W2 order (last 3 K)" },
      { key: "predicted", label: "predicted limit (VE, first order)" },
      { key: "floor", label: `initialisation floor × K_max` },
      { key: "spread", label: "max spread over d" },
    ],
    rows: perFamily.map((f) => ({
      row: f.row,
      family: f.family,
      ...Object.fromEntries(steps.map((K, i) => [`K${K}`, f.ratios[i] ?? null])),
      change: f.change,
      order: exponentCell(f.order),
      predicted: f.predicted,
      floor: f.floor === null ? null : f.floor * steps[steps.length - 1]!,
      spread: f.spread,
    })),
    notes: [
      "W2·K/√d → C(T) means W2 ≈ C·√d/K: reaching W2 ≤ ε takes K ≥ C·√d/ε steps — the Ω(√d/ε) lower bound (papers.md §1(f)), here attained.",
      "W2 order: fitted exponent p in W2 ∝ K^p over the three largest K (−1: first-order regime, where the ratio is flat; −2: the O(η²) term still dominates).",
      "Predicted limit (VE rows only): (T−δ)·|g(δ)² − g(T)²(v_δ/v_T)²|/(4√v_δ), the first-order constant of em_point for f = 0 (DERIVED, see the intro).",
      `Initialisation floor: W2/√d as K → ∞ at this T (the prior's error, damped by the reverse contraction; DERIVED, see the intro), times K_max = ${steps[steps.length - 1]}: W2·K/√d ≈ C ± floor·K, so where this column is not small against C the ratio drifts at large K.`,
      "Max spread over d: largest relative difference of W2·K/√d between dimensions at equal K (0 up to rounding: W2 = √d × the W2 of one coordinate).",
    ],
  };

  const series: PlotSeries[] = [];
  perFamily.forEach((f, i) => {
    const color = paletteColor(i);
    series.push({ label: f.family, color, points: steps.map((K, j) => ({ x: K, y: f.ratios[j] ?? NaN })) });
    if (f.predicted !== null && f.predicted > 0) {
      series.push({ label: `${f.family} predicted limit`, color, mode: "lines", dashed: true, legend: false, points: [{ x: steps[0]!, y: f.predicted }, { x: steps[steps.length - 1]!, y: f.predicted }] });
    }
  });
  const figures: ReportFigure[] = [
    {
      name: "ratio-vs-steps",
      caption: `W2·K/√d against K at d = ${dRef}, log–log, one curve per GNZ row. Flat = first-order regime (the lower bound's constant); dashed: predicted first-order limit of VE rows.`,
      svg: renderPlot({ id: "ratio-vs-steps", title: `W2·K/√d vs K (d = ${dRef})`, xLabel: "steps K", yLabel: "W2·K/√d", xScale: "log", yScale: "log", series }),
    },
  ];
  const showcase = families.includes("vp_linear") ? "vp_linear" : families[0]!;
  figures.push({
    name: "ratio-by-dim",
    caption: `W2·K/√d against K for ${showcase}, one curve per d: the curves coincide (W2 ∝ √d exactly for isotropic data).`,
    svg: renderPlot({
      id: "ratio-by-dim",
      title: `W2·K/√d vs K by dimension (${showcase})`,
      xLabel: "steps K",
      yLabel: "W2·K/√d",
      xScale: "log",
      yScale: "log",
      series: dims.map((d, i) => ({
        label: `d = ${d}`,
        color: paletteColor(i),
        mode: i === 0 ? "lines+markers" : "markers",
        points: obs.filter((o) => o.family === showcase && o.dim === d).sort((a, b) => a.steps - b.steps).map((o) => ({ x: o.steps, y: r(o) })),
      })),
    }),
  });

  return {
    title: `Reproduction gnz-lower-bound${ctx.quick ? " (quick)" : ""}: W2·K/√d on Gaussian data`,
    intro: [
      `GNZ's lower bound Ω(√d/ε) for Gaussian data (papers.md §1(f)) comes from W2 ≥ c·√d·η. Here W2 of the em_point sampler's output to p_δ is computed exactly (papers.md §5.4–5.5) for data N(0, ${sigma0}² I_d), ` +
        `every GNZ row (experiments' parameters, T = 1; see gnz-complexity), d ∈ {${dims.join(", ")}} and K ∈ {${steps.join(", ")}}; sweep ${ctx.spec.name} through the embedded runner (results in the database).`,
      "VP rows and VE-2 (constant g) reach a constant W2·K/√d within this K range. VE-1, VE-3 and VE-4 have g(δ) ≈ 0 at the small end of the time axis, where the error is made: " +
        "their first-order constant, (T−δ)·|g(δ)² − g(T)²(v_δ/v_T)²|/(4√v_δ) (DERIVED for f = 0: the local variance error telescopes; checked against the oracle, e.g. ve_const K·ΔV/T → 1254 vs 1250 predicted), is tiny, so over practical K the error falls like 1/K² and the ratio keeps falling before it levels off.",
      "At fixed T the prior's error does not vanish with K: as K → ∞ the iterate variance tends to v_δ + (prior_var − v_T)·exp(−2∫_δ^T μ), μ = g²/v − f (DERIVED: the variance error of the reverse SDE obeys a linear ODE). This floor, times K, is listed; it is what bends W2·K/√d up (or, with the opposite sign, down) at the largest K for rows whose T = 1 leaves some signal (VP-exp: ∫β = 5.2).",
    ],
    sections: [
      { heading: "W2·K/√d", tables: [table], figures },
    ],
    summary: {
      reproduction: "gnz-lower-bound",
      quick: ctx.quick,
      campaign: ctx.campaignId,
      sigma0,
      dims,
      steps,
      families: perFamily.map((f) => ({
        family: f.family,
        row: f.row,
        ratio_at_max_dim: f.ratios,
        last_ratio: f.lastR,
        relative_change_last_step: f.change,
        w2_order_last3: f.order && { exponent: f.order.exponent, ci95: f.order.ci95 },
        predicted_first_order_limit: f.predicted,
        initialisation_floor: f.floor,
        max_relative_spread_over_dim: f.spread,
      })),
    },
  };
}

/** The reproduction. */
export const gnzLowerBound: AvailableReproduction = {
  id: "gnz-lower-bound",
  title: "The Gaussian lower bound Ω(√d/ε): W2·K/√d along K and d (exact oracle)",
  status: "available",
  description: "W2·K/√d along K and d for every GNZ row on N(0, σ0² I_d); approaches a constant (the lower bound is attained)",
  sources: "papers.md §1(f), §5.4–5.5",
  analyze,
};
