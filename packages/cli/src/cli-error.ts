import { ScoresweepError } from "@scoresweep/core";

/** Exit code of every user error (bad flag, bad point, unreadable file): the contract of DESIGN §7 and STYLE §5. */
export const EXIT_USAGE = 2;

/** A failure caused by the command line itself (a missing flag, an unreadable file). */
export class CliError extends ScoresweepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_INVALID_INPUT", message, options);
    this.name = "CliError";
  }
}

/**
 * Turns anything thrown by a command into the one line the user sees and the exit code. User errors (any
 * `ScoresweepError`, or an error carrying a stable string `code` from another package) print their message alone;
 * anything else is a bug and prints its stack (set SCORESWEEP_DEBUG=1 to see stacks for user errors too).
 */
export function reportError(error: unknown, write: (line: string) => void): number {
  const debug = process.env.SCORESWEEP_DEBUG === "1";
  if (error instanceof ScoresweepError || isCodedError(error)) {
    write(`scoresweep: ${(error as Error).message}`);
    if (debug && error instanceof Error && error.stack) write(error.stack);
    return EXIT_USAGE;
  }
  write(`scoresweep: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
}

function isCodedError(error: unknown): boolean {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === "string" && /^E_[A-Z_]+$/.test(code);
}
