import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Builds every package once before the tests (turbo caches it, so an unchanged tree costs a second): tests that spawn
 * the CLI, agents or piscina workers run the compiled JavaScript, and must never run a stale build.
 */
export default function setup(): void {
  if (process.env.SCORESWEEP_SKIP_BUILD === "1") return;
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } });
}
