import { existsSync } from "node:fs";
import { SqliteStore, type ResultStore } from "@scoresweep/store";
import { CliError } from "./cli-error.js";

/**
 * Opens the SQLite results database at `path`. `readonly` (for status, export, report) requires the file to exist —
 * a typo must not silently create an empty database.
 */
export function openResultStore(path: string, options: { readonly?: boolean } = {}): ResultStore {
  if (options.readonly && !existsSync(path)) throw new CliError(`--db: no results database at ${JSON.stringify(path)}`);
  return SqliteStore.open(path, { readonly: options.readonly ?? false });
}
