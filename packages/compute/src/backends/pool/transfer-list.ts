/**
 * The buffers a worker moves (transfers, never copies) back with a shard result (STYLE: piscina — typed arrays
 * moved, not copied). Transferring detaches a buffer on the sending side, so only buffers a result owns outright
 * may go: a typed array that views part of a larger buffer (e.g. a kernel's reusable scratch) is first replaced in
 * the result by a copy of just its bytes, and a `SharedArrayBuffer` is left to structured cloning (it is shared,
 * not copied, anyway).
 */
import type { ShardResult } from "../../shard-task.js";

type View = Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array;

function isView(x: unknown): x is View {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/**
 * Returns the distinct `ArrayBuffer`s behind the typed arrays of `result.stats`, after replacing in place every
 * typed array that does not span its whole buffer by a copy that does. The list has no duplicates (a duplicate
 * makes `postMessage` throw `DataCloneError`).
 */
export function transferList(result: ShardResult): ArrayBuffer[] {
  const stats = result.stats as unknown as Record<string, unknown> | null;
  if (stats === null || typeof stats !== "object") return [];
  const seen = new Set<ArrayBuffer>();
  for (const key of Object.keys(stats)) {
    let v = stats[key];
    if (!isView(v)) continue;
    if (!(v.buffer instanceof ArrayBuffer)) continue; // SharedArrayBuffer: cloned by reference, cannot be transferred
    if (v.byteOffset !== 0 || v.byteLength !== v.buffer.byteLength || seen.has(v.buffer)) {
      v = v.slice() as View;
      stats[key] = v;
    }
    seen.add((v as View).buffer as ArrayBuffer);
  }
  return [...seen];
}
