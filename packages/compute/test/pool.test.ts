// The piscina pool backend: bitwise-identical results to the in-thread `js` backend with 1, 2 and 4 workers (the
// noise is addressed per particle, DESIGN §2), worker errors rebuilt with the original as cause and the stable code
// kept, clean shutdown (close waits; an aborted close destroys), and the per-task overhead measured and printed —
// never asserted (the machines here have 2 busy cores).
import { availableParallelism, loadavg } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidParameterError } from "@scoresweep/core";
import { BackendClosedError, type Backend } from "../src/backend.js";
import { createBackend } from "../src/backend-registry.js";
import { createJsBackend } from "../src/backends/js/js-backend.js";
import { createPoolBackend, type PoolBackend } from "../src/backends/pool/pool-backend.js";
import { WorkerError } from "../src/backends/pool/worker-error.js";
import type { ShardResult, ShardTask } from "../src/shard-task.js";
import { allTasks, invalidTask, shardsOf, tinyTask } from "./fixtures/shard-tasks.js";
import { expectSameResult } from "./same-result.js";

let js: Backend;
let reference: ShardResult[];
const tasks = allTasks();

beforeAll(async () => {
  js = createJsBackend();
  reference = await js.runMany!(tasks);
  // The fixtures cover both outcomes and both statistics.
  expect(reference.some((r) => r.status === "diverged")).toBe(true);
  expect(reference.some((r) => r.stats?.kind === "samples")).toBe(true);
  expect(reference.some((r) => r.stats?.kind === "moments")).toBe(true);
});

afterAll(async () => {
  await js.close();
});

describe.each([1, 2, 4])("pool: %i workers", (workers) => {
  let pool: PoolBackend;
  beforeAll(() => {
    pool = createPoolBackend({ workers });
  });
  afterAll(async () => {
    await pool.close();
    expect(pool.threads).toBe(0);
  });

  it(`pool: ${workers} workers give bitwise the in-thread results (runMany)`, async () => {
    expect(pool.workers).toBe(workers);
    expect(pool.fromSource).toBe(true);
    const got = await pool.runMany(tasks);
    expect(got).toHaveLength(tasks.length);
    for (let i = 0; i < tasks.length; i++) expectSameResult(got[i], reference[i]);
  });

  it(`pool: ${workers} workers give bitwise the in-thread results (concurrent run calls, any completion order)`, async () => {
    const got = await Promise.all([...tasks].reverse().map((t) => pool.run(t)));
    got.reverse();
    for (let i = 0; i < tasks.length; i++) expectSameResult(got[i], reference[i]);
  });

  it(`pool: ${workers} workers, a result's typed arrays arrive as typed arrays owning their whole buffer`, async () => {
    const r = await pool.run(tasks[0]);
    const stats = r.stats as unknown as Record<string, unknown>;
    for (const v of Object.values(stats)) {
      if (!ArrayBuffer.isView(v)) continue;
      expect(v.byteOffset).toBe(0);
      expect(v.byteLength).toBe(v.buffer.byteLength);
    }
  });
});

describe("pool: errors", () => {
  let pool: PoolBackend;
  beforeAll(() => {
    pool = createPoolBackend({ workers: 2 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it("pool: a task that throws in the worker surfaces as the same error class, message and code, with the original as cause", async () => {
    const task = invalidTask();
    const inThread = await js.run(task).catch((e: unknown) => e);
    expect(inThread).toBeInstanceOf(InvalidParameterError);
    const fromPool = await pool.run(task).catch((e: unknown) => e);
    expect(fromPool).toBeInstanceOf(InvalidParameterError);
    expect((fromPool as InvalidParameterError).code).toBe("E_INVALID_PARAMETER");
    expect((fromPool as Error).message).toBe((inThread as Error).message);
    const cause = (fromPool as Error).cause as Error & { code?: string };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe("InvalidParameterError");
    expect(cause.code).toBe("E_INVALID_PARAMETER");
    // The cause's stack is the worker's: it runs through the worker entry.
    expect(cause.stack).toContain("runShardInWorker");
    // The pool is still usable afterwards.
    expectSameResult(await pool.run(tasks[0]), reference[0]);
  });

  it("pool: a task the pool cannot even send becomes a WorkerError naming the shard, with the original as cause", async () => {
    const task = { ...tasks[0], shardId: "test/uncloneable", point: { ...tasks[0].point, extra: () => 1 } } as unknown as ShardTask;
    const error = await pool.run(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect((error as WorkerError).shardId).toBe("test/uncloneable");
    expect((error as Error).message).toMatch(/^backend pool: shard test\/uncloneable failed in a worker: DataCloneError: /);
    expect(((error as Error).cause as Error).name).toBe("DataCloneError");
  });

  it("pool: runMany stops at the first failure and rethrows it after the running tasks settle", async () => {
    const list = [tasks[0], invalidTask(), tasks[1], tasks[2]];
    await expect(pool.runMany(list)).rejects.toThrow(InvalidParameterError);
  });

  it("pool: a run aborted by its signal rejects with AbortError", async () => {
    const ac = new AbortController();
    ac.abort(new Error("stop"));
    const error = await pool.run(tasks[0], { signal: ac.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    // Aborting while queued behind other work: the queued task is dropped.
    const busy = shardsOf("gmmHeun", []).map((t) => pool.run(t));
    const late = new AbortController();
    const queued = pool.run(tasks[0], { signal: late.signal }).catch((e: unknown) => e);
    late.abort();
    expect(((await queued) as Error).name).toBe("AbortError");
    await Promise.all(busy);
  });
});

describe("pool: shutdown", () => {
  it("pool: close waits for every accepted task, then stops the threads; run after close rejects", async () => {
    const pool = createPoolBackend({ workers: 2 });
    const pending = tasks.map((t) => pool.run(t));
    const closed = pool.close();
    const results = await Promise.all(pending);
    await closed;
    for (let i = 0; i < tasks.length; i++) expectSameResult(results[i], reference[i]);
    expect(pool.threads).toBe(0);
    await expect(pool.run(tasks[0])).rejects.toThrow(BackendClosedError);
    await expect(pool.run(tasks[0])).rejects.toThrow("backend pool: the backend is closed; create a new one to run more shards");
    // Idempotent.
    await pool.close();
  });

  it("pool: an aborted close destroys the pool at once: in-flight tasks reject with AbortError", async () => {
    const pool = createPoolBackend({ workers: 1 });
    // Several seconds of work on one thread: it cannot finish before the abort.
    const big = { ...shardsOf("gmmHeun", [])[0], point: { ...shardsOf("gmmHeun", [])[0].point, sampler: { scheme: "em_point" as const, steps: 20_000 } } };
    const pending = [pool.run(big), pool.run(big)].map((p) => p.then(() => "done", (e: Error) => e.name));
    await new Promise((r) => setTimeout(r, 200));
    const ac = new AbortController();
    const closed = pool.close({ signal: ac.signal });
    ac.abort();
    await closed;
    expect(await Promise.all(pending)).toEqual(["AbortError", "AbortError"]);
    expect(pool.threads).toBe(0);
  });

  it("pool: auto creates the pool backend, which closes cleanly", async () => {
    const backend = (await createBackend("auto", { workers: 1 })) as PoolBackend;
    expect(backend.name).toBe("pool");
    expectSameResult(await backend.run(tasks[0]), reference[0]);
    await backend.close();
    expect(backend.threads).toBe(0);
  });
});

describe("pool: overhead", () => {
  it("pool: per-task overhead on tiny tasks is measured and printed (correctness asserted, timing never)", async () => {
    const n = 2000;
    const tiny = Array.from({ length: n }, (_, i) => tinyTask(i));
    const inThread = createJsBackend();
    const pool = createPoolBackend({ workers: 2 });
    try {
      // Warm up both paths (JIT, worker start, module loading).
      for (const t of tiny.slice(0, 200)) await inThread.run(t);
      await pool.runMany(tiny.slice(0, 200));
      for (const t of tiny.slice(0, 200)) await pool.run(t);

      let t0 = performance.now();
      const want: ShardResult[] = [];
      for (const t of tiny) want.push(await inThread.run(t));
      const jsMs = (performance.now() - t0) / n;

      const before = pool.timing;
      t0 = performance.now();
      const sequential: ShardResult[] = [];
      for (const t of tiny) sequential.push(await pool.run(t));
      const seqMs = (performance.now() - t0) / n;
      const after = pool.timing;
      expect(after.tasks - before.tasks).toBe(n);
      const roundTrip = (after.roundTripMs - before.roundTripMs) / n;
      const inWorker = (after.workerMs - before.workerMs) / n;

      const beforeMany = pool.timing;
      t0 = performance.now();
      const pipelined = await pool.runMany(tiny);
      const pipeMs = (performance.now() - t0) / n;
      const afterMany = pool.timing;
      expect(afterMany.tasks - beforeMany.tasks).toBe(n);
      // With the work spread over the workers, wall time beyond handler time / workers is the pool's overhead.
      const manyInWorker = (afterMany.workerMs - beforeMany.workerMs) / n;
      const batchedOverhead = pipeMs - manyInWorker / 2;

      for (let i = 0; i < n; i++) {
        expectSameResult(sequential[i], want[i]);
        expectSameResult(pipelined[i], want[i]);
      }
      const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
      console.log(
        [
          `pool overhead (${n} tiny tasks: d = 1, one particle, one step; 2 workers):`,
          `  in-thread js backend:         ${us(jsMs)} per task (runShard: resolve the point, simulate, pack the sums)`,
          `  pool, one task at a time:     ${us(seqMs)} per task = ${us(inWorker)} in the worker's handler`,
          `                                + ${us(roundTrip - inWorker)} pool overhead (clone task, wake worker, move result back)`,
          `                                + ${us(seqMs - roundTrip)} in the backend's promise plumbing`,
          `  pool, runMany (small tasks batched):  ${us(pipeMs)} per task wall time, ${us(manyInWorker)} per task in handlers`,
          `                                → overhead ${us(batchedOverhead)} per task (wall − handler time / 2 workers)`,
          `  host load average (1 min): ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores; target: overhead < 100 µs per task`,
        ].join("\n"),
      );
    } finally {
      await inThread.close();
      await pool.close();
    }
  });
});
