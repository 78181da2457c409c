/** A worker who has just spent long on a case gets a short rest before the next offer. */
export interface RestPolicy {
  longJobSeconds: number;
  restSeconds: number;
}

export const DEFAULT_REST_POLICY: RestPolicy = { longJobSeconds: 45 * 60, restSeconds: 10 * 60 };

export function restUntilAfterJob(acceptedAt: Date | null, closedAt: Date, policy: RestPolicy = DEFAULT_REST_POLICY): Date | null {
  if (!acceptedAt) return null;
  const jobSeconds = (closedAt.getTime() - acceptedAt.getTime()) / 1000;
  return jobSeconds >= policy.longJobSeconds ? new Date(closedAt.getTime() + policy.restSeconds * 1000) : null;
}
