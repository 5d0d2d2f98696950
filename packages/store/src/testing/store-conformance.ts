/**
 * The results-store contract as a test suite (Optuna's storage tests, TF.js's one-suite-per-backend): every
 * {@link ResultStore} implementation runs `runStoreConformance` in its own test file.
 */
import { describe } from "vitest";
import { aggregateConformance } from "./aggregates-conformance.js";
import { campaignConformance } from "./campaigns-conformance.js";
import { useStore, type StoreFactory } from "./context.js";
import { modelConformance } from "./model-conformance.js";
import { resultConformance } from "./results-conformance.js";
import { shardConformance } from "./shards-conformance.js";

/**
 * Registers the conformance suite under `describe(name)`. `factory` must return a new, empty store each call; the
 * suite closes every store it made.
 */
export function runStoreConformance(name: string, factory: StoreFactory): void {
  describe(name, () => {
    const ctx = useStore(factory);
    campaignConformance(ctx);
    shardConformance(ctx);
    resultConformance(ctx);
    aggregateConformance(ctx);
    modelConformance(ctx);
  });
}
