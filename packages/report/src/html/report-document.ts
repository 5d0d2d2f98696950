/**
 * The structure every report page is built from — the campaign report and each reproduction: sections of
 * paragraphs, tables and figures, plus a machine-readable summary. Rendering (HTML, Markdown, CSV, files) lives in
 * `render-document.ts`.
 */

/** A table cell: numbers are formatted for people in HTML/Markdown and kept at full precision in CSV. */
export type Cell = string | number | null;

/** A table column. */
export interface TableColumn {
  key: string;
  label: string;
}

/** A named table (its CSV is written as `<name>.csv`). */
export interface ReportTable {
  name: string;
  title: string;
  columns: TableColumn[];
  rows: Record<string, Cell>[];
  notes?: string[];
}

/** A named figure (written as `<name>.svg` and inlined in the HTML). */
export interface ReportFigure {
  name: string;
  caption: string;
  svg: string;
}

/** A section of a page. */
export interface ReportSection {
  heading: string;
  paragraphs?: string[];
  tables?: ReportTable[];
  figures?: ReportFigure[];
}

/** A whole page with its summary (written as `summary.json`). */
export interface ReportDocument {
  title: string;
  /** Lines under the title (what, how, caveats). */
  intro: string[];
  sections: ReportSection[];
  summary: Record<string, unknown>;
}
