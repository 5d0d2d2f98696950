/** Summary of an iterate law N(mean, diag var) (or full covariance) for printing. */
export function summarizeIterate(
  iterate: { mean: ArrayLike<number>; var?: ArrayLike<number>; cov?: ArrayLike<number> },
  full: boolean,
): Record<string, unknown> {
  const mean = Array.from(iterate.mean);
  const variances = iterate.var ? Array.from(iterate.var) : diagonalOf(iterate.cov!, mean.length);
  const summary: Record<string, unknown> = {
    iterate_mean_norm: Math.sqrt(mean.reduce((s, m) => s + m * m, 0)),
    iterate_var_min: variances.reduce((a, b) => Math.min(a, b), Infinity),
    iterate_var_mean: variances.reduce((s, v) => s + v, 0) / variances.length,
    iterate_var_max: variances.reduce((a, b) => Math.max(a, b), -Infinity),
  };
  if (full) {
    summary.iterate_mean = mean;
    if (iterate.var) summary.iterate_var = variances;
    else summary.iterate_cov = chunk(Array.from(iterate.cov!), mean.length);
  }
  return summary;
}

function diagonalOf(m: ArrayLike<number>, d: number): number[] {
  return Array.from({ length: d }, (_, i) => m[i * d + i]!);
}

function chunk(a: number[], d: number): number[][] {
  return Array.from({ length: a.length / d }, (_, i) => a.slice(i * d, (i + 1) * d));
}
