/**
 * Optimal transport on samples and Gaussians: exact 1-D, exact discrete (assignment / network simplex), sliced,
 * debiased Sinkhorn and Gaussian-fit estimators of W2 (and W1), behind the {@link w2Estimate} dispatcher.
 */
export * from "./gaussian-w2.js";
export { pointCloud, pointCloudFromRows, requireCloud, type PointCloud } from "./point-cloud.js";
export { sorted1dW2, sorted1dW1, sortedCostImpl } from "./sorted-1d.js";
export { costMatrixImpl } from "./cost-matrix.js";
export { lapjvImpl, createLapjvWork, type LapjvWork } from "./lapjv.js";
export { transportSimplexImpl, type TransportSolution } from "./transport-simplex.js";
export { emdW2, emdW1, type EmdOptions, type EmdResult, type EmdW2Result, type EmdW1Result } from "./emd.js";
export {
  slicedW2,
  slicedW1,
  slicedCostImpl,
  randomDirections,
  DEFAULT_PROJECTIONS,
  SLICED_DIRECTIONS_DOMAIN,
  type SlicedOptions,
  type SlicedW2Result,
  type SlicedW1Result,
} from "./sliced-w2.js";
export { entropicCostImpl, entropicSelfCostImpl, type EntropicCostResult } from "./entropic-ot.js";
export {
  sinkhornDivergence,
  entropicTransportCost,
  DEFAULT_SINKHORN_STOP,
  DEFAULT_SINKHORN_MAX_ITER,
  type SinkhornOptions,
  type SinkhornDivergenceResult,
} from "./sinkhorn-divergence.js";
export {
  gaussianFitW2,
  gaussianFitW2FromMoments,
  gaussianFitResultImpl,
  DEFAULT_GAUSSIAN_FIT_DDOF,
  type GaussianFitOptions,
  type GaussianFitW2Result,
  type GaussianTarget,
} from "./gaussian-fit-w2.js";
export { w2Estimate, type W2EstimateOptions, type W2Estimate } from "./w2-estimate.js";
export {
  W2_ESTIMATORS,
  POINT_ESTIMATORS,
  W1_ESTIMATOR_ALIASES,
  w2EstimatorName,
  estimatorMetric,
  type W2EstimatorName,
  type PointEstimator,
  type W1EstimatorAlias,
} from "./estimator-names.js";
