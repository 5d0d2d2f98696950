/**
 * Test support of `@scoresweep/transport` (entry `@scoresweep/transport/testing`): the conformance suite every
 * transport implementation runs, harness factories, and a real `nats-server` launcher. Imports vitest; never
 * import this from production code.
 */
export { runTransportConformance, type TransportFactory, type TransportHarness } from "./conformance.js";
export { memoryFactory, natsFactory } from "./harnesses.js";
export { findNatsServer, startNatsServer, type NatsServerHandle, type NatsServerOptions } from "./nats-server.js";
