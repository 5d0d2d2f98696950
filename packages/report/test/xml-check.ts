/**
 * A minimal XML well-formedness check for the SVG/HTML the report writes (no XML parser is a dependency): tags
 * balance, attribute values are quoted and hold no raw `<` or `"`, text holds no raw `<`, and every `&` starts an
 * entity. Returns the list of problems (empty when well formed).
 */
export function xmlProblems(xml: string, options: { voidElements?: readonly string[] } = {}): string[] {
  const voids = new Set(options.voidElements ?? []);
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<\?[^>]*\?>|<!DOCTYPE[^>]*>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (const m of xml.matchAll(tag)) {
    const text = xml.slice(last, m.index);
    if (text.includes("<") || text.includes(">")) problems.push(`raw < or > in text before offset ${m.index}: ${JSON.stringify(text.slice(0, 60))}`);
    last = m.index! + m[0].length;
    if (m[2] === undefined) continue; // declaration, doctype or comment
    const [, close, name, attrs, selfClose] = m;
    for (const a of attrs!.matchAll(/="([^"]*)"/g)) checkEntities(a[1]!, problems);
    if (close) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}>`);
    } else if (!selfClose && !voids.has(name!.toLowerCase())) stack.push(name!);
  }
  const tail = xml.slice(last);
  if (tail.includes("<")) problems.push(`unparsed markup near ${JSON.stringify(tail.slice(tail.indexOf("<"), tail.indexOf("<") + 60))}`);
  for (const text of xml.split(/<[^>]*>/)) checkEntities(text, problems);
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(" > ")}`);
  return problems;
}

function checkEntities(s: string, problems: string[]): void {
  for (const m of s.matchAll(/&/g)) {
    if (!/^&(amp|lt|gt|quot|#39|#\d+|#x[0-9a-fA-F]+);/.test(s.slice(m.index!))) problems.push(`bare & in ${JSON.stringify(s.slice(Math.max(0, m.index! - 20), m.index! + 20))}`);
  }
}

/** Inverse of escapeXml for the entities it writes. */
export function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}
