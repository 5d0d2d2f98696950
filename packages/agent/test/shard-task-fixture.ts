/**
 * A shard task message that is valid in every respect (a tiny Monte Carlo point): the base that agent and cluster
 * security tests change one field of at a time.
 */
export function validShardTask(shardId: string): Record<string, unknown> {
  return {
    v: 1,
    shardId,
    pointId: "0123456789abcdef",
    point: {
      sde: { family: "vp_linear", beta_min: 0.1, beta_max: 20, T: 1 },
      data: { kind: "gaussian", dim: 2, mean: 1, std: 0.5 },
      score: { kind: "exact" },
      sampler: { scheme: "em_point", steps: 8, delta: 0.001 },
      metric: { estimator: "gaussian_fit", target: "p0" },
      mc: { particles: 256 },
    },
    seed: 3,
    replicate: 0,
    particleLo: 0,
    particleHi: 256,
  };
}
