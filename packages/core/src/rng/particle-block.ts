/**
 * The particle block: the unit in which particles are seeded, simulated and summed (DESIGN §2). A particle's random
 * numbers are addressed by its global index, so they never depend on how particles are split; the float64 partial
 * moment sums of a shard are formed per block, in particle order, before they enter exact expansions — so shard
 * statistics are grouping-invariant only when every shard boundary falls on a block boundary. It is therefore part
 * of the addressing contract shared by whoever plans shards (the sweep spec, `simulate`) and whoever runs them
 * (the kernels of `@scoresweep/compute`): shards start at a multiple of it and end at a multiple of it or at the
 * point's last particle.
 */

/** Particles per block (count). Changing it changes every `gaussian_fit` statistic's bits (bump NUMERICS_MAJOR). */
export const PARTICLE_BLOCK = 256;
