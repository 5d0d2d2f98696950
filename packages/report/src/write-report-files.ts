import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes `files` (name → content) into `dir`, creating it; returns the written paths in name order. */
export function writeReportFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const name of [...files.keys()].sort()) {
    const path = join(dir, name);
    writeFileSync(path, files.get(name)!);
    written.push(path);
  }
  return written;
}
