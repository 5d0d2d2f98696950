import { CommanderError } from "commander";
import { createProgram } from "./program.js";
import { EXIT_USAGE, reportError } from "./cli-error.js";

/**
 * Runs the CLI on `argv` (as in `process.argv`) and returns the exit code: 0 on success, 2 on a user error (one line on
 * stderr, no stack trace), 1 on an internal error.
 */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  program.exitOverride();
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (unknown option, missing argument) or the help text.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    return reportError(error, (line) => process.stderr.write(`${line}\n`));
  }
}
