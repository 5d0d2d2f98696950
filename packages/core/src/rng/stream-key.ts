/**
 * Addressing of every random number in scoresweep (DESIGN §2). A draw is a pure function of
 *
 *     key (64 bits)   = mix(campaign seed, point id, domain)          — the Philox key (k0, k1)
 *     counter (128)   = (block lo, block hi, particle, replicate)     — the Philox counter (c0, c1, c2, c3)
 *
 * so a particle's numbers never depend on which worker, agent or shard computed them, or on how many
 * particles were drawn together. Within one (key, replicate, particle) there is one sequential stream of
 * 2^53 blocks; block m holds four u32 words, i.e. two uniforms or one Box–Muller pair (two normals), so the
 * normal at stream position j comes from block ⌊j/2⌋ (see `fill-normals.ts`).
 *
 * The key mixes its parts with FNV-1a 64 (strings) and the SplitMix64 finaliser:
 *
 *     key = mix64( mix64( mix64(seed + φ) ⊕ fnv1a64(pointId) ) ⊕ fnv1a64(domain) ),  φ = 0x9e3779b97f4a7c15,
 *
 * The `domain` separates the kinds of draw made for one point (sampler noise, data samples, the frozen
 * score-error field, …): one key is used for one kind of draw only, because uniforms and normals at the
 * same position share counter blocks.
 */
import { invalid } from "../errors.js";
import { fnv1a64, mix64, toWords } from "./hash-string.js";

/** Golden-ratio increment of SplitMix64, so seed 0 does not map to key 0. */
const PHI64 = 0x9e3779b97f4a7c15n;

/** A Philox4x32 key: two u32 words derived from (seed, point id, domain). */
export interface StreamKey {
  /** Key word 0 (u32). */
  readonly k0: number;
  /** Key word 1 (u32). */
  readonly k1: number;
}

/** Conventional domains (the `domain` argument of {@link streamKey}); any other string is allowed. */
export const RNG_DOMAIN = {
  /** The sampler's prior draw y_0 and Brownian increments ξ_k. */
  samplerNoise: "sampler.noise",
  /** Samples of the data law p_0 (reference clouds for sample-based W2 estimators). */
  dataSample: "data.sample",
  /** Mixture-component choices when sampling GMM data. */
  dataComponent: "data.component",
  /** The frozen random field of the `noise` score-error model. */
  scoreErrorNoise: "score.error.noise",
} as const;

function keyFromBig(z: bigint): StreamKey {
  const w = toWords(z);
  return { k0: w.lo, k1: w.hi };
}

function keyToBig(key: StreamKey): bigint {
  return (BigInt(key.k1 >>> 0) << 32n) | BigInt(key.k0 >>> 0);
}

/**
 * The key of the stream for campaign `seed` (an integer in [0, 2^53)), canonical point id `pointId` (any
 * string; "" when there is no point, e.g. a frozen field keyed by its own seed) and `domain`
 * (see {@link RNG_DOMAIN}). Validates `seed` (`mc.seed`).
 */
export function streamKey(seed: number, pointId = "", domain = ""): StreamKey {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    invalid("mc.seed", "the seed", "an integer in [0, 2^53)", seed);
  }
  const s = mix64(BigInt(seed) + PHI64);
  const p = mix64(s ^ fnv1a64(pointId));
  return keyFromBig(mix64(p ^ fnv1a64(domain)));
}

/** A key for point `pointId` under campaign seed 0 and no domain: shorthand for `streamKey(0, pointId)`. */
export function pointIdToKey(pointId: string): StreamKey {
  return streamKey(0, pointId);
}

/** A sub-key of `key` for `domain`: independent of `key`'s own draws and of every other domain. */
export function deriveKey(key: StreamKey, domain: string): StreamKey {
  return keyFromBig(mix64(keyToBig(key) ^ fnv1a64(domain)));
}
