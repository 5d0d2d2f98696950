// The registry, TensorFlow.js style: names with priorities, `auto` falls through backends that cannot start and
// nothing else. Tests use their own BackendRegistry (the package's default one is shared) and, as backends, the
// real in-thread `js` backend or minimal in-memory ones whose only job is to be told apart.
import { describe, expect, it } from "vitest";
import { InvalidParameterError, UnknownVariantError } from "@scoresweep/core";
import { BackendUnavailableError, type Backend, type BackendOptions } from "../src/backend.js";
import { BackendRegistry, listBackends } from "../src/backend-registry.js";

function named(name: string): Backend {
  return {
    name,
    run: () => Promise.reject(new Error("not used")),
    close: () => Promise.resolve(),
  };
}

describe("backend registry: registration", () => {
  it("backend registry: register rejects bad names, factories, priorities and duplicates", () => {
    const r = new BackendRegistry();
    r.register("a", () => named("a"), 1);
    const bad: Array<[() => void, string]> = [
      [() => r.register("auto", () => named("x"), 1), 'backend registry: a backend name must be lower-case letters, digits, - or _ (starting with a letter), not auto; got "auto"'],
      [() => r.register("Bad Name", () => named("x"), 1), 'backend registry: a backend name must be lower-case letters, digits, - or _ (starting with a letter), not auto; got "Bad Name"'],
      [() => r.register("b", 3 as never, 1), "backend registry: the factory of b must be a function; got 3"],
      [() => r.register("b", () => named("b"), Number.POSITIVE_INFINITY), "backend registry: the priority of b must be a finite number; got Infinity"],
      [() => r.register("a", () => named("a"), 2), 'backend registry: the backend name a must be not already registered; got "a"'],
    ];
    for (const [f, message] of bad) {
      expect(f).toThrow(InvalidParameterError);
      expect(f).toThrow(message);
    }
    expect(r.unregister("a")).toBe(true);
    expect(r.unregister("a")).toBe(false);
  });

  it("backend registry: list is ordered by priority, then name", () => {
    const r = new BackendRegistry();
    r.register("low", () => named("low"), 1);
    r.register("high", () => named("high"), 9);
    r.register("mid-b", () => named("mid-b"), 5);
    r.register("mid-a", () => named("mid-a"), 5);
    expect(r.list().map((e) => e.name)).toEqual(["high", "mid-a", "mid-b", "low"]);
  });

  it("backend registry: the package registry holds pool, js, tensorflow, tfjs in that order", () => {
    expect(listBackends().map((e) => [e.name, e.priority])).toEqual([
      ["pool", 40],
      ["js", 30],
      ["tensorflow", 20],
      ["tfjs", 10],
    ]);
  });
});

describe("backend registry: create", () => {
  it("backend registry: create passes the options object to the named factory", async () => {
    const r = new BackendRegistry();
    const seen: BackendOptions[] = [];
    r.register("a", (o) => {
      seen.push(o);
      return named("a");
    }, 1);
    const b = await r.create("a", { workers: 3 });
    expect(b.name).toBe("a");
    expect(seen).toEqual([{ workers: 3 }]);
    await r.create("a");
    expect(seen[1]).toEqual({});
  });

  it("backend registry: an unknown name is an UnknownVariantError listing the names", async () => {
    const r = new BackendRegistry();
    r.register("x", () => named("x"), 2);
    r.register("y", () => named("y"), 1);
    await expect(r.create("z")).rejects.toThrow(UnknownVariantError);
    await expect(r.create("z")).rejects.toThrow('backend: name must be one of auto, x, y; got "z"');
  });

  it("backend registry: auto takes the highest priority that starts and falls through BackendUnavailableError", async () => {
    const r = new BackendRegistry();
    const tried: string[] = [];
    r.register("best", () => {
      tried.push("best");
      throw new BackendUnavailableError("best", "backend best: not here");
    }, 10);
    r.register("good", async () => {
      tried.push("good");
      return named("good");
    }, 5);
    r.register("worst", () => {
      tried.push("worst");
      return named("worst");
    }, 1);
    expect((await r.create("auto")).name).toBe("good");
    expect(tried).toEqual(["best", "good"]);
    // Asking for an unavailable backend by name reports its own error.
    await expect(r.create("best")).rejects.toThrow("backend best: not here");
  });

  it("backend registry: auto does not fall through an invalid option", async () => {
    const r = new BackendRegistry();
    r.register("strict", () => {
      throw new InvalidParameterError("backend strict: options.workers must be an integer; got 0");
    }, 10);
    r.register("lenient", () => named("lenient"), 1);
    await expect(r.create("auto", { workers: 0 })).rejects.toThrow(InvalidParameterError);
  });

  it("backend registry: auto with nothing able to start lists every reason, with the failures as cause", async () => {
    const r = new BackendRegistry();
    r.register("a", () => Promise.reject(new BackendUnavailableError("a", "backend a: missing A")), 2);
    r.register("b", () => {
      throw new BackendUnavailableError("b", "backend b: missing B");
    }, 1);
    const error = await r.create("auto").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).code).toBe("E_UNSUPPORTED");
    expect((error as Error).message).toBe("backend auto: no registered backend could start (backend a: missing A; backend b: missing B)");
    const cause = (error as Error).cause as AggregateError;
    expect(cause).toBeInstanceOf(AggregateError);
    expect(cause.errors.map((e: Error) => e.message)).toEqual(["backend a: missing A", "backend b: missing B"]);
  });
});
