import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectionOptionsFromEnv } from "../../src/index.js";
import { toClientOptions } from "../../src/nats/connection-options.js";
import { parseAckSubject } from "../../src/nats/nats-settle.js";

const dir = mkdtempSync(join(tmpdir(), "scoresweep-conn-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("connection options", () => {
  it("connectionOptionsFromEnv: reads NATS_URL (list), NATS_CREDS, user, token and TLS files; omits unset ones", () => {
    expect(connectionOptionsFromEnv({})).toEqual({});
    expect(connectionOptionsFromEnv({ NATS_URL: " nats://a:4222 ", NATS_CREDS: "/etc/agent.creds", NATS_TOKEN: "" })).toEqual({
      servers: "nats://a:4222",
      credsFile: "/etc/agent.creds",
    });
    expect(
      connectionOptionsFromEnv({ NATS_URL: "nats://a:1, nats://b:2", NATS_USER: "u", NATS_PASSWORD: "p", NATS_CA: "/ca.pem", NATS_CERT: "/c.pem", NATS_KEY: "/k.pem" }),
    ).toEqual({ servers: ["nats://a:1", "nats://b:2"], user: "u", pass: "p", tls: { caFile: "/ca.pem", certFile: "/c.pem", keyFile: "/k.pem" } });
  });

  it("toClientOptions: reconnects forever with the given wait and defaults", () => {
    const c = toClientOptions({ servers: "nats://h:1" });
    expect(c).toMatchObject({ servers: ["nats://h:1"], maxReconnectAttempts: -1, reconnectTimeWait: 1000, timeout: 10_000 });
    expect(toClientOptions({ servers: ["a", "b"], reconnectWaitMs: 50, connectTimeoutMs: 300, name: "agent-1" })).toMatchObject({
      servers: ["a", "b"],
      reconnectTimeWait: 50,
      timeout: 300,
      name: "agent-1",
    });
  });

  it("toClientOptions: passes user/pass, token, TLS files and builds a creds authenticator", () => {
    expect(toClientOptions({ servers: "x", user: "u", pass: "p" })).toMatchObject({ user: "u", pass: "p" });
    expect(toClientOptions({ servers: "x", token: "t" })).toMatchObject({ token: "t" });
    const creds = join(dir, "a.creds");
    writeFileSync(creds, "-----BEGIN NATS USER JWT-----\nxx\n------END NATS USER JWT------\n");
    expect(typeof toClientOptions({ servers: "x", credsFile: creds }).authenticator).toBe("function");
    const ca = join(dir, "ca.pem");
    writeFileSync(ca, "pem");
    expect(toClientOptions({ servers: "x", tls: { caFile: ca } }).tls).toEqual({ caFile: ca, certFile: undefined, keyFile: undefined });
  });

  it("toClientOptions: refuses bad options with E_INVALID_PARAMETER and a message naming the option", () => {
    const bad: Array<[Parameters<typeof toClientOptions>[0], RegExp]> = [
      [{ servers: [] }, /options.servers must be a URL or a non-empty list of URLs; got \[\]/],
      [{ servers: "" }, /options.servers/],
      [{ servers: "x", user: "u" }, /options.user and options.pass must be given together/],
      [{ servers: "x", user: "u", pass: "p", token: "t" }, /credentials must be one of user\/pass, token or credsFile; got "2 of them"/],
      [{ servers: "x", credsFile: join(dir, "missing.creds") }, /options.credsFile must be a readable file; got ".*missing.creds" \(ENOENT/],
      [{ servers: "x", tls: { certFile: "/c.pem" } }, /options.tls.certFile and options.tls.keyFile must be given together/],
      [{ servers: "x", tls: { caFile: join(dir, "nope.pem") } }, /options.tls.caFile must be a readable file/],
      [{ servers: "x", reconnectWaitMs: -1 }, /options.reconnectWaitMs must be a finite number of ms >= 0; got -1/],
      [{ servers: "x", connectTimeoutMs: 0 }, /options.connectTimeoutMs must be a finite number of ms > 0; got 0/],
    ];
    for (const [o, message] of bad) {
      expect(() => toClientOptions(o)).toThrow(message);
      expect(() => toClientOptions(o)).toThrow(expect.objectContaining({ code: "E_INVALID_PARAMETER" }));
    }
  });

  it("parseAckSubject: reads delivery count and stream sequence from v1 and v2 ack subjects", () => {
    expect(parseAckSubject("$JS.ACK.ns_work.agents.3.17.25.1700000000000000000.4")).toEqual({ deliveryCount: 3, streamSeq: 17 });
    expect(parseAckSubject("$JS.ACK.hub.ACCHASH.ns_work.agents.2.99.120.1700000000000000000.0.token")).toEqual({ deliveryCount: 2, streamSeq: 99 });
  });
});
