/**
 * Backends by name, TensorFlow.js style: each is registered with a factory and a priority; `createBackend(name)`
 * makes that one, `createBackend("auto")` tries them from the highest priority down and falls through every one
 * that throws {@link BackendUnavailableError} (cannot start here). Any other error — an invalid option above all —
 * is the caller's mistake and propagates at once.
 *
 * Built-in backends and their priorities (higher is tried first by `auto`):
 *
 * | name         | priority | what                                                                             |
 * |--------------|----------|----------------------------------------------------------------------------------|
 * | `pool`       | 40       | the fused kernel in a piscina worker-thread pool (`workers` threads)              |
 * | `js`         | 30       | the fused kernel in the calling thread                                           |
 * | `tensorflow` | 20       | TensorFlow.js on the native binding, only when the user installed it (optional)   |
 * | `tfjs`       | 10       | TensorFlow.js on its cpu or wasm engine (float32; statistical agreement only)     |
 *
 * The factories import their backend module lazily, so loading the registry (or a pool worker) never loads
 * TensorFlow.js.
 */
import { describeValue, invalid, UnknownVariantError } from "@scoresweep/core";
import { BackendUnavailableError, requireOptionsObject, type Backend, type BackendFactory, type BackendOptions } from "./backend.js";

/** One registered backend. */
export interface BackendRegistration {
  /** The name `createBackend` takes (lower case, digits, `-` and `_`; never `auto`). */
  readonly name: string;
  /** Makes the backend; throws {@link BackendUnavailableError} when it cannot start. */
  readonly factory: BackendFactory;
  /** Order for `auto`: higher first (ties by name). */
  readonly priority: number;
}

const NAME_PATTERN = /^[a-z][a-z0-9_-]*$/;

/** A set of registered backends. The package's default set is {@link backendRegistry}; tests may make their own. */
export class BackendRegistry {
  readonly #entries = new Map<string, BackendRegistration>();

  /**
   * Registers `factory` under `name` with `priority` (a finite number). Throws `InvalidParameterError` for a bad
   * name or priority, or when `name` is taken (unregister it first).
   */
  register(name: string, factory: BackendFactory, priority: number): void {
    if (typeof name !== "string" || !NAME_PATTERN.test(name) || name === "auto") {
      invalid("backend registry", "a backend name", "lower-case letters, digits, - or _ (starting with a letter), not auto", name);
    }
    if (typeof factory !== "function") invalid("backend registry", `the factory of ${name}`, "a function", factory);
    if (typeof priority !== "number" || !Number.isFinite(priority)) {
      invalid("backend registry", `the priority of ${name}`, "a finite number", priority);
    }
    if (this.#entries.has(name)) invalid("backend registry", `the backend name ${name}`, "not already registered", name);
    this.#entries.set(name, { name, factory, priority });
  }

  /** Removes `name`; returns whether it was registered. */
  unregister(name: string): boolean {
    return this.#entries.delete(name);
  }

  /** The registrations, highest priority first (ties by name). */
  list(): BackendRegistration[] {
    return [...this.#entries.values()].sort((a, b) => b.priority - a.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Creates the backend `name`, or with `auto` the highest-priority one that starts. Rejects with
   * `UnknownVariantError` for an unknown name, the factory's error for a bad option, and
   * {@link BackendUnavailableError} when the named backend (or, for `auto`, every backend) cannot start — the
   * `auto` error lists each backend's reason and carries them as an `AggregateError` `cause`.
   */
  async create(name: string, options?: BackendOptions): Promise<Backend> {
    const opts = requireOptionsObject(typeof name === "string" ? name : "registry", options);
    if (name === "auto") {
      const failures: BackendUnavailableError[] = [];
      for (const entry of this.list()) {
        try {
          return await entry.factory(opts);
        } catch (error) {
          if (!(error instanceof BackendUnavailableError)) throw error;
          failures.push(error);
        }
      }
      const reasons = failures.map((e) => e.message).join("; ");
      throw new BackendUnavailableError("auto", `backend auto: no registered backend could start (${reasons || "none registered"})`, {
        cause: new AggregateError(failures, "every backend failed to start"),
      });
    }
    const entry = typeof name === "string" ? this.#entries.get(name) : undefined;
    if (entry === undefined) {
      const names = ["auto", ...this.list().map((e) => e.name)];
      throw new UnknownVariantError(`backend: name must be one of ${names.join(", ")}; got ${describeValue(name)}`);
    }
    return await entry.factory(opts);
  }
}

/** Wraps a failed `import()` of a backend module (a missing optional dependency) as {@link BackendUnavailableError}. */
async function load<M>(backend: string, importer: () => Promise<M>): Promise<M> {
  try {
    return await importer();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new BackendUnavailableError(backend, `backend ${backend}: its module failed to load (${why})`, { cause: error });
  }
}

/** The package's registry, holding the four built-in backends (see the module comment for their priorities). */
export const backendRegistry = new BackendRegistry();

// `js` and `pool` are this package's own code: a failure to load them is a bug and propagates. The TensorFlow.js
// modules are wrapped: a broken or partial install of a third-party package means "cannot start here".
backendRegistry.register("pool", async (o) => (await import("./backends/pool/pool-backend.js")).createPoolBackend(o), 40);
backendRegistry.register("js", async (o) => (await import("./backends/js/js-backend.js")).createJsBackend(o), 30);
backendRegistry.register(
  "tensorflow",
  async (o) => (await load("tensorflow", () => import("./backends/tensorflow/tensorflow-backend.js"))).createTensorflowBackend(o),
  20,
);
backendRegistry.register("tfjs", async (o) => (await load("tfjs", () => import("./backends/tfjs/tfjs-backend.js"))).createTfjsBackend(o), 10);

/** Registers a backend in the package's registry ({@link BackendRegistry.register}). */
export function registerBackend(name: string, factory: BackendFactory, priority: number): void {
  backendRegistry.register(name, factory, priority);
}

/** Removes a backend from the package's registry; returns whether it was registered. */
export function unregisterBackend(name: string): boolean {
  return backendRegistry.unregister(name);
}

/** The package registry's backends, highest priority first. */
export function listBackends(): BackendRegistration[] {
  return backendRegistry.list();
}

/**
 * Creates a backend by name (`js`, `pool`, `tfjs`, `tensorflow`, or any registered name) or `auto` (the
 * highest-priority backend that starts: `pool`, unless worker threads cannot start). See
 * {@link BackendRegistry.create} for the errors. Close it with `backend.close()`.
 */
export function createBackend(name: string, options?: BackendOptions): Promise<Backend> {
  return backendRegistry.create(name, options);
}
