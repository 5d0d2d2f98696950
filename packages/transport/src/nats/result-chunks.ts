/**
 * Results larger than one message.
 *
 * Chunk protocol (results only; work is never chunked — one work message must go to one agent):
 * 1. the publisher draws a nonce and stores chunk i as `<ns>.result-chunk.<nonce>.<i>` with
 *    `Nats-Msg-Id` `<id>:<nonce>:<i>` (envelope type "c");
 * 2. then the head `<ns>.result` with `Nats-Msg-Id` = result id (envelope type "h": nonce, count, total size).
 * Heads are what the coordinator's consumer sees; chunks are fetched by subject (direct get) when a head arrives.
 * A fresh nonce per attempt keeps two attempts' chunks apart; if the head turns out to be a duplicate, the
 * publisher purges its own chunks. A head whose chunks are missing is surfaced as malformed (it is a redelivery of
 * an already committed result when the purge ran but the ack was lost); orphaned chunks age out with `retentionMs`.
 */
import type { JetStreamManager, PubAck, StoredMsg } from "@nats-io/jetstream";
import { nuid } from "@nats-io/transport-node";
import { decodeEnvelope, encodeEnvelope } from "../codec.js";
import { DecodeError, messageOf } from "../errors.js";
import { chunkSize } from "../options.js";
import type { OutgoingMessage, TransportEvent } from "../transport.js";
import type { NatsNames } from "./names.js";

/** What the chunk protocol needs from its transport. */
export interface ChunkContext {
  readonly names: NatsNames;
  readonly jsm: JetStreamManager;
  /** JetStream publish with a `Nats-Msg-Id`, retried across reconnects. */
  publish(subject: string, data: Uint8Array, msgId: string): Promise<PubAck>;
  /** Runs a read with the transport's retry policy. */
  retry(fn: () => Promise<StoredMsg | null>): Promise<StoredMsg | null>;
  emit(event: TransportEvent): void;
}

/** Publishes `item` as chunks then a head under message limit `limit`; returns whether the head was a duplicate. */
export async function publishChunked(ctx: ChunkContext, item: OutgoingMessage, limit: number): Promise<boolean> {
  const nonce = nuid.next();
  const size = chunkSize(limit, item.id);
  const count = Math.ceil(item.payload.byteLength / size);
  for (let i = 0; i < count; i++) {
    const part = item.payload.subarray(i * size, Math.min((i + 1) * size, item.payload.byteLength));
    const chunk = encodeEnvelope({ type: "chunk", id: item.id, nonce, index: i, payload: part });
    await ctx.publish(`${ctx.names.chunkPrefix}.${nonce}.${i}`, chunk, `${item.id}:${nonce}:${i}`);
  }
  const head = encodeEnvelope({ type: "head", id: item.id, nonce, count, size: item.payload.byteLength });
  const ack = await ctx.publish(ctx.names.resultSubject, head, item.id);
  if (ack.duplicate) await purgeChunks(ctx, nonce);
  return ack.duplicate;
}

/** Removes the chunks of `nonce` (best effort: orphans age out with the stream's max age). */
export async function purgeChunks(ctx: ChunkContext, nonce: string): Promise<void> {
  try {
    await ctx.jsm.streams.purge(ctx.names.resultStream, { filter: `${ctx.names.chunkPrefix}.${nonce}.>` });
  } catch (error) {
    ctx.emit({ type: "warning", detail: `could not purge result chunks ${nonce}: ${messageOf(error)}` });
  }
}

/** Fetches (direct get by subject) and joins the chunks of a head; a missing or inconsistent one is a {@link DecodeError}. */
export async function assembleChunks(ctx: ChunkContext, head: { id: string; nonce: string; count: number; size: number }): Promise<Uint8Array> {
  const out = new Uint8Array(head.size);
  let at = 0;
  for (let i = 0; i < head.count; i++) {
    const subject = `${ctx.names.chunkPrefix}.${head.nonce}.${i}`;
    const sm = await ctx.retry(() => ctx.jsm.direct.getMessage(ctx.names.resultStream, { last_by_subj: subject }));
    if (sm === null) throw new DecodeError(`pullResults: chunk ${i} of ${head.count} of result "${head.id}" must be stored; got none`);
    const c = decodeEnvelope(sm.data, ["chunk"]);
    if (c.type !== "chunk" || c.id !== head.id || c.nonce !== head.nonce || c.index !== i || at + c.payload.byteLength > head.size) {
      throw new DecodeError(`pullResults: chunk ${i} of result "${head.id}" must match its head; got another`);
    }
    out.set(c.payload, at);
    at += c.payload.byteLength;
  }
  if (at !== head.size) throw new DecodeError(`pullResults: chunks of result "${head.id}" must add up to ${head.size} bytes; got ${at}`);
  return out;
}
