/**
 * Transport benchmark: work-queue round trips (publish → pull → ack) per second through NATS JetStream on
 * loopback, for 200-byte and 1 MB messages, printed beside
 * - the reference figures of /work/shared/bench/REFERENCE.md (measured on another run: machines are noisy, compare
 *   ratios, not absolutes),
 * - plain nats.js in the same run (same stream kind, `js.publish` + `consumer.fetch` + `ack`, no envelope, no
 *   dedupe id): the ratio is the cost of this package's layer,
 * - the in-process memory transport in the same run.
 *
 *   npx tsx scripts/bench/transport.ts [--quick]
 *
 * Starts its own nats-server (file storage in a temp dir); one producer and one consumer connection.
 */
import { loadavg } from "node:os";
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { openMemoryTransport, openNatsTransport, type Transport } from "../../packages/transport/src/index.js";
import { startNatsServer } from "../../packages/transport/src/testing/index.js";

/** REFERENCE.md, "NATS JetStream on loopback": work-queue round trip, messages/s. */
const REFERENCE: Record<string, [number, number]> = {
  "200 B": [6000, 11000],
  "1 MB": [175, 310],
};

/** Messages published per `publishWork` call: about 32 MiB, at most 1000. */
const batchFor = (size: number): number => Math.max(1, Math.min(1000, Math.floor((32 * 1024 * 1024) / size)));

async function roundTrips(producer: Transport, consumer: Transport, count: number, size: number, tag: string): Promise<number> {
  const payload = new Uint8Array(size).map((_, i) => i & 0xff);
  const batch = batchFor(size);
  const t0 = performance.now();
  const publishing = (async () => {
    for (let i = 0; i < count; i += batch) {
      const items = [];
      for (let j = i; j < Math.min(count, i + batch); j++) items.push({ id: `${tag}-${j}`, payload });
      await producer.publishWork(items);
    }
  })();
  let acked = 0;
  while (acked < count) {
    const got = await consumer.pullWork({ max: 256, expiresMs: 5000 });
    if (got.length === 0) throw new Error(`stalled after ${acked} of ${count}`);
    for (const m of got) await m.ack();
    acked += got.length;
  }
  await publishing;
  return count / ((performance.now() - t0) / 1000);
}

/** The same round trip with nothing but nats.js. */
async function rawRoundTrips(producer: NatsConnection, consumer: NatsConnection, count: number, size: number, tag: string): Promise<number> {
  const jsm = await jetstreamManager(producer);
  const stream = `RAW_${tag}`;
  await jsm.streams.add({ name: stream, subjects: [`raw.${tag}`], retention: RetentionPolicy.Workqueue, storage: StorageType.File });
  await jsm.consumers.add(stream, { durable_name: "c", ack_policy: AckPolicy.Explicit, max_ack_pending: 10_000, ack_wait: 60e9 });
  const js = jetstream(producer);
  const c = await jetstream(consumer).consumers.get(stream, "c");
  const payload = new Uint8Array(size).map((_, i) => i & 0xff);
  const batch = batchFor(size);
  const t0 = performance.now();
  const publishing = (async () => {
    for (let i = 0; i < count; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => js.publish(`raw.${tag}`, payload)));
    }
  })();
  let acked = 0;
  while (acked < count) {
    // At most ~16 MiB per fetch, so the server never cuts the consumer as slow (its pending limit is 64 MiB).
    const it = await c.fetch({ max_messages: Math.max(1, Math.min(256, Math.floor((16 * 1024 * 1024) / size))), expires: 5000 });
    for await (const m of it) {
      m.ack();
      acked++;
    }
  }
  await publishing;
  return count / ((performance.now() - t0) / 1000);
}

const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1));

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const cases: Array<[string, number, number]> = [
    ["200 B", 200, quick ? 5000 : 30000],
    ["1 MB", 1024 * 1024, quick ? 100 : 400],
  ];
  const server = await startNatsServer({ maxPayload: 8 * 1024 * 1024 });
  const common = { namespace: "bench", maxMessageBytes: 2 * 1024 * 1024, maxAckPending: 10_000, ackWaitMs: 60_000 };
  const producer = await openNatsTransport({ connection: { servers: server.url }, ...common });
  const consumer = await openNatsTransport({ connection: { servers: server.url }, ...common });
  const rawProducer = await connect({ servers: server.url });
  const rawConsumer = await connect({ servers: server.url });
  const mem = openMemoryTransport(common);
  console.log(`Work-queue round trip (publish → pull → ack), messages/s, loopback, 1 producer + 1 consumer connection; load average ${loadavg()[0].toFixed(1)}`);
  console.log("| message | @scoresweep/transport NATS | plain nats.js (same run) | transport/plain | reference figures (REFERENCE.md) | transport/reference midpoint | memory transport |");
  console.log("|---|---|---|---|---|---|---|");
  try {
    for (const [label, size, count] of cases) {
      const warm = Math.max(10, Math.floor(count / 10));
      await roundTrips(producer, consumer, warm, size, `w${size}`);
      await rawRoundTrips(rawProducer, rawConsumer, warm, size, `w${size}`);
      const nats = await roundTrips(producer, consumer, count, size, `m${size}`);
      const raw = await rawRoundTrips(rawProducer, rawConsumer, count, size, `m${size}`);
      const memory = await roundTrips(mem, mem, count, size, `m${size}`);
      const [lo, hi] = REFERENCE[label];
      console.log(
        `| ${label} | ${fmt(nats)} | ${fmt(raw)} | ${(nats / raw).toFixed(2)} | ${fmt(lo)}–${fmt(hi)} (reference) | ${(nats / ((lo + hi) / 2)).toFixed(2)} | ${fmt(memory)} |`,
      );
    }
  } finally {
    await producer.close();
    await consumer.close();
    await rawProducer.close();
    await rawConsumer.close();
    await mem.close();
    await server.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
