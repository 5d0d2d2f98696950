import type { Command } from "commander";
import { openResultStore } from "../open-store.js";
import { createOutput } from "../output.js";

/** `scoresweep status --db FILE`: campaign progress and failures. */
export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("Show campaign progress and failed shards from a results database.")
    .requiredOption("--db <file>", "results database")
    .option("--json", "one JSON object per campaign", false)
    .action((opts: { db: string; json: boolean }) => {
      const store = openResultStore(opts.db, { readonly: true });
      const out = createOutput(opts.json);
      try {
        for (const c of store.listCampaigns()) {
          const p = store.campaignProgress(c.id);
          const failed = store.listShards(c.id, { statuses: ["failed"], limit: 20 });
          out.record({
            campaign: c.id,
            status: c.status,
            seed: c.seed,
            points: p.points,
            aggregated: p.aggregates,
            shards_total: p.shards.total,
            shards_done: p.shards.done,
            shards_diverged: p.shards.diverged,
            shards_pending: p.shards.pending + p.shards.running,
            shards_failed: p.shards.failed,
            failures: failed.map((s) => ({ shard: s.shardId, attempts: s.attempts, error: s.error })),
          });
        }
      } finally {
        store.close();
      }
    });
}
