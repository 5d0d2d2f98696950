/**
 * The JetStream acknowledgement protocol on one delivered message: `+ACK`, `-NAK` (with `{"delay": ns}`, 2.7.1+),
 * `+WPI` (in progress) and a bare `+TERM` — a 2.9 server ignores `+TERM <reason>` (the reason form is 2.10), so
 * the reason travels in the failure record instead. Acks are fire-and-forget: a lost one only causes a redelivery.
 */
import type { Msg } from "@nats-io/transport-node";
import type { Settle } from "../delivery.js";
import { ClosedError } from "../errors.js";
import { mapNatsError } from "./nats-errors.js";

const ACK = new TextEncoder().encode("+ACK");
const NAK = new TextEncoder().encode("-NAK");
const WPI = new TextEncoder().encode("+WPI");
const TERM = new TextEncoder().encode("+TERM");

/** Delivery count and stream sequence from a `$JS.ACK…` reply subject (v1: 9 tokens; v2 with domain: 12). */
export function parseAckSubject(reply: string): { deliveryCount: number; streamSeq: number } {
  const t = reply.split(".");
  const base = t.length >= 12 ? 4 : 2;
  return { deliveryCount: Number(t[base + 2]), streamSeq: Number(t[base + 3]) };
}

/** The {@link Settle} operations of `m`; `closed()` tells whether its transport was closed. */
export function natsSettle(m: Msg, closed: () => boolean): Settle {
  const { deliveryCount } = parseAckSubject(m.reply ?? "");
  const send = async (where: string, body: Uint8Array): Promise<void> => {
    if (closed()) throw new ClosedError(`${where}: transport must be open; got closed`);
    try {
      m.respond(body);
    } catch (error) {
      throw mapNatsError(where, error);
    }
  };
  return {
    deliveryCount,
    ack: () => send("ack", ACK),
    nak: (delayMs: number) => send("nak", delayMs > 0 ? new TextEncoder().encode(`-NAK {"delay":${Math.round(delayMs * 1e6)}}`) : NAK),
    working: () => {
      try {
        if (!closed()) m.respond(WPI);
      } catch {
        /* a missed heartbeat only risks a redelivery */
      }
    },
    term: () => send("term", TERM),
  };
}
