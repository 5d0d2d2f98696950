/**
 * Escapes text for XML/HTML content and attribute values (SVG and the report pages): the five markup characters
 * become entities, and characters XML 1.0 forbids (C0 controls other than tab, newline and carriage return, lone
 * surrogates, U+FFFE/U+FFFF) are dropped, so a label taken from a database can never break or inject markup.
 */
export function escapeXml(text: string): string {
  let out = "";
  for (const ch of String(text)) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case "&":
        out += "&amp;";
        continue;
      case "<":
        out += "&lt;";
        continue;
      case ">":
        out += "&gt;";
        continue;
      case '"':
        out += "&quot;";
        continue;
      case "'":
        out += "&#39;";
        continue;
    }
    const allowed = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
    if (allowed) out += ch;
  }
  return out;
}
