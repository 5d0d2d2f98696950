import { describe, expect, it } from "vitest";
import { fnv1a64, hashString, mix64, toWords } from "../../src/rng/hash-string.js";

/** FNV-1a 64 over TextEncoder's UTF-8 (an independent encoder) for comparison. */
function fnvViaTextEncoder(s: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(s)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h;
}

describe("hashString", () => {
  it("fnv1a64: published FNV-1a 64 test vectors", () => {
    expect(fnv1a64("").toString(16)).toBe("cbf29ce484222325");
    expect(fnv1a64("a").toString(16)).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar").toString(16)).toBe("85944171f73967e8");
  });

  it("hashString: splits the 64-bit hash into u32 words", () => {
    expect(hashString("a")).toEqual({ hi: 0xaf63dc4c, lo: 0x8601ec8c });
  });

  it("fnv1a64: hashes the UTF-8 bytes (multi-byte, astral and lone-surrogate characters)", () => {
    for (const s of ["é", "点-ℵ", "𝔁𝔂", "a\ud800b", "\udc00", '{"sde":{"family":"vp_linear"}}']) {
      expect(fnv1a64(s)).toBe(fnvViaTextEncoder(s));
    }
  });

  it("mix64: is SplitMix64's finaliser (first output of SplitMix64 seeded with 0)", () => {
    expect(mix64(0x9e3779b97f4a7c15n).toString(16)).toBe("e220a8397b1dcdaf");
  });

  it("toWords: round-trips 64-bit values", () => {
    const z = 0x0123456789abcdefn;
    const w = toWords(z);
    expect((BigInt(w.hi) << 32n) | BigInt(w.lo)).toBe(z);
  });
});
