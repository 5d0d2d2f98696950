import { exactOracle, streamKey } from "@scoresweep/core";
import type { Backend, ShardResult, ShardTask } from "@scoresweep/compute";

/**
 * Runs one validated shard task: the exact oracle in-thread for `exact` points (closed form, microseconds to
 * milliseconds — not worth a worker hop), the Monte Carlo backend for everything else.
 */
export async function executeShard(task: ShardTask, backend: Backend, signal?: AbortSignal): Promise<ShardResult> {
  if (task.point.metric.estimator === "exact") {
    const t0 = performance.now();
    // The point's stream key fixes a `noise` score error's frozen field, as the kernels key it.
    const r = exactOracle(task.point, { pointKey: streamKey(task.seed, task.pointId) });
    return {
      shardId: task.shardId,
      status: "done",
      divergedAtStep: null,
      stats: { kind: "exact", w2: r.w2, meanPart: r.w2_mean_part, spreadPart: r.w2_std_part },
      particles: 0,
      kernelMs: performance.now() - t0,
      backend: "oracle",
    };
  }
  return backend.run(task, { signal });
}
