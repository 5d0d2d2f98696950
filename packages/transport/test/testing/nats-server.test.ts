import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findNatsServer, startNatsServer } from "../../src/testing/index.js";

const dir = mkdtempSync(join(tmpdir(), "scoresweep-find-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("nats-server launcher", () => {
  it("findNatsServer: prefers nats-server on PATH, then the Debian location", () => {
    const fake = join(dir, "nats-server");
    writeFileSync(fake, "#!/bin/sh\nexit 1\n");
    chmodSync(fake, 0o755);
    expect(findNatsServer({ PATH: `/nonexistent:${dir}` }, ["/usr/sbin/nats-server"])).toBe(fake);
    expect(findNatsServer({ PATH: "/nonexistent" }, [fake])).toBe(fake);
  });

  it("findNatsServer: without a binary fails with a message saying what to install", () => {
    expect(() => findNatsServer({ PATH: "/nonexistent" }, ["/nonexistent/nats-server"])).toThrow(
      /a nats-server binary must be on PATH or at \/usr\/sbin\/nats-server; got none \(install it: `apt-get install nats-server`/,
    );
  });

  it("startNatsServer: a binary that exits at once is reported with its exit", async () => {
    const fake = join(dir, "broken-nats-server");
    writeFileSync(fake, "#!/bin/sh\necho 'bad config' >&2\nexit 3\n");
    chmodSync(fake, 0o755);
    await expect(startNatsServer({ binary: fake })).rejects.toThrow(/must start; it exited with 3\nbad config/);
  });

  it("startNatsServer: listens on a free port, restarts on the same port and removes its directory on dispose", async () => {
    const a = await startNatsServer();
    const b = await startNatsServer();
    try {
      expect(a.port).toBeGreaterThan(0);
      expect(a.port).not.toBe(b.port);
      const { port } = a;
      const pid = a.pid;
      await a.restart();
      expect(a.port).toBe(port);
      expect(a.pid).not.toBe(pid);
      await a.kill();
      expect(a.pid).toBeUndefined();
    } finally {
      await a.dispose();
      await b.dispose();
    }
    const { existsSync } = await import("node:fs");
    expect(existsSync(a.storeDir)).toBe(false);
  });
});
