// Batching of small shards in PoolBackend.runMany: which tasks travel together, and that a batch's results and
// errors are each task's own (the statistics never depend on batching).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidParameterError } from "@scoresweep/core";
import { createJsBackend } from "../src/backends/js/js-backend.js";
import { BATCH_WORK, MAX_BATCH_TASKS, planBatches, SMALL_TASK_WORK, taskWork } from "../src/backends/pool/pool-batches.js";
import { createPoolBackend, type PoolBackend } from "../src/backends/pool/pool-backend.js";
import type { ShardTask } from "../src/shard-task.js";
import { shardsOf, tinyTask } from "./fixtures/shard-tasks.js";
import { expectSameResult } from "./same-result.js";

/** A tiny task with a given work (particles × d × K) by choosing K. */
function withWork(i: number, work: number): ShardTask {
  const t = tinyTask(i);
  return { ...t, point: { ...t.point, sampler: { ...t.point.sampler, steps: work } } };
}

describe("pool batches: planning", () => {
  it("pool batches: work is particles × dimension × steps (× components, × 2 for Heun); unreadable sizes are null", () => {
    expect(taskWork(shardsOf("vpMoments", [512, 1024])[0])).toBe(512 * 10 * 50);
    expect(taskWork(shardsOf("gmmHeun", [512])[0])).toBe(512 * 2 * 30 * 3 * 2);
    expect(taskWork(tinyTask(0))).toBe(1);
    expect(taskWork({ ...tinyTask(0), point: { ...tinyTask(0).point, sampler: { scheme: "em_point" } } })).toBeNull();
    expect(taskWork(null as never)).toBeNull();
  });

  it("pool batches: large tasks go alone, consecutive small ones share a batch up to the work and count limits", () => {
    const big = shardsOf("vpMoments", [])[0];
    const tasks = [withWork(0, 10), withWork(1, 10), big, withWork(2, SMALL_TASK_WORK), withWork(3, SMALL_TASK_WORK), withWork(4, SMALL_TASK_WORK), withWork(5, SMALL_TASK_WORK), withWork(6, SMALL_TASK_WORK), withWork(7, 1)];
    expect(BATCH_WORK).toBe(4 * SMALL_TASK_WORK);
    expect(planBatches(tasks)).toEqual([[0, 1], [2], [3, 4, 5, 6], [7, 8]]);
    const many = Array.from({ length: 2 * MAX_BATCH_TASKS + 1 }, (_, i) => tinyTask(i));
    expect(planBatches(many).map((g) => g.length)).toEqual([MAX_BATCH_TASKS, MAX_BATCH_TASKS, 1]);
    expect(planBatches([])).toEqual([]);
  });
});

describe("pool batches: running", () => {
  let pool: PoolBackend;
  beforeAll(() => {
    pool = createPoolBackend({ workers: 2 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it("pool batches: batched small tasks give bitwise the in-thread results, in task order", async () => {
    const js = createJsBackend();
    const tasks = [...Array.from({ length: 150 }, (_, i) => tinyTask(i)), ...shardsOf("fullCov", [256]), ...shardsOf("veBiasSamples", [256, 768])];
    expect(planBatches(tasks).some((g) => g.length > 1)).toBe(true);
    const before = pool.timing.tasks;
    const got = await pool.runMany(tasks);
    expect(pool.timing.tasks - before).toBe(tasks.length);
    for (let i = 0; i < tasks.length; i++) expectSameResult(got[i], await js.run(tasks[i]));
    await js.close();
  });

  it("pool batches: a failing task inside a batch rejects runMany with its own rebuilt error", async () => {
    // Small and readable (so it is batched), but invalid: a negative early-stopping time.
    const bad = { ...tinyTask(5), shardId: "test/tiny/bad", point: { ...tinyTask(5).point, sampler: { scheme: "em_point" as const, steps: 1, delta: -1 } } };
    const tasks = [tinyTask(1), tinyTask(2), bad, tinyTask(3)];
    expect(planBatches(tasks)).toEqual([[0, 1, 2, 3]]);
    const error = await pool.runMany(tasks).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toBe("sampler.delta: the early-stopping time must be a number in (0, T) = (0, 1); got -1");
    expect(((error as Error).cause as Error).stack).toContain("runShardInWorker");
  });
});
