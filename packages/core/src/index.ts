/**
 * @scoresweep/core — the pure numerics of scoresweep. No I/O, no Node APIs: runs in a worker, a browser or a test.
 */
export * from "./errors.js";
export type * from "./spec.js";
export * from "./default-particles.js";
export * from "./schedule/index.js";
export * from "./linalg/index.js";
export * from "./data/index.js";
export * from "./score/index.js";
export * from "./sampler/index.js";
export * from "./rng/index.js";
export * from "./oracle/index.js";
export * from "./ot/index.js";
export * from "./stats/index.js";
