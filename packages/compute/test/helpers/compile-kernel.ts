/**
 * Compiles `assembly/kernel.ts` in memory with the flags of the package's `build:wasm` script, so the WebAssembly
 * tests always exercise the current source (never a stale `dist/kernel.wasm`) and need no build step.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

let cached: Promise<Uint8Array> | null = null;

/** The kernel module's bytes (compiled once per test file). */
export function compileKernel(): Promise<Uint8Array> {
  cached ??= (async () => {
    const pkg = JSON.parse(readFileSync(resolve(PACKAGE_DIR, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const args = pkg.scripts["build:wasm"].trim().split(/\s+/).slice(1);
    const at = args.indexOf("--outFile");
    args[at + 1] = "kernel.wasm";
    const source = args.findIndex((a) => a.endsWith(".ts"));
    args[source] = resolve(PACKAGE_DIR, args[source]);
    let binary: Uint8Array | null = null;
    const { error, stderr } = await asc.main(args, {
      writeFile(name: string, contents: Uint8Array | string) {
        if (name.endsWith(".wasm")) binary = contents as Uint8Array;
      },
    });
    if (error) throw new Error(`asc failed: ${error.message}\n${stderr.toString()}`);
    if (binary === null) throw new Error("asc produced no .wasm");
    return binary;
  })();
  return cached;
}
