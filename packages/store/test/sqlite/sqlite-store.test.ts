import { writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SQLITE_SCHEMA_VERSION, SqliteStore, type ResultStore } from "@scoresweep/store";
import { expectStoreError, makeAggregate, makeResult, seedCampaign } from "@scoresweep/store/testing";
import { MIGRATIONS } from "../../src/sqlite/migrations.js";
import { tempDbDir } from "./temp-db.js";

const tmp = tempDbDir();
afterAll(() => tmp.remove());

/** Everything observable about campaign `c` (results with their bytes as arrays). */
function snapshot(store: ResultStore, campaignId: string) {
  return {
    campaigns: store.listCampaigns(),
    progress: store.campaignProgress(campaignId),
    points: store.listPoints(campaignId),
    shards: store.listShards(campaignId),
    results: store.listPoints(campaignId).flatMap((p) => store.shardResults(campaignId, p.pointId).map((r) => ({ ...r, statsBlob: Array.from(r.statsBlob) }))),
    export: store.exportRows(campaignId),
  };
}

describe("SqliteStore", () => {
  it("SqliteStore.open: a new file is a WAL database with foreign keys, NORMAL sync, busy timeout and the current schema version (2)", () => {
    const store = SqliteStore.open(tmp.next());
    expect(store.settings()).toEqual({
      journalMode: "wal",
      synchronous: "normal",
      foreignKeys: true,
      busyTimeoutMs: 5000,
      cacheSizeMiB: 64,
      schemaVersion: SQLITE_SCHEMA_VERSION,
    });
    expect(SQLITE_SCHEMA_VERSION).toBe(2);
    store.close();
  });

  it("SqliteStore.open: options synchronous, busyTimeoutMs and cacheSizeMiB reach the connection", () => {
    const store = SqliteStore.open(tmp.next(), { synchronous: "full", busyTimeoutMs: 123, cacheSizeMiB: 8 });
    expect(store.settings()).toMatchObject({ synchronous: "full", busyTimeoutMs: 123, cacheSizeMiB: 8 });
    store.close();
  });

  it("SqliteStore.open: the schema_version table records each migration once, also across reopenings", () => {
    const path = tmp.next();
    SqliteStore.open(path).close();
    const other = SqliteStore.open(path);
    SqliteStore.open(path).close();
    other.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare("SELECT version, description FROM schema_version").all()).toEqual([
      { version: 1, description: "initial schema" },
      { version: 2, description: "search parents and complexity status" },
    ]);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("SqliteStore.open: migration 2 upgrades a schema-1 database: exact rows become exact_oracle with a status, Monte Carlo rows keep a null status", () => {
    const path = tmp.next();
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0]!.sql);
    raw.prepare("INSERT INTO schema_version VALUES (1, 'initial schema', 0)").run();
    raw.prepare("INSERT INTO campaigns VALUES ('c1', 'c1', '{}', 1, 'v', 'done', 0)").run();
    for (const p of ["a", "b", "c"]) raw.prepare("INSERT INTO points VALUES ('c1', ?, 0, '{}')").run(p);
    const row = raw.prepare("INSERT INTO complexity_results VALUES ('c1', ?, 0.1, ?, ?, ?, ?)");
    row.run("a", 10, 8, 10, "exact");
    row.run("b", null, null, null, "exact");
    row.run("c", 12, 9, 12, "mc_bisection");
    raw.close();
    const store = SqliteStore.open(path);
    expect(store.settings().schemaVersion).toBe(2);
    expect(store.listComplexity("c1").map((r) => [r.pointId, r.method, r.status])).toEqual([
      ["a", "exact_oracle", "resolved"],
      ["b", "exact_oracle", "unreached"],
      ["c", "mc_bisection", null],
    ]);
    expect(store.listPoints("c1").map((p) => p.parentId)).toEqual([null, null, null]);
    store.upsertComplexity({ campaignId: "c1", pointId: "c", eps: 0.1, steps: 12, bracketLow: 9, bracketHigh: 12, method: "mc_bisection", status: "resolved" });
    expect(store.listComplexity("c1", "c")[0]?.status).toBe("resolved");
    store.close();
  });

  it("reopen: everything written is still there after close and reopen, and duplicates stay duplicates", () => {
    const path = tmp.next();
    const store = SqliteStore.open(path);
    const shards = seedCampaign(store, "c1", 3, 2, 2);
    store.markRunning(shards[1].shardId, "n1", 5);
    store.markFailed(shards[2].shardId, "boom", 3, 9);
    store.commitShardResult(makeResult(shards[0].shardId, "done"));
    store.commitShardResult(makeResult(shards[4].shardId, "diverged"));
    store.upsertAggregate(makeAggregate("c1", "p01", { extraJson: '{"a":[1,2]}' }));
    store.upsertComplexity({ campaignId: "c1", pointId: "p02", eps: 0.1, steps: null, bracketLow: 5, bracketHigh: null, method: "mc_bisection", status: "unreached" });
    const before = snapshot(store, "c1");
    store.close();
    const again = SqliteStore.open(path);
    expect(snapshot(again, "c1")).toEqual(before);
    expect(again.commitShardResult(makeResult(shards[0].shardId, "diverged"))).toBe(false);
    expect(again.shardResults("c1", "p00")).toHaveLength(1);
    expect(again.shardResult(shards[0].shardId)?.status).toBe("done");
    again.close();
  });

  it("SqliteStore.open: a database written by a newer schema is E_STORE_SCHEMA naming both versions", () => {
    const path = tmp.next();
    SqliteStore.open(path).close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_version VALUES (3, 'from the future', 0)").run();
    raw.close();
    expectStoreError(
      () => SqliteStore.open(path),
      "E_STORE_SCHEMA",
      /SqliteStore\.open: the schema version of .* must be at most 2 \(written by a newer scoresweep: upgrade scoresweep to open it\); got 3/,
    );
    expectStoreError(() => SqliteStore.open(path, { readonly: true }), "E_STORE_SCHEMA", /got 3/);
  });

  it("SqliteStore.open: a SQLite file of another application is E_STORE_SCHEMA and is left untouched", () => {
    const path = tmp.next();
    const raw = new Database(path);
    raw.exec("CREATE TABLE notes (x TEXT)");
    raw.close();
    expectStoreError(() => SqliteStore.open(path), "E_STORE_SCHEMA", /must be an empty file or a scoresweep database; got .*"tables":\["notes"\]/);
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master").pluck().all()).toEqual(["notes"]);
    check.close();
  });

  it("SqliteStore.open: a file that is not SQLite is E_STORE_OPEN", () => {
    const path = tmp.next();
    writeFileSync(path, "this is not a database, just some text that is long enough to have a header ".repeat(20));
    expectStoreError(() => SqliteStore.open(path), "E_STORE_OPEN", /path must be a SQLite database file; got .*not a database/);
  });

  it("SqliteStore.open: a missing file with create: false or readonly: true is E_STORE_OPEN", () => {
    const path = tmp.next("missing");
    expectStoreError(() => SqliteStore.open(path, { create: false }), "E_STORE_OPEN", /path must be an existing, readable SQLite file/);
    expectStoreError(() => SqliteStore.open(path, { readonly: true }), "E_STORE_OPEN", /path must be an existing, readable SQLite file/);
  });

  it("readonly: reads see the data; writes are E_STORE_IO; an unmigrated file is E_STORE_SCHEMA", () => {
    const path = tmp.next();
    const writer = SqliteStore.open(path);
    const [s] = seedCampaign(writer, "c1", 1, 1, 1);
    writer.close();
    const reader = SqliteStore.open(path, { readonly: true });
    expect(reader.readonly).toBe(true);
    expect(reader.campaignProgress("c1").shards.pending).toBe(1);
    expectStoreError(() => reader.commitShardResult(makeResult(s.shardId)), "E_STORE_IO", /must be writable \(the store was opened read-only\)/);
    expect(reader.shardResult(s.shardId)).toBeUndefined();
    reader.close();
    const empty = tmp.next();
    new Database(empty).close();
    expectStoreError(() => SqliteStore.open(empty, { readonly: true }), "E_STORE_SCHEMA", /must be 2 to open read-only .*; got 0/);
  });

  it("WAL: a second connection reads what the first committed while the first stays open", () => {
    const path = tmp.next();
    const writer = SqliteStore.open(path);
    const shards = seedCampaign(writer, "c1", 1, 1, 4);
    const reader = SqliteStore.open(path, { readonly: true });
    expect(reader.campaignProgress("c1").shards.done).toBe(0);
    writer.commitShardResult(makeResult(shards[2].shardId));
    expect(reader.campaignProgress("c1").shards.done).toBe(1);
    expect(reader.shardResult(shards[2].shardId)?.statsBlob).toEqual(makeResult(shards[2].shardId).statsBlob);
    reader.close();
    writer.close();
  });

  it("busy: a write blocked by another writer past busyTimeoutMs is E_STORE_IO and changes nothing", () => {
    const path = tmp.next();
    const store = SqliteStore.open(path, { busyTimeoutMs: 50 });
    const [s] = seedCampaign(store, "c1", 1, 1, 1);
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    const t0 = performance.now();
    expectStoreError(() => store.commitShardResult(makeResult(s.shardId)), "E_STORE_IO", /must be free of other writers within the busy timeout; got "SQLITE_BUSY/);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(40);
    other.exec("ROLLBACK");
    other.close();
    expect(store.shardResult(s.shardId)).toBeUndefined();
    expect(store.commitShardResult(makeResult(s.shardId))).toBe(true);
    store.close();
  });

  it("schema: the shard_results_by_id view shows results by shard id for the sqlite3 shell", () => {
    const path = tmp.next();
    const store = SqliteStore.open(path);
    const [s] = seedCampaign(store, "c1", 1, 1, 1);
    store.commitShardResult(makeResult(s.shardId));
    store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare("SELECT shard_id, status, stats_bytes FROM shard_results_by_id").all()).toEqual([
      { shard_id: s.shardId, status: "done", stats_bytes: makeResult(s.shardId).statsBlob.length },
    ]);
    raw.close();
  });
});

describe("SqliteStore.open options", () => {
  const cases: [string, unknown, RegExp][] = [
    ["path", "", /SqliteStore\.open: path must be a non-empty file path or ":memory:"; got ""/],
    ["options", 5, /SqliteStore\.open: options must be an object; got 5/],
    ["options.synchronous", { synchronous: "off" }, /options\.synchronous must be one of "normal" \| "full"; got "off"/],
    ["options.busyTimeoutMs", { busyTimeoutMs: -1 }, /options\.busyTimeoutMs must be an integer >= 0 \(ms\); got -1/],
    ["options.readonly", { readonly: "yes" }, /options\.readonly must be a boolean; got "yes"/],
    ["options.create", { create: 1 }, /options\.create must be a boolean; got 1/],
    ["options.cacheSizeMiB", { cacheSizeMiB: 0.5 }, /options\.cacheSizeMiB must be an integer >= 1 \(MiB\); got 0\.5/],
    ["unknown options", { sync: "full" }, /options\.sync must be one of the known options/],
  ];
  for (const [label, value, pattern] of cases) {
    it(`SqliteStore.open: rejects a bad ${label} with E_STORE_INVALID`, () => {
      if (label === "path") expectStoreError(() => SqliteStore.open(value as string), "E_STORE_INVALID", pattern);
      else expectStoreError(() => SqliteStore.open(tmp.next(), value as never), "E_STORE_INVALID", pattern);
    });
  }
});
