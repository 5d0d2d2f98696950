/**
 * Transport benchmark: work-queue round trips (publish → pull → ack) per second through NATS JetStream on
 * loopback, for 200-byte and 1 MB messages, printed beside the reference figures of
 * /work/shared/bench/REFERENCE.md (measured elsewhere; machines are noisy — compare ratios, not absolutes).
 * The in-process memory transport is measured in the same run as a baseline.
 *
 *   npx tsx scripts/bench/transport.ts [--quick]
 *
 * Starts its own nats-server (file storage in a temp dir), one producer connection and one consumer connection.
 */
import { openMemoryTransport, openNatsTransport, type Transport, type WorkMessage } from "../../packages/transport/src/index.js";
import { startNatsServer } from "../../packages/transport/src/testing/index.js";

const REFERENCE: Record<string, [number, number]> = {
  "200 B": [6000, 11000],
  "1 MB": [175, 310],
};

async function roundTrips(producer: Transport, consumer: Transport, count: number, size: number): Promise<number> {
  const payload = new Uint8Array(size).map((_, i) => i & 0xff);
  const batch = Math.max(1, Math.min(1000, Math.floor((32 * 1024 * 1024) / size)));
  const t0 = performance.now();
  const publishing = (async () => {
    for (let i = 0; i < count; i += batch) {
      const items = [];
      for (let j = i; j < Math.min(count, i + batch); j++) items.push({ id: `m-${size}-${j}-${t0}`, payload });
      await producer.publishWork(items);
    }
  })();
  let acked = 0;
  while (acked < count) {
    const got = (await consumer.pullWork({ max: 256, expiresMs: 2000 })) as WorkMessage[];
    if (got.length === 0) throw new Error(`stalled after ${acked} of ${count}`);
    for (const m of got) await m.ack();
    acked += got.length;
  }
  await publishing;
  return count / ((performance.now() - t0) / 1000);
}

function fmt(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1);
}

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
  const mem = openMemoryTransport(common);
  console.log("Work-queue round trip (publish → pull → ack), messages/s, loopback; 1 producer + 1 consumer connection");
  console.log("| message | NATS JetStream (this run) | reference figures (REFERENCE.md, other run) | this/reference midpoint | memory transport (this run) |");
  console.log("|---|---|---|---|---|");
  try {
    for (const [label, size, count] of cases) {
      await roundTrips(producer, consumer, Math.max(10, Math.floor(count / 10)), size); // warm-up
      const nats = await roundTrips(producer, consumer, count, size);
      const memory = await roundTrips(mem, mem, count, size);
      const [lo, hi] = REFERENCE[label];
      console.log(`| ${label} | ${fmt(nats)} | ${fmt(lo)}–${fmt(hi)} (reference) | ${(nats / ((lo + hi) / 2)).toFixed(2)} | ${fmt(memory)} |`);
    }
  } finally {
    await producer.close();
    await consumer.close();
    await mem.close();
    await server.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
