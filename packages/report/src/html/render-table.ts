/** Tables as HTML, Markdown (for terminals and `table.md`) and CSV (full precision). */
import { escapeXml } from "../svg/escape-xml.js";
import { formatNumber } from "../svg/format-number.js";
import type { Cell, ReportTable } from "./report-document.js";

/** A cell for people: numbers to 4 significant digits, null as `—`. */
export function displayCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return "—";
  return typeof v === "number" ? formatNumber(v) : v;
}

/** An HTML `<table>` (numbers right-aligned); at most `maxRows` rows, with a note when rows are left out. */
export function renderHtmlTable(table: ReportTable, maxRows = 5000): string {
  const head = table.columns.map((c) => `<th>${escapeXml(c.label)}</th>`).join("");
  const shown = table.rows.slice(0, maxRows);
  const body = shown
    .map((r) => `<tr>${table.columns.map((c) => `<td${typeof r[c.key] === "number" ? ' class="num"' : ""}>${escapeXml(displayCell(r[c.key]))}</td>`).join("")}</tr>`)
    .join("\n");
  const more = table.rows.length > shown.length ? `<p class="note">${table.rows.length - shown.length} more rows in ${escapeXml(table.name)}.csv</p>` : "";
  const notes = (table.notes ?? []).map((n) => `<p class="note">${escapeXml(n)}</p>`).join("");
  return `<div class="table-wrap"><table id="table-${escapeXml(table.name)}"><caption>${escapeXml(table.title)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>${more}${notes}`;
}

/** A Markdown table (pipes in cells escaped) with its title as a heading line and notes below. */
export function renderMarkdownTable(table: ReportTable): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [`### ${table.title}`, "", `| ${table.columns.map((c) => esc(c.label)).join(" | ")} |`, `|${table.columns.map(() => "---").join("|")}|`];
  for (const r of table.rows) lines.push(`| ${table.columns.map((c) => esc(displayCell(r[c.key]))).join(" | ")} |`);
  for (const n of table.notes ?? []) lines.push("", n);
  return `${lines.join("\n")}\n`;
}

/** CSV (RFC 4180, `\n` line ends): a header of column keys, numbers at full precision, null as empty. */
export function renderCsvTable(table: ReportTable): string {
  const cell = (v: Cell | undefined): string => {
    if (v === null || v === undefined) return "";
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [table.columns.map((c) => cell(c.key)).join(","), ...table.rows.map((r) => table.columns.map((c) => cell(r[c.key])).join(","))];
  return `${lines.join("\n")}\n`;
}
