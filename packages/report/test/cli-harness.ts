/**
 * Runs the built `scoresweep` CLI for the report/reproduce tests. Until `program.ts` registers `report` and
 * `reproduce` (the lead's file), the commands are attached here to the built program the same way — the command
 * code, the build and the process boundary are the real ones either way.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const BIN = resolve(REPO, "packages/cli/bin/scoresweep.js");
const DIST = resolve(REPO, "packages/cli/dist");
const COMMANDER = createRequire(resolve(REPO, "packages/cli/package.json")).resolve("commander");

/** Output of one run. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let registered: boolean | undefined;

/** True when the built binary already has both commands. */
function binHasCommands(): boolean {
  if (registered === undefined) {
    const help = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" }).stdout ?? "";
    registered = /^\s+report\b/m.test(help) && /^\s+reproduce\b/m.test(help);
  }
  return registered;
}

/** The built program with `report` and `reproduce` attached, run like `main` (exit codes 0 / 2 / 1). */
const HARNESS = `
const { CommanderError } = await import(${JSON.stringify(COMMANDER)});
const { createProgram } = await import(${JSON.stringify(`${DIST}/program.js`)});
const { registerReport } = await import(${JSON.stringify(`${DIST}/commands/report.js`)});
const { registerReproduce } = await import(${JSON.stringify(`${DIST}/commands/reproduce.js`)});
const { reportError } = await import(${JSON.stringify(`${DIST}/cli-error.js`)});
const program = createProgram();
const names = program.commands.map((c) => c.name());
if (!names.includes("report")) registerReport(program);
if (!names.includes("reproduce")) registerReproduce(program);
program.exitOverride();
for (const cmd of program.commands) cmd.exitOverride();
try {
  await program.parseAsync(["node", "scoresweep", ...process.argv.slice(1)]);
} catch (error) {
  process.exitCode = error instanceof CommanderError ? (error.exitCode === 0 ? 0 : 2) : reportError(error, (l) => process.stderr.write(l + "\\n"));
}
`;

/** Runs `scoresweep ...args` in `cwd` (default the repository root). */
export function scoresweep(args: string[], options: { cwd?: string } = {}): Run {
  const argv = binHasCommands() ? [BIN, ...args] : ["--input-type=module", "-e", HARNESS, "--", ...args];
  const r = spawnSync(process.execPath, argv, { cwd: options.cwd ?? REPO, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
