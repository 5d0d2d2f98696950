export {};
export * from "./gaussian-w2.js";
