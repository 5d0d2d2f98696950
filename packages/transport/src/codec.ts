/**
 * msgpack codec and the message envelope of the wire protocol.
 *
 * Values: always `new Packr({ moreTypes: true })` — the default `pack()` turns a Float64Array into a plain byte
 * Buffer (the type is lost), while `moreTypes` encodes every typed array as a msgpack extension carrying its
 * raw bytes, so Float64Array / Uint32Array / … come back as the same type, bit-identical (NaN payloads, -0).
 * `useRecords: false` keeps objects as plain msgpack maps, readable by any msgpack implementation.
 *
 * Envelope (protocol version {@link PROTOCOL_VERSION}): every message on the bus is one msgpack map with
 * `v` (version), `t` (type) and `id`, plus per type:
 * - `t: "w"` work: `p` payload (bin).
 * - `t: "r"` result: `p` payload (bin).
 * - `t: "h"` head of a chunked result: `n` nonce (string), `c` chunk count, `s` total size in bytes.
 * - `t: "c"` chunk: `n` nonce, `i` index (0-based), `p` bytes of the payload slice.
 * - `t: "f"` failure record: `r` reason (`"terminated" | "max_deliver"`), `e` error (string or nil), `a` attempts.
 * Unknown extra keys are ignored (forward compatibility); a different `v` is a {@link DecodeError}.
 */
import { Packr } from "msgpackr";
import { DecodeError, describeValue, messageOf } from "./errors.js";
import type { FailureReason } from "./transport.js";

/** Version of the envelope format; a receiver refuses any other. */
export const PROTOCOL_VERSION = 1;

const packr = new Packr({ moreTypes: true, useRecords: false });

/** Encodes any structured-clone-like value (objects, arrays, typed arrays, strings, numbers, bigint…) to msgpack. */
export function encodeValue(value: unknown): Uint8Array {
  return packr.pack(value);
}

/** Decodes msgpack produced by {@link encodeValue}; throws {@link DecodeError} on bytes that are not msgpack. */
export function decodeValue(bytes: Uint8Array): unknown {
  try {
    return packr.unpack(bytes);
  } catch (error) {
    throw new DecodeError(`decodeValue: bytes must be msgpack; got ${bytes.byteLength} bytes that are not (${messageOf(error)})`, { cause: error });
  }
}

/** A decoded envelope (see the module comment for the wire names). */
export type Envelope =
  | { readonly type: "work"; readonly id: string; readonly payload: Uint8Array }
  | { readonly type: "result"; readonly id: string; readonly payload: Uint8Array }
  | { readonly type: "head"; readonly id: string; readonly nonce: string; readonly count: number; readonly size: number }
  | { readonly type: "chunk"; readonly id: string; readonly nonce: string; readonly index: number; readonly payload: Uint8Array }
  | { readonly type: "failure"; readonly id: string; readonly reason: FailureReason; readonly error: string | null; readonly attempts: number };

/** Envelope type name → wire tag. */
const TAG = { work: "w", result: "r", head: "h", chunk: "c", failure: "f" } as const;

/** Bytes as msgpack `bin` (a Buffer view, no copy) rather than msgpackr's typed-array extension. */
function bin(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Encodes an envelope. */
export function encodeEnvelope(e: Envelope): Uint8Array {
  switch (e.type) {
    case "work":
    case "result":
      return packr.pack({ v: PROTOCOL_VERSION, t: TAG[e.type], id: e.id, p: bin(e.payload) });
    case "head":
      return packr.pack({ v: PROTOCOL_VERSION, t: "h", id: e.id, n: e.nonce, c: e.count, s: e.size });
    case "chunk":
      return packr.pack({ v: PROTOCOL_VERSION, t: "c", id: e.id, n: e.nonce, i: e.index, p: bin(e.payload) });
    case "failure":
      return packr.pack({ v: PROTOCOL_VERSION, t: "f", id: e.id, r: e.reason, e: e.error, a: e.attempts });
  }
}

/** Bytes added by the envelope around a payload, upper bound (id length excluded), in bytes. */
export const ENVELOPE_OVERHEAD = 96;

function fail(what: string, constraint: string, got: unknown): never {
  throw new DecodeError(`decodeEnvelope: ${what} must be ${constraint}; got ${describeValue(got)}`);
}

function asBytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) fail(what, "bytes", value);
  // A Buffer is a Uint8Array; hand out the plain type so both transports return the same class.
  return value.constructor === Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function asCount(value: unknown, what: string, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) fail(what, `an integer >= ${min}`, value);
  return value;
}

/**
 * Decodes and validates an envelope; `accept` lists the types the caller can handle. Throws {@link DecodeError}
 * on anything else — never another error type, whatever the bytes.
 */
export function decodeEnvelope(bytes: Uint8Array, accept: readonly Envelope["type"][]): Envelope {
  let m: unknown;
  try {
    m = packr.unpack(bytes);
  } catch (error) {
    throw new DecodeError(`decodeEnvelope: message must be msgpack; got ${bytes.byteLength} bytes that are not (${messageOf(error)})`, { cause: error });
  }
  if (typeof m !== "object" || m === null || Array.isArray(m) || m instanceof Uint8Array) fail("message", "a msgpack map", m);
  const r = m as Record<string, unknown>;
  if (r.v !== PROTOCOL_VERSION) fail("protocol version (v)", String(PROTOCOL_VERSION), r.v);
  const type = (Object.keys(TAG) as Envelope["type"][]).find((k) => TAG[k] === r.t);
  if (type === undefined || !accept.includes(type)) {
    fail("type (t)", `one of ${accept.map((k) => JSON.stringify(TAG[k])).join(", ")}`, r.t);
  }
  if (typeof r.id !== "string" || r.id.length === 0) fail("id", "a non-empty string", r.id);
  const id = r.id;
  switch (type) {
    case "work":
    case "result":
      return { type, id, payload: asBytes(r.p, "payload (p)") };
    case "head": {
      if (typeof r.n !== "string" || r.n.length === 0) fail("nonce (n)", "a non-empty string", r.n);
      return { type, id, nonce: r.n, count: asCount(r.c, "chunk count (c)", 1), size: asCount(r.s, "size (s)", 0) };
    }
    case "chunk": {
      if (typeof r.n !== "string" || r.n.length === 0) fail("nonce (n)", "a non-empty string", r.n);
      return { type, id, nonce: r.n, index: asCount(r.i, "chunk index (i)", 0), payload: asBytes(r.p, "payload (p)") };
    }
    case "failure": {
      if (r.r !== "terminated" && r.r !== "max_deliver") fail("reason (r)", '"terminated" or "max_deliver"', r.r);
      if (r.e !== null && r.e !== undefined && typeof r.e !== "string") fail("error (e)", "a string or nil", r.e);
      return { type, id, reason: r.r, error: typeof r.e === "string" ? r.e : null, attempts: asCount(r.a, "attempts (a)", 0) };
    }
  }
}
