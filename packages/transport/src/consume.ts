/**
 * A pull loop with the coordinator's settle rule built in: a message is acked only after its handler resolved
 * (e.g. after the result is committed to the database) and nak'ed when the handler throws, so delivery stays
 * at-least-once and the effect exactly-once when the handler is idempotent per id. Malformed messages never reach
 * the handler: they are reported and terminated.
 */
import { ClosedError } from "./errors.js";
import { validatePullOptions } from "./options.js";
import type { Delivery, MalformedMessage, PullOptions } from "./transport.js";

/** Options of {@link consume}. */
export interface ConsumeOptions {
  /** Messages per pull (default 64). */
  readonly max?: number;
  /** Wait per pull, in ms (default 1000); also bounds how long `stop()` waits. */
  readonly expiresMs?: number;
  /** Delay before a message whose handler threw is redelivered, in ms (default 0). */
  readonly retryDelayMs?: number;
  /** Called when a handler throws (the message is then nak'ed). */
  readonly onError?: (error: unknown, message: Delivery) => void;
  /** Called for each undecodable message before it is terminated. */
  readonly onMalformed?: (message: MalformedMessage) => void;
}

/** A running loop. */
export interface Consumer {
  /** Ends the loop after the current pull and handler; resolves when it has ended. */
  stop(): Promise<void>;
  /** Resolves when the loop ends (stopped, or the transport closed); rejects on an unexpected pull failure. */
  readonly done: Promise<void>;
}

/**
 * Runs `handler` on every message `pull` yields, one at a time in delivery order, until stopped or the
 * transport closes. Example: `consume((o) => t.pullResults(o), async (r) => store.commit(r.id, r.payload))`.
 */
export function consume<M extends Delivery & { readonly kind: string }>(
  pull: (options: PullOptions) => Promise<Array<M | MalformedMessage>>,
  handler: (message: M) => Promise<void> | void,
  options: ConsumeOptions = {},
): Consumer {
  const pullOptions = { max: options.max ?? 64, expiresMs: options.expiresMs ?? 1000 };
  validatePullOptions("consume", pullOptions);
  let stopped = false;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      let batch: Array<M | MalformedMessage>;
      try {
        batch = await pull(pullOptions);
      } catch (error) {
        if (error instanceof ClosedError) return;
        throw error;
      }
      for (const m of batch) {
        if (m.kind === "malformed") {
          options.onMalformed?.(m as MalformedMessage);
          await m.term().catch(() => {});
          continue;
        }
        try {
          await handler(m as M);
        } catch (error) {
          options.onError?.(error, m);
          await m.nak(options.retryDelayMs ?? 0).catch(() => {});
          continue;
        }
        await m.ack().catch(() => {});
      }
    }
  };
  const done = loop();
  return {
    done,
    stop: async () => {
      stopped = true;
      await done.catch(() => {});
    },
  };
}
