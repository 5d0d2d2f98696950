import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Command } from "commander";
import {
  REPRODUCTIONS,
  buildCampaignReport,
  getAvailableReproduction,
  loadCampaign,
  loadReproductionSpec,
  renderDocumentFiles,
  renderMarkdownTable,
  writeReportFiles,
} from "@scoresweep/report";
import { countPoints } from "@scoresweep/sweep";
import { CliError } from "../cli-error.js";
import { runEmbedded } from "../embedded-run.js";
import { openResultStore } from "../open-store.js";
import { parseIntegerOption } from "../parse-options.js";
import { createProgressReporter } from "../progress.js";

interface ReproduceOpts {
  list: boolean;
  quick: boolean;
  out?: string;
  db?: string;
  workers?: string;
  backend: string;
  json: boolean;
  quiet: boolean;
}

/**
 * `scoresweep reproduce ID [--quick] [--out DIR] [--db FILE]`, `scoresweep reproduce --list` (DESIGN §6–§7): runs a
 * curated, checked-in sweep (`packages/report/reproductions/ID/spec.yaml`, or `quick.yaml`) through the embedded
 * runner into a results database, then its analysis, which writes the paper's table and figures (index.html,
 * table.md, *.csv, *.svg, summary.json) into DIR, plus the campaign's generic report in DIR/campaign/.
 */
export function registerReproduce(program: Command): void {
  program
    .command("reproduce")
    .description("Reproduce a paper table or figure with one command (a checked-in sweep plus its analysis); --list shows them.")
    .argument("[id]", "reproduction id (see --list)")
    .option("--list", "list the reproductions and whether they are available", false)
    .option("--quick", "run the small version (under a minute on 2 cores)", false)
    .option("--out <dir>", "output directory (default: reproduce-ID, or reproduce-ID-quick)")
    .option("--db <file>", "results database (default: DIR/results.db); re-running on it computes only what is missing")
    .option("--workers <n>", "worker threads of the local pool (default: all cores)")
    .option("--backend <name>", "compute backend: pool (worker threads), js (this thread)", "pool")
    .option("--json", "print one JSON object per line: the list, or the reproduction's summary and files", false)
    .option("--quiet", "no progress output", false)
    .addHelpText(
      "after",
      `
Examples:
  scoresweep reproduce --list
  scoresweep reproduce gnz-complexity --quick          # writes reproduce-gnz-complexity-quick/
  scoresweep reproduce gnz-lower-bound --out out/lb    # full run
The headline table is printed; everything is in DIR (index.html, table.md, *.csv, *.svg, summary.json, results.db).`,
    )
    .action(async (id: string | undefined, opts: ReproduceOpts) => {
      if (opts.list) {
        for (const r of REPRODUCTIONS) {
          if (opts.json) process.stdout.write(`${JSON.stringify({ id: r.id, status: r.status, title: r.title, description: r.description, sources: r.sources })}\n`);
          else process.stdout.write(`${r.id.padEnd(16)} ${r.status === "available" ? "available        " : "not yet available"}  ${r.title}\n`);
        }
        return;
      }
      if (id === undefined) throw new CliError("reproduce: ID must be given (or --list); got nothing");
      const rep = getAvailableReproduction(id);
      const { spec } = loadReproductionSpec(id, opts.quick);
      const workers = opts.workers === undefined ? availableParallelism() : parseIntegerOption("--workers", opts.workers, 1, 1024);
      const out = opts.out ?? `reproduce-${id}${opts.quick ? "-quick" : ""}`;
      const db = opts.db ?? join(out, "results.db");
      mkdirSync(out, { recursive: true });
      mkdirSync(dirname(db), { recursive: true });
      const say = (line: string) => {
        if (!opts.quiet) process.stderr.write(`${line}\n`);
      };
      const store = openResultStore(db);
      try {
        say(`reproduce ${id}${opts.quick ? " --quick" : ""}: campaign ${spec.name}, ${countPoints(spec)} points, db ${db}, ${workers} worker(s)`);
        const controller = new AbortController();
        const onSignal = () => {
          say("\nstopping: finishing shards in flight; rerun the same command to resume");
          controller.abort();
        };
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
        const reporter = opts.quiet ? null : createProgressReporter();
        let status: string;
        try {
          const summary = await runEmbedded({ spec, store, backend: opts.backend, backendOptions: { workers }, yes: true, signal: controller.signal, onProgress: (p) => reporter?.update(p) });
          reporter?.done();
          status = summary.status;
        } finally {
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
        }
        if (status === "stopped") {
          process.exitCode = 130;
          return;
        }
        if (status !== "done") throw new CliError(`reproduce: the sweep ${spec.name} must finish; it ended ${status} (see scoresweep status --db ${db})`);

        say("analysing …");
        const doc = rep.analyze({ store, campaignId: spec.name, spec, quick: opts.quick });
        doc.intro.push(
          `Reproduced with: scoresweep reproduce ${id}${opts.quick ? " --quick" : ""} (spec packages/report/reproductions/${id}/${opts.quick ? "quick" : "spec"}.yaml, ` +
            `database ${basename(db)}, campaign ${spec.name}). The campaign's generic report is in campaign/index.html.`,
        );
        const written = writeReportFiles(out, renderDocumentFiles(doc, { markdown: true }));
        written.push(...writeReportFiles(join(out, "campaign"), renderDocumentFiles(buildCampaignReport(loadCampaign(store, spec.name)))));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ reproduction: id, quick: opts.quick, out, db, files: written, summary: doc.summary })}\n`);
        } else {
          const headline = doc.sections[0]?.tables ?? [];
          process.stdout.write(`${doc.title}\n\n${headline.map(renderMarkdownTable).join("\n")}\n`);
        }
        say(`wrote ${out}/index.html, table.md, summary.json, ${written.filter((f) => f.endsWith(".svg")).length} SVG, ${written.filter((f) => f.endsWith(".csv")).length} CSV (and campaign/)`);
      } finally {
        store.close();
      }
    });
}
