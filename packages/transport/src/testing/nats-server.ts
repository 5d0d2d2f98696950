/**
 * Starts a real `nats-server` child process for tests: JetStream with file storage in a temporary directory,
 * a free port chosen by the server (`listen: 127.0.0.1:-1`) and learnt from its ports file (`--ports_file_dir`),
 * `max_payload` raised. `restart()` reuses the port and the store, so clients reconnect to a server that still
 * has its streams. Never skips: a missing binary is an error naming what to install.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** Options of {@link startNatsServer}. */
export interface NatsServerOptions {
  /** Server `max_payload`, in bytes (default 8 MiB; the server's own default is 1 MiB). */
  readonly maxPayload?: number;
  /** Users allowed to connect (enables authorization). */
  readonly users?: ReadonlyArray<{ readonly user: string; readonly password: string }>;
  /** A token required to connect (enables authorization; exclusive with `users`). */
  readonly token?: string;
  /** Extra configuration text appended to the generated file (e.g. a `tls { … }` block). */
  readonly extraConfig?: string;
  /** The binary to run (default: {@link findNatsServer}). */
  readonly binary?: string;
  /** Deadline for the server to start listening, in ms (default 10000). */
  readonly startTimeoutMs?: number;
}

/** A running (or stopped, restartable) server. */
export interface NatsServerHandle {
  /** `nats://127.0.0.1:<port>` (the scheme a client uses, `tls` handled by the client options). */
  readonly url: string;
  readonly port: number;
  /** JetStream store directory (survives stop/restart; removed by dispose). */
  readonly storeDir: string;
  /** Process id of the current server process, or undefined while stopped. */
  readonly pid: number | undefined;
  /** Stops the process with `signal` (default SIGTERM: graceful) and waits for its exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** SIGKILL, waiting for the exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same store (stopping it first if running). */
  restart(): Promise<void>;
  /** Stops it and removes its temporary directory. Idempotent. */
  dispose(): Promise<void>;
}

const CANDIDATES = ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"];

/**
 * Path of the `nats-server` binary: the first `nats-server` on `PATH`, else `/usr/sbin/nats-server` (Debian) and
 * friends. Throws an Error saying how to install it when there is none.
 */
export function findNatsServer(env: Readonly<Record<string, string | undefined>> = process.env, candidates: readonly string[] = CANDIDATES): string {
  const dirs = (env.PATH ?? "").split(delimiter).filter((d) => d.length > 0);
  for (const p of [...dirs.map((d) => join(d, "nats-server")), ...candidates]) {
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  throw new Error(
    "startNatsServer: a nats-server binary must be on PATH or at /usr/sbin/nats-server; got none " +
      "(install it: `apt-get install nats-server` on Debian/Ubuntu, or download a release from https://github.com/nats-io/nats-server)",
  );
}

const live = new Set<{ child: ChildProcess | undefined; dir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a test forgets dispose(): never leave a server or a temp directory behind.
  process.once("exit", () => {
    for (const s of live) {
      try {
        s.child?.kill("SIGKILL");
      } catch {
        /* gone */
      }
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
}

function configText(o: NatsServerOptions, listen: string, storeDir: string, logFile: string): string {
  const lines = [
    `listen: ${listen}`,
    `max_payload: ${o.maxPayload ?? 8 * 1024 * 1024}`,
    `log_file: ${JSON.stringify(logFile)}`,
    `jetstream {`,
    `  store_dir: ${JSON.stringify(storeDir)}`,
    `}`,
  ];
  if (o.users !== undefined && o.token !== undefined) throw new Error("startNatsServer: options.users and options.token must not be given together");
  if (o.users !== undefined) {
    lines.push("authorization {", "  users: [");
    for (const u of o.users) lines.push(`    { user: ${JSON.stringify(u.user)}, password: ${JSON.stringify(u.password)} }`);
    lines.push("  ]", "}");
  }
  if (o.token !== undefined) lines.push(`authorization { token: ${JSON.stringify(o.token)} }`);
  if (o.extraConfig !== undefined) lines.push(o.extraConfig);
  return lines.join("\n") + "\n";
}

function tail(file: string, n = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-n).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Starts a server; see the module comment. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerHandle> {
  const binary = options.binary ?? findNatsServer();
  const dir = mkdtempSync(join(tmpdir(), "scoresweep-nats-"));
  const storeDir = join(dir, "jetstream");
  const portsDir = join(dir, "ports");
  const logFile = join(dir, "nats-server.log");
  const confFile = join(dir, "nats-server.conf");
  const record: { child: ChildProcess | undefined; dir: string } = { child: undefined, dir };
  live.add(record);
  installExitHook();
  let port = 0;
  let disposed = false;

  const launch = async (): Promise<void> => {
    rmSync(portsDir, { recursive: true, force: true });
    mkdirSync(portsDir);
    writeFileSync(confFile, configText(options, port === 0 ? "127.0.0.1:-1" : `127.0.0.1:${port}`, storeDir, logFile));
    const child = spawn(binary, ["-c", confFile, "--ports_file_dir", portsDir], { stdio: ["ignore", "ignore", "pipe"] });
    record.child = child;
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    let exited: string | undefined;
    child.once("exit", (code, signal) => (exited = `exited with ${code ?? signal}`));
    child.once("error", (e) => (exited = `failed to start: ${e.message}`));
    const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
    for (;;) {
      if (exited !== undefined) {
        record.child = undefined;
        throw new Error(`startNatsServer: ${binary} must start; it ${exited}\n${stderr}${tail(logFile)}`);
      }
      const file = existsSync(portsDir) ? readdirSync(portsDir).find((f) => f.endsWith(".ports")) : undefined;
      if (file !== undefined) {
        try {
          const ports = JSON.parse(readFileSync(join(portsDir, file), "utf8")) as { nats?: string[] };
          const url = ports.nats?.[0];
          if (url !== undefined) {
            port = Number(new URL(url).port);
            return;
          }
        } catch {
          /* partially written: read again */
        }
      }
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`startNatsServer: ${binary} must listen within ${options.startTimeoutMs ?? 10_000} ms; got no ports file\n${tail(logFile)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const stop = async (signal: NodeJS.Signals = "SIGTERM"): Promise<void> => {
    const child = record.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      record.child = undefined;
      return;
    }
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    record.child = undefined;
  };

  try {
    await launch();
  } catch (error) {
    live.delete(record);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    get url() {
      return `nats://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    storeDir,
    get pid() {
      return record.child?.pid;
    },
    stop,
    kill: () => stop("SIGKILL"),
    restart: async () => {
      if (disposed) throw new Error("startNatsServer: restart() must be called before dispose()");
      await stop();
      await launch();
    },
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await stop();
      live.delete(record);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
