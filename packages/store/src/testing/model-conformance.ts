/**
 * Conformance: random operation sequences against a reference model of the shard lifecycle.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ResultStatus, ShardStatus } from "../store.js";
import type { ConformanceContext } from "./context.js";
import { makeCampaign, makePoint, makeResult, makeShard } from "./fixtures.js";

type Op =
  | { kind: "run"; i: number }
  | { kind: "fail"; i: number; attempts: number }
  | { kind: "commit"; i: number; status: ResultStatus }
  | { kind: "batch"; is: number[]; status: ResultStatus }
  | { kind: "requeue" }
  | { kind: "extend" };

interface ModelShard {
  status: ShardStatus;
  attempts: number;
  result: ResultStatus | null;
}

const SLOTS = 16; // 2 points × 2 replicates × 2 blocks registered first, 8 more on "extend"

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("run" as const), i: fc.nat(SLOTS - 1) }),
  fc.record({ kind: fc.constant("fail" as const), i: fc.nat(SLOTS - 1), attempts: fc.nat(9) }),
  fc.record({ kind: fc.constant("commit" as const), i: fc.nat(SLOTS - 1), status: fc.constantFrom<ResultStatus>("done", "diverged") }),
  fc.record({
    kind: fc.constant("batch" as const),
    is: fc.array(fc.nat(SLOTS - 1), { maxLength: 5 }),
    status: fc.constantFrom<ResultStatus>("done", "diverged"),
  }),
  fc.constant({ kind: "requeue" as const }),
  fc.constant({ kind: "extend" as const }),
);

function shardAt(i: number) {
  // Slots 0..7 are replicates 0–1, slots 8..15 the replicates 2–3 added by "extend".
  const point = i % 2 === 0 ? "p0" : "p1";
  const k = i >> 1;
  return makeShard("c", point, k >> 1, k & 1);
}

/** Model-based tests of the store contract. */
export function modelConformance(ctx: ConformanceContext): void {
  describe("model", () => {
    it("shard lifecycle: random operation sequences agree with a reference model (statuses, attempts, results, counts, pending order)", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
          const store = await ctx.fresh();
          store.upsertCampaign(makeCampaign("c"));
          store.registerPoints([makePoint("c", "p0", 0), makePoint("c", "p1", 1)]);
          const model: (ModelShard | null)[] = new Array<ModelShard | null>(SLOTS).fill(null);
          const order: number[] = [];
          const register = (from: number, to: number) => {
            const fresh: number[] = [];
            for (let i = from; i < to; i++) if (model[i] === null) fresh.push(i);
            expect(store.registerShards(Array.from({ length: to - from }, (_, k) => shardAt(from + k)))).toBe(fresh.length);
            for (const i of fresh) {
              model[i] = { status: "pending", attempts: 0, result: null };
              order.push(i);
            }
          };
          register(0, 8);
          const final = (m: ModelShard) => m.status === "done" || m.status === "diverged";
          for (const o of ops) {
            if (o.kind === "extend") register(8, SLOTS);
            else if (o.kind === "requeue") {
              let n = 0;
              for (const m of model) if (m !== null && m.status === "running") (m.status = "pending"), n++;
              expect(store.requeueRunning("c")).toBe(n);
            } else if (o.kind === "batch") {
              const known = o.is.filter((i) => model[i] !== null);
              const want = known.map((i) => {
                const m = model[i]!;
                if (m.result !== null) return false;
                m.result = o.status;
                m.status = o.status;
                return true;
              });
              expect(store.commitShardResults(known.map((i) => makeResult(shardAt(i).shardId, o.status)))).toEqual(want);
            } else {
              const m = model[o.i];
              const id = shardAt(o.i).shardId;
              if (m === null) continue; // unknown shards are covered by the example tests
              if (o.kind === "run") {
                const changed = !final(m);
                if (changed) (m.status = "running"), m.attempts++;
                expect(store.markRunning(id, "a", 1)).toBe(changed);
              } else if (o.kind === "fail") {
                const changed = !final(m);
                if (changed) (m.status = "failed"), (m.attempts = o.attempts);
                expect(store.markFailed(id, "e", o.attempts)).toBe(changed);
              } else {
                const fresh = m.result === null;
                if (fresh) (m.result = o.status), (m.status = o.status);
                expect(store.commitShardResult(makeResult(id, o.status))).toBe(fresh);
              }
            }
          }
          const counts: Record<string, number> = { pending: 0, running: 0, done: 0, failed: 0, diverged: 0, total: 0 };
          for (let i = 0; i < SLOTS; i++) {
            const m = model[i];
            const id = shardAt(i).shardId;
            if (m === null) {
              expect(store.getShard(id)).toBeUndefined();
              continue;
            }
            counts[m.status]++;
            counts.total++;
            expect(store.getShard(id)).toMatchObject({ status: m.status, attempts: m.attempts });
            expect(store.shardResult(id)?.status ?? null).toBe(m.result);
            expect(final(m)).toBe(m.result !== null);
          }
          expect(store.campaignProgress("c").shards).toEqual(counts);
          expect(store.pendingShards("c").map((s) => s.shardId)).toEqual(
            order.filter((i) => !final(model[i]!)).map((i) => shardAt(i).shardId),
          );
          expect(store.listShards("c").map((s) => s.seq)).toEqual(order.map((_, k) => k + 1));
          store.close();
        }),
        { numRuns: 60, seed: 424242 },
      );
    });
  });
}
