import { readFileSync } from "node:fs";
import { CliError } from "../cli-error.js";

/** Reads a UTF-8 file for option `option`, turning any I/O failure into one clear line. */
export function readText(option: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new CliError(`${option}: cannot read file ${JSON.stringify(path)} (${reason})`, { cause: error });
  }
}
