import { ReportError } from "../report-error.js";

/**
 * σ0 of isotropic centred Gaussian data N(0, σ0² I) in a point (the GNZ lower-bound setting, papers.md §1(f)); a
 * ReportError names what differs otherwise.
 */
export function isoGaussianSigma(params: Record<string, unknown>, where: string): number {
  const data = params.data as Record<string, unknown> | undefined;
  const zeroMean = data?.mean === 0 || (Array.isArray(data?.mean) && (data.mean as unknown[]).every((m) => m === 0));
  if (data?.kind !== "gaussian" || !zeroMean || typeof data.std !== "number" || data.cov !== undefined) {
    throw new ReportError(`${where}: data must be N(0, σ0² I): kind gaussian, mean 0 and a scalar std; got ${JSON.stringify(data)}`);
  }
  return data.std;
}
