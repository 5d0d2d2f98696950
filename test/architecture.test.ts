import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The dependency graph of STYLE.md, checked on the sources: which workspace packages each package may import, and
 * where third-party libraries may appear (piscina and TensorFlow.js in compute, NATS and msgpackr in transport,
 * SQLite in store, commander in cli, zod in sweep). `core` imports nothing at all — no package, no Node API. The
 * conformance suites under `src/testing/` may also import vitest and fast-check.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const ALLOWED: Record<string, { workspace: string[]; external: RegExp }> = {
  core: { workspace: [], external: /^$/ },
  compute: { workspace: ["core"], external: /^(node:|piscina$|@tensorflow\/)/ },
  transport: { workspace: [], external: /^(node:|@nats-io\/|msgpackr$)/ },
  sweep: { workspace: ["core"], external: /^(node:crypto$|zod$|yaml$)/ },
  store: { workspace: ["core"], external: /^(node:|better-sqlite3$)/ },
  coordinator: { workspace: ["core", "sweep", "store", "transport"], external: /^node:/ },
  agent: { workspace: ["core", "sweep", "transport", "compute"], external: /^node:/ },
  report: { workspace: ["core", "sweep", "store"], external: /^node:/ },
  cli: { workspace: ["core", "sweep", "store", "transport", "compute", "coordinator", "agent", "report"], external: /^(node:|commander$|yaml$)/ },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\s)(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

describe("architecture", () => {
  for (const [pkg, rule] of Object.entries(ALLOWED)) {
    it(`architecture: ${pkg} imports only what the dependency graph allows`, () => {
      const violations: string[] = [];
      const files = sourceFiles(join(ROOT, "packages", pkg, "src"));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        for (const spec of specifiers(readFileSync(file, "utf8"))) {
          if (spec.startsWith(".")) continue;
          const ws = /^@scoresweep\/([a-z]+)/.exec(spec);
          // Conformance suites (`src/testing/`, exported as `<pkg>/testing`) are test code: vitest and fast-check.
          const testing = file.includes("/src/testing/") && /^(vitest|fast-check)$/.test(spec);
          const ok = testing || (ws ? rule.workspace.includes(ws[1]!) : rule.external.test(spec));
          if (!ok) violations.push(`${file.slice(ROOT.length + 1)} imports ${spec}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it("architecture: the checker sees imports (a rule that could never fail would prove nothing)", () => {
    expect(specifiers('import { a } from "@scoresweep/cli";\nexport * from "./x.js";\nconst m = await import("piscina");')).toEqual([
      "@scoresweep/cli",
      "./x.js",
      "piscina",
    ]);
  });
});
