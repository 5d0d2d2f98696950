import { Option, type Command } from "commander";
import {
  connectionOptionsFromEnv,
  openNatsTransport,
  ProvisionError,
  type NatsConnectionOptions,
  type NatsTransport,
  type NatsTransportOptions,
} from "@scoresweep/transport";
import { CliError } from "./cli-error.js";

/** The connection flags shared by every command that talks to a cluster (DESIGN §4 security). */
export interface NatsFlags {
  /** `--nats URL` (or `--nats` alone, meaning `NATS_URL`, on `run` and `status`). */
  nats?: string | boolean;
  creds?: string;
  user?: string;
  pass?: string;
  token?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  namespace?: string;
}

/** Where and as whom to connect, resolved from flags and environment. */
export interface ClusterTarget {
  connection: NatsConnectionOptions;
  namespace: string;
}

/** Default namespace (prefix of every stream, subject and bucket). */
export const DEFAULT_NAMESPACE = "scoresweep";

/**
 * Adds the shared flags: `--creds`, `--user`/`--pass`, `--token`, `--tls-ca`/`--tls-cert`/`--tls-key`, `--namespace`,
 * and `--nats <url>` when `url` is `"required"` (services: `coordinator`, `agent`). `run` and `status` declare their own
 * `--nats [url]`, since there it also switches the command from the local database to the cluster.
 */
export function addNatsOptions(cmd: Command, url: "required" | "declared-by-command"): Command {
  if (url === "required") cmd.option("--nats <url>", "NATS server URL(s), comma-separated (default: $NATS_URL)");
  return cmd
    .option("--creds <file>", "NATS credentials file: user JWT + nkey seed, as made by nsc (default: $NATS_CREDS)")
    .option("--user <name>", "NATS user name (default: $NATS_USER)")
    .addOption(new Option("--pass <password>", "NATS password (prefer $NATS_PASSWORD: command lines are visible to other users)"))
    .option("--token <token>", "NATS authentication token (default: $NATS_TOKEN)")
    .option("--tls-ca <file>", "CA certificate (PEM) to verify the server (default: $NATS_CA)")
    .option("--tls-cert <file>", "client certificate (PEM) for mutual TLS (default: $NATS_CERT)")
    .option("--tls-key <file>", "client key (PEM) for mutual TLS (default: $NATS_KEY)")
    .option("--namespace <ns>", `prefix of every stream, subject and bucket (default: $SCORESWEEP_NAMESPACE or ${DEFAULT_NAMESPACE})`);
}

/**
 * Resolves flags over the environment: the URL from `--nats` or `NATS_URL`; credentials from the flags if any is given
 * (then the environment's are ignored, so a flag never combines with a stale variable), else from `NATS_CREDS`,
 * `NATS_USER`+`NATS_PASSWORD` or `NATS_TOKEN`; TLS files flag by flag over `NATS_CA`/`NATS_CERT`/`NATS_KEY`.
 */
export function resolveClusterTarget(flags: NatsFlags, clientName: string, env: Readonly<Record<string, string | undefined>> = process.env): ClusterTarget {
  const fromEnv = connectionOptionsFromEnv(env);
  let servers: string | readonly string[] | undefined = fromEnv.servers;
  if (typeof flags.nats === "string") {
    const list = flags.nats.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    if (list.length === 0) throw new CliError(`--nats: must be a NATS URL such as nats://host:4222; got ${JSON.stringify(flags.nats)}`);
    servers = list.length === 1 ? list[0] : list;
  }
  if (servers === undefined) throw new CliError("--nats: a NATS server URL must be given (or set NATS_URL); got none");
  const anyAuthFlag = flags.creds !== undefined || flags.user !== undefined || flags.pass !== undefined || flags.token !== undefined;
  let auth: Pick<NatsConnectionOptions, "user" | "pass" | "token" | "credsFile">;
  if (anyAuthFlag) {
    const pass = flags.pass ?? (flags.user !== undefined ? fromEnv.pass : undefined);
    if (flags.user !== undefined && pass === undefined) throw new CliError("--pass: a password must go with --user (or set NATS_PASSWORD); got none");
    if (flags.pass !== undefined && flags.user === undefined) throw new CliError("--user: a user name must go with --pass; got none");
    auth = { user: flags.user, pass, token: flags.token, credsFile: flags.creds };
    const methods = [flags.user !== undefined, flags.token !== undefined, flags.creds !== undefined].filter(Boolean).length;
    if (methods > 1) throw new CliError("--creds, --user/--pass, --token: must be at most one of them; got several");
  } else {
    auth = { user: fromEnv.user, pass: fromEnv.pass, token: fromEnv.token, credsFile: fromEnv.credsFile };
  }
  const tls = {
    caFile: flags.tlsCa ?? fromEnv.tls?.caFile,
    certFile: flags.tlsCert ?? fromEnv.tls?.certFile,
    keyFile: flags.tlsKey ?? fromEnv.tls?.keyFile,
  };
  const hasTls = tls.caFile !== undefined || tls.certFile !== undefined || tls.keyFile !== undefined;
  const namespace = flags.namespace ?? (env.SCORESWEEP_NAMESPACE?.trim() || DEFAULT_NAMESPACE);
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(namespace)) throw new CliError(`--namespace: must be 1-32 characters of [A-Za-z0-9_-]; got ${JSON.stringify(namespace)}`);
  const connection: NatsConnectionOptions = {
    servers,
    ...Object.fromEntries(Object.entries(auth).filter(([, v]) => v !== undefined)),
    ...(hasTls ? { tls } : {}),
    name: clientName,
  };
  return { connection, namespace };
}

/**
 * Opens the cluster transport. Clients (`provision: false`: agents, `run`, `status`) need the streams the coordinator
 * creates; without them this is a one-line error saying so.
 */
export async function openCluster(target: ClusterTarget, options: Omit<NatsTransportOptions, "connection" | "namespace"> = {}): Promise<NatsTransport> {
  try {
    return await openNatsTransport({ ...options, connection: target.connection, namespace: target.namespace });
  } catch (error) {
    if (error instanceof ProvisionError && options.provision === false) throw notProvisioned(target, error);
    throw error;
  }
}

/** The error of a client that finds no streams: the namespace was never set up by a coordinator. */
export function notProvisioned(target: ClusterTarget, cause: unknown): CliError {
  const servers = typeof target.connection.servers === "string" ? target.connection.servers : target.connection.servers.join(",");
  return new CliError(
    `--namespace: namespace ${JSON.stringify(target.namespace)} must be set up on ${servers} by a coordinator first (start \`scoresweep coordinator\`); got no streams`,
    { cause },
  );
}
