/**
 * The step-grid string of complexity searches (DESIGN §8 `searches.complexity.grid`, DESIGN §7 `--grid`):
 * "MIN:MAX:RATIO", expanded by core's {@link geometricGrid} (K_j = floor(MIN·RATIO^j + 0.5) while MIN·RATIO^j ≤ MAX,
 * duplicates removed — the golden `iteration_complexity` `k_grid_rule`).
 */
import { geometricGrid, invalid } from "@scoresweep/core";

/** The default grid of complexity searches (DESIGN §7, golden `iteration_complexity`: 48 values 2..89683). */
export const DEFAULT_GRID_SPEC = "2:100000:1.25";

const NUMBER = String.raw`\s*(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*`;
const GRID_RE = new RegExp(`^${NUMBER}:${NUMBER}:${NUMBER}$`);

/**
 * Parses "MIN:MAX:RATIO" (e.g. "2:100000:1.25") into the ascending integer step grid (step counts, no unit).
 * Errors: `where` (default `grid`) for a malformed string; `grid.min` / `grid.max` / `grid.ratio` for bad values.
 */
export function parseGridSpec(spec: string, where = "grid"): number[] {
  if (typeof spec !== "string" || !GRID_RE.test(spec)) {
    invalid(where, "the step grid", "MIN:MAX:RATIO with MIN >= 1, MAX >= MIN and RATIO > 1, such as 2:100000:1.25", spec);
  }
  const [min, max, ratio] = spec.split(":").map((s) => Number(s.trim()));
  return geometricGrid(min, max, ratio);
}
