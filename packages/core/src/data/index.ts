export * from "./gaussian-data.js";
export * from "./gmm-data.js";
export * from "./sample-gaussian.js";
export * from "./target-law.js";
