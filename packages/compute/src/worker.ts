/**
 * The piscina worker entry (compiled to `dist/worker.js`; see `backends/pool/worker-entry.ts` for how the pool
 * finds it). A request is one {@link ShardTask}, or an array of small ones run back to back (the pool batches tasks
 * whose work is far below the cost of a round trip, `pool-batches.ts`); each task gets a {@link WorkerReply}:
 *
 * - success: the kernel's {@link ShardResult}, its typed arrays *moved* to the main thread (piscina's `move()` on a
 *   Transferable whose transfer list is the result's own buffers: no copy of sample sets);
 * - failure: the error as plain data ({@link SerializedError}), because structured cloning would drop its class and
 *   stable `code`; the main side rebuilds it with the original as `cause`.
 *
 * This module must stay light: it is loaded once per thread, and imports only the kernel (never TensorFlow.js).
 */
import { move, Piscina, transferableSymbol, valueSymbol } from "piscina";
import type { BackendChoice } from "./impl/simulate-range.js";
import { runShard } from "./run-shard.js";
import type { ShardResult, ShardTask } from "./shard-task.js";
import { serializeError, type SerializedError } from "./backends/pool/worker-error.js";
import { transferList } from "./backends/pool/transfer-list.js";

/** What the pool gives every worker at start (piscina's `workerData`). */
export interface PoolWorkerData {
  /** The fused kernel to run (`runShard`'s `backend` option). */
  kernel: BackendChoice;
}

/** This thread's kernel choice, read once (piscina sets `workerData` before loading this module). */
const kernel: BackendChoice = (Piscina.workerData as PoolWorkerData | undefined)?.kernel ?? "auto";

/**
 * What a worker posts back for one task; `workerMs` is the time spent in this handler (ms), so the main side can
 * tell the pool's own per-task overhead (round trip minus handler time) from the work.
 */
export type WorkerReply = { ok: true; result: ShardResult; workerMs: number } | { ok: false; error: SerializedError; workerMs: number };

/** Runs one task, appending the buffers its result owns to `buffers`. Never throws. */
function runOne(task: ShardTask, buffers: ArrayBuffer[]): WorkerReply {
  const t0 = performance.now();
  try {
    const result = runShard(task, { backend: kernel });
    for (const b of transferList(result)) buffers.push(b);
    return { ok: true, result, workerMs: performance.now() - t0 };
  } catch (error) {
    return { ok: false, error: serializeError(error), workerMs: performance.now() - t0 };
  }
}

/**
 * Runs one shard, or a batch of shards in order, in this worker thread (the piscina handler). Never throws:
 * failures are replies, one per task.
 */
export default function runShardInWorker(request: ShardTask | ShardTask[]): WorkerReply | WorkerReply[] {
  const buffers: ArrayBuffer[] = [];
  const reply = Array.isArray(request) ? request.map((task) => runOne(task, buffers)) : runOne(request, buffers);
  if (buffers.length === 0) return reply;
  // A Transferable (piscina's protocol): the value posted is `reply`, the transfer list `buffers` (distinct: each
  // result owns its own). `move` marks it so piscina unwraps it instead of cloning the wrapper.
  const movable = { [transferableSymbol]: buffers, [valueSymbol]: reply };
  return move(movable as Parameters<typeof move>[0]) as unknown as WorkerReply | WorkerReply[];
}
