/**
 * Adaptive searches of sweeps (DESIGN §8 `searches`): pure decision logic, driven by the campaign engine.
 * - `complexity`: K*(ε) on a step grid — {@link exactComplexity} with the exact oracle, {@link ComplexitySearch}
 *   (resumable bisection on confidence intervals) for Monte Carlo estimators; grids from {@link parseGridSpec}.
 * - `precision`: {@link nextReplicates} — replicates to add until the 95% CI half-width meets the target.
 */
export { parseGridSpec, DEFAULT_GRID_SPEC } from "./parse-grid-spec.js";
export type { ComplexityMethod, ComplexityStatus, ComplexityResult } from "./complexity-result.js";
export { ComplexitySearch, type ComplexityObservation, type ComplexitySearchOptions } from "./complexity-search.js";
export { exactComplexity, usesExactOracle } from "./exact-complexity.js";
export {
  nextReplicates,
  precisionDecision,
  type PrecisionSpec,
  type PrecisionOptions,
  type PrecisionReason,
  type PrecisionDecision,
} from "./precision-search.js";
