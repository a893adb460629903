// The simulator's public request/response shapes. Plain data, so any transport (an in-process SDK
// HttpClient, an HTTPS server) can sit in front of ArmSimulator.handle().
export interface SimRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Where the client reached the simulator (sim serve's https://127.0.0.1:port): Entra's answers point there. */
  origin?: string;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

export interface SimulatorOptions {
  /** State (cloud.json) and traffic log (traffic.jsonl) live here; created if absent. */
  dir: string;
  /** Multiplies latency-model seconds; default 1 (0.01 => a 30 s operation takes 300 ms). */
  timeScale?: number;
  /** median = exactly the model's seconds; sampled = seeded lognormal with the model's sigma. Default 'sampled'. */
  latency?: 'median' | 'sampled';
  /** Seed for 'sampled'. */
  seed?: number;
  /** Injectable clock (ms since epoch); default Date.now. */
  now?: () => number;
  /** Seeded fault injection (faults.ts; `parseFaults` reads the `rate=0.1,seed=7,kinds=429+503` form). Default none. */
  faults?: FaultOptions;
  /** ARM's per-subscription token buckets (throttle.ts): 429 SubscriptionRequestsThrottled when empty. Default true. */
  throttling?: boolean;
}

/** Transient faults replace a request's handling; lro-failed lets an accepted PUT/DELETE run and fail its operation. */
export type FaultKind = '429' | '500' | '503' | 'reset' | 'lro-failed';

export interface FaultOptions {
  /** Probability (0..1) that a request is faulted. */
  rate: number;
  /** Seed of the fault sequence (the sequence counter is persisted in cloud.json). */
  seed: number;
  /** Kinds drawn from, uniformly among those applicable to the request. */
  kinds: FaultKind[];
}

/** A resource as its ARM GET body. */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  [k: string]: unknown;
}
