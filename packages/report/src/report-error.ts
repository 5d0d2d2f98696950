import { ScoresweepError } from "@scoresweep/core";

/** A report or reproduction cannot be made from what it was given (unknown campaign or reproduction, empty data). */
export class ReportError extends ScoresweepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_INVALID_INPUT", message, options);
    this.name = "ReportError";
  }
}
