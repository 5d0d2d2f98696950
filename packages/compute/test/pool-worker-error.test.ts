// Errors crossing the worker boundary: serialized to plain data in the worker (structured cloning would drop the
// class and the stable code), rebuilt on the main side with the original as `cause`.
import { describe, expect, it } from "vitest";
import { InvalidParameterError, ScoresweepError, UnknownVariantError, UnsupportedError } from "@scoresweep/core";
import { rebuildWorkerError, reviveError, serializeError, WorkerError, wrapPoolFailure } from "../src/backends/pool/worker-error.js";

/** What actually crosses the thread boundary: the serialized error after a structured clone. */
function acrossThreads(error: unknown): ReturnType<typeof serializeError> {
  return structuredClone(serializeError(error));
}

describe("pool worker errors: serialization", () => {
  it("pool worker errors: serializeError keeps name, message, code, stack and the cause chain", () => {
    const inner = new TypeError("inner problem");
    const outer = new InvalidParameterError("sampler.steps: the number of steps must be an integer >= 1; got 0", { cause: inner });
    const s = acrossThreads(outer);
    expect(s.name).toBe("InvalidParameterError");
    expect(s.code).toBe("E_INVALID_PARAMETER");
    expect(s.message).toBe(outer.message);
    expect(s.stack).toBe(outer.stack);
    expect(s.cause).toMatchObject({ name: "TypeError", message: "inner problem" });
    expect(s.cause?.code).toBeUndefined();
  });

  it("pool worker errors: non-Error throws and deep cause chains serialize without throwing", () => {
    expect(serializeError("boom")).toEqual({ name: "NonErrorThrown", message: "a non-Error value was thrown: boom" });
    expect(serializeError({ a: 1 }).message).toBe('a non-Error value was thrown: {"a":1}');
    let e: Error = new Error("level 0");
    for (let i = 1; i <= 10; i++) e = new Error(`level ${i}`, { cause: e });
    let depth = 0;
    for (let s: ReturnType<typeof serializeError> | undefined = serializeError(e); s !== undefined; s = s.cause) depth++;
    expect(depth).toBe(5);
  });

  it("pool worker errors: reviveError rebuilds name, message, stack, code and causes", () => {
    const original = Object.assign(new RangeError("out of range", { cause: new Error("why") }), { code: "ERR_SOMETHING" });
    const revived = reviveError(acrossThreads(original));
    expect(revived.name).toBe("RangeError");
    expect(revived.message).toBe("out of range");
    expect(revived.stack).toBe(original.stack);
    expect((revived as { code?: string }).code).toBe("ERR_SOMETHING");
    expect((revived.cause as Error).message).toBe("why");
  });
});

describe("pool worker errors: rebuilding on the main side", () => {
  it.each([
    [new InvalidParameterError("data.dim: the dimension must be an integer >= 1; got 0"), InvalidParameterError],
    [new UnknownVariantError('sde.family: family must be one of ...; got "x"'), UnknownVariantError],
    [new UnsupportedError("data.cov: not here"), UnsupportedError],
    [new ScoresweepError("E_NUMERICAL", "numerics: went wrong"), ScoresweepError],
  ])("pool worker errors: a scoresweep error comes back as its class with message, code and the original as cause (%s)", (original, cls) => {
    const rebuilt = rebuildWorkerError(acrossThreads(original), "c/p/r0/b0");
    expect(rebuilt).toBeInstanceOf(cls);
    expect(rebuilt).toBeInstanceOf(ScoresweepError);
    expect(rebuilt.message).toBe(original.message);
    expect((rebuilt as ScoresweepError).code).toBe(original.code);
    expect(rebuilt.name).toBe(original.name);
    const cause = rebuilt.cause as Error;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.message).toBe(original.message);
    expect(cause.stack).toBe(original.stack);
    expect((cause as { code?: string }).code).toBe(original.code);
  });

  it("pool worker errors: a subclass keeps its class name (e.g. a CLI error with E_INVALID_INPUT)", () => {
    class CliLikeError extends ScoresweepError {
      constructor(m: string) {
        super("E_INVALID_INPUT", m);
        this.name = "CliLikeError";
      }
    }
    const rebuilt = rebuildWorkerError(acrossThreads(new CliLikeError("--point: bad")), "s");
    expect(rebuilt).toBeInstanceOf(ScoresweepError);
    expect(rebuilt.name).toBe("CliLikeError");
    expect((rebuilt as ScoresweepError).code).toBe("E_INVALID_INPUT");
  });

  it("pool worker errors: any other error becomes a WorkerError naming the shard, keeping its code", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const rebuilt = rebuildWorkerError(acrossThreads(bug), "camp/pt/r1/b3");
    expect(rebuilt).toBeInstanceOf(WorkerError);
    expect(rebuilt.message).toBe("backend pool: shard camp/pt/r1/b3 failed in a worker: TypeError: Cannot read properties of undefined (reading 'x')");
    expect((rebuilt as WorkerError).shardId).toBe("camp/pt/r1/b3");
    expect((rebuilt as WorkerError).code).toBeUndefined();
    expect((rebuilt.cause as Error).name).toBe("TypeError");
    const coded = rebuildWorkerError(acrossThreads(Object.assign(new Error("oom"), { code: "ERR_WORKER_OUT_OF_MEMORY" })), "s");
    expect((coded as WorkerError).code).toBe("ERR_WORKER_OUT_OF_MEMORY");
  });

  it("pool worker errors: a failure of the pool itself is wrapped with the original as cause", () => {
    const original = Object.assign(new Error("Terminating worker thread"), { code: "ERR_X" });
    const wrapped = wrapPoolFailure(original, "s/1");
    expect(wrapped).toBeInstanceOf(WorkerError);
    expect(wrapped.cause).toBe(original);
    expect(wrapped.code).toBe("ERR_X");
    expect(wrapped.message).toBe("backend pool: shard s/1 failed in a worker: Error: Terminating worker thread");
  });
});
