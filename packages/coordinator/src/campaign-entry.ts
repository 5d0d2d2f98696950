/**
 * The cluster's campaign board (DESIGN §4): one entry per campaign in the KV bucket {@link CAMPAIGNS_BUCKET}, keyed by
 * {@link campaignKey}. A client (`scoresweep run SPEC --nats`) writes an entry in state `submitted`; the coordinator
 * takes it (compare-and-set to `running`), writes progress into it while it runs, and leaves it `done`, `failed` or
 * `rejected` (the spec or the database refused it, with the error). The SQLite database stays the source of truth
 * for results and resume; the board only says what to run and how far it got.
 *
 * Values are JSON (readable with `nats kv get`) and validated on receipt like every other message from the bus.
 */
import type { RunProgress } from "./campaign-runner.js";

/** Name of the campaign bucket (per namespace). */
export const CAMPAIGNS_BUCKET = "campaigns";

/** Version of the entry format; a reader refuses other versions. */
export const CAMPAIGN_ENTRY_VERSION = 1;

/**
 * Lifecycle on the board: `submitted` (waiting for the coordinator) → `running` → `done` | `failed` (some shards
 * exhausted their deliveries) | `rejected` (invalid spec, or incompatible with the campaign of that name in the
 * database). A coordinator that stops leaves `running` entries as they are and resumes them when it comes back.
 */
export type CampaignState = "submitted" | "running" | "done" | "failed" | "rejected";

const STATES: readonly CampaignState[] = ["submitted", "running", "done", "failed", "rejected"];

/** States after which the coordinator does nothing more with an entry (until it is resubmitted). */
export const FINAL_CAMPAIGN_STATES: readonly CampaignState[] = ["done", "failed", "rejected"];

/** True for `done`, `failed` and `rejected`. */
export function isFinalState(state: CampaignState): boolean {
  return FINAL_CAMPAIGN_STATES.includes(state);
}

/** A failed shard as shown on the board (the first few; the database has them all). */
export interface CampaignFailure {
  shard: string;
  attempts: number;
  error: string | null;
}

/** One campaign on the board. */
export interface CampaignEntry {
  v: number;
  /** Campaign name (= the spec's `name`). */
  name: string;
  /** The validated spec as canonical JSON (defaults filled), re-validated by the coordinator. */
  spec: string;
  /** Allow more than the spec's `max_points` points (`--yes`). */
  yes: boolean;
  /** Id of this submission: a follower waits for the final state of its own submission. */
  submission: string;
  /** ms since epoch. */
  submittedAt: number;
  state: CampaignState;
  /** Latest progress of the run (null before the coordinator starts it). */
  progress: RunProgress | null;
  /** Results received again for committed shards (at-least-once delivery), ignored — final runs only. */
  duplicates: number;
  /** Messages that did not decode or validate, terminated — final runs only. */
  malformed: number;
  /** The first failed shards. */
  failures: CampaignFailure[];
  /** Why the entry was rejected or failed, else null. */
  error: string | null;
  /** Name of the coordinator running it, once taken. */
  coordinator: string | null;
  /** ms since epoch. */
  updatedAt: number;
}

/**
 * The KV key of a campaign: its name with `.` written `=2E` (names are `[A-Za-z0-9._-]+`; a KV key may not start or
 * end with `.` nor hold `..`, which NATS subjects forbid).
 */
export function campaignKey(name: string): string {
  return name.replaceAll(".", "=2E");
}

/** Encodes an entry (JSON bytes). */
export function encodeCampaignEntry(entry: CampaignEntry): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(entry));
}

const PROGRESS_NUMBERS = [
  "pointsTotal",
  "pointsDone",
  "shardsTotal",
  "shardsDone",
  "shardsFailed",
  "shardsSkipped",
  "particlesPerSecond",
  "elapsedSeconds",
] as const;

function fail(what: string, constraint: string, got: unknown): never {
  let shown: string;
  try {
    shown = JSON.stringify(got) ?? String(got);
  } catch {
    shown = String(got);
  }
  throw new RangeError(`campaign entry: ${what} must be ${constraint}; got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`);
}

function num(o: Record<string, unknown>, k: string, where = k): number {
  const v = o[k];
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail(where, "a finite number >= 0", v);
  return v;
}

function str(o: Record<string, unknown>, k: string, max: number, where = k): string {
  const v = o[k];
  if (typeof v !== "string" || v.length > max) fail(where, `a string of at most ${max} characters`, v);
  return v;
}

function object(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(where, "an object", v);
  return v as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, keys: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${where}${k}`, "absent (not a known field)", o[k]);
}

const ENTRY_KEYS = ["v", "name", "spec", "yes", "submission", "submittedAt", "state", "progress", "duplicates", "malformed", "failures", "error", "coordinator", "updatedAt"];

/**
 * Decodes and validates an entry; throws a `RangeError` `campaign entry: <field> must be …; got …` for anything else
 * (the spec text itself is validated by whoever runs it, with the spec schema).
 */
export function decodeCampaignEntry(bytes: Uint8Array): CampaignEntry {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new RangeError(`campaign entry: value must be JSON; got ${(error as Error).message}`);
  }
  const o = object(doc, "value");
  if (o.v !== CAMPAIGN_ENTRY_VERSION) fail("v", String(CAMPAIGN_ENTRY_VERSION), o.v);
  onlyKeys(o, ENTRY_KEYS, "");
  const name = str(o, "name", 256);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) fail("name", "letters, digits, '.', '_' or '-'", name);
  str(o, "spec", 1 << 20);
  if (typeof o.yes !== "boolean") fail("yes", "a boolean", o.yes);
  const submission = str(o, "submission", 128);
  if (submission.length === 0) fail("submission", "a non-empty string", submission);
  num(o, "submittedAt");
  if (!STATES.includes(o.state as CampaignState)) fail("state", STATES.join(" | "), o.state);
  if (o.progress !== null) {
    const p = object(o.progress, "progress");
    onlyKeys(p, ["campaignId", ...PROGRESS_NUMBERS], "progress.");
    str(p, "campaignId", 256, "progress.campaignId");
    for (const k of PROGRESS_NUMBERS) num(p, k, `progress.${k}`);
  }
  num(o, "duplicates");
  num(o, "malformed");
  if (!Array.isArray(o.failures) || o.failures.length > 100) fail("failures", "an array of at most 100 items", o.failures);
  o.failures.forEach((f, i) => {
    const r = object(f, `failures[${i}]`);
    onlyKeys(r, ["shard", "attempts", "error"], `failures[${i}].`);
    str(r, "shard", 256, `failures[${i}].shard`);
    num(r, "attempts", `failures[${i}].attempts`);
    if (r.error !== null) str(r, "error", 8192, `failures[${i}].error`);
  });
  if (o.error !== null) str(o, "error", 8192);
  if (o.coordinator !== null) str(o, "coordinator", 256);
  num(o, "updatedAt");
  return o as unknown as CampaignEntry;
}
