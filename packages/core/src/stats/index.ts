/**
 * Statistics around the estimators: exact sums, mergeable moments (gaussian_fit shards), Student t quantiles and
 * confidence intervals across replicates, and noise floors.
 */
export * from "./exact-sum.js";
export { logGamma, logGammaDifference, logBeta, regularizedBeta, regularizedGammaQ } from "./special-functions.js";
export { studentTQuantile, studentTCdf, studentTDensity } from "./student-t.js";
export { confidenceInterval, confidenceInterval95, type ConfidenceInterval } from "./confidence-interval.js";
export {
  emptyMoments,
  momentsOf,
  momentsImpl,
  mergeMoments,
  mergeMomentsImpl,
  mergeMomentsInOrder,
  covarianceOf,
  type MomentStats,
} from "./moment-stats.js";
export {
  comomentIndex,
  mergeExactMomentStats,
  momentComponents,
  momentsOfExact,
  requireExactMomentStats,
  type ExactMomentStats,
} from "./exact-moment-stats.js";
export {
  noiseFloor,
  noiseFloorFromSamples,
  gaussianFitNoiseFloor,
  debiasedW2,
  type NoiseFloorResult,
  type GaussianFitNoiseFloor,
} from "./noise-floor.js";
