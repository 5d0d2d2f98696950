import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import type { PointSpec } from "@scoresweep/core";
import { parsePoint } from "@scoresweep/sweep";
import { CliError } from "../cli-error.js";
import { readText } from "./read-text.js";

/** Parses JSON text, reporting the position of a syntax error in one line. */
function parseJson(option: string, text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${option}: malformed JSON in ${source} (${(error as Error).message})`, { cause: error });
  }
}

/** Reads the raw (unvalidated) point documents of a `--point` value. */
function readDocuments(option: string, value: string): unknown[] {
  if (!value.startsWith("@")) {
    const doc = parseJson(option, value, "the inline value");
    return Array.isArray(doc) ? doc : [doc];
  }
  const path = value.slice(1);
  const text = readText(option, path);
  const ext = extname(path).toLowerCase();
  if (ext === ".jsonl" || ext === ".ndjson") {
    return text
      .split(/\r?\n/)
      .map((line, i) => [line.trim(), i + 1] as const)
      .filter(([line]) => line.length > 0)
      .map(([line, n]) => parseJson(option, line, `${path} line ${n}`));
  }
  let doc: unknown;
  if (ext === ".yaml" || ext === ".yml") {
    try {
      doc = parseYaml(text);
    } catch (error) {
      throw new CliError(`${option}: malformed YAML in ${path} (${(error as Error).message.split("\n")[0]})`, { cause: error });
    }
  } else if (ext === ".json") {
    doc = parseJson(option, text, path);
  } else {
    throw new CliError(`${option}: file extension must be one of .json | .jsonl | .yaml | .yml; got ${JSON.stringify(ext || path)}`);
  }
  return Array.isArray(doc) ? doc : [doc];
}

/**
 * Reads `--point`: inline JSON (one object or an array of them) or `@file` (.json, .jsonl, .yaml), and validates every
 * point; a bad one is named by its index when there are several.
 */
export function readPointArg(value: string, option = "--point"): PointSpec[] {
  const docs = readDocuments(option, value);
  if (docs.length === 0) throw new CliError(`${option}: must hold at least one point; got an empty list`);
  return docs.map((doc, i) => parsePoint(doc, docs.length > 1 ? `point[${i}]` : "point"));
}
