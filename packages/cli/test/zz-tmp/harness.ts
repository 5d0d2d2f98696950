import { Command, CommanderError } from "commander";
import { registerSimulate } from "./simulate.ts";
import { EXIT_USAGE, reportError } from "../../src/cli-error.js";
const program = new Command("scoresweep");
registerSimulate(program);
program.exitOverride();
for (const cmd of program.commands) cmd.exitOverride();
try {
  await program.parseAsync(process.argv);
  process.exitCode = typeof process.exitCode === "number" ? process.exitCode : 0;
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  else process.exitCode = reportError(error, (line) => process.stderr.write(`${line}\n`));
}
