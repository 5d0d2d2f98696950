// The optional `tensorflow` backend. Its bindings (@tensorflow/tfjs-node-gpu, @tensorflow/tfjs-node) download
// libtensorflow at install time and are optional peers: where neither is installed — as on the machines here —
// the suite that runs shards on it is the ONE allowed skip in this repository, and it prints why. The paths that do
// not need the binding (the one-line error, a binding that is installed but broken) always run, with the module
// loader injected.
import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { exactOracle } from "@scoresweep/core";
import { BackendUnavailableError } from "../src/backend.js";
import { createBackend } from "../src/backend-registry.js";
import { createTensorflowBackend, TENSORFLOW_MISSING_MESSAGE, TENSORFLOW_PACKAGES } from "../src/backends/tensorflow/tensorflow-backend.js";
import type { TfjsBackend } from "../src/backends/tfjs/tfjs-backend.js";
import type { ExactMomentStats } from "../src/shard-task.js";
import { expectMomentsMatchLaw, momentsOfStats } from "./moment-check.js";
import { POINTS } from "./fixtures/shard-tasks.js";

/** What `import()` throws for a package that is not installed. */
function notFound(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from test`), { code: "ERR_MODULE_NOT_FOUND" });
}

// Probe the real bindings once, at collection time.
let available: TfjsBackend | null = null;
let whyNot = "";
try {
  available = await createTensorflowBackend();
} catch (error) {
  whyNot = (error as Error).message;
}
if (available === null) {
  console.log(`tensorflow backend: SKIPPING the shard-running suite (the only allowed skip) — ${whyNot}. Install one of them to run it.`);
}

describe("tensorflow backend: without the binding", () => {
  it("tensorflow backend: when neither binding is installed, creation fails with the documented one line and the import errors as cause", async () => {
    const tried: string[] = [];
    const error = await createTensorflowBackend({}, async (s) => {
      tried.push(s);
      throw notFound(s);
    }).catch((e: unknown) => e);
    expect(tried).toEqual([TENSORFLOW_PACKAGES.gpu, TENSORFLOW_PACKAGES.cpu]);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).code).toBe("E_UNSUPPORTED");
    expect((error as BackendUnavailableError).backend).toBe("tensorflow");
    expect((error as Error).message).toBe(
      "backend tensorflow: needs @tensorflow/tfjs-node-gpu (CUDA 11.2 / cuDNN 8.1) or @tensorflow/tfjs-node installed; they are optional peers, not dependencies",
    );
    expect(TENSORFLOW_MISSING_MESSAGE).toBe((error as Error).message);
    const cause = (error as Error).cause as AggregateError;
    expect(cause.errors.map((e: Error) => e.message)).toEqual([
      `Cannot find package '${TENSORFLOW_PACKAGES.gpu}' imported from test`,
      `Cannot find package '${TENSORFLOW_PACKAGES.cpu}' imported from test`,
    ]);
  });

  it("tensorflow backend: options.device picks one binding", async () => {
    for (const [device, pkg] of [["gpu", TENSORFLOW_PACKAGES.gpu], ["cpu", TENSORFLOW_PACKAGES.cpu]] as const) {
      const tried: string[] = [];
      await createTensorflowBackend({ device }, async (s) => {
        tried.push(s);
        throw notFound(s);
      }).catch(() => {});
      expect(tried).toEqual([pkg]);
    }
  });

  it("tensorflow backend: a binding that is installed but cannot start says so, naming it", async () => {
    // A module that loads but has no `tensorflow` backend registered (what a broken native install looks like).
    const error = await createTensorflowBackend({ device: "gpu" }, async () => tf).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(
      /^backend tensorflow: @tensorflow\/tfjs-node-gpu is installed but failed to start \(.+\); the gpu binding needs CUDA 11\.2 \/ cuDNN 8\.1$/,
    );
    expect(tf.getBackend()).not.toBe("tensorflow");
  });

  it("tensorflow backend: the registry reports the same error by name; auto never depends on it", async () => {
    const error = await createBackend("tensorflow").catch((e: unknown) => e);
    if (available === null) {
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect((error as Error).message).toBe(whyNot);
    } else {
      expect((error as TfjsBackend).name).toBe("tensorflow");
      await (error as TfjsBackend).close();
    }
    const auto = await createBackend("auto", { workers: 1 });
    expect(auto.name).toBe("pool");
    await auto.close();
  });
});

describe.skipIf(available === null)("tensorflow backend: with the binding", () => {
  it("tensorflow backend: runs a shard whose moments match the exact oracle within 4 SE", async () => {
    const backend = available as TfjsBackend;
    expect(backend.label).toMatch(/^tensorflow-(gpu|cpu)$/);
    const N = 20_000;
    const point = { ...POINTS.vpMoments, mc: { particles: N } };
    const r = await backend.run({ shardId: "tf/vp/r0/b0", pointId: "vp", point, seed: 3, replicate: 0, particleLo: 0, particleHi: N });
    expect(r.status).toBe("done");
    const law = exactOracle(point).iterate;
    expectMomentsMatchLaw("tensorflow", momentsOfStats(r.stats as ExactMomentStats), law.mean, law.var as number[]);
    await backend.close();
  });
});
