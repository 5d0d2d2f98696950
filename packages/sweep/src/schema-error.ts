import { InvalidParameterError } from "@scoresweep/core";
import type { z } from "zod";

/** Renders a value for a message: short and JSON-like. */
function show(value: unknown): string {
  if (value === undefined) return "nothing";
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(value);
  }
}

/** Looks up the value at a zod issue path inside the input, for the `got` part of the message. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: any = input;
  for (const key of path) {
    if (v == null || typeof v !== "object") return undefined;
    v = v[key as any];
  }
  return v;
}

/** Turns one zod issue into the constraint clause of our `<where>: <what> must be <constraint>; got <value>` messages. */
function constraintOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
    case "too_small": {
      const op = issue.inclusive ? ">=" : ">";
      if (issue.origin === "array") return `a non-empty list${Number(issue.minimum) > 1 ? ` of at least ${issue.minimum} items` : ""}`;
      if (issue.origin === "string") return "a non-empty string";
      return `a number ${op} ${issue.minimum}`;
    }
    case "too_big":
      return issue.origin === "array" ? `a list of at most ${issue.maximum} items` : `a number ${issue.inclusive ? "<=" : "<"} ${issue.maximum}`;
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}`;
    case "invalid_union":
      return issue.message.replace(/^Invalid input:?\s*/i, "") || "one of the allowed forms";
    case "not_multiple_of":
      return `a multiple of ${issue.divisor}`;
    case "custom":
      return issue.message;
    default:
      return issue.message.replace(/^Invalid input:?\s*/i, "");
  }
}

/**
 * Converts the first zod issue into an {@link InvalidParameterError} whose message names the full dotted path of the
 * bad field, the allowed values and what was given: `point: sde.beta_min must be a number > 0; got -1`.
 */
export function schemaError(where: string, error: z.ZodError, input: unknown): InvalidParameterError {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const at = path ? `${path}.` : "";
    const keys = issue.keys.map((k) => `${at}${k}`).join(", ");
    return new InvalidParameterError(`${where}: ${keys} is not a known field (check the spelling)`, { cause: error });
  }
  const field = path || "(root)";
  return new InvalidParameterError(`${where}: ${field} must be ${constraintOf(issue)}; got ${show(valueAt(input, issue.path))}`, {
    cause: error,
  });
}
