/**
 * The client side of the campaign board (`campaign-entry.ts`): submitting a spec and following its entry until the
 * coordinator is done with it. Used by `scoresweep run SPEC --nats`.
 */
import { randomUUID } from "node:crypto";
import { InvalidParameterError } from "@scoresweep/core";
import { canonicalJson, type SweepSpec } from "@scoresweep/sweep";
import { AuthenticationError, ClosedError, KvConflictError, TransportError, type KvBucket } from "@scoresweep/transport";
import { campaignKey, CAMPAIGN_ENTRY_VERSION, decodeCampaignEntry, encodeCampaignEntry, isFinalState, type CampaignEntry } from "./campaign-entry.js";

/** What {@link submitCampaign} did. */
export interface Submission {
  /** KV key of the entry. */
  key: string;
  /** Id of the submission to follow. */
  submission: string;
  /** True when the same spec was already submitted or running and this call joined it instead of submitting again. */
  attached: boolean;
  /** The entry as written (or found). */
  entry: CampaignEntry;
}

/** A fresh `submitted` entry for `spec`. */
export function newCampaignEntry(spec: SweepSpec, yes: boolean, now: number): CampaignEntry {
  return {
    v: CAMPAIGN_ENTRY_VERSION,
    name: spec.name,
    spec: canonicalJson(spec),
    yes,
    submission: randomUUID(),
    submittedAt: now,
    state: "submitted",
    progress: null,
    duplicates: 0,
    malformed: 0,
    failures: [],
    error: null,
    coordinator: null,
    updatedAt: now,
  };
}

/**
 * Puts `spec` on the board. A campaign of that name that is still submitted or running with the same spec is joined
 * (`attached`); with a different spec it is an `InvalidParameterError` (one campaign of a name at a time). A finished
 * entry (or none) is replaced by a new submission — re-running a finished campaign computes only what is missing or new,
 * as in the embedded mode. Compare-and-set, so two clients racing on one name never overwrite each other.
 */
export async function submitCampaign(bucket: KvBucket, spec: SweepSpec, options: { yes?: boolean; now?: () => number } = {}): Promise<Submission> {
  const now = options.now ?? Date.now;
  const key = campaignKey(spec.name);
  const specJson = canonicalJson(spec);
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = await bucket.get(key);
    let existing: CampaignEntry | null = null;
    if (current !== null) {
      try {
        existing = decodeCampaignEntry(current.value);
      } catch {
        existing = null; // unreadable: replaced below
      }
    }
    if (existing !== null && !isFinalState(existing.state)) {
      if (existing.spec === specJson) return { key, submission: existing.submission, attached: true, entry: existing };
      throw new InvalidParameterError(
        `spec: campaign ${JSON.stringify(spec.name)} must not be ${existing.state} on the cluster with a different spec (wait for it to finish or use another name); got a different spec`,
      );
    }
    const entry = newCampaignEntry(spec, options.yes ?? false, now());
    try {
      if (current === null) await bucket.create(key, encodeCampaignEntry(entry));
      else await bucket.update(key, encodeCampaignEntry(entry), current.revision);
      return { key, submission: entry.submission, attached: false, entry };
    } catch (error) {
      if (error instanceof KvConflictError) continue; // someone else wrote it meanwhile: look again
      throw error;
    }
  }
  throw new InvalidParameterError(`spec: campaign ${JSON.stringify(spec.name)} must be submittable; got 20 conflicting concurrent writes`);
}

/** Options of {@link followCampaign}. */
export interface FollowOptions {
  /** Called with every new version of the entry. */
  onUpdate?: (entry: CampaignEntry) => void;
  /** Stops following (resolves with the last entry seen, not final). */
  signal?: AbortSignal;
  /** Poll period in ms (default 250). */
  pollMs?: number;
  /** Called when a read failed transiently (connection trouble); following goes on. */
  onRetry?: (error: TransportError) => void;
}

/**
 * Polls the entry `key` until the submission `submission` is final, and resolves with that entry; on `signal` resolves
 * with the last entry seen (or null). If the entry is replaced by another submission, follows that one (same campaign,
 * same database). Transient transport failures (a server restart) are retried; others reject.
 */
export async function followCampaign(bucket: KvBucket, key: string, submission: string, options: FollowOptions = {}): Promise<CampaignEntry | null> {
  const pollMs = options.pollMs ?? 250;
  let last: CampaignEntry | null = null;
  let lastRevision = -1;
  let current = submission;
  while (!options.signal?.aborted) {
    let kv;
    try {
      kv = await bucket.get(key);
    } catch (error) {
      // The server restarting or a reconnect in progress: keep following (the campaign goes on without us).
      if (!(error instanceof TransportError) || error instanceof ClosedError || error instanceof AuthenticationError) throw error;
      options.onRetry?.(error);
      await sleep(pollMs, options.signal);
      continue;
    }
    if (kv !== null && kv.revision !== lastRevision) {
      lastRevision = kv.revision;
      let entry: CampaignEntry | null = null;
      try {
        entry = decodeCampaignEntry(kv.value);
      } catch {
        entry = null;
      }
      if (entry !== null) {
        if (entry.submission !== current && !isFinalState(entry.state)) current = entry.submission;
        if (entry.submission === current) {
          last = entry;
          options.onUpdate?.(entry);
          if (isFinalState(entry.state)) return entry;
        }
      }
    }
    await sleep(pollMs, options.signal);
  }
  return last;
}

/** Waits `ms`, or less if `signal` aborts; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
