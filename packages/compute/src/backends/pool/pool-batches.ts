/**
 * Batching of small shards for `PoolBackend.runMany`. A round trip to a worker costs tens to hundreds of
 * microseconds (cloning the task, waking a thread, moving the result back; more on a loaded host), which would
 * dominate shards with little work — e.g. small points in a sweep, or the tail block of a point. `runMany` therefore
 * sends consecutive small tasks as one request, run back to back by one worker, so the round trip is paid once per
 * batch. Results and errors stay per task, and a shard's statistics do not depend on whether it was batched (they
 * depend only on the task).
 *
 * Work is estimated as particles × dimension × steps (× components for a mixture, × 2 for Heun's two score
 * evaluations): proportional to the kernel's time, known before running, and never validated here (a task whose
 * size cannot be read is sent alone and fails, if it must, on its own).
 */
import type { ShardTask } from "../../shard-task.js";

/** Tasks with at most this much work (particle·dimension·steps) are batched: well under a round trip's cost. */
export const SMALL_TASK_WORK = 50_000;
/** A batch closes when its work would exceed this... */
export const BATCH_WORK = 200_000;
/** ...or when it holds this many tasks. */
export const MAX_BATCH_TASKS = 64;

/** The work estimate of `task` (see the module comment), or null when its size cannot be read. */
export function taskWork(task: ShardTask): number | null {
  const point = task?.point;
  const n = task?.particleHi - task?.particleLo;
  const K = point?.sampler?.steps;
  const data = point?.data;
  let d: unknown;
  let components = 1;
  if (data?.kind === "gaussian") {
    d = data.dim;
  } else if (data?.kind === "gmm") {
    d = Array.isArray(data.means) && Array.isArray(data.means[0]) ? data.means[0].length : undefined;
    components = Array.isArray(data.weights) ? Math.max(1, data.weights.length) : 1;
  }
  if (typeof d !== "number" || typeof K !== "number" || !Number.isFinite(n) || !(n > 0) || !(d > 0) || !(K > 0)) return null;
  const heun = point.sampler.scheme === "pf_ode_heun" ? 2 : 1;
  return n * d * K * components * heun;
}

/**
 * Splits task indices 0..tasks.length−1, in order, into groups: every task that is not small is a group of its
 * own; consecutive small tasks share a group up to {@link BATCH_WORK} and {@link MAX_BATCH_TASKS}.
 */
export function planBatches(tasks: readonly ShardTask[]): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let work = 0;
  const flush = (): void => {
    if (current.length > 0) groups.push(current);
    current = [];
    work = 0;
  };
  for (let i = 0; i < tasks.length; i++) {
    const w = taskWork(tasks[i]);
    if (w === null || w > SMALL_TASK_WORK) {
      flush();
      groups.push([i]);
      continue;
    }
    if (current.length >= MAX_BATCH_TASKS || work + w > BATCH_WORK) flush();
    current.push(i);
    work += w;
  }
  flush();
  return groups;
}
