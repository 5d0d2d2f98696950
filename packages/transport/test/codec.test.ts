import fc from "fast-check";
import { pack, unpack } from "msgpackr";
import { describe, expect, it } from "vitest";
import { DecodeError, PROTOCOL_VERSION, decodeEnvelope, decodeValue, encodeEnvelope, encodeValue, type Envelope } from "../src/index.js";

/** Bytes of a typed array, for bit-level comparison (NaN payloads and -0 included). */
const raw = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe("codec", () => {
  it("encodeValue: the default msgpackr pack() loses the Float64Array type (why moreTypes is required)", () => {
    const back = unpack(pack({ x: new Float64Array([1.5, 2.5]) })) as { x: unknown };
    expect(back.x).not.toBeInstanceOf(Float64Array);
    const ours = decodeValue(encodeValue({ x: new Float64Array([1.5, 2.5]) })) as { x: unknown };
    expect(ours.x).toBeInstanceOf(Float64Array);
  });

  it("encodeValue: nested objects with typed arrays round-trip with their types, bit-identical", () => {
    const f = new Float64Array([0, -0, 1 / 3, -Infinity, Infinity, NaN, 5e-324, 1.7976931348623157e308]);
    const dv = new DataView(f.buffer);
    dv.setUint32(5 * 8, 0x12345678, true); // NaN with a non-canonical payload
    dv.setUint32(5 * 8 + 4, 0xfff87654, true); // negative quiet NaN
    const value = {
      point: "p-1",
      replicate: 3,
      stats: { sum: f, sq: new Float64Array(0), counts: new Uint32Array([0, 1, 4294967295]), blocks: [new Float32Array([-0, 1.25]), new Int32Array([-1])] },
      meta: { big: 2n ** 60n, flag: true, none: null, text: "α→β" },
    };
    const back = decodeValue(encodeValue(value)) as typeof value;
    expect(back.stats.sum).toBeInstanceOf(Float64Array);
    expect(raw(back.stats.sum).equals(raw(f))).toBe(true);
    expect(Object.is(back.stats.sum[1], -0)).toBe(true);
    expect(back.stats.sq).toBeInstanceOf(Float64Array);
    expect(back.stats.sq.length).toBe(0);
    expect(back.stats.counts).toBeInstanceOf(Uint32Array);
    expect(Array.from(back.stats.counts)).toEqual([0, 1, 4294967295]);
    expect(back.stats.blocks[0]).toBeInstanceOf(Float32Array);
    expect(raw(back.stats.blocks[0]).equals(raw(value.stats.blocks[0]))).toBe(true);
    expect(back.stats.blocks[1]).toBeInstanceOf(Int32Array);
    expect(back.meta).toEqual(value.meta);
    expect([back.point, back.replicate]).toEqual(["p-1", 3]);
  });

  it("encodeValue: any Float64Array round-trips bit-identically (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 64 }), fc.integer({ min: 0, max: 7 }), (words, offset) => {
        // Arbitrary bit patterns (every NaN payload, subnormals, -0), at an unaligned offset inside the source buffer.
        const buf = new ArrayBuffer(offset * 8 + words.length * 4 + (words.length % 2) * 4);
        const u = new Uint32Array(buf, offset * 8, Math.ceil(words.length / 2) * 2);
        u.set(words);
        const f = new Float64Array(buf, offset * 8, u.length / 2);
        const back = decodeValue(encodeValue({ f })) as { f: Float64Array };
        return back.f instanceof Float64Array && raw(back.f).equals(raw(f));
      }),
    );
  });

  it("decodeValue: bytes that are not msgpack throw DecodeError with the cause", () => {
    try {
      decodeValue(new Uint8Array([0x92, 0x01])); // an array of 2 with 1 element
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).code).toBe("E_TRANSPORT_DECODE");
      expect((e as DecodeError).cause).toBeInstanceOf(Error);
    }
  });

  it("encodeEnvelope: every envelope type round-trips", () => {
    const p = new Uint8Array([0, 1, 2, 255]);
    const all: Envelope[] = [
      { type: "work", id: "w1", payload: p },
      { type: "result", id: "r1", payload: new Uint8Array(0) },
      { type: "head", id: "r2", nonce: "N1", count: 3, size: 1000 },
      { type: "chunk", id: "r2", nonce: "N1", index: 2, payload: p },
      { type: "failure", id: "w1", reason: "terminated", error: "boom", attempts: 2 },
      { type: "failure", id: "w2", reason: "max_deliver", error: null, attempts: 5 },
    ];
    for (const e of all) {
      const back = decodeEnvelope(encodeEnvelope(e), [e.type]);
      expect(back).toEqual(e);
      if ("payload" in back) expect(back.payload.constructor).toBe(Uint8Array);
    }
  });

  it("encodeEnvelope: is a plain msgpack map with the protocol version", () => {
    const m = unpack(encodeEnvelope({ type: "work", id: "w", payload: new Uint8Array([7]) })) as Record<string, unknown>;
    expect(m.v).toBe(PROTOCOL_VERSION);
    expect(m.t).toBe("w");
    expect(m.id).toBe("w");
    expect(Array.from(m.p as Uint8Array)).toEqual([7]);
  });

  it("decodeEnvelope: refuses wrong versions, types and shapes with DecodeError naming the field", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ v: 2, t: "w", id: "a", p: new Uint8Array(1) }, /protocol version \(v\) must be 1; got 2/],
      [{ t: "w", id: "a", p: new Uint8Array(1) }, /protocol version/],
      [{ v: 1, t: "r", id: "a", p: new Uint8Array(1) }, /type \(t\) must be one of "w"; got "r"/],
      [{ v: 1, t: "w", id: "", p: new Uint8Array(1) }, /id must be a non-empty string/],
      [{ v: 1, t: "w", id: "a", p: "text" }, /payload \(p\) must be bytes/],
      [[1, 2, 3], /must be a msgpack map/],
      ["just a string", /must be a msgpack map/],
    ];
    for (const [value, message] of cases) {
      expect(() => decodeEnvelope(encodeValue(value), ["work"])).toThrow(message);
    }
    expect(() => decodeEnvelope(encodeValue({ v: 1, t: "f", id: "a", r: "other", a: 1 }), ["failure"])).toThrow(/reason \(r\)/);
    expect(() => decodeEnvelope(encodeValue({ v: 1, t: "h", id: "a", n: "x", c: 0, s: 1 }), ["head"])).toThrow(/chunk count \(c\) must be an integer >= 1; got 0/);
  });

  it("decodeEnvelope: arbitrary bytes either decode to a valid envelope or throw DecodeError, nothing else (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        try {
          const e = decodeEnvelope(b, ["work", "result", "head", "chunk", "failure"]);
          return typeof e.id === "string" && e.id.length > 0;
        } catch (error) {
          return error instanceof DecodeError;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
