/**
 * The assertion every error test of the store uses.
 */
import { expect } from "vitest";
import { StoreError, type StoreErrorCode } from "../store-error.js";

/** Asserts that `fn` throws a {@link StoreError} with `code` and a message matching `pattern`; returns the error. */
export function expectStoreError(fn: () => unknown, code: StoreErrorCode, pattern?: RegExp): StoreError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a StoreError ${code}`).toBeInstanceOf(StoreError);
  const err = caught as StoreError;
  expect(err.code, err.message).toBe(code);
  if (pattern !== undefined) expect(err.message).toMatch(pattern);
  return err;
}
