import { describe, expect, it } from "vitest";
import { renderDocumentFiles, renderHtml, renderMarkdown } from "../../src/html/render-document.js";
import { renderCsvTable, renderHtmlTable, renderMarkdownTable } from "../../src/html/render-table.js";
import type { ReportDocument, ReportTable } from "../../src/html/report-document.js";
import { xmlProblems } from "../xml-check.js";

const table: ReportTable = {
  name: "t",
  title: "A <table> & more",
  columns: [
    { key: "a", label: "a|b" },
    { key: "x", label: "x" },
  ],
  rows: [
    { a: 'say "hi", then\nleave', x: 0.123456789 },
    { a: null, x: 12 },
  ],
  notes: ["note <1>"],
};

const doc: ReportDocument = {
  title: "Doc <1>",
  intro: ["intro & co"],
  sections: [{ heading: "S", paragraphs: ["p"], tables: [table], figures: [{ name: "f", caption: "cap", svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }] }],
  summary: { x: 1, nan: NaN },
};

describe("render-table", () => {
  it("renderCsvTable: keys as header, full precision, RFC 4180 quoting, null empty", () => {
    expect(renderCsvTable(table)).toBe('a,x\n"say ""hi"", then\nleave",0.123456789\n,12\n');
  });

  it("renderMarkdownTable: 4 significant digits, pipes escaped, — for null", () => {
    const md = renderMarkdownTable(table);
    expect(md).toContain("| a\\|b | x |");
    expect(md).toContain("| say \"hi\", then leave | 0.1235 |");
    expect(md).toContain("| — | 12 |");
  });

  it("renderHtmlTable: escaped, numbers right-aligned, long tables cut with a note", () => {
    const html = renderHtmlTable(table);
    expect(xmlProblems(html)).toEqual([]);
    expect(html).toContain('<td class="num">0.1235</td>');
    expect(html).toContain("A &lt;table&gt; &amp; more");
    const long = renderHtmlTable({ ...table, rows: Array.from({ length: 10 }, () => ({ a: "r", x: 1 })) }, 3);
    expect((long.match(/<tr>/g) ?? []).length).toBe(4); // header + 3
    expect(long).toContain("7 more rows in t.csv");
  });
});

describe("renderDocumentFiles", () => {
  it("renderDocumentFiles: index.html with inline SVG, one SVG and CSV per figure and table, summary.json, table.md", () => {
    const files = renderDocumentFiles(doc, { markdown: true });
    expect([...files.keys()].sort()).toEqual(["f.svg", "index.html", "summary.json", "t.csv", "table.md"]);
    const html = files.get("index.html")!;
    expect(xmlProblems(html, { voidElements: ["meta"] })).toEqual([]);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    expect(html).toContain("<title>Doc &lt;1&gt;</title>");
    expect(files.get("f.svg")!.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(JSON.parse(files.get("summary.json")!)).toEqual({ x: 1, nan: null });
    expect(files.get("table.md")).toBe(renderMarkdown(doc));
    expect(renderHtml(doc)).toBe(html);
  });

  it("renderDocumentFiles: rejects duplicate or unsafe file names", () => {
    const dup: ReportDocument = { ...doc, sections: [{ heading: "S", tables: [table, table] }] };
    expect(() => renderDocumentFiles(dup)).toThrow(/unique/);
    const bad: ReportDocument = { ...doc, sections: [{ heading: "S", tables: [{ ...table, name: "../x" }] }] };
    expect(() => renderDocumentFiles(bad)).toThrow(/A-Za-z0-9/);
  });
});
