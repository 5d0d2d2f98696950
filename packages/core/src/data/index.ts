export * from "./gaussian-data.js";
export * from "./gmm-data.js";
