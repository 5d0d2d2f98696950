/** @scoresweep/agent — runs shard tasks from a transport on a local backend (worker pool, kernels, oracle). */
export { Agent, type AgentOptions, type AgentEvent, type AgentStopOptions } from "./agent.js";
export { executeShard } from "./execute-shard.js";
export {
  AGENTS_BUCKET,
  PRESENCE_TTL_MS,
  PRESENCE_VERSION,
  decodeAgentPresence,
  encodeAgentPresence,
  type AgentPresence,
} from "./presence-record.js";
