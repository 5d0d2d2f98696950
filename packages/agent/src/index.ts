/** @scoresweep/agent — runs shard tasks from a transport on a local backend (worker pool, kernels, oracle). */
export { Agent, PRESENCE_TTL_MS, type AgentOptions, type AgentEvent } from "./agent.js";
export { executeShard } from "./execute-shard.js";
