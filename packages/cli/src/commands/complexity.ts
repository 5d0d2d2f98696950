import type { Command } from "commander";
import { complexitySearch, geometricGrid, streamKey } from "@scoresweep/core";
import { pointId } from "@scoresweep/sweep";
import { readPointArg } from "../io/read-point-arg.js";
import { createOutput } from "../output.js";
import { parseGrid } from "../parse-grid.js";
import { parsePositiveList } from "../parse-options.js";

/** `scoresweep complexity`: the fewest steps K on a geometric grid whose exact W2 is at most ε, per ε. */
export function registerComplexity(program: Command): void {
  program
    .command("complexity")
    .description("Iteration complexity: the fewest steps K on a geometric grid with exact W2 <= eps, for each eps.")
    .requiredOption("--point <point>", "experiment point (sampler.steps is ignored): inline JSON, a JSON array, or @file")
    .requiredOption("--eps <list>", "comma-separated accuracies, e.g. 0.5,0.2,0.1")
    .option("--grid <min:max:ratio>", "geometric step grid K_j = floor(min*ratio^j + 0.5) <= max, duplicates removed", "2:100000:1.25")
    .option("--json", "one JSON object per point and eps on stdout", false)
    .addHelpText(
      "after",
      `\nsteps is null when no K on the grid reaches eps. A noise score error without its own seed is the frozen field of
the point's stream (mc.seed, default 0, and the printed point_id), the same for every K.`,
    )
    .action((opts: { point: string; eps: string; grid: string; json: boolean }) => {
      const eps = parsePositiveList("--eps", opts.eps);
      const g = parseGrid("--grid", opts.grid);
      const grid = geometricGrid(g.min, g.max, g.ratio);
      const out = createOutput(opts.json);
      for (const point of readPointArg(opts.point)) {
        const id = pointId({ ...point, sampler: { ...point.sampler, steps: undefined } });
        // One frozen noise field for the whole curve: keyed by the steps-free id, not by each K's point.
        for (const row of complexitySearch(point, eps, grid, { pointKey: streamKey(point.mc?.seed ?? 0, id) })) {
          out.record({ point_id: id, family: point.sde.family, dim: point.data.dim, eps: row.eps, steps: row.steps });
        }
      }
    });
}
