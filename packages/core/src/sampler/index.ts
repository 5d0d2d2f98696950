export * from "./time-grid.js";
export * from "./step-coefficients.js";
export * from "./reference-sampler.js";
