// The simulator's public request/response shapes. Plain data, so any transport (an in-process SDK
// HttpClient, an HTTPS server) can sit in front of ArmSimulator.handle().
export interface SimRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
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
