/**
 * Renders a {@link ReportDocument} to the files of a report directory: `index.html` (self-contained: inline CSS and
 * SVG, no scripts or external assets), one `<figure>.svg` per figure, one `<table>.csv` per table, `summary.json`,
 * and optionally `table.md` (all tables as Markdown). Deterministic: the same document gives the same bytes.
 */
import { escapeXml } from "../svg/escape-xml.js";
import type { ReportDocument } from "./report-document.js";
import { renderCsvTable, renderHtmlTable, renderMarkdownTable } from "./render-table.js";

const CSS = `body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}caption{text-align:left;font-weight:bold;padding:0.3em 0}
th,td{border:1px solid #ddd;padding:0.2em 0.5em;text-align:left;vertical-align:top}th{background:#f4f4f4}
td.num{text-align:right;font-variant-numeric:tabular-nums}.table-wrap{overflow-x:auto}
figure{margin:1em 0}figcaption{font-size:0.85em;color:#444;max-width:680px}.note{font-size:0.85em;color:#555}
code{background:#f4f4f4;padding:0 0.2em}`;

/** The HTML page. */
export function renderHtml(doc: ReportDocument): string {
  const parts: string[] = [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeXml(doc.title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<h1>${escapeXml(doc.title)}</h1>`,
    ...doc.intro.map((p) => `<p>${escapeXml(p)}</p>`),
  ];
  for (const s of doc.sections) {
    parts.push(`<h2>${escapeXml(s.heading)}</h2>`);
    for (const p of s.paragraphs ?? []) parts.push(`<p>${escapeXml(p)}</p>`);
    for (const f of s.figures ?? []) parts.push(`<figure id="figure-${escapeXml(f.name)}">${f.svg}<figcaption>${escapeXml(f.caption)} (<code>${escapeXml(f.name)}.svg</code>)</figcaption></figure>`);
    for (const t of s.tables ?? []) parts.push(renderHtmlTable(t));
  }
  parts.push("</body></html>");
  return `${parts.join("\n")}\n`;
}

/** All tables of the document as one Markdown text. */
export function renderMarkdown(doc: ReportDocument): string {
  const tables = doc.sections.flatMap((s) => s.tables ?? []);
  return `# ${doc.title}\n\n${doc.intro.join("\n\n")}\n\n${tables.map(renderMarkdownTable).join("\n")}`;
}

/** Options of {@link renderDocumentFiles}. */
export interface RenderFilesOptions {
  /** Also write `table.md`. */
  markdown?: boolean;
}

/** File name → content for a report directory. Figure and table names must be unique and file-name safe. */
export function renderDocumentFiles(doc: ReportDocument, options: RenderFilesOptions = {}): Map<string, string> {
  const files = new Map<string, string>();
  const add = (name: string, content: string) => {
    if (!/^[A-Za-z0-9._-]+$/.test(name) || files.has(name)) throw new RangeError(`renderDocumentFiles: file name must be unique and use [A-Za-z0-9._-]; got ${JSON.stringify(name)}`);
    files.set(name, content);
  };
  add("index.html", renderHtml(doc));
  for (const s of doc.sections) {
    for (const f of s.figures ?? []) add(`${f.name}.svg`, `<?xml version="1.0" encoding="UTF-8"?>\n${f.svg}\n`);
    for (const t of s.tables ?? []) add(`${t.name}.csv`, renderCsvTable(t));
  }
  add("summary.json", `${JSON.stringify(doc.summary, null, 2)}\n`);
  if (options.markdown) add("table.md", renderMarkdown(doc));
  return files;
}
