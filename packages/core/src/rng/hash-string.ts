/**
 * 64-bit hashing of strings and words for deriving random-stream keys (not for cryptography). Computed with
 * BigInt: it runs once per stream, never per draw, and BigInt keeps the 64-bit arithmetic obviously exact.
 */

const MASK64 = 0xffffffffffffffffn;
/** FNV-1a 64-bit offset basis and prime (Fowler–Noll–Vo, IETF draft-eastlake-fnv). */
const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;

/** A 64-bit value as two u32 halves. */
export interface U64Words {
  /** Bits 32..63 (u32). */
  readonly hi: number;
  /** Bits 0..31 (u32). */
  readonly lo: number;
}

/**
 * Feeds the UTF-8 encoding of `s` (lone surrogates encoded as U+FFFD, as TextEncoder does) to `byte`; written
 * out so core needs no platform API.
 */
function forEachUtf8Byte(s: string, byte: (b: number) => void): void {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const c2 = s.charCodeAt(i + 1);
      if (c2 >= 0xdc00 && c2 <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      c = 0xfffd;
    }
    if (c < 0x80) {
      byte(c);
    } else if (c < 0x800) {
      byte(0xc0 | (c >> 6));
      byte(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 0x3f));
      byte(0x80 | (c & 0x3f));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 0x3f));
      byte(0x80 | ((c >> 6) & 0x3f));
      byte(0x80 | (c & 0x3f));
    }
  }
}

/** FNV-1a 64 of the UTF-8 bytes of `s`, as a BigInt in [0, 2^64). */
export function fnv1a64(s: string): bigint {
  let h = FNV64_OFFSET;
  forEachUtf8Byte(s, (b) => {
    h = ((h ^ BigInt(b)) * FNV64_PRIME) & MASK64;
  });
  return h;
}

/**
 * The SplitMix64 finaliser (Steele, Lea & Flood 2014; the `mix` of `java.util.SplittableRandom`): a bijection
 * of [0, 2^64) with full avalanche, used to decorrelate structured inputs (seeds 0, 1, 2, …) before they
 * become Philox keys.
 */
export function mix64(z: bigint): bigint {
  z &= MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** Splits a 64-bit BigInt into u32 halves. */
export function toWords(z: bigint): U64Words {
  return { hi: Number((z >> 32n) & 0xffffffffn), lo: Number(z & 0xffffffffn) };
}

/**
 * FNV-1a 64 of the canonical id string (UTF-8), as two u32 words: the stable digest of a point id used in
 * stream keys (DESIGN §2: the same id always gives the same noise).
 */
export function hashString(s: string): U64Words {
  return toWords(fnv1a64(s));
}
