/**
 * @scoresweep/compute — running shards: the fused Monte Carlo kernels (typed-array JS and WebAssembly SIMD),
 * the shard runner and the statistics it returns.
 */
export type { ShardTask, ShardResult, ExactMomentStats, SampleStats } from "./shard-task.js";
export {
  runShard,
  runTargetShard,
  resolveShardTask,
  MAX_SHARD_SAMPLE_NUMBERS,
  MOMENT_ESTIMATORS,
  SAMPLE_ESTIMATORS,
  type RunShardOptions,
  type ResolvedShard,
} from "./run-shard.js";
/** The shard alignment unit, owned by `@scoresweep/core` (part of the random-stream addressing contract). */
export { PARTICLE_BLOCK } from "@scoresweep/core";
export { TABLE_CACHE_DOUBLES, simulateRange, type BackendChoice, type BlockSink, type SimulateRangeResult } from "./impl/simulate-range.js";
export { resolveKernelPlan, type KernelPlan, type KernelData } from "./impl/kernel-plan.js";
export { FULL_COMOMENT_MAX_DIM, MomentAccumulator, momentsDiagonalOnly } from "./impl/moment-accumulator.js";
export { inSubsample, subsampleCount, SampleCollector } from "./impl/sample-collector.js";
export { FUSED_NOISE_DOMAIN, fusedNoiseKey, seedParticleStreams } from "./impl/particle-streams.js";
export { nextNormal, normalSlow, sfc32Next, ZIG_LAYERS, ZIG_R, ZIG_TABLES } from "./impl/ziggurat.js";
export { affinePriorJs, affineStepsJs } from "./impl/affine-kernel.js";
export { affineStepTables, additiveErrorAt } from "./impl/affine-tables.js";
export { GmmKernel } from "./impl/gmm-kernel.js";
export { naiveScoreFn, naiveSimulate } from "./impl/naive-kernel.js";
export { setWasmKernelModule, wasmAffineKernel, wasmKernelError, WasmAffineKernel, WASM_KERNEL_URL, KERNEL_ABI } from "./impl/wasm-kernel.js";
export type { ExactStats } from "./shard-task.js";
export {
  BackendUnavailableError,
  BackendClosedError,
  type Backend,
  type BackendFactory,
  type BackendOptions,
  type RunOptions,
  type CloseOptions,
} from "./backend.js";
export { BackendRegistry, backendRegistry, registerBackend, unregisterBackend, listBackends, createBackend, type BackendRegistration } from "./backend-registry.js";
export { shardStatsFromParticles } from "./shard-stats.js";
export { createJsBackend, type JsBackendOptions } from "./backends/js/js-backend.js";
export { KERNEL_CHOICES } from "./backends/js/kernel-option.js";
export { createPoolBackend, PoolBackend, type PoolTiming } from "./backends/pool/pool-backend.js";
export { MAX_POOL_WORKERS, type PoolBackendOptions } from "./backends/pool/pool-options.js";
export { WorkerError, type SerializedError } from "./backends/pool/worker-error.js";
export { TFJS_ENGINES, type TfjsBackendOptions, type TfjsEngine } from "./backends/tfjs/tfjs-options.js";
// Types only: a value export would load TensorFlow.js for every importer; use createBackend("tfjs" | "tensorflow").
export type { TfjsBackend } from "./backends/tfjs/tfjs-backend.js";
export type { TensorflowBackendOptions } from "./backends/tensorflow/tensorflow-backend.js";
