import type { Command } from "commander";
import { buildCampaignReport, loadCampaign, renderDocumentFiles, writeReportFiles } from "@scoresweep/report";
import { openResultStore } from "../open-store.js";
import { parseIntegerOption } from "../parse-options.js";
import { resolveCampaign } from "./export.js";

interface ReportOpts {
  db: string;
  campaign?: string;
  out: string;
  maxPlots: string;
  json: boolean;
}

/**
 * `scoresweep report --db FILE [--campaign NAME] --out DIR` (DESIGN §7): writes a campaign's report — `index.html`
 * (self-contained: inline SVG and CSS), one SVG per plot, one CSV per table and `summary.json` (fitted slopes and the
 * plotted data). Reads the database only.
 */
export function registerReport(program: Command): void {
  program
    .command("report")
    .description("Write a campaign's HTML report (tables, log-log SVG plots, fitted slopes) and summary.json into a directory.")
    .requiredOption("--db <file>", "results database")
    .option("--campaign <name>", "campaign name (default: the only campaign in the database)")
    .requiredOption("--out <dir>", "output directory (created if missing; files in it are overwritten)")
    .option("--max-plots <n>", "most plots of each kind; further panels go to summary.json only", "24")
    .option("--json", "print one JSON object: campaign, directory and files written", false)
    .addHelpText(
      "after",
      `
Writes DIR/index.html, DIR/*.svg (W2 vs steps per curve, K*(eps) vs eps and vs d), DIR/*.csv (the tables) and
DIR/summary.json (machine-readable: curves, fitted power-law exponents with 95% CIs). Example:
  scoresweep run examples/vp-vs-ve-exact.yaml --db vp.db && scoresweep report --db vp.db --out vp-report`,
    )
    .action((opts: ReportOpts) => {
      const maxPlots = parseIntegerOption("--max-plots", opts.maxPlots, 1, 10_000);
      const store = openResultStore(opts.db, { readonly: true });
      let campaignId: string;
      let files: Map<string, string>;
      try {
        campaignId = resolveCampaign(store.listCampaigns().map((c) => c.id), opts.campaign, opts.db);
        files = renderDocumentFiles(buildCampaignReport(loadCampaign(store, campaignId), { maxPlots }));
      } finally {
        store.close();
      }
      const written = writeReportFiles(opts.out, files);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ campaign: campaignId, out: opts.out, files: written })}\n`);
      } else {
        const svgs = written.filter((f) => f.endsWith(".svg")).length;
        const csvs = written.filter((f) => f.endsWith(".csv")).length;
        process.stdout.write(`report of campaign ${campaignId}: ${opts.out}/index.html (+ ${svgs} SVG, ${csvs} CSV, summary.json)\n`);
      }
    });
}
