import { Command } from "commander";
import { registerExact } from "./commands/exact.js";
import { registerComplexity } from "./commands/complexity.js";
import { registerW2 } from "./commands/w2.js";
import { registerRun } from "./commands/run.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerStatus } from "./commands/status.js";
import { registerExport } from "./commands/export.js";
import { registerReport } from "./commands/report.js";
import { registerReproduce } from "./commands/reproduce.js";
import { registerCoordinator } from "./commands/coordinator.js";
import { registerAgent } from "./commands/agent.js";

/** Version printed by `scoresweep --version`. */
export const VERSION = "0.1.0";

/**
 * Builds the `scoresweep` command tree (DESIGN §7). Every command has `--help`; machine output is `--json`
 * (one JSON object per line); errors go to stderr with exit code 2.
 */
export function createProgram(): Command {
  const program = new Command("scoresweep")
    .description(
      "Reproducible numerical experiments on score-based diffusion models: exact and Monte Carlo W2 of samplers,\n" +
        "iteration-complexity curves, and sweeps from one laptop to a NATS cluster.",
    )
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .configureHelp({ sortSubcommands: false });
  registerExact(program);
  registerComplexity(program);
  registerSimulate(program);
  registerW2(program);
  registerRun(program);
  registerStatus(program);
  registerExport(program);
  registerReport(program);
  registerReproduce(program);
  registerCoordinator(program);
  registerAgent(program);
  return program;
}
