/** Dense symmetric linear algebra over row-major Float64Array (papers.md §5.4–5.5 need Σ = U Λ Uᵀ and Σ^{1/2}). */
export { symmetricEigen, symmetricEigenImpl, isSymmetric, requireSquareSymmetric, type SymmetricEigen } from "./symmetric-eigen.js";
export {
  sqrtmPsd,
  sqrtmPsdImpl,
  eigenWorkspace,
  psdTolerance,
  requirePsdEigenvalues,
  type EigenWorkspace,
} from "./sqrtm-psd.js";
export { eigenCompose } from "./eigen-compose.js";
export { matmul, matmulTransA, matmulTransB, matvec, matvecTransA } from "./matmul.js";
export { isPositiveDefinite, requireSymmetricPsd } from "./positive-definite.js";
