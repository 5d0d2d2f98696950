import { afterAll, beforeAll } from "vitest";
import { natsFactory, runTransportConformance, startNatsServer, type NatsServerHandle } from "../../src/testing/index.js";

let server: NatsServerHandle | undefined;
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await server?.dispose();
});

runTransportConformance(
  "nats",
  natsFactory(() => ({ servers: server!.url })),
);
