/**
 * The reproductions of DESIGN §6 and their checked-in specs (`packages/report/reproductions/<id>/spec.yaml` for the
 * full run, `quick.yaml` for `--quick`).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseSpecText, type SweepSpec } from "@scoresweep/sweep";
import { ReportError } from "../report-error.js";
import { gnzComplexity } from "./gnz-complexity.js";
import { gnzLowerBound } from "./gnz-lower-bound.js";
import { gnzSchedules } from "./gnz-schedules.js";
import type { AvailableReproduction, Reproduction } from "./reproduction.js";

/** Every reproduction, available ones first. */
export const REPRODUCTIONS: readonly Reproduction[] = [
  gnzComplexity,
  gnzLowerBound,
  gnzSchedules,
  {
    id: "wup-robustness",
    title: "WUP robustness: W1/W2 against score error, early stopping and sample size",
    status: "not yet available",
    description: "needs Monte Carlo sweeps with the empirical (memorising) score and the WUP bound terms; planned",
    sources: "papers.md §2",
  },
  {
    id: "siem-proxy",
    title: "SIEM proxy against W2 over score-error levels",
    status: "not yet available",
    description: "needs the SIEM-proxy estimator (Monte Carlo trajectories); planned",
    sources: "papers.md §3",
  },
  {
    id: "ou-score",
    title: "OU-semigroup Monte Carlo score against the exact GMM score",
    status: "not yet available",
    description: "needs the ou_mc score in Monte Carlo runs; planned",
    sources: "papers.md §4",
  },
];

/** The reproduction `id` (ReportError naming the known ids otherwise). */
export function getReproduction(id: string): Reproduction {
  const r = REPRODUCTIONS.find((x) => x.id === id);
  if (!r) throw new ReportError(`reproduce: ID must be one of ${REPRODUCTIONS.map((x) => x.id).join(" | ")}; got ${JSON.stringify(id)}`);
  return r;
}

/** The reproduction `id` if it can run now (ReportError for an unknown or not-yet-available one). */
export function getAvailableReproduction(id: string): AvailableReproduction {
  const r = getReproduction(id);
  if (r.status !== "available") throw new ReportError(`reproduce: ${id} is not yet available (${r.description}); available: ${REPRODUCTIONS.filter((x) => x.status === "available").map((x) => x.id).join(", ")}`);
  return r;
}

/** Absolute path of a reproduction's checked-in spec (`spec.yaml`, or `quick.yaml` when `quick`). */
export function reproductionSpecPath(id: string, quick: boolean): string {
  // src/reproductions/ and dist/reproductions/ are both two levels below the package root.
  return fileURLToPath(new URL(`../../reproductions/${id}/${quick ? "quick" : "spec"}.yaml`, import.meta.url));
}

/** Reads and validates a reproduction's spec. */
export function loadReproductionSpec(id: string, quick: boolean): { spec: SweepSpec; path: string } {
  const r = getAvailableReproduction(id);
  const path = reproductionSpecPath(r.id, quick);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ReportError(`reproduce: the spec of ${id} must be readable at ${path}; got ${(error as Error).message}`, { cause: error });
  }
  return { spec: parseSpecText(text, path), path };
}
