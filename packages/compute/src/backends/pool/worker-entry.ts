/**
 * Where the pool's worker threads load their code from. The worker entry is compiled JavaScript: the package's
 * `dist/worker.js`, found relative to this module's own URL (both `src/backends/pool/` and `dist/backends/pool/`
 * sit two levels below the entry's directory).
 *
 * Running from TypeScript sources (vitest, `tsx`), this module's URL ends in `.ts` and there is no compiled entry
 * beside it. Then the worker loads `src/worker.ts` through tsx's loader (`--import <tsx>`) with the `source` export
 * condition (`--conditions=source`, the one vitest and the tsconfig use), so the workspace packages resolve to
 * their sources too. Chosen over "build dist first, then point at it" because it has no stale-build failure mode
 * (the pool always runs exactly the code under test), needs no build step or vitest globalSetup, and cannot race
 * when test files run in parallel; production (`dist/`) never takes this path and needs no tsx.
 */
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BackendUnavailableError } from "../../backend.js";

/** How to start a pool worker. */
export interface WorkerEntry {
  /** `file:` URL of the worker module (`dist/worker.js`, or `src/worker.ts` from sources). */
  readonly filename: string;
  /** Node options for the worker thread; undefined = inherit the process's (the Worker default). */
  readonly execArgv: string[] | undefined;
  /** True when running from TypeScript sources through tsx. */
  readonly fromSource: boolean;
}

/**
 * The worker entry for a pool module located at `moduleUrl` (default: this module). Pure apart from resolving tsx
 * in source mode; throws {@link BackendUnavailableError} when tsx cannot be found there.
 */
export function workerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  const fromSource = /\.[cm]?ts$/.test(new URL(moduleUrl).pathname);
  if (!fromSource) {
    return { filename: new URL("../../worker.js", moduleUrl).href, execArgv: undefined, fromSource };
  }
  let tsx: string;
  try {
    tsx = pathToFileURL(createRequire(moduleUrl).resolve("tsx")).href;
  } catch (error) {
    throw new BackendUnavailableError(
      "pool",
      "backend pool: running from TypeScript sources needs tsx to load the worker (it is a devDependency of the repository); or build with `npx tsc -b packages/compute` and run dist/",
      { cause: error },
    );
  }
  return { filename: new URL("../../worker.ts", moduleUrl).href, execArgv: ["--import", tsx, "--conditions=source"], fromSource };
}

/** Throws {@link BackendUnavailableError} unless the entry's worker file exists (e.g. `dist/` not built). */
export function requireWorkerFile(entry: WorkerEntry): void {
  const file = fileURLToPath(entry.filename);
  if (!existsSync(file)) {
    throw new BackendUnavailableError("pool", `backend pool: the worker entry ${file} does not exist; build the package with \`npx tsc -b packages/compute\``);
  }
}
