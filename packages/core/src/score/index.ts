export * from "./score-error.js";
export * from "./gaussian-score.js";
export * from "./gmm-score.js";
export * from "./noise-error.js";
