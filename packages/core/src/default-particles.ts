/**
 * The Monte Carlo budget a point gets when its spec leaves it out (DESIGN §1 `mc`). One constant for everyone who
 * reads `mc.particles` — the shard planner, the kernels' task validation, `simulate` — so they always agree on N.
 */

/** Particles per replicate of a Monte Carlo point whose `mc.particles` is absent (count). */
export const DEFAULT_PARTICLES = 10_000;
