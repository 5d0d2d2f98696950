import { afterAll } from "vitest";
import { SqliteStore } from "@scoresweep/store";
import { runStoreConformance } from "@scoresweep/store/testing";
import { tempDbDir } from "./temp-db.js";

const tmp = tempDbDir();
afterAll(() => tmp.remove());

runStoreConformance("SqliteStore (file)", () => SqliteStore.open(tmp.next()));
runStoreConformance("SqliteStore (:memory:)", () => SqliteStore.open(":memory:"));
