// Bitwise comparison of shard results (everything but the informational kernelMs).
import { expect } from "vitest";
import type { ShardResult } from "../src/shard-task.js";

function bytes(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Asserts `got` equals `want` bit for bit: status, step, counts, label and every statistic array. */
export function expectSameResult(got: ShardResult, want: ShardResult): void {
  const label = want.shardId;
  expect(got.shardId, label).toBe(want.shardId);
  expect(got.status, label).toBe(want.status);
  expect(got.divergedAtStep, label).toBe(want.divergedAtStep);
  expect(got.particles, label).toBe(want.particles);
  expect(got.backend, label).toBe(want.backend);
  if (want.stats === null) {
    expect(got.stats, label).toBeNull();
    return;
  }
  const g = got.stats as unknown as Record<string, unknown>;
  const w = want.stats as unknown as Record<string, unknown>;
  expect(Object.keys(g).sort(), label).toEqual(Object.keys(w).sort());
  for (const key of Object.keys(w)) {
    const wv = w[key];
    const gv = g[key];
    if (ArrayBuffer.isView(wv)) {
      expect(gv?.constructor, `${label} ${key}`).toBe(wv.constructor);
      const same = Buffer.compare(bytes(gv as ArrayBufferView), bytes(wv)) === 0;
      expect(same, `${label}: stats.${key} differs in its bits`).toBe(true);
    } else {
      expect(gv, `${label} ${key}`).toEqual(wv);
    }
  }
}
