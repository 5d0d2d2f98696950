/**
 * The table of forward-SDE families (DESIGN §1; papers.md §1(e), §5.1): each family's parameters, their
 * defaults and constraints, as plain data the CLI and the spec schema can list. `makeSchedule` enforces it.
 * Every family also takes the horizon `T` (default 1). Time t is absolute (in [0, T]); only `vp_cosine`
 * rescales by T.
 */

/** Names of all SDE families. */
export type SdeFamily =
  | "vp_constant"
  | "vp_linear"
  | "vp_polynomial"
  | "vp_exponential"
  | "vp_cosine"
  | "ou"
  | "ve"
  | "ve_linear_var"
  | "ve_quadratic_var"
  | "ve_polynomial"
  | "ve_exp"
  | "ve_const"
  | "ve_sqrt"
  | "ve_power";

/** One parameter of a family. Every parameter must be a finite number > 0. */
export interface SdeParamInfo {
  /** Key in the `sde` object (snake_case). */
  readonly name: string;
  /** Default when absent; parameters without a default are required. */
  readonly default?: number;
  /** What it is, with units. */
  readonly description: string;
}

/** One family of the table. */
export interface SdeFamilyInfo {
  /** `vp` (g² = 2f), `ou` (constant f, g) or `ve` (f = 0). */
  readonly kind: "vp" | "ou" | "ve";
  /** Definition, as in DESIGN §1. */
  readonly description: string;
  /** Row of the Gao–Nguyen–Zhu table it instantiates, if any (papers.md §1(e)). */
  readonly gnzRow?: string;
  /** Parameters, `T` last. */
  readonly params: readonly SdeParamInfo[];
  /** Constraints between parameters beyond "finite and > 0". */
  readonly constraints: readonly string[];
}

const T_PARAM: SdeParamInfo = { name: "T", default: 1, description: "horizon T of the forward process (time units)" };
const BETA_MIN: SdeParamInfo = { name: "beta_min", description: "β at t = 0 (1/time)" };
const BETA_MAX: SdeParamInfo = { name: "beta_max", description: "β at t = 1 (1/time)" };
const SIGMA_MIN: SdeParamInfo = { name: "sigma_min", description: "σ(0), the smallest noise scale" };
const SIGMA_MAX: SdeParamInfo = { name: "sigma_max", description: "σ(1), the largest noise scale" };

/**
 * Default cap of the cosine schedule's β (1/time). The uncapped β(t) = π/(T(1+s))·tan(…) diverges at t = T;
 * Nichol–Dhariwal clip the discrete β_i at 0.999, and under score_sde's correspondence β_i = β(t_i)/N with
 * N = 1000 steps on T = 1 that is β ≤ 999. The cap is an absolute rate (it does not scale with T).
 */
export const VP_COSINE_DEFAULT_BETA_CAP = 999;

/** Default offset s of the cosine schedule (Nichol–Dhariwal). */
export const VP_COSINE_DEFAULT_S = 0.008;

/** Every SDE family with its parameters (DESIGN §1 family table). */
export const SDE_FAMILIES: Readonly<Record<SdeFamily, SdeFamilyInfo>> = {
  vp_constant: {
    kind: "vp",
    description: "β(t) = c; f = β/2, g² = β",
    params: [{ name: "c", description: "constant β (1/time)" }, T_PARAM],
    constraints: [],
  },
  vp_linear: {
    kind: "vp",
    gnzRow: "VP-lin",
    description: "β(t) = β_min + (β_max − β_min)·t; f = β/2, g² = β",
    params: [BETA_MIN, BETA_MAX, T_PARAM],
    constraints: ["beta_max > beta_min"],
  },
  vp_polynomial: {
    kind: "vp",
    gnzRow: "VP-poly",
    description: "β(t) = (b + a·t)^ρ, b = β_min^{1/ρ}, a = β_max^{1/ρ} − β_min^{1/ρ}; f = β/2, g² = β",
    params: [BETA_MIN, BETA_MAX, { name: "rho", description: "exponent ρ (dimensionless)" }, T_PARAM],
    constraints: ["beta_max > beta_min"],
  },
  vp_exponential: {
    kind: "vp",
    gnzRow: "VP-exp",
    description: "β(t) = β_min·(β_max/β_min)^t; f = β/2, g² = β",
    params: [BETA_MIN, BETA_MAX, T_PARAM],
    constraints: ["beta_max > beta_min"],
  },
  vp_cosine: {
    kind: "vp",
    description:
      "a_t² = cos²(π/2·(t/T+s)/(1+s))/cos²(π/2·s/(1+s)); β = −d/dt log a_t² = π/(T(1+s))·tan(π/2·(t/T+s)/(1+s)), capped at beta_cap",
    params: [
      { name: "s", default: VP_COSINE_DEFAULT_S, description: "offset s (dimensionless; Nichol–Dhariwal 0.008)" },
      {
        name: "beta_cap",
        default: VP_COSINE_DEFAULT_BETA_CAP,
        description: "cap of β (1/time); 999 = the 0.999 per-step clip at N = 1000 steps",
      },
      T_PARAM,
    ],
    constraints: [],
  },
  ou: {
    kind: "ou",
    gnzRow: "VP-0",
    description: "f = α, g = σ (constant); VP exactly when σ² = 2α",
    params: [
      { name: "alpha", description: "drift rate α (1/time)" },
      { name: "sigma", description: "diffusion σ (1/√time)" },
      T_PARAM,
    ],
    constraints: [],
  },
  ve: {
    kind: "ve",
    description: "σ(t) = σ_min·r^t, r = σ_max/σ_min; g² = σ(t)²·2 ln r; b_t² = σ_min²(r^{2t} − 1)",
    params: [SIGMA_MIN, SIGMA_MAX, T_PARAM],
    constraints: ["sigma_max > sigma_min"],
  },
  ve_linear_var: {
    kind: "ve",
    description: "σ²(t) = σ_min² + (σ_max² − σ_min²)·t; g² = dσ²/dt; b_t² = σ²(t) − σ²(0)",
    params: [SIGMA_MIN, SIGMA_MAX, T_PARAM],
    constraints: ["sigma_max > sigma_min"],
  },
  ve_quadratic_var: {
    kind: "ve",
    description: "σ²(t) = σ_min² + (σ_max² − σ_min²)·t²; g² = dσ²/dt; b_t² = σ²(t) − σ²(0)",
    params: [SIGMA_MIN, SIGMA_MAX, T_PARAM],
    constraints: ["sigma_max > sigma_min"],
  },
  ve_polynomial: {
    kind: "ve",
    description: "σ(t) = (σ_min^{1/ρ} + (σ_max^{1/ρ} − σ_min^{1/ρ})·t)^ρ; g² = dσ²/dt; b_t² = σ²(t) − σ²(0)",
    params: [SIGMA_MIN, SIGMA_MAX, { name: "rho", description: "exponent ρ (dimensionless)" }, T_PARAM],
    constraints: ["sigma_max > sigma_min"],
  },
  ve_exp: {
    kind: "ve",
    gnzRow: "VE-1",
    description: "g = a·e^{bt}; b_t² = a²(e^{2bt} − 1)/(2b)",
    params: [
      { name: "a", description: "g(0) (1/√time)" },
      { name: "b", description: "growth rate b (1/time)" },
      T_PARAM,
    ],
    constraints: [],
  },
  ve_const: {
    kind: "ve",
    gnzRow: "VE-2",
    description: "g = a; b_t² = a²·t",
    params: [{ name: "a", description: "constant g (1/√time)" }, T_PARAM],
    constraints: [],
  },
  ve_sqrt: {
    kind: "ve",
    gnzRow: "VE-3",
    description: "g = √(2at); b_t² = a·t²",
    params: [{ name: "a", description: "rate a (1/time²)" }, T_PARAM],
    constraints: [],
  },
  ve_power: {
    kind: "ve",
    gnzRow: "VE-4",
    description: "g = (b + a·t)^c; b_t² = ((b + at)^{2c+1} − b^{2c+1})/(a(2c+1))",
    params: [
      { name: "a", description: "slope a" },
      { name: "b", description: "offset b" },
      { name: "c", description: "exponent c (dimensionless)" },
      T_PARAM,
    ],
    constraints: [],
  },
};

/** Family names in table order. */
export const SDE_FAMILY_NAMES: readonly SdeFamily[] = Object.keys(SDE_FAMILIES) as SdeFamily[];

/** True when `name` is a family of {@link SDE_FAMILIES}. */
export function isSdeFamily(name: unknown): name is SdeFamily {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(SDE_FAMILIES, name);
}
