import { createHash } from "node:crypto";

/**
 * A uniform number in [0, 1) that is a pure function of (campaign seed, axis path, draw index): SHA-256 of the three,
 * first 53 bits. Used only for spec expansion (a handful of draws), so clarity beats speed.
 */
export function uniformDraw(seed: number, path: string, index: number): number {
  const h = createHash("sha256").update(`scoresweep/random-axis/${seed}/${path}/${index}`).digest();
  const hi = h.readUInt32BE(0) >>> 5; // 27 bits
  const lo = h.readUInt32BE(4) >>> 6; // 26 bits
  return (hi * 67108864 + lo) / 9007199254740992;
}
