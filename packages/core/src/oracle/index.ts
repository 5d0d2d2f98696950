export * from "./iterate-law-diag.js";
export * from "./exact-problem.js";
export * from "./exact-oracle.js";
