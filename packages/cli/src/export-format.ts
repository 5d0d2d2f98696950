import type { ExportRow } from "@scoresweep/store";

/**
 * Flattens export rows (DESIGN §8): one row per point — and one per ε for points with complexity results — sorted by
 * point id (then ε), with the point's parameters flattened to dotted columns, the estimator, estimate, 95% CI, n,
 * noise floor, K* with its bracket, method and search status (`k_status`, the sweep's `ComplexityStatus`), and status.
 * `search_parent` marks the points an adaptive search generated (a Monte Carlo complexity search's derived points,
 * `sampler.steps` = one K of the grid) with the id of the searched point; it is empty for the spec's own points.
 * No timings or dates, so two runs of the same spec and seed give byte-identical files.
 */
export function flattenExportRows(rows: readonly ExportRow[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const row of rows) {
    const params = flatten(JSON.parse(row.point.paramsJson), "");
    const agg = row.aggregate;
    const base: Record<string, unknown> = {
      point_id: row.point.pointId,
      search_parent: row.point.parentId ?? null,
      ...params,
      estimator: agg?.estimator ?? (params["metric.estimator"] as string | undefined) ?? null,
      estimate: agg?.estimate ?? null,
      ci_low: agg?.ciLow ?? null,
      ci_high: agg?.ciHigh ?? null,
      n: agg?.n ?? null,
      noise_floor: agg?.noiseFloor ?? null,
      status: agg?.status ?? (row.complexity.length > 0 ? "searched" : "pending"),
    };
    if (agg?.extraJson) {
      for (const [k, v] of Object.entries(JSON.parse(agg.extraJson) as Record<string, unknown>)) base[`extra.${k}`] = Array.isArray(v) || (v !== null && typeof v === "object") ? JSON.stringify(v) : v;
    }
    if (row.complexity.length === 0) {
      out.push({ ...base, eps: null, k_star: null, k_bracket_low: null, k_bracket_high: null, k_method: null, k_status: null });
    } else {
      for (const c of row.complexity) {
        out.push({ ...base, eps: c.eps, k_star: c.steps, k_bracket_low: c.bracketLow, k_bracket_high: c.bracketHigh, k_method: c.method, k_status: c.status ?? null });
      }
    }
  }
  return out;
}

function flatten(value: unknown, prefix: string, out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const key of Object.keys(value as object).sort()) flatten((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = Array.isArray(value) ? JSON.stringify(value) : value;
  }
  return out;
}

/** Columns right after `point_id`, before the parameters. */
const ID_COLUMNS = ["point_id", "search_parent"];
/** Result columns, in this order, after the sorted parameter columns. */
const RESULT_COLUMNS = ["estimator", "estimate", "ci_low", "ci_high", "n", "noise_floor", "status", "eps", "k_star", "k_bracket_low", "k_bracket_high", "k_method", "k_status"];

/**
 * CSV per RFC 4180, quoted where needed, `\n` line ends. Columns: `point_id`, `search_parent`, every parameter column
 * (the union over rows, sorted), the result columns, then any extra columns (sorted) — a function of the set of rows
 * only.
 */
export function toCsv(records: readonly Record<string, unknown>[]): string {
  const all = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) all.add(k);
  const fixed = new Set([...ID_COLUMNS, ...RESULT_COLUMNS]);
  const rest = [...all].filter((k) => !fixed.has(k)).sort();
  const params = rest.filter((k) => !k.startsWith("extra."));
  const extras = rest.filter((k) => k.startsWith("extra."));
  const columns = [...ID_COLUMNS.filter((k) => all.has(k)), ...params, ...RESULT_COLUMNS.filter((k) => all.has(k)), ...extras];
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "string" ? v : typeof v === "number" ? String(v) : JSON.stringify(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.join(","), ...records.map((r) => columns.map((c) => cell(r[c])).join(","))];
  return `${lines.join("\n")}\n`;
}

/** JSON lines: one object per record. */
export function toJsonLines(records: readonly Record<string, unknown>[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n") + (records.length > 0 ? "\n" : "");
}
