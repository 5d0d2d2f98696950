/**
 * Ready-made {@link TransportFactory}s for the conformance suite and for other packages' tests: the memory
 * broker, and a NATS server started with {@link startNatsServer}.
 */
import { jetstream } from "@nats-io/jetstream";
import { MemoryBroker } from "../memory/memory-transport.js";
import { connectNats, type NatsConnectionOptions } from "../nats/connection-options.js";
import { natsNames } from "../nats/names.js";
import { openNatsTransport } from "../nats/nats-transport.js";
import type { Transport } from "../transport.js";
import type { TransportFactory, TransportHarness } from "./conformance.js";

/** Harnesses over one fresh {@link MemoryBroker} each. */
export function memoryFactory(): TransportFactory {
  return async (options) => {
    const broker = new MemoryBroker();
    const opened: Transport[] = [];
    const harness: TransportHarness = {
      connect: async () => {
        const t = broker.connect(options);
        opened.push(t);
        return t;
      },
      injectRawWork: async (bytes) => broker.injectRaw(options.namespace, "work", bytes),
      dispose: async () => {
        for (const t of opened) await t.close();
        broker.close();
      },
    };
    return harness;
  };
}

/** Harnesses connecting to a running server (`connection.servers`), one namespace per harness. */
export function natsFactory(connection: () => NatsConnectionOptions): TransportFactory {
  return async (options) => {
    const opened: Transport[] = [];
    const harness: TransportHarness = {
      connect: async () => {
        const t = await openNatsTransport({ ...options, connection: connection() });
        opened.push(t);
        return t;
      },
      injectRawWork: async (bytes) => {
        const nc = await connectNats(connection());
        try {
          await jetstream(nc).publish(natsNames(options.namespace).workSubject, bytes);
        } finally {
          await nc.close();
        }
      },
      dispose: async () => {
        for (const t of opened) await t.close();
      },
    };
    return harness;
  };
}
