import { hostname } from "node:os";
import { InvalidParameterError, ScoresweepError } from "@scoresweep/core";
import { parseSpec, type SweepSpec } from "@scoresweep/sweep";
import type { ResultStore } from "@scoresweep/store";
import { KvConflictError, TransportError, type KvBucket, type Transport } from "@scoresweep/transport";
import { sleep } from "./campaign-board.js";
import { newCampaignEntry } from "./campaign-board.js";
import {
  CAMPAIGNS_BUCKET,
  campaignKey,
  decodeCampaignEntry,
  encodeCampaignEntry,
  isFinalState,
  type CampaignEntry,
  type CampaignFailure,
} from "./campaign-entry.js";
import { runCampaign, type RunProgress } from "./campaign-runner.js";
import { COORDINATOR_TTL_MS, COORDINATORS_BUCKET, decodeCoordinatorPresence, encodeCoordinatorPresence, type CoordinatorPresence } from "./coordinator-presence.js";

/** Options of {@link CoordinatorService}. */
export interface CoordinatorServiceOptions {
  /** Connection to the cluster (provisioning: the coordinator creates the streams and buckets). */
  transport: Transport;
  /** The results database: the source of truth for resume. */
  store: ResultStore;
  /** Presence key: `[-_=.a-zA-Z0-9]+`; default the host name (so a restart on the same host takes over its own entry). */
  name?: string;
  /** Aborting stops the service: the running campaign stops cleanly (committed results kept) and stays `running` on
   * the board, to be resumed by the next start. */
  signal?: AbortSignal;
  /** How often the board is read for submissions when idle, in ms (default 500). */
  pollMs?: number;
  /** Most frequent progress update of a running campaign's entry, in ms (default 500). */
  progressEveryMs?: number;
  /** Pause before retrying after a transport failure, in ms (default 1000). */
  retryMs?: number;
  /** Passed to `runCampaign`. */
  codeVersion?: string;
  /** Passed to `runCampaign`: most shards published and not yet answered. */
  window?: number;
  /** One line per notable event (campaign taken, finished, rejected; transport trouble). */
  log?: (line: string) => void;
  /** Progress of the running campaign, at most every `progressEveryMs`. */
  onProgress?: (campaign: string, progress: RunProgress) => void;
}

/** How many failed shards an entry lists. */
const FAILURES_SHOWN = 10;

/** Whether a process of this host with that pid exists. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Makes a presence key out of a host name. */
function keyFromHost(host: string): string {
  const k = host.replace(/[^-_=.a-zA-Z0-9]/g, "-").replace(/^\.+|\.+$/g, "").replace(/\.{2,}/g, ".");
  return k.length > 0 ? k.slice(0, 128) : "coordinator";
}

/**
 * The long-running coordinator (DESIGN §4; `scoresweep coordinator`): takes campaigns from the board (KV bucket
 * `campaigns`, see `campaign-entry.ts`) one at a time — resumed `running` ones first, then `submitted` ones in
 * submission order — and runs each with {@link runCampaign} over the transport, writing results to its database and
 * progress to the entry. On start it also resumes every campaign its database marks `running` (a crash), even if its
 * entry was lost. Done shards are never recomputed (the database is the truth); missing ones are republished, which
 * the server's dedupe window and insert-or-ignore commits make safe.
 */
export class CoordinatorService {
  readonly name: string;
  /** Campaigns finished (done, failed or rejected) since start. */
  campaignsRun = 0;
  private readonly o: CoordinatorServiceOptions;
  private readonly log: (line: string) => void;
  private readonly startedAt = Date.now();
  private current: string | null = null;
  private readonly ignored = new Set<string>();
  private presence: KvBucket | null = null;

  constructor(options: CoordinatorServiceOptions) {
    this.o = options;
    this.name = options.name ?? keyFromHost(hostname());
    this.log = options.log ?? (() => {});
  }

  /** Runs until the signal aborts; rejects only if it cannot start (e.g. another coordinator holds the namespace). */
  async run(): Promise<void> {
    const { transport, signal } = this.o;
    const board = await transport.kv(CAMPAIGNS_BUCKET);
    const presence = await transport.kv(COORDINATORS_BUCKET, { ttlMs: COORDINATOR_TTL_MS });
    await this.checkAlone(presence);
    this.presence = presence;
    await this.beat(presence);
    const timer = setInterval(() => void this.beat(presence).catch(() => {}), COORDINATOR_TTL_MS / 3);
    timer.unref();
    try {
      await this.retrying(() => this.recover(board));
      while (!signal?.aborted) {
        const next = await this.retrying(() => this.next(board));
        if (next === undefined) break; // aborted while retrying
        if (next === null) {
          await sleep(this.o.pollMs ?? 500, signal);
          continue;
        }
        await this.runOne(board, next.key, next.entry, next.revision);
      }
    } finally {
      clearInterval(timer);
      this.presence = null;
      await presence.delete(this.name).catch(() => {});
    }
  }

  /** Runs `fn`, retrying transport failures (e.g. the server restarting) until it succeeds or the service stops. */
  private async retrying<T>(fn: () => Promise<T>): Promise<T | undefined> {
    for (;;) {
      if (this.o.signal?.aborted) return undefined;
      try {
        return await fn();
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        if (this.o.signal?.aborted) return undefined;
        this.log(`transport: ${error.message}; retrying`);
        await sleep(this.o.retryMs ?? 1000, this.o.signal);
      }
    }
  }

  private async checkAlone(presence: KvBucket): Promise<void> {
    for (const key of await presence.keys()) {
      const kv = await presence.get(key);
      if (kv === null) continue;
      let other: CoordinatorPresence;
      try {
        other = decodeCoordinatorPresence(kv.value);
      } catch {
        continue;
      }
      const age = Date.now() - other.updatedAt;
      // Our own name is a restart taking over its entry — unless that process is still alive on this host.
      const sameName = key === this.name;
      if (sameName && !(other.host === hostname() && other.pid !== process.pid && processAlive(other.pid))) continue;
      if (age < COORDINATOR_TTL_MS) {
        throw new InvalidParameterError(
          `coordinator: namespace ${JSON.stringify(this.o.transport.namespace)} must have one coordinator; got another alive: ${other.name} (${other.host}, pid ${other.pid}, seen ${(age / 1000).toFixed(0)} s ago)`,
        );
      }
    }
  }

  private async beat(presence: KvBucket): Promise<void> {
    const record: CoordinatorPresence = {
      v: 1,
      name: this.name,
      host: hostname(),
      pid: process.pid,
      campaign: this.current,
      campaignsRun: this.campaignsRun,
      startedAt: this.startedAt,
      updatedAt: Date.now(),
    };
    await presence.put(this.name, encodeCoordinatorPresence(record));
  }

  /** Puts every campaign the database has `running` (a crash) back on the board if its entry is gone. */
  private async recover(board: KvBucket): Promise<void> {
    for (const c of this.o.store.listCampaigns()) {
      if (c.status !== "running") continue;
      const key = campaignKey(c.name);
      const kv = await board.get(key);
      if (kv !== null) {
        try {
          decodeCampaignEntry(kv.value);
          continue; // the board knows it: it decides
        } catch {
          /* unreadable: replaced */
        }
      }
      let spec: SweepSpec;
      try {
        spec = parseSpec(JSON.parse(c.specJson), `campaign ${c.name}`);
      } catch (error) {
        this.log(`campaign ${c.name}: not resumed, its stored spec does not validate: ${(error as Error).message}`);
        continue;
      }
      // Validated once before it ever ran, so `yes` (its size was accepted then).
      const entry: CampaignEntry = { ...newCampaignEntry(spec, true, Date.now()), state: "running" };
      try {
        if (kv === null) await board.create(key, encodeCampaignEntry(entry));
        else await board.update(key, encodeCampaignEntry(entry), kv.revision);
        this.log(`campaign ${c.name}: found running in the database, resuming`);
      } catch (error) {
        if (!(error instanceof KvConflictError)) throw error;
      }
    }
  }

  /** The next campaign to run: resumed (`running`) first, then `submitted` by submission time; null if none. */
  private async next(board: KvBucket): Promise<{ key: string; entry: CampaignEntry; revision: number } | null> {
    const active: { key: string; entry: CampaignEntry; revision: number }[] = [];
    for (const key of await board.keys()) {
      const kv = await board.get(key);
      if (kv === null) continue;
      let entry: CampaignEntry;
      try {
        entry = decodeCampaignEntry(kv.value);
        if (campaignKey(entry.name) !== key) throw new RangeError(`campaign entry: key must be ${campaignKey(entry.name)} for name ${entry.name}; got ${key}`);
      } catch (error) {
        const tag = `${key}@${kv.revision}`;
        if (!this.ignored.has(tag)) {
          this.ignored.add(tag);
          this.log(`board: entry ${key} ignored: ${(error as Error).message}`);
        }
        continue;
      }
      if (!isFinalState(entry.state)) active.push({ key, entry, revision: kv.revision });
    }
    active.sort(
      (a, b) =>
        Number(b.entry.state === "running") - Number(a.entry.state === "running") ||
        a.entry.submittedAt - b.entry.submittedAt ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
    return active[0] ?? null;
  }

  private failuresOf(campaignId: string): CampaignFailure[] {
    try {
      return this.o.store
        .listShards(campaignId, { statuses: ["failed"], limit: FAILURES_SHOWN })
        .map((s) => ({ shard: s.shardId, attempts: s.attempts, error: s.error === null ? null : s.error.slice(0, 2000) }));
    } catch {
      return [];
    }
  }

  private async runOne(board: KvBucket, key: string, entry: CampaignEntry, revision: number): Promise<void> {
    const { transport, store, signal } = this.o;
    let spec: SweepSpec;
    try {
      spec = parseSpec(JSON.parse(entry.spec), `campaign ${entry.name}`);
      if (spec.name !== entry.name) throw new InvalidParameterError(`campaign ${entry.name}: spec.name must be ${JSON.stringify(entry.name)}; got ${JSON.stringify(spec.name)}`);
    } catch (error) {
      const message = error instanceof SyntaxError ? `campaign ${entry.name}: spec must be JSON; got ${error.message}` : (error as Error).message;
      await this.settle(board, key, { ...entry, state: "rejected", error: message }, revision);
      this.log(`campaign ${entry.name}: rejected: ${message}`);
      return;
    }
    const taken: CampaignEntry = { ...entry, state: "running", coordinator: this.name, error: null, updatedAt: Date.now() };
    try {
      await board.update(key, encodeCampaignEntry(taken), revision);
    } catch (error) {
      if (error instanceof KvConflictError) return; // changed meanwhile (resubmitted): read it again
      throw error;
    }
    this.log(`campaign ${entry.name}: ${entry.state === "running" ? "resuming" : "starting"} (submission ${entry.submission})`);
    this.current = entry.name;
    await this.beatNow();
    const writer = new ProgressWriter(board, key, taken, (id) => this.failuresOf(id));
    try {
      const summary = await runCampaign({
        spec,
        store,
        transport,
        yes: entry.yes,
        signal,
        codeVersion: this.o.codeVersion,
        window: this.o.window,
        progressEveryMs: this.o.progressEveryMs ?? 500,
        onProgress: (p) => {
          writer.update(p);
          this.o.onProgress?.(entry.name, p);
        },
      });
      await writer.flush();
      const { status, duplicates, malformed, ...progress } = summary;
      if (status === "stopped") {
        // The service is stopping: leave it `running` so that the next start resumes it.
        await board.put(key, encodeCampaignEntry({ ...writer.entry, progress, updatedAt: Date.now() })).catch(() => {});
        this.log(`campaign ${entry.name}: stopped at ${summary.shardsDone}/${summary.shardsTotal} shards; resumes when a coordinator starts`);
        return;
      }
      const final: CampaignEntry = {
        ...writer.entry,
        state: status,
        progress,
        duplicates,
        malformed,
        failures: status === "failed" ? this.failuresOf(spec.name) : [],
        error: status === "failed" ? `${summary.shardsFailed} shard(s) failed (see failures)` : null,
        updatedAt: Date.now(),
      };
      // If this put fails the entry stays `running` and the campaign is run again: nothing left to do, so it ends at once.
      await board.put(key, encodeCampaignEntry(final));
      this.campaignsRun++;
      this.log(
        `campaign ${entry.name}: ${status}: ${summary.shardsDone}/${summary.shardsTotal} shards (${summary.shardsSkipped} already done), ` +
          `${summary.shardsFailed} failed, ${duplicates} duplicate result(s), ${malformed} malformed, ${summary.elapsedSeconds.toFixed(1)} s`,
      );
    } catch (error) {
      await writer.flush();
      if (error instanceof TransportError) {
        if (signal?.aborted) return;
        // Still `running` on the board: taken again (resumed) after the pause.
        this.log(`campaign ${entry.name}: transport: ${error.message}; resuming in ${this.o.retryMs ?? 1000} ms`);
        await sleep(this.o.retryMs ?? 1000, signal);
        return;
      }
      // A ScoresweepError is the spec's or the database's verdict on this campaign (seed changed, too many points,
      // unsupported search): the submitter must change something. Anything else is a failure of this run.
      const state = error instanceof ScoresweepError ? "rejected" : "failed";
      const message = error instanceof Error ? error.message : String(error);
      await this.settle(board, key, { ...writer.entry, state, error: message }, null);
      this.campaignsRun++;
      this.log(`campaign ${entry.name}: ${state}: ${message}`);
      if (state === "failed" && error instanceof Error && error.stack) this.log(error.stack);
    } finally {
      this.current = null;
      await this.beatNow();
    }
  }

  /** A heartbeat now (the campaign changed), if presence is up; failures are left to the next periodic beat. */
  private async beatNow(): Promise<void> {
    if (this.presence !== null) await this.beat(this.presence).catch(() => {});
  }

  /** Writes a final entry (compare-and-set when `revision` is given; a conflict means it was resubmitted: leave it). */
  private async settle(board: KvBucket, key: string, entry: CampaignEntry, revision: number | null): Promise<void> {
    const bytes = encodeCampaignEntry({ ...entry, updatedAt: Date.now() });
    try {
      if (revision === null) await board.put(key, bytes);
      else await board.update(key, bytes, revision);
    } catch (error) {
      if (!(error instanceof KvConflictError)) throw error;
    }
  }
}

/** Writes progress into a campaign's entry, one put at a time, always the latest (older updates are skipped). */
class ProgressWriter {
  private latest: RunProgress | null = null;
  private running: Promise<void> | null = null;
  private failedSeen = 0;

  constructor(
    private readonly board: KvBucket,
    private readonly key: string,
    /** The entry as last written. */
    public entry: CampaignEntry,
    private readonly failuresOf: (campaignId: string) => CampaignFailure[],
  ) {}

  update(p: RunProgress): void {
    this.latest = { ...p };
    if (this.running === null) this.running = this.pump().finally(() => (this.running = null));
  }

  private async pump(): Promise<void> {
    while (this.latest !== null) {
      const p = this.latest;
      this.latest = null;
      let failures = this.entry.failures;
      if (p.shardsFailed !== this.failedSeen) {
        this.failedSeen = p.shardsFailed;
        failures = this.failuresOf(p.campaignId);
      }
      const next = { ...this.entry, progress: p, failures, updatedAt: Date.now() };
      try {
        await this.board.put(this.key, encodeCampaignEntry(next));
        this.entry = next;
      } catch {
        // Progress is advisory: the next update carries on (e.g. after a reconnect).
        this.entry = next;
      }
    }
  }

  /** Waits for the write in progress (if any). */
  async flush(): Promise<void> {
    while (this.running !== null) await this.running;
  }
}
