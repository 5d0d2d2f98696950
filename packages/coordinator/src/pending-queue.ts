/**
 * The runner's publish queue, fed from the database page by page (DESIGN §5 `pendingShards` with its `afterSeq`
 * cursor) so a resume of a campaign with 10⁶ open shards never holds them all in memory: only the current page, plus
 * the shards the adaptive searches add during the run (precision replicates, derived points), which are published
 * after the paged ones, in the order they were added.
 *
 * The paged part is fixed at start-up: shards with `seq <= upTo` (the last open shard the start-up scan saw) whose
 * point `accept`s. Shards registered later have larger seqs and reach the queue only through {@link push}, so none is
 * published twice; a paged shard that became final meanwhile (a late result of an earlier run committed by this one)
 * is simply not returned by the store any more.
 */
import type { ResultStore, ShardRecord } from "@scoresweep/store";

/** Default page size of {@link PendingQueue} and {@link scanPending} (shards per `pendingShards` call). */
export const PENDING_PAGE_SIZE = 10_000;

/**
 * Visits every open shard of a campaign in registration order, one page of `pageSize` at a time; returns the seq of
 * the last one (0 if none), the `upTo` of a {@link PendingQueue}.
 */
export function scanPending(store: ResultStore, campaignId: string, visit: (shard: ShardRecord) => void, pageSize = PENDING_PAGE_SIZE): number {
  let afterSeq = 0;
  for (;;) {
    const page = store.pendingShards(campaignId, { afterSeq, limit: pageSize });
    for (const s of page) visit(s);
    if (page.length < pageSize) return page.length > 0 ? page[page.length - 1]!.seq : afterSeq;
    afterSeq = page[page.length - 1]!.seq;
  }
}

/** Options of {@link PendingQueue}. */
export interface PendingQueueOptions {
  /** Only open shards with `seq <= upTo` are paged in (the result of {@link scanPending}). */
  upTo: number;
  /** Which paged shards to publish (the others are the searches' business). */
  accept: (shard: ShardRecord) => boolean;
  /** Shards per page (integer >= 1); default {@link PENDING_PAGE_SIZE}. */
  pageSize?: number;
}

/** The publish queue of one run (see the module comment). */
export class PendingQueue {
  private readonly store: ResultStore;
  private readonly campaignId: string;
  private readonly upTo: number;
  private readonly accept: (shard: ShardRecord) => boolean;
  private readonly pageSize: number;
  private afterSeq = 0;
  private pagesDone: boolean;
  private page: ShardRecord[] = [];
  private pageNext = 0;
  private added: ShardRecord[] = [];
  private addedNext = 0;

  constructor(store: ResultStore, campaignId: string, options: PendingQueueOptions) {
    this.store = store;
    this.campaignId = campaignId;
    this.upTo = options.upTo;
    this.accept = options.accept;
    this.pageSize = options.pageSize ?? PENDING_PAGE_SIZE;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1) throw new RangeError(`PendingQueue: pageSize must be an integer >= 1; got ${this.pageSize}`);
    this.pagesDone = this.upTo <= 0;
  }

  /** Queues shards added during the run (published after the paged ones). */
  push(shards: readonly ShardRecord[]): void {
    for (const s of shards) this.added.push(s);
  }

  /** True if {@link take} would return something (may read the next page). */
  hasMore(): boolean {
    return this.fill() || this.addedNext < this.added.length;
  }

  /** Removes and returns up to `max` shards, paged ones first. */
  take(max: number): ShardRecord[] {
    const out: ShardRecord[] = [];
    while (out.length < max && this.fill()) out.push(this.page[this.pageNext++]!);
    while (out.length < max && this.addedNext < this.added.length) out.push(this.added[this.addedNext++]!);
    if (this.addedNext === this.added.length && this.addedNext > 0) {
      // Drop what was taken, so a long run does not keep every added shard alive.
      this.added = [];
      this.addedNext = 0;
    }
    return out;
  }

  /** Makes sure the current page has a shard to take unless the paged part is exhausted; true if it has one. */
  private fill(): boolean {
    while (this.pageNext >= this.page.length) {
      if (this.pagesDone) return false;
      const raw = this.store.pendingShards(this.campaignId, { afterSeq: this.afterSeq, limit: this.pageSize });
      if (raw.length < this.pageSize) this.pagesDone = true;
      if (raw.length > 0) {
        this.afterSeq = raw[raw.length - 1]!.seq;
        if (this.afterSeq >= this.upTo) this.pagesDone = true;
      }
      this.page = raw.filter((s) => s.seq <= this.upTo && this.accept(s));
      this.pageNext = 0;
    }
    return true;
  }
}
