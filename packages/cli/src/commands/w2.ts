/**
 * `scoresweep w2` (DESIGN §7): a Wasserstein distance between two point files, or a point file and a Gaussian
 * target, with any estimator of `@scoresweep/core`'s `w2Estimate`. File formats and the `gaussian:` syntax are in
 * io/read-points.ts. Estimator-specific flags are rejected for other estimators, so a typo never silently changes
 * what is computed.
 */
import type { Command } from "commander";
import {
  gaussianSampler,
  RNG_DOMAIN,
  sampleGaussian,
  streamKey,
  W2_ESTIMATORS,
  w2Estimate,
  w2EstimatorName,
  type GaussianData,
  type PointCloud,
  type W2EstimateOptions,
  type W2EstimatorName,
} from "@scoresweep/core";
import { CliError } from "../cli-error.js";
import { readPoints, readPointsOrGaussian, readWeights } from "../io/read-points.js";
import { createOutput } from "../output.js";
import { parseIntegerOption, parseNumberOption } from "../parse-options.js";

/** Raw options of `scoresweep w2` as commander delivers them. */
interface W2Flags {
  x: string;
  y: string;
  estimator: string;
  projections?: string;
  directions?: string;
  reg?: string;
  seed?: string;
  ddof?: string;
  xWeights?: string;
  yWeights?: string;
  ySamples?: string;
  stopThr?: string;
  maxIter?: string;
  json: boolean;
}

/** Which estimators each estimator-specific flag applies to. */
const FLAG_ESTIMATORS: [flag: keyof W2Flags, name: string, estimators: readonly W2EstimatorName[]][] = [
  ["projections", "--projections", ["sliced", "sliced_w1"]],
  ["directions", "--directions", ["sliced", "sliced_w1"]],
  ["reg", "--reg", ["sinkhorn"]],
  ["stopThr", "--stop-thr", ["sinkhorn"]],
  ["maxIter", "--max-iter", ["sinkhorn"]],
  ["ddof", "--ddof", ["gaussian_fit"]],
  ["xWeights", "--x-weights", ["emd", "emd_w1"]],
  ["yWeights", "--y-weights", ["emd", "emd_w1"]],
];

/** Matrix of `directions` rows as a row-major array (validated by the estimator: unit length, dimension d). */
function readDirections(path: string): Float64Array {
  return readPoints("--directions", path).data;
}

/**
 * `scoresweep w2`: a Wasserstein distance between two samples (or a sample and a Gaussian target) with one of the
 * estimators of `@scoresweep/core` (`w2Estimate`).
 */
export function registerW2(program: Command): void {
  program
    .command("w2")
    .description("Wasserstein distance between two point clouds (or a cloud and a Gaussian target) with a chosen estimator.")
    .requiredOption("--x <file>", "first sample: .json (array of rows), .csv (one point per line, optional header) or .npy (float32/float64)")
    .requiredOption("--y <file|gaussian:...>", "second sample (same formats), or a Gaussian target: gaussian:mean=0,std=1[,dim=D] or gaussian:@target.json")
    .requiredOption("--estimator <name>", `one of ${W2_ESTIMATORS.join(" | ")} (the W1 ones also as w1_sorted_1d, w1_emd, w1_sliced, as in points)`)
    .option("--projections <L>", "sliced: number of random directions (default 100)")
    .option("--directions <file>", "sliced: given directions, one unit vector per row (.json array of rows, .csv, .npy)")
    .option("--reg <eps>", "sinkhorn: entropic regularisation on the squared-distance cost (squared data units); required")
    .option("--stop-thr <t>", "sinkhorn: stop when the marginal violation is below t (default 1e-9)")
    .option("--max-iter <n>", "sinkhorn: iteration cap per problem (default 10000)")
    .option("--ddof <0|1>", "gaussian_fit: covariance normalisation n - ddof (default 1)")
    .option("--x-weights <file>", "emd: weights of the points of x (flat .json array, one-column .csv, 1-D .npy)")
    .option("--y-weights <file>", "emd: weights of the points of y")
    .option("--seed <s>", "seed of the sliced directions and of the samples drawn from a Gaussian --y (default 0)")
    .option("--y-samples <n>", "points drawn from a Gaussian --y for sample-based estimators (default: as many as --x)")
    .option("--json", "print one JSON object", false)
    .addHelpText(
      "after",
      `
Output: estimator, w2 (W2, never squared; for sliced the sliced W2, for sinkhorn the square root of the debiased
divergence) or w1 for the *_w1 estimators, plus n_x, n_y, d and the estimator's diagnostics (w2_squared,
projections, sinkhorn_divergence, reg, converged, ...). gaussian_fit against gaussian:... is the closed-form Bures
distance of the fitted Gaussian; other estimators draw --y-samples points of the target (seed --seed).

Example:
  scoresweep w2 --x samples.npy --y gaussian:mean=0,std=1 --estimator sliced --projections 500 --json`,
    )
    .action((flags: W2Flags) => {
      // Either spelling of a W1 estimator (`emd_w1` or a point's `w1_emd`): core's one map gives w2Estimate's name.
      const estimator = w2EstimatorName(flags.estimator);
      if (estimator === null) {
        throw new CliError(`--estimator: must be one of ${W2_ESTIMATORS.join(" | ")}; got ${JSON.stringify(flags.estimator)}`);
      }
      for (const [flag, name, allowed] of FLAG_ESTIMATORS) {
        if (flags[flag] !== undefined && !allowed.includes(estimator)) {
          throw new CliError(`${name}: applies only to --estimator ${allowed.join(" | ")}; got --estimator ${estimator}`);
        }
      }
      if (flags.projections !== undefined && flags.directions !== undefined) {
        throw new CliError("--projections: must not be combined with --directions (random or given directions, not both)");
      }
      if (estimator === "sinkhorn" && flags.reg === undefined) throw new CliError("--reg: must be given for --estimator sinkhorn");
      const seed = flags.seed === undefined ? undefined : parseIntegerOption("--seed", flags.seed, 0);

      const x = readPoints("--x", flags.x);
      const yArg = readPointsOrGaussian("--y", flags.y, x.d);
      const options: W2EstimateOptions = { estimator };
      if (flags.projections !== undefined) options.projections = parseIntegerOption("--projections", flags.projections, 1);
      if (flags.directions !== undefined) options.directions = readDirections(flags.directions);
      if (flags.reg !== undefined) options.reg = parseNumberOption("--reg", flags.reg, { positive: true });
      if (flags.stopThr !== undefined) options.stopThr = parseNumberOption("--stop-thr", flags.stopThr, { positive: true });
      if (flags.maxIter !== undefined) options.maxIter = parseIntegerOption("--max-iter", flags.maxIter, 1);
      if (flags.ddof !== undefined) options.ddof = parseIntegerOption("--ddof", flags.ddof, 0, 1) as 0 | 1;
      if (flags.xWeights !== undefined) options.weightsX = readWeights("--x-weights", flags.xWeights);
      if (flags.yWeights !== undefined) options.weightsY = readWeights("--y-weights", flags.yWeights);
      if ((estimator === "sliced" || estimator === "sliced_w1") && options.directions === undefined) options.seed = seed ?? 0;

      const sampled = yArg.kind === "gaussian" && estimator !== "gaussian_fit";
      if (seed !== undefined && !sampled && options.seed === undefined) {
        throw new CliError("--seed: applies only to random sliced directions or to a Gaussian --y that is sampled; got neither");
      }
      if (flags.ySamples !== undefined && !sampled) {
        throw new CliError(
          yArg.kind === "gaussian"
            ? "--y-samples: does not apply to --estimator gaussian_fit (the Gaussian target is used in closed form)"
            : "--y-samples: applies only when --y is a Gaussian target (gaussian:...)",
        );
      }
      let y: PointCloud | GaussianData;
      let yInfo: Record<string, unknown>;
      if (yArg.kind === "points") {
        y = yArg.cloud;
        yInfo = { n_y: y.n, y: "sample" };
      } else {
        const law = yArg.law;
        if (law.dim !== x.d) throw new CliError(`--y: the Gaussian target must have the dimension of --x (${x.d}); got dim ${law.dim}`);
        if (!sampled) {
          y = law;
          yInfo = { n_y: null, y: "gaussian" };
        } else {
          const n = flags.ySamples === undefined ? x.n : parseIntegerOption("--y-samples", flags.ySamples, 1);
          const s = seed ?? 0;
          y = { n, d: law.dim, data: sampleGaussian(gaussianSampler(law), n, streamKey(s, "", RNG_DOMAIN.dataSample), 0) };
          yInfo = { n_y: n, y: "gaussian_samples", y_samples: n, y_seed: s };
        }
      }
      const result = w2Estimate(x, y, options);
      const { target: _target, ...details } = result.details;
      const record: Record<string, unknown> = { estimator, [result.metric]: result.value, n_x: x.n, ...yInfo, d: x.d, ...details };
      createOutput(flags.json).record(record);
    });
}
