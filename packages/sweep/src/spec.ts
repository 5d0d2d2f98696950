import { parse as parseYaml } from "yaml";
import { InvalidParameterError } from "@scoresweep/core";
import { specSchema, type SweepSpec } from "./spec-schema.js";
import { schemaError } from "./schema-error.js";

/** Parses and validates a sweep spec from YAML or JSON text (`source` names the file in errors). */
export function parseSpecText(text: string, source: string): SweepSpec {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new InvalidParameterError(`${source}: must be valid YAML or JSON (${(error as Error).message.split("\n")[0]})`, { cause: error });
  }
  return parseSpec(doc, source);
}

/** Validates an already-parsed spec document. */
export function parseSpec(doc: unknown, source = "spec"): SweepSpec {
  const result = specSchema.safeParse(doc);
  if (!result.success) throw schemaError(source, result.error, doc);
  return result.data;
}
