/**
 * Counter-based random numbers (DESIGN §2): Philox4x32-10 addressed by (seed, point id, domain) → key and
 * (replicate, particle, position) → counter; uniforms and Box–Muller normals that are pure functions of
 * their address, bit-identical on every engine and platform.
 */
export * from "./philox.js";
export * from "./hash-string.js";
export * from "./stream-key.js";
export * from "./box-muller.js";
export * from "./fill-normals.js";
export * from "./particle-block.js";
