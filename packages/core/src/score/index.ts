export * from "./score-error.js";
