// Where pool workers load their code: compiled dist/worker.js for the built package; src/worker.ts through tsx with
// the `source` condition when running from TypeScript sources (as under vitest).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BackendUnavailableError } from "../src/backend.js";
import { requireWorkerFile, workerEntry } from "../src/backends/pool/worker-entry.js";

describe("pool worker entry", () => {
  it("pool worker entry: the compiled module points at dist/worker.js and inherits Node's options", () => {
    const e = workerEntry("file:///opt/app/node_modules/@scoresweep/compute/dist/backends/pool/worker-entry.js");
    expect(e).toEqual({ filename: "file:///opt/app/node_modules/@scoresweep/compute/dist/worker.js", execArgv: undefined, fromSource: false });
  });

  it("pool worker entry: from sources it points at src/worker.ts, loaded by tsx with the source condition", () => {
    const here = new URL("../src/backends/pool/worker-entry.ts", import.meta.url).href;
    const e = workerEntry(here);
    expect(e.fromSource).toBe(true);
    expect(e.filename).toBe(new URL("../src/worker.ts", import.meta.url).href);
    expect(existsSync(fileURLToPath(e.filename))).toBe(true);
    expect(e.execArgv?.[0]).toBe("--import");
    expect(e.execArgv?.[1]).toMatch(/^file:.*\/tsx\/.*\.mjs$/);
    expect(e.execArgv?.[2]).toBe("--conditions=source");
    // The default is this very module: under vitest, the sources.
    expect(workerEntry().filename).toBe(e.filename);
  });

  it("pool worker entry: a missing worker file means the backend cannot start", () => {
    const e = workerEntry("file:///nonexistent/dist/backends/pool/worker-entry.js");
    expect(() => requireWorkerFile(e)).toThrow(BackendUnavailableError);
    expect(() => requireWorkerFile(e)).toThrow("backend pool: the worker entry /nonexistent/dist/worker.js does not exist; build the package with `npx tsc -b packages/compute`");
  });
});
