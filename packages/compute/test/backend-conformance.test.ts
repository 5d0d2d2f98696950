// One suite, every backend (STYLE: TensorFlow.js runs one test suite against every backend): the contract of
// `Backend` — result shape per statistic, diverged runs as results, invalid tasks as the kernel's errors, task
// order in runMany, abort, close. Numbers are compared elsewhere (pool: bitwise; tfjs: statistically).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendClosedError, type Backend } from "../src/backend.js";
import { createBackend } from "../src/backend-registry.js";
import type { ShardResult } from "../src/shard-task.js";
import { invalidTask, POINTS, shardsOf } from "./fixtures/shard-tasks.js";

const BACKENDS: Array<[string, () => Promise<Backend>]> = [
  ["js", () => createBackend("js")],
  ["pool", () => createBackend("pool", { workers: 2 })],
  ["tfjs (cpu)", () => createBackend("tfjs", { engine: "cpu" })],
  ["tfjs (wasm)", () => createBackend("tfjs", { engine: "wasm" })],
];

/** Small shards of every kind of outcome. */
const moments = shardsOf("fullCov", [256]);
const samples = shardsOf("veBiasSamples", [512]);
const mixture = shardsOf("gmmHeun", [256, 512]).slice(0, 1);
const diverging = shardsOf("diverging", []);

function expectResultShape(r: ShardResult, lo: number, hi: number): void {
  expect(r.particles).toBe(hi - lo);
  expect(typeof r.backend).toBe("string");
  expect(r.backend.length).toBeGreaterThan(0);
  expect(Number.isFinite(r.kernelMs) && r.kernelMs >= 0).toBe(true);
}

describe.each(BACKENDS)("backend conformance: %s", (label, make) => {
  let backend: Backend;
  let invalidMessage: string;
  beforeAll(async () => {
    backend = await make();
    const js = await createBackend("js");
    invalidMessage = ((await js.run(invalidTask()).catch((e: unknown) => e)) as Error).message;
    await js.close();
  });
  afterAll(async () => {
    await backend.close();
  });

  it(`backend conformance: ${label} returns moment statistics for gaussian_fit`, async () => {
    for (const t of [...moments, ...mixture]) {
      const r = await backend.run(t);
      expect(r.shardId).toBe(t.shardId);
      expect(r.status).toBe("done");
      expect(r.divergedAtStep).toBeNull();
      expectResultShape(r, t.particleLo, t.particleHi);
      expect(r.stats?.kind).toBe("moments");
      if (r.stats?.kind !== "moments") return;
      const d = r.stats.dim;
      expect(r.stats.n).toBe(t.particleHi - t.particleLo);
      expect(r.stats.shift).toBeInstanceOf(Float64Array);
      expect(r.stats.shift.length).toBe(d);
      expect(r.stats.sums).toBeInstanceOf(Float64Array);
      expect(r.stats.offsets).toBeInstanceOf(Uint32Array);
      expect(r.stats.offsets.length).toBe((r.stats.diagonalOnly ? 2 * d : d + (d * (d + 1)) / 2) + 1);
    }
  });

  it(`backend conformance: ${label} returns the subsample by global index for sample estimators`, async () => {
    for (const t of samples) {
      const r = await backend.run(t);
      expectResultShape(r, t.particleLo, t.particleHi);
      expect(r.stats?.kind).toBe("samples");
      if (r.stats?.kind !== "samples") return;
      const { n, dim, indices, samples: x } = r.stats;
      expect(dim).toBe(5);
      expect(indices).toBeInstanceOf(Uint32Array);
      expect(x).toBeInstanceOf(Float64Array);
      expect(x.length).toBe(n * dim);
      for (let i = 0; i < n; i++) {
        expect(indices[i]).toBeGreaterThanOrEqual(t.particleLo);
        expect(indices[i]).toBeLessThan(t.particleHi);
        if (i > 0) expect(indices[i]).toBeGreaterThan(indices[i - 1]);
      }
      expect(x.every(Number.isFinite)).toBe(true);
    }
  });

  it(`backend conformance: ${label} reports a diverging run as a diverged result, with the step`, async () => {
    const r = await backend.run(diverging[0]);
    expectResultShape(r, 0, 300);
    expect(r.status).toBe("diverged");
    expect(r.stats).toBeNull();
    expect(Number.isInteger(r.divergedAtStep)).toBe(true);
    expect(r.divergedAtStep).toBeGreaterThanOrEqual(1);
    expect(r.divergedAtStep).toBeLessThanOrEqual(POINTS.diverging.sampler.steps as number);
  });

  it(`backend conformance: ${label} rejects an invalid task with the kernel's error class, code and message`, async () => {
    const error = await backend.run(invalidTask()).catch((e: unknown) => e);
    expect((error as Error).name).toBe("InvalidParameterError");
    expect((error as { code?: string }).code).toBe("E_INVALID_PARAMETER");
    expect((error as Error).message).toBe(invalidMessage);
  });

  it(`backend conformance: ${label} runMany keeps task order`, async () => {
    const tasks = [...samples, ...moments, diverging[0]];
    const results = await (backend.runMany ? backend.runMany(tasks) : Promise.all(tasks.map((t) => backend.run(t))));
    expect(results.map((r) => r.shardId)).toEqual(tasks.map((t) => t.shardId));
  });

  it(`backend conformance: ${label} rejects an already aborted run with AbortError`, async () => {
    const error = await backend.run(moments[0], { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
  });

  it(`backend conformance: ${label} close is idempotent and later runs reject with BackendClosedError`, async () => {
    const b = await make();
    await b.run(moments[0]);
    await b.close();
    await b.close();
    const error = await b.run(moments[0]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendClosedError);
    expect((error as BackendClosedError).code).toBe("E_BACKEND_CLOSED");
  });
});
