/**
 * The experiment point of DESIGN §1 as plain typed data (snake_case keys, as in specs and golden files).
 * Structure is validated at the edges (`@scoresweep/sweep`'s schemas); core trusts these shapes but checks
 * numeric domains in its factories.
 */

/** Forward-SDE choice: `family` plus that family's parameters and the horizon `T` (default 1). */
export interface SdeSpec {
  family: string;
  T?: number;
  [param: string]: number | string | undefined;
}

/** Gaussian data N(mean, diag(std²)) or N(mean, cov); scalars broadcast to `dim`. */
export interface GaussianDataSpec {
  kind: "gaussian";
  dim: number;
  mean: number | number[];
  std?: number | number[];
  cov?: number[][];
}

/** Gaussian mixture Σ_j w_j N(means_j, diag(stds_j²)). */
export interface GmmDataSpec {
  kind: "gmm";
  dim?: number;
  weights: number[];
  means: number[][];
  stds: number[][] | number[] | number;
}

/** Data law p_0. */
export type DataSpec = GaussianDataSpec | GmmDataSpec;

/** Score-error model (DESIGN §1). */
export type ScoreErrorSpec =
  | { kind: "bias"; size: number; direction?: number[] }
  | { kind: "scale"; size: number }
  | { kind: "noise"; size: number; seed?: number };

/** Score model: exact closed form, OU-semigroup Monte Carlo, or a trained network. */
export interface ScoreSpec {
  kind: "exact" | "ou_mc" | "mlp";
  error?: ScoreErrorSpec;
  [param: string]: unknown;
}

/** Reverse-time sampler (DESIGN §1, papers.md §5.3). */
export interface SamplerSpec {
  scheme: "em_point" | "em_integral" | "exponential" | "pf_ode_heun";
  steps?: number;
  delta?: number;
  prior_var?: number;
}

/** What W2 is measured against and how. */
export interface MetricSpec {
  estimator: string;
  target?: "p0" | "p_delta";
  [param: string]: unknown;
}

/** Monte Carlo budget. */
export interface McSpec {
  particles?: number;
  replicates?: number;
  seed?: number;
}

/** One fully specified experiment. */
export interface PointSpec {
  sde: SdeSpec;
  data: DataSpec;
  score: ScoreSpec;
  sampler: SamplerSpec;
  metric: MetricSpec;
  mc?: McSpec;
}
