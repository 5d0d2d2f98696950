/**
 * How to reach a NATS server: servers, credentials, TLS and reconnect policy, from options or the environment,
 * and the one function that opens a connection with them (mapping failures to {@link ConnectionError} /
 * {@link AuthenticationError}).
 */
import { readFileSync } from "node:fs";
import { connect, credsAuthenticator, type NatsConnection, type NodeConnectionOptions } from "@nats-io/transport-node";
import { AuthenticationError, ConnectionError, invalidOption, InvalidOptionError, messageOf } from "../errors.js";

/** TLS material, as file paths (PEM). `caFile` alone = verify the server; plus `certFile`+`keyFile` = mutual TLS. */
export interface NatsTlsOptions {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

/** Connection options. Exactly one way to authenticate at most: user+pass, token, or creds file. */
export interface NatsConnectionOptions {
  /** Server URL(s), e.g. `nats://host:4222` or `tls://host:4222`. */
  readonly servers: string | readonly string[];
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  /** Path of a `.creds` file (user JWT + nkey seed), as produced by `nsc`. */
  readonly credsFile?: string;
  readonly tls?: NatsTlsOptions;
  /** Client name shown by the server's monitoring. */
  readonly name?: string;
  /** Wait between reconnect attempts, in ms (default 1000). The client reconnects forever. */
  readonly reconnectWaitMs?: number;
  /** Handshake deadline of the first connection, in ms (default 10000). */
  readonly connectTimeoutMs?: number;
}

/**
 * Options found in the environment: `NATS_URL` (comma-separated list), `NATS_CREDS` (creds file), `NATS_USER` +
 * `NATS_PASSWORD`, `NATS_TOKEN`, `NATS_CA` / `NATS_CERT` / `NATS_KEY` (TLS files). Unset variables are omitted, so
 * command-line flags can be spread over the result.
 */
export function connectionOptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): Partial<NatsConnectionOptions> {
  const out: { -readonly [K in keyof NatsConnectionOptions]?: NatsConnectionOptions[K] } = {};
  const get = (k: string): string | undefined => {
    const v = env[k];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  const url = get("NATS_URL");
  if (url !== undefined) {
    const list = url.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    out.servers = list.length === 1 ? list[0] : list;
  }
  if (get("NATS_CREDS") !== undefined) out.credsFile = get("NATS_CREDS");
  if (get("NATS_USER") !== undefined) out.user = get("NATS_USER");
  if (get("NATS_PASSWORD") !== undefined) out.pass = get("NATS_PASSWORD");
  if (get("NATS_TOKEN") !== undefined) out.token = get("NATS_TOKEN");
  const tls: { caFile?: string; certFile?: string; keyFile?: string } = {};
  if (get("NATS_CA") !== undefined) tls.caFile = get("NATS_CA");
  if (get("NATS_CERT") !== undefined) tls.certFile = get("NATS_CERT");
  if (get("NATS_KEY") !== undefined) tls.keyFile = get("NATS_KEY");
  if (Object.keys(tls).length > 0) out.tls = tls;
  return out;
}

const WHERE = "connectNats";

/** Validates and translates to the nats.js client's options. Exported for tests; reads the creds file. */
export function toClientOptions(o: NatsConnectionOptions): NodeConnectionOptions {
  if (typeof o !== "object" || o === null) invalidOption(WHERE, "options", "an object", o);
  const servers = typeof o.servers === "string" ? [o.servers] : o.servers;
  if (!Array.isArray(servers) || servers.length === 0 || servers.some((s) => typeof s !== "string" || s.trim() === "")) {
    invalidOption(WHERE, "options.servers", "a URL or a non-empty list of URLs", o.servers);
  }
  const str = (what: string, v: unknown): void => {
    if (v !== undefined && (typeof v !== "string" || v.length === 0)) invalidOption(WHERE, what, "a non-empty string", v);
  };
  str("options.user", o.user);
  str("options.pass", o.pass);
  str("options.token", o.token);
  str("options.credsFile", o.credsFile);
  str("options.name", o.name);
  if ((o.user === undefined) !== (o.pass === undefined)) {
    invalidOption(WHERE, "options.user and options.pass", "given together", { user: o.user, pass: o.pass === undefined ? undefined : "***" });
  }
  const methods = [o.user !== undefined, o.token !== undefined, o.credsFile !== undefined].filter(Boolean).length;
  if (methods > 1) invalidOption(WHERE, "credentials", "one of user/pass, token or credsFile", `${methods} of them`);
  const reconnectWaitMs = o.reconnectWaitMs ?? 1000;
  if (typeof reconnectWaitMs !== "number" || !Number.isFinite(reconnectWaitMs) || reconnectWaitMs < 0) {
    invalidOption(WHERE, "options.reconnectWaitMs", "a finite number of ms >= 0", o.reconnectWaitMs);
  }
  const connectTimeoutMs = o.connectTimeoutMs ?? 10_000;
  if (typeof connectTimeoutMs !== "number" || !Number.isFinite(connectTimeoutMs) || connectTimeoutMs <= 0) {
    invalidOption(WHERE, "options.connectTimeoutMs", "a finite number of ms > 0", o.connectTimeoutMs);
  }
  const c: NodeConnectionOptions = {
    servers: servers.map((s) => s.trim()),
    name: o.name,
    // Services outlive server restarts: never stop reconnecting (DESIGN §4).
    maxReconnectAttempts: -1,
    reconnectTimeWait: reconnectWaitMs,
    timeout: connectTimeoutMs,
    // Shorter than the 2 min default, so a silently dead server is noticed within ~1 min.
    pingInterval: 20_000,
  };
  if (o.user !== undefined) {
    c.user = o.user;
    c.pass = o.pass;
  }
  if (o.token !== undefined) c.token = o.token;
  if (o.credsFile !== undefined) {
    let creds: Uint8Array;
    try {
      creds = readFileSync(o.credsFile);
    } catch (error) {
      throw new InvalidOptionError(`${WHERE}: options.credsFile must be a readable file; got ${JSON.stringify(o.credsFile)} (${messageOf(error)})`, { cause: error });
    }
    c.authenticator = credsAuthenticator(creds);
  }
  if (o.tls !== undefined) {
    if (typeof o.tls !== "object" || o.tls === null) invalidOption(WHERE, "options.tls", "an object", o.tls);
    str("options.tls.caFile", o.tls.caFile);
    str("options.tls.certFile", o.tls.certFile);
    str("options.tls.keyFile", o.tls.keyFile);
    if ((o.tls.certFile === undefined) !== (o.tls.keyFile === undefined)) {
      invalidOption(WHERE, "options.tls.certFile and options.tls.keyFile", "given together", o.tls);
    }
    for (const [k, f] of Object.entries(o.tls)) {
      if (f === undefined) continue;
      try {
        readFileSync(f);
      } catch (error) {
        throw new InvalidOptionError(`${WHERE}: options.tls.${k} must be a readable file; got ${JSON.stringify(f)} (${messageOf(error)})`, { cause: error });
      }
    }
    c.tls = { caFile: o.tls.caFile, certFile: o.tls.certFile, keyFile: o.tls.keyFile };
  }
  return c;
}

/**
 * Opens a connection. Fails fast when no server answers the first time ({@link ConnectionError}) or the
 * credentials are refused ({@link AuthenticationError}); once connected it reconnects forever.
 */
export async function connectNats(options: NatsConnectionOptions): Promise<NatsConnection> {
  const c = toClientOptions(options);
  try {
    return await connect(c);
  } catch (error) {
    const n = error instanceof Error ? error.name : "";
    const msg = messageOf(error);
    const servers = (c.servers as string[]).join(",");
    if (n === "AuthorizationError" || n === "UserAuthenticationExpiredError" || /authorization|authentication/i.test(msg)) {
      throw new AuthenticationError(`${WHERE}: credentials must be accepted by ${servers}; got ${msg}`, { cause: error });
    }
    throw new ConnectionError(`${WHERE}: a NATS server must answer at ${servers}; got ${msg}`, { cause: error });
  }
}
