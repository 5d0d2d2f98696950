/**
 * Names of the JetStream resources of a namespace `ns` (documented in `index.ts`):
 * - work: stream `<ns>_work` (WorkQueue retention, file storage) on subject `<ns>.work`, durable pull consumer
 *   `agents` shared by every agent;
 * - results: stream `<ns>_results` (limits retention) on `<ns>.result` (one message per result, or the head of a
 *   chunked one) and `<ns>.result-chunk.<nonce>.<index>`; durable pull consumer `coordinator` filtered on
 *   `<ns>.result`;
 * - failures: stream `<ns>_failures` (limits retention) on `<ns>.failed` (records published by `term`) and on the
 *   server's advisory `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<ns>_work.agents`, captured so that an
 *   exhaustion is not lost while no coordinator listens; durable pull consumer `coordinator`;
 * - KV bucket `name`: bucket `<ns>_<name>` (stream `KV_<ns>_<name>`).
 */
export interface NatsNames {
  readonly workStream: string;
  readonly workSubject: string;
  readonly workConsumer: string;
  readonly resultStream: string;
  readonly resultSubject: string;
  /** Prefix of chunk subjects: `<prefix>.<nonce>.<index>`. */
  readonly chunkPrefix: string;
  readonly resultConsumer: string;
  readonly failureStream: string;
  readonly failureSubject: string;
  readonly advisorySubject: string;
  readonly failureConsumer: string;
  bucket(name: string): string;
}

/** The names for namespace `ns` (already validated as `[A-Za-z0-9_-]{1,32}`). */
export function natsNames(ns: string): NatsNames {
  const workStream = `${ns}_work`;
  const workConsumer = "agents";
  return {
    workStream,
    workSubject: `${ns}.work`,
    workConsumer,
    resultStream: `${ns}_results`,
    resultSubject: `${ns}.result`,
    chunkPrefix: `${ns}.result-chunk`,
    resultConsumer: "coordinator",
    failureStream: `${ns}_failures`,
    failureSubject: `${ns}.failed`,
    advisorySubject: `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${workStream}.${workConsumer}`,
    failureConsumer: "coordinator",
    bucket: (name: string) => `${ns}_${name}`,
  };
}
