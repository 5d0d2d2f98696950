import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temporary directory for database files, and a fresh path in it per call. */
export function tempDbDir(prefix = "scoresweep-store-"): { dir: string; next(name?: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let k = 0;
  return {
    dir,
    next: (name = "db") => join(dir, `${name}-${k++}.sqlite`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
