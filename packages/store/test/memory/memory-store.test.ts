import { MemoryStore } from "@scoresweep/store";
import { runStoreConformance } from "@scoresweep/store/testing";

runStoreConformance("MemoryStore", () => new MemoryStore());
