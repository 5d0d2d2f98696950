/** What a curated reproduction is (DESIGN §6): a checked-in spec (full and `--quick`) plus an analysis. */
import type { ResultStore } from "@scoresweep/store";
import type { SweepSpec } from "@scoresweep/sweep";
import type { ReportDocument } from "../html/report-document.js";

/** What an analysis reads. */
export interface AnalysisContext {
  /** The results store the reproduction's sweep was run into. */
  store: ResultStore;
  /** The campaign of that sweep (the spec's name). */
  campaignId: string;
  /** The spec that was run. */
  spec: SweepSpec;
  /** True for the `--quick` variant. */
  quick: boolean;
}

/** A reproduction that can run now. */
export interface AvailableReproduction {
  id: string;
  title: string;
  status: "available";
  /** One line for `reproduce --list`. */
  description: string;
  /** The paper items it reproduces (papers.md sections). */
  sources: string;
  /** Builds the page, tables, figures and summary from the finished sweep. */
  analyze(ctx: AnalysisContext): ReportDocument;
}

/** A reproduction listed in DESIGN §6 that is not implemented yet (listed so users know it is planned). */
export interface PlannedReproduction {
  id: string;
  title: string;
  status: "not yet available";
  description: string;
  sources: string;
}

/** Either kind. */
export type Reproduction = AvailableReproduction | PlannedReproduction;
