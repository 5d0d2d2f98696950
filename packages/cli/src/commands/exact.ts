import type { Command } from "commander";
import { exactOracle, streamKey } from "@scoresweep/core";
import { pointId } from "@scoresweep/sweep";
import { readPointArg } from "../io/read-point-arg.js";
import { createOutput } from "../output.js";
import { summarizeIterate } from "../iterate-summary.js";

/** `scoresweep exact`: the exact W2 of the sampler's output law for Gaussian data (papers.md §5.4), no Monte Carlo. */
export function registerExact(program: Command): void {
  program
    .command("exact")
    .description("Exact W2 between the law of the sampler's output and the target, for Gaussian data (no Monte Carlo).")
    .requiredOption("--point <point>", "experiment point: inline JSON, a JSON array, or @file (.json, .jsonl, .yaml)")
    .option("--full", "include the iterate law's full mean and variance (or covariance) in the output", false)
    .option("--json", "one JSON object per point on stdout", false)
    .addHelpText(
      "after",
      `
Example:
  scoresweep exact --json --point '{"sde":{"family":"vp_linear","beta_min":0.1,"beta_max":20,"T":1},
    "data":{"kind":"gaussian","dim":10,"mean":1,"std":0.5},"score":{"kind":"exact"},
    "sampler":{"scheme":"em_point","steps":100,"delta":0.001,"prior_var":1},"metric":{"estimator":"exact","target":"p0"}}'

Output fields: w2 (W2, not squared), w2_mean_part and w2_std_part (the squared mean and spread parts of W2²),
eta (step size), and a summary of the iterate law N(mean, var).
A noise score error without its own seed is the frozen field of the point's stream (mc.seed, default 0, and the
point id): the field simulate's kernels and its w2_exact use for the same point.`,
    )
    .action((opts: { point: string; full: boolean; json: boolean }) => {
      const out = createOutput(opts.json);
      for (const point of readPointArg(opts.point)) {
        const id = pointId(point);
        const r = exactOracle(point, { pointKey: streamKey(point.mc?.seed ?? 0, id) });
        out.record({
          point_id: id,
          family: point.sde.family,
          scheme: point.sampler.scheme,
          dim: point.data.dim,
          steps: r.steps,
          eta: r.eta,
          target: r.target,
          w2: r.w2,
          w2_mean_part: r.w2_mean_part,
          w2_std_part: r.w2_std_part,
          ...summarizeIterate(r.iterate, opts.full),
        });
      }
    });
}
