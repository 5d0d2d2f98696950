import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../src/errors.js";
import { deriveKey, pointIdToKey, RNG_DOMAIN, streamKey } from "../../src/rng/stream-key.js";

describe("streamKey", () => {
  it("streamKey: is a pure function of (seed, point id, domain)", () => {
    expect(streamKey(7, "p", "d")).toEqual(streamKey(7, "p", "d"));
    expect(pointIdToKey("p")).toEqual(streamKey(0, "p"));
  });

  it("streamKey: different seeds, ids and domains give different u32 key pairs", () => {
    const keys = new Set<string>();
    const ids = ["", "a", "b", "ab", "point-1", "point-2"];
    const domains = ["", ...Object.values(RNG_DOMAIN)];
    for (let seed = 0; seed < 20; seed++) {
      for (const id of ids) {
        for (const dom of domains) {
          const k = streamKey(seed, id, dom);
          expect(Number.isInteger(k.k0) && k.k0 >= 0 && k.k0 <= 0xffffffff).toBe(true);
          expect(Number.isInteger(k.k1) && k.k1 >= 0 && k.k1 <= 0xffffffff).toBe(true);
          keys.add(`${k.k0},${k.k1}`);
        }
      }
    }
    expect(keys.size).toBe(20 * ids.length * domains.length);
  });

  it("streamKey: accepts the largest safe seed", () => {
    expect(streamKey(Number.MAX_SAFE_INTEGER)).not.toEqual(streamKey(Number.MAX_SAFE_INTEGER - 1));
  });

  it.each([-1, 1.5, NaN, Infinity, 2 ** 53, "3"])("streamKey: rejects seed %s naming mc.seed", (seed) => {
    expect(() => streamKey(seed as number)).toThrow(InvalidParameterError);
    expect(() => streamKey(seed as number)).toThrow(/^mc\.seed: the seed must be an integer in \[0, 2\^53\); got /);
  });

  it("deriveKey: sub-keys differ from the parent and from each other", () => {
    const k = streamKey(1, "x");
    const a = deriveKey(k, "a");
    const b = deriveKey(k, "b");
    expect(a).not.toEqual(k);
    expect(a).not.toEqual(b);
    expect(deriveKey(k, "a")).toEqual(a);
  });
});
