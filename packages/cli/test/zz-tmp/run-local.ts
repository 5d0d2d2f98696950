import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
export { jsonLines } from "../run-cli.js";
const HERE = dirname(fileURLToPath(import.meta.url));
export function runCli(args: string[]) {
  const r = spawnSync(process.execPath, ["--conditions", "source", "--import", "tsx", resolve(HERE, "harness.ts"), ...args], { cwd: HERE, encoding: "utf8", maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
