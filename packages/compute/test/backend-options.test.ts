// Every backend option is checked with one fixed message (piscina style), one test per option. The checks run before
// anything starts (no thread, no engine), so these tests are cheap.
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "@scoresweep/core";
import { createBackend } from "../src/backend-registry.js";
import { createJsBackend } from "../src/backends/js/js-backend.js";
import { createPoolBackend } from "../src/backends/pool/pool-backend.js";
import { resolvePoolOptions } from "../src/backends/pool/pool-options.js";
import { createTfjsBackend } from "../src/backends/tfjs/tfjs-backend.js";
import { resolveTfjsOptions } from "../src/backends/tfjs/tfjs-options.js";
import { createTensorflowBackend } from "../src/backends/tensorflow/tensorflow-backend.js";

/** Asserts `f` throws (or rejects with) an InvalidParameterError with exactly `message`. */
async function expectInvalid(f: () => unknown, message: string): Promise<void> {
  let caught: unknown = null;
  try {
    await f();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected: ${message}`).toBeInstanceOf(InvalidParameterError);
  expect((caught as InvalidParameterError).code).toBe("E_INVALID_PARAMETER");
  expect((caught as Error).message).toBe(message);
}

describe("backend options: the options object", () => {
  it.each([
    ["js", () => createJsBackend(null as never)],
    ["pool", () => createPoolBackend(7 as never)],
    ["tfjs", () => createTfjsBackend([] as never)],
    ["tensorflow", () => createTensorflowBackend("gpu" as never)],
  ])("backend options: %s rejects an options value that is not an object", async (name, make) => {
    const got = name === "js" ? "null" : name === "pool" ? "7" : name === "tfjs" ? "[]" : '"gpu"';
    await expectInvalid(make, `backend ${name}: options must be an object; got ${got}`);
  });

  it("backend options: createBackend checks the options object before choosing a backend", async () => {
    await expectInvalid(() => createBackend("auto", 3 as never), "backend auto: options must be an object; got 3");
  });

  it("backend options: absent options give the defaults", () => {
    expect(resolvePoolOptions(undefined).workers).toBeGreaterThanOrEqual(1);
    expect(resolveTfjsOptions(undefined)).toEqual({ engine: "auto", checkEvery: 32 });
  });
});

describe("backend options: pool", () => {
  it.each([0, -1, 1.5, 1025, Number.NaN, "2", null])("backend pool: options.workers rejects %s", async (workers) => {
    const shown = typeof workers === "string" ? `"${workers}"` : String(workers);
    await expectInvalid(() => createPoolBackend({ workers: workers as number }), `backend pool: options.workers must be an integer in [1, 1024]; got ${shown}`);
  });

  it("backend pool: options.workers accepts 1..1024 and ignores other backends' keys", () => {
    expect(resolvePoolOptions({ workers: 1 }).workers).toBe(1);
    expect(resolvePoolOptions({ workers: 1024, engine: "nonsense" } as never).workers).toBe(1024);
  });
});

describe("backend options: js and pool kernel", () => {
  it.each([
    ["js", (k: unknown) => createJsBackend({ kernel: k as never })],
    ["pool", (k: unknown) => createPoolBackend({ kernel: k as never })],
  ])("backend %s: options.kernel must be auto, js or wasm", async (name, make) => {
    for (const bad of ["simd", 1, null]) {
      const shown = typeof bad === "string" ? `"${bad}"` : String(bad);
      await expectInvalid(() => make(bad), `backend ${name}: options.kernel must be one of auto, js, wasm; got ${shown}`);
    }
  });

  it("backend js: options.kernel accepts every choice", async () => {
    for (const kernel of ["auto", "js", "wasm"] as const) expect(createJsBackend({ kernel }).name).toBe("js");
    expect(resolvePoolOptions({ kernel: "js" }).kernel).toBe("js");
    expect(resolvePoolOptions({}).kernel).toBe("auto");
  });
});

describe("backend options: tfjs", () => {
  it.each(["gpu", "", 1, null])("backend tfjs: options.engine rejects %s", async (engine) => {
    const shown = typeof engine === "string" ? `"${engine}"` : String(engine);
    await expectInvalid(() => createTfjsBackend({ engine: engine as never }), `backend tfjs: options.engine must be one of auto, cpu, wasm; got ${shown}`);
  });

  it.each([0, 2.5, -3, 1_000_001, "8"])("backend tfjs: options.checkEvery rejects %s", async (checkEvery) => {
    const shown = typeof checkEvery === "string" ? `"${checkEvery}"` : String(checkEvery);
    await expectInvalid(
      () => createTfjsBackend({ checkEvery: checkEvery as number }),
      `backend tfjs: options.checkEvery must be an integer in [1, 1000000]; got ${shown}`,
    );
  });

  it("backend tfjs: valid options resolve", () => {
    expect(resolveTfjsOptions({ engine: "cpu", checkEvery: 1 })).toEqual({ engine: "cpu", checkEvery: 1 });
    expect(resolveTfjsOptions({ engine: "wasm", workers: 0 } as never)).toEqual({ engine: "wasm", checkEvery: 32 });
  });
});

describe("backend options: tensorflow", () => {
  it.each(["cuda", 0])("backend tensorflow: options.device rejects %s", async (device) => {
    const shown = typeof device === "string" ? `"${device}"` : String(device);
    await expectInvalid(
      () => createTensorflowBackend({ device: device as never }),
      `backend tensorflow: options.device must be one of auto, gpu, cpu; got ${shown}`,
    );
  });

  it("backend tensorflow: options.checkEvery is checked like tfjs's", async () => {
    await expectInvalid(() => createTensorflowBackend({ checkEvery: 0 }), "backend tensorflow: options.checkEvery must be an integer in [1, 1000000]; got 0");
  });
});
