/**
 * Readers for point clouds and Gaussian targets on the command line (`scoresweep w2 --x/--y/--directions/--*-weights`).
 *
 * Point files, chosen by extension (one point per row, n×d, read into a row-major Float64Array):
 * - `.json`: an array of rows, each an array of d numbers (`[[0.1, 2], [0.3, -1]]`); a flat array of numbers is n
 *   points in one dimension (`[0.1, 0.3]`).
 * - `.csv`: one point per line, fields separated by commas (spaces around them ignored); blank lines and lines
 *   starting with `#` are skipped; an optional header line (any field that is not a number) is skipped. `nan`,
 *   `inf` and `-inf` are read (and then rejected as non-finite, naming the line and column).
 * - `.npy`: NumPy format 1.0/2.0/3.0, dtype float64 or float32 (`<f8`, `>f8`, `<f4`, `>f4`, `|`/`=` byte order),
 *   shape (n,) or (n, d), C order (Fortran order is transposed on reading). The header is parsed here; no library.
 *
 * Every coordinate must be finite; errors name the option, the file and the row and column (0-based for .json and
 * .npy, 1-based lines for .csv), in one line.
 *
 * Gaussian targets (`--y gaussian:...`), a target law instead of a sample:
 * - `gaussian:mean=M,std=S,dim=D` — N(M·1, S²·I_D) with scalar M (default 0) and S > 0 (default 1); `dim` defaults to
 *   the dimension of --x. `gaussian:` alone is the standard normal.
 * - `gaussian:@FILE.json` — a JSON object `{"mean": m, "std": s}` or `{"mean": m, "cov": [[...], ...]}` where m and s
 *   are numbers (broadcast) or arrays of length dim, and cov is a dim×dim symmetric PSD matrix; `"dim"` is optional
 *   when an array fixes it (else the dimension of --x); `"kind": "gaussian"` may be present.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { resolveGaussianData, ScoresweepError, type GaussianData, type PointCloud } from "@scoresweep/core";
import { CliError } from "../cli-error.js";
import { readText } from "./read-text.js";

/** What `--y` names: a sample (a point file) or a Gaussian target law. */
export type PointsOrGaussian = { kind: "points"; cloud: PointCloud; path: string } | { kind: "gaussian"; law: GaussianData; spec: string };

/** Prefix of a Gaussian target in `--y`. */
export const GAUSSIAN_PREFIX = "gaussian:";

const NON_FINITE: Record<string, number> = {
  nan: Number.NaN,
  "+nan": Number.NaN,
  "-nan": Number.NaN,
  inf: Infinity,
  "+inf": Infinity,
  "-inf": -Infinity,
  infinity: Infinity,
  "+infinity": Infinity,
  "-infinity": -Infinity,
};

/** A number field, or NaN-with-flag when it is not numeric at all. */
function parseField(field: string): { value: number; numeric: boolean } {
  const f = field.trim();
  if (f === "") return { value: Number.NaN, numeric: false };
  const special = NON_FINITE[f.toLowerCase()];
  if (special !== undefined) return { value: special, numeric: true };
  const v = Number(f);
  return { value: v, numeric: !Number.isNaN(v) };
}

function describeNumber(v: number): string {
  return Number.isNaN(v) ? "NaN" : String(v);
}

/** Throws the one-line error for a non-finite coordinate. */
function nonFinite(option: string, path: string, v: number, where: string): never {
  throw new CliError(`${option}: coordinates must be finite numbers; got ${describeNumber(v)} at ${where} of ${path}`);
}

function readBytes(option: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new CliError(`${option}: cannot read file ${JSON.stringify(path)} (${reason})`, { cause: error });
  }
}

/** Parses a .json point file. */
function parseJsonPoints(option: string, path: string, text: string): PointCloud {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${option}: malformed JSON in ${path} (${(error as Error).message})`, { cause: error });
  }
  if (!Array.isArray(doc)) throw new CliError(`${option}: ${path} must hold a JSON array of points (rows of numbers); got ${typeof doc}`);
  const n = doc.length;
  if (n === 0) return { n: 0, d: 1, data: new Float64Array(0) };
  if (!Array.isArray(doc[0])) {
    // A flat array: n points in one dimension.
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = doc[i];
      if (typeof v !== "number") throw new CliError(`${option}: entry ${i} of ${path} must be a number or every entry an array; got ${JSON.stringify(v)}`);
      data[i] = v;
    }
    return { n, d: 1, data };
  }
  const d = (doc[0] as unknown[]).length;
  if (d === 0) throw new CliError(`${option}: row 0 of ${path} must be a non-empty array of numbers; got []`);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = doc[i];
    if (!Array.isArray(row)) throw new CliError(`${option}: row ${i} of ${path} must be an array of ${d} numbers; got ${JSON.stringify(row)}`);
    if (row.length !== d) throw new CliError(`${option}: row ${i} of ${path} must have ${d} numbers (as row 0); got ${row.length}`);
    for (let k = 0; k < d; k++) {
      const v = row[k];
      if (typeof v !== "number") throw new CliError(`${option}: row ${i}, column ${k} of ${path} must be a number; got ${JSON.stringify(v)}`);
      data[i * d + k] = v;
    }
  }
  return { n, d, data };
}

/** Parses a .csv point file (optional header; comma-separated). */
function parseCsvPoints(option: string, path: string, text: string): PointCloud {
  const rows: number[][] = [];
  const lineNos: number[] = [];
  const lines = text.split(/\r?\n/);
  let d = -1;
  let headerAllowed = true;
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln].trim();
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split(",");
    const parsed = fields.map(parseField);
    if (parsed.some((p) => !p.numeric)) {
      if (headerAllowed) {
        headerAllowed = false;
        continue;
      }
      const k = parsed.findIndex((p) => !p.numeric);
      throw new CliError(`${option}: line ${ln + 1}, column ${k + 1} of ${path} must be a number; got ${JSON.stringify(fields[k].trim())}`);
    }
    headerAllowed = false;
    if (d < 0) d = fields.length;
    else if (fields.length !== d) throw new CliError(`${option}: line ${ln + 1} of ${path} must have ${d} fields (as the first data line); got ${fields.length}`);
    rows.push(parsed.map((p) => p.value));
    lineNos.push(ln + 1);
  }
  if (rows.length === 0) return { n: 0, d: 1, data: new Float64Array(0) };
  const data = new Float64Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) {
    for (let k = 0; k < d; k++) {
      const v = rows[i][k];
      if (!Number.isFinite(v)) nonFinite(option, path, v, `line ${lineNos[i]}, column ${k + 1}`);
      data[i * d + k] = v;
    }
  }
  return { n: rows.length, d, data };
}

/** Parses a .npy file (float32/float64, 1-D or 2-D). */
export function parseNpy(option: string, path: string, bytes: Uint8Array): PointCloud {
  const bad = (what: string): never => {
    throw new CliError(`${option}: ${path} must be a NumPy .npy file; ${what}`);
  };
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) bad("got no \\x93NUMPY magic string");
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) bad("got a truncated header");
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    return bad(`got format version ${major}.${bytes[7]} (supported: 1.0, 2.0, 3.0)`);
  }
  if (start + headerLen > bytes.length) bad("got a truncated header");
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(start, start + headerLen));
  const descr = /['"]descr['"]\s*:\s*['"]([<>|=]?)([a-zA-Z])(\d+)['"]/.exec(header);
  if (!descr) return bad(`got a header without a simple 'descr' (${header.trim()})`);
  const [, order, kind, sizeStr] = descr;
  const size = Number(sizeStr);
  if (kind !== "f" || (size !== 8 && size !== 4)) {
    throw new CliError(`${option}: the dtype of ${path} must be float64 or float32 ('<f8', '<f4'); got '${order}${kind}${size}'`);
  }
  const little = order !== ">";
  const fortranMatch = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  if (!fortranMatch) bad("got a header without 'fortran_order'");
  const fortran = fortranMatch![1] === "True";
  const shapeMatch = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!shapeMatch) return bad("got a header without 'shape'");
  const dims = shapeMatch[1]
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (dims.some((v) => !Number.isSafeInteger(v) || v < 0)) bad(`got shape (${shapeMatch[1]})`);
  if (dims.length !== 1 && dims.length !== 2) {
    throw new CliError(`${option}: the array in ${path} must have shape (n,) or (n, d); got (${shapeMatch[1].trim()})`);
  }
  const n = dims[0];
  const d = dims.length === 2 ? dims[1] : 1;
  if (dims.length === 2 && d === 0 && n > 0) throw new CliError(`${option}: the array in ${path} must have d >= 1 columns; got shape (${n}, 0)`);
  const offset = start + headerLen;
  const count = n * d;
  if (bytes.length - offset < count * size) {
    throw new CliError(`${option}: ${path} is truncated: its shape (${n}, ${d}) needs ${count * size} data bytes; got ${bytes.length - offset}`);
  }
  const data = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const v = size === 8 ? view.getFloat64(offset + 8 * k, little) : view.getFloat32(offset + 4 * k, little);
    // Fortran order stores column-major: element k is (k mod n, ⌊k/n⌋).
    const idx = fortran && d > 1 ? (k % n) * d + Math.floor(k / n) : k;
    data[idx] = v;
  }
  for (let k = 0; k < count; k++) {
    if (!Number.isFinite(data[k])) nonFinite(option, path, data[k], `row ${Math.floor(k / d)}, column ${k % d}`);
  }
  return { n, d: Math.max(d, 1), data };
}

/**
 * Reads a point file for `option` (`--x`, `--y`, `--directions`): .json, .csv or .npy, n points of dimension d as a
 * row-major cloud. Rejects unreadable files, unknown extensions, malformed content, ragged rows, non-finite
 * coordinates and empty files (CliError: one line, exit code 2).
 */
export function readPoints(option: string, path: string): PointCloud {
  const ext = extname(path).toLowerCase();
  let cloud: PointCloud;
  if (ext === ".npy") cloud = parseNpy(option, path, readBytes(option, path));
  else if (ext === ".json") cloud = parseJsonPoints(option, path, readText(option, path));
  else if (ext === ".csv") cloud = parseCsvPoints(option, path, readText(option, path));
  else throw new CliError(`${option}: file extension must be one of .json | .csv | .npy; got ${JSON.stringify(ext || path)}`);
  if (ext === ".json") {
    for (let k = 0; k < cloud.data.length; k++) {
      if (!Number.isFinite(cloud.data[k])) nonFinite(option, path, cloud.data[k], `row ${Math.floor(k / cloud.d)}, column ${k % cloud.d}`);
    }
  }
  if (cloud.n === 0) throw new CliError(`${option}: ${path} must hold at least one point; got none`);
  return cloud;
}

/** Reads per-point weights (`--x-weights`): a flat .json array, a one-column .csv or a 1-D .npy; finite values. */
export function readWeights(option: string, path: string): Float64Array {
  const cloud = readPoints(option, path);
  if (cloud.d !== 1) throw new CliError(`${option}: ${path} must hold one weight per point (a flat array or one column); got ${cloud.d} columns`);
  return cloud.data;
}

/** Parses the `key=value,...` form of a Gaussian target. */
function parseInlineGaussian(option: string, body: string, dimHint: number): Record<string, unknown> {
  const spec: Record<string, unknown> = { kind: "gaussian", mean: 0, std: 1, dim: dimHint };
  if (body.trim() === "") return spec;
  for (const part of body.split(",")) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const raw = eq < 0 ? "" : part.slice(eq + 1).trim();
    if (key !== "mean" && key !== "std" && key !== "dim") {
      throw new CliError(`${option}: Gaussian target keys must be mean, std or dim (or use gaussian:@file.json for vectors and covariances); got ${JSON.stringify(key)}`);
    }
    const v = Number(raw);
    if (raw === "" || !Number.isFinite(v)) throw new CliError(`${option}: Gaussian target ${key} must be a finite number; got ${JSON.stringify(raw)}`);
    spec[key] = v;
  }
  return spec;
}

/** Reads the JSON file of a `gaussian:@file` target. */
function readGaussianFile(option: string, path: string, dimHint: number): Record<string, unknown> {
  const text = readText(option, path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${option}: malformed JSON in ${path} (${(error as Error).message})`, { cause: error });
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new CliError(`${option}: ${path} must hold a JSON object {"mean", "std" | "cov", "dim"?}; got ${Array.isArray(doc) ? "an array" : JSON.stringify(doc)}`);
  }
  const o = doc as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!["kind", "mean", "std", "cov", "dim"].includes(key)) {
      throw new CliError(`${option}: keys of the Gaussian target in ${path} must be among kind, mean, std, cov, dim; got ${JSON.stringify(key)}`);
    }
  }
  if (o.kind !== undefined && o.kind !== "gaussian") throw new CliError(`${option}: "kind" in ${path} must be "gaussian"; got ${JSON.stringify(o.kind)}`);
  let dim = o.dim;
  if (dim === undefined) {
    if (Array.isArray(o.mean)) dim = o.mean.length;
    else if (Array.isArray(o.std)) dim = o.std.length;
    else if (Array.isArray(o.cov)) dim = o.cov.length;
    else dim = dimHint;
  }
  const spec: Record<string, unknown> = { kind: "gaussian", mean: o.mean ?? 0, dim };
  if (o.cov !== undefined) spec.cov = o.cov;
  if (o.std !== undefined || o.cov === undefined) spec.std = o.std ?? 1;
  return spec;
}

/**
 * Reads `--y`: a point file, or a Gaussian target `gaussian:...` (see the module comment). `dimHint` (the dimension
 * of --x) fills in the target's dimension when nothing else fixes it.
 */
export function readPointsOrGaussian(option: string, value: string, dimHint: number): PointsOrGaussian {
  if (!value.startsWith(GAUSSIAN_PREFIX)) return { kind: "points", cloud: readPoints(option, value), path: value };
  const body = value.slice(GAUSSIAN_PREFIX.length);
  const spec = body.startsWith("@") ? readGaussianFile(option, body.slice(1), dimHint) : parseInlineGaussian(option, body, dimHint);
  try {
    return { kind: "gaussian", law: resolveGaussianData(spec as never), spec: value };
  } catch (error) {
    if (error instanceof ScoresweepError) throw new CliError(`${option}: invalid Gaussian target (${error.message})`, { cause: error });
    throw error;
  }
}
