import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { flattenExportRows, toCsv, toJsonLines } from "../export-format.js";
import { openResultStore } from "../open-store.js";

/** `scoresweep export`: one row per point (and per ε), sorted, no timings — byte-identical for equal runs. */
export function registerExport(program: Command): void {
  program
    .command("export")
    .description("Export a campaign's results: one row per point (and per eps of complexity searches), sorted by point id.")
    .requiredOption("--db <file>", "results database")
    .option("--campaign <name>", "campaign name (default: the only campaign in the database)")
    .option("--format <format>", "csv or jsonl", "csv")
    .action((opts: { db: string; campaign?: string; format: string }) => {
      if (opts.format !== "csv" && opts.format !== "jsonl") throw new CliError(`--format: must be one of csv | jsonl; got ${JSON.stringify(opts.format)}`);
      const store = openResultStore(opts.db, { readonly: true });
      try {
        const campaignId = resolveCampaign(store.listCampaigns().map((c) => c.id), opts.campaign, opts.db);
        const records = flattenExportRows(store.exportRows(campaignId));
        process.stdout.write(opts.format === "csv" ? toCsv(records) : toJsonLines(records));
      } finally {
        store.close();
      }
    });
}

/** Picks the campaign: the named one, or the only one. */
export function resolveCampaign(ids: string[], wanted: string | undefined, db: string): string {
  if (wanted !== undefined) {
    if (!ids.includes(wanted)) throw new CliError(`--campaign: must be one of ${ids.join(" | ") || "(none: the database is empty)"}; got ${JSON.stringify(wanted)}`);
    return wanted;
  }
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw new CliError(`--db: ${db} holds no campaign yet`);
  throw new CliError(`--campaign: must name one of ${ids.join(" | ")} (the database holds several)`);
}
