// Result buffers are moved from the worker, not copied: the transfer list holds exactly the buffers the result owns,
// and a view into a larger buffer (e.g. kernel scratch) is replaced by a copy first, so moving never detaches
// memory the worker still uses.
import { describe, expect, it } from "vitest";
import { transferList } from "../src/backends/pool/transfer-list.js";
import type { ExactMomentStats, SampleStats, ShardResult } from "../src/shard-task.js";

function result(stats: ExactMomentStats | SampleStats | null): ShardResult {
  return { shardId: "s", status: stats === null ? "diverged" : "done", divergedAtStep: stats === null ? 3 : null, stats, particles: 4, kernelMs: 0, backend: "js" };
}

describe("pool transfer list", () => {
  it("pool transfer list: moves every owned buffer of moment stats; the receiver gets the values, the sender is detached", () => {
    const stats: ExactMomentStats = {
      kind: "moments",
      n: 4,
      dim: 2,
      shift: new Float64Array([1, 2]),
      diagonalOnly: true,
      sums: new Float64Array([0.5, 1e-20, 3]),
      offsets: new Uint32Array([0, 2, 3, 3, 3]),
    };
    const r = result(stats);
    const list = transferList(r);
    expect(list).toHaveLength(3);
    expect(new Set(list)).toEqual(new Set([stats.shift.buffer, stats.sums.buffer, stats.offsets.buffer]));
    const received = structuredClone(r, { transfer: list });
    expect(Array.from((received.stats as ExactMomentStats).sums)).toEqual([0.5, 1e-20, 3]);
    expect(Array.from((received.stats as ExactMomentStats).offsets)).toEqual([0, 2, 3, 3, 3]);
    // Moved, not copied: the sender's buffers are detached.
    expect(stats.sums.byteLength).toBe(0);
    expect(stats.shift.byteLength).toBe(0);
  });

  it("pool transfer list: a view into a larger buffer is replaced by a copy, leaving the larger buffer intact", () => {
    const scratch = new Float64Array(100).fill(7);
    const samples = scratch.subarray(10, 16);
    const stats: SampleStats = { kind: "samples", n: 3, dim: 2, indices: new Uint32Array([0, 5, 9]), samples };
    const r = result(stats);
    const list = transferList(r);
    expect(list).not.toContain(scratch.buffer);
    expect((r.stats as SampleStats).samples).not.toBe(samples);
    expect((r.stats as SampleStats).samples.byteLength).toBe(48);
    const received = structuredClone(r, { transfer: list });
    expect(Array.from((received.stats as SampleStats).samples)).toEqual([7, 7, 7, 7, 7, 7]);
    expect(scratch.byteLength).toBe(800);
  });

  it("pool transfer list: two arrays on one buffer are not listed twice (postMessage would throw)", () => {
    const buf = new Float64Array(4);
    const stats = { kind: "samples", n: 2, dim: 2, indices: new Uint32Array(2), samples: buf } as SampleStats;
    (stats as unknown as Record<string, unknown>).alias = buf;
    const list = transferList(result(stats));
    expect(list.filter((b) => b === buf.buffer)).toHaveLength(1);
    expect(() => structuredClone(result(stats), { transfer: list })).not.toThrow();
  });

  it("pool transfer list: a diverged result has nothing to move", () => {
    expect(transferList(result(null))).toEqual([]);
  });
});
