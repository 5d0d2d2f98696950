// No dangling handles: a process that used the pool exits on its own (no process.exit), after close() and even
// when the backend is forgotten. Run as a child process so a hang is observable (and killed) instead of hanging
// vitest.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("./fixtures/pool-exits.ts", import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Runs the fixture; resolves with its exit code and stdout, or "timeout" after `ms` (the child is then killed). */
function runFixture(mode: string, ms: number): Promise<{ code: number | null | "timeout"; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", tsx, "--conditions=source", fixture, mode], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve({ code: "timeout", stdout, stderr });
    }, ms);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("pool exit", () => {
  it("pool exit: a process exits by itself after closing the pool (no dangling handles)", async () => {
    const r = await runFixture("close", 45_000);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ mode: "close", statuses: ["done", "done", "done", "done"], threads: 0 });
  });

  it("pool exit: a forgotten (never closed) pool does not keep the process alive either", async () => {
    const r = await runFixture("forget", 45_000);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: "forget", threads: 2 });
  });
});
