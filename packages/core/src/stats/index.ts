export {};
export * from "./exact-sum.js";
