export * from "./gaussian-data.js";
