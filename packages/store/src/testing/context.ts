/**
 * The per-test context of the conformance suite: a fresh store before each test, closed after it.
 */
import { afterEach, beforeEach } from "vitest";
import type { ResultStore } from "../store.js";

/** Makes an empty store; called once per test (and again for tests that need more than one store). */
export type StoreFactory = () => ResultStore | Promise<ResultStore>;

/** Access to the current test's store. */
export interface ConformanceContext {
  /** The store made for the current test. */
  readonly store: ResultStore;
  /** Another empty store, closed with the test. */
  fresh(): Promise<ResultStore>;
}

/** Registers the hooks and returns the context (call inside a `describe`). */
export function useStore(factory: StoreFactory): ConformanceContext {
  let current: ResultStore | undefined;
  const extra: ResultStore[] = [];
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(() => {
    current?.close();
    current = undefined;
    for (const s of extra.splice(0)) s.close();
  });
  return {
    get store(): ResultStore {
      if (current === undefined) throw new Error("conformance: the store is only available inside a test");
      return current;
    },
    async fresh(): Promise<ResultStore> {
      const s = await factory();
      extra.push(s);
      return s;
    },
  };
}
