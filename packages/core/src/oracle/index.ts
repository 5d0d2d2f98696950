export * from "./iterate-law-diag.js";
export * from "./exact-problem.js";
export * from "./exact-oracle.js";
export * from "./geometric-grid.js";
export * from "./complexity-search.js";
export * from "./optimize-horizon.js";
export * from "./full-covariance.js";
