import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { escapeXml } from "../../src/svg/escape-xml.js";
import { unescapeXml, xmlProblems } from "../xml-check.js";

describe("escapeXml", () => {
  it("escapeXml: replaces the five markup characters by entities", () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  });

  it("escapeXml: drops characters XML 1.0 forbids and keeps tab, newline, non-BMP", () => {
    expect(escapeXml("a\u0000b\u0008c\u001fd\te\nf\rg\ud800h\uffffi😀")).toBe("abcd\te\nf\rghi😀");
  });

  it("escapeXml: any string becomes markup-free text that unescapes back to its XML-legal characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
        const e = escapeXml(s);
        expect(e).not.toMatch(/[<>"']/);
        expect(xmlProblems(`<t a="${e}">${e}</t>`)).toEqual([]);
        const legal = [...s].filter((ch) => {
          const c = ch.codePointAt(0)!;
          return c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
        });
        expect(unescapeXml(e)).toBe(legal.join(""));
      }),
    );
  });
});
