// Where ARM calls go: real Azure, or the embedded simulator whose "cloud" lives in a directory.
export type LatencyMode = 'median' | 'sampled';

export type Target =
  | { kind: 'azure'; subscriptionId: string }
  | { kind: 'simulate'; subscriptionId: string; dir: string; timeScale: number; latency: LatencyMode; seed?: number; faults?: string };

/** Poll interval for LROs: ARM's Retry-After rules in Azure; tight polling in a time-scaled simulator. */
export function pollIntervalMs(target: Target): number | undefined {
  if (target.kind === 'azure') return undefined;
  return Math.min(2000, Math.max(5, Math.round(2000 * target.timeScale)));
}
