/**
 * Random-stream addressing of the fused kernels (DESIGN §2). Every particle owns two SFC32 generators (the
 * ziggurat's main and aux streams, `ziggurat.ts`) whose 128-bit states are Philox4x32-10 outputs at
 *
 *     key     = streamKey(seed, pointId, "sampler.noise.fused")
 *     counter = (stream, 0, particle, replicate),   stream 0 = main, 1 = aux,
 *
 * so a particle's noise is a pure function of (seed, point id, replicate, global particle index): it never
 * depends on the shard, the block, the worker or the backend that computed it. Within a particle the draws are
 * consumed in a fixed order — the prior's d normals, then d normals per step (none for `pf_ode_heun`), coordinate
 * by coordinate. (A separate domain from the reference sampler's `sampler.noise`: the fused kernels draw their
 * normals differently, so sharing a key would only suggest a path equality that does not hold.)
 */
import { philox4x32, streamKey, type StreamKey } from "@scoresweep/core";

/** Domain of the fused kernels' sampler noise (see the module comment). */
export const FUSED_NOISE_DOMAIN = "sampler.noise.fused";

/** The key of the fused kernels' noise streams for one point. Validates `seed` (`mc.seed`). */
export function fusedNoiseKey(seed: number, pointId: string): StreamKey {
  return streamKey(seed, pointId, FUSED_NOISE_DOMAIN);
}

const words = new Uint32Array(4);

/**
 * Seeds the main and aux SFC32 states of particles particle0..particle0+n−1 (replicate `replicate`) into
 * main[4p..4p+3] and aux[4p..4p+3] for p = 0..n−1 (int32 words a, b, c, counter). Returns nothing; allocates nothing.
 */
export function seedParticleStreams(
  key: StreamKey,
  replicate: number,
  particle0: number,
  n: number,
  main: Int32Array,
  aux: Int32Array,
): void {
  for (let p = 0; p < n; p++) {
    const particle = particle0 + p;
    philox4x32(0, 0, particle, replicate, key.k0, key.k1, words);
    for (let w = 0; w < 4; w++) main[4 * p + w] = words[w] | 0;
    philox4x32(1, 0, particle, replicate, key.k0, key.k1, words);
    for (let w = 0; w < 4; w++) aux[4 * p + w] = words[w] | 0;
  }
}
