export type * from "./schedule.js";
export * from "./sde-families.js";
export * from "./make-schedule.js";
export * from "./power-difference.js";
