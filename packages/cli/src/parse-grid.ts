import { CliError } from "./cli-error.js";

/** A geometric grid request `MIN:MAX:RATIO` (integers MIN ≥ 1, MAX ≥ MIN, RATIO > 1). */
export interface GridArg {
  min: number;
  max: number;
  ratio: number;
}

/** Parses `--grid MIN:MAX:RATIO`. */
export function parseGrid(option: string, value: string): GridArg {
  const parts = value.split(":").map(Number);
  const [min, max, ratio] = parts;
  if (parts.length !== 3 || !Number.isInteger(min) || min! < 1 || !Number.isInteger(max) || max! < min! || !Number.isFinite(ratio) || ratio! <= 1) {
    throw new CliError(`${option}: must be MIN:MAX:RATIO with integers 1 <= MIN <= MAX and RATIO > 1; got ${JSON.stringify(value)}`);
  }
  return { min: min!, max: max!, ratio: ratio! };
}
