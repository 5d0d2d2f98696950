/** @scoresweep/cli — the `scoresweep` command line. Nothing imports this package. */
export { main } from "./main.js";
export { createProgram, VERSION } from "./program.js";
