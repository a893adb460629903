// ARM's request throttling: a token bucket per subscription and operation class (reads = GET/HEAD,
// writes = PUT/PATCH/POST, deletes = DELETE) with the sizes and refill rates of the latency model's
// `throttling.armTokenBucket`. Buckets live in cloud.json, so separate processes drain the same ones.
//
// Time: refill runs in simulated time. At timeScale s one real (clock) millisecond is 1/s simulated
// milliseconds, so a scaled run is throttled exactly where the unscaled one would be (timeScale 0:
// buckets are always full). Every response names what is left in its bucket, as ARM does
// (x-ms-ratelimit-remaining-subscription-reads|writes|deletes); an empty bucket answers 429
// SubscriptionRequestsThrottled and the request has no effect. Tenant-level requests (no subscription
// in the path) are not throttled.
import { ArmError } from './errors.js';
import { latencyModel } from './latency-model.js';
import type { LatencyConfig } from './latency.js';
import { isGuid } from './router.js';
import type { CloudState } from './state.js';

type OperationClass = 'reads' | 'writes' | 'deletes';

interface BucketSpec {
  bucketSize: number;
  refillPerSecond: number;
}

const MODEL = latencyModel._meta.throttling.armTokenBucket;

const BUCKETS: Readonly<Record<OperationClass, BucketSpec>> = {
  reads: { bucketSize: MODEL.reads.bucketSize, refillPerSecond: MODEL.reads.refillPerSecond },
  writes: { bucketSize: MODEL.writes.bucketSize, refillPerSecond: MODEL.writes.refillPerSecond },
  deletes: { bucketSize: MODEL.deletes.bucketSize, refillPerSecond: MODEL.deletes.refillPerSecond },
};

function operationClass(method: string): OperationClass {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') return 'reads';
  return m === 'DELETE' ? 'deletes' : 'writes';
}

/** The lower-cased subscription a request addresses (`/subscriptions/{guid}/...`), if any. */
function subscriptionOf(url: string): string | undefined {
  let segments: string[];
  try {
    segments = new URL(url).pathname.split('/').filter((s) => s.length > 0);
  } catch {
    return undefined;
  }
  return segments[0]?.toLowerCase() === 'subscriptions' && segments[1] !== undefined && isGuid(segments[1]) ? segments[1].toLowerCase() : undefined;
}

/**
 * Retry-After for a wait of `seconds` as Azure would state it, scaled by timeScale:
 * - `retry-after-ms`: the scaled wait in whole milliseconds, rounded up (the Azure SDK reads it before
 *   Retry-After, so scaled runs wait exactly as long as needed);
 * - `Retry-After`: ARM's integer seconds. At timeScale >= 0.5 the scaled seconds rounded up, at least 1 (ARM
 *   never says 0); below 0.5 rounded down and possibly 0, like every other scaled Retry-After of the
 *   simulator (lro.ts `scaledRetryAfter`): a client that honours only Retry-After then retries after
 *   its own minimal delay instead of a full second of wall time.
 */
export function retryAfterHeaders(cfg: LatencyConfig, seconds: number): Record<string, string> {
  const scaled = Math.max(0, seconds * cfg.timeScale);
  const whole = cfg.timeScale >= 0.5 ? Math.max(1, Math.ceil(scaled)) : Math.floor(scaled);
  return { 'Retry-After': String(whole), 'retry-after-ms': String(Math.ceil(scaled * 1000)) };
}

interface Admission {
  /** x-ms-ratelimit-remaining-subscription-<class>: whole tokens left after this request. */
  headers: Record<string, string>;
  /** Set when the bucket was empty: the 429 to answer instead of handling the request. */
  refusal?: ArmError;
}

/** Tokens in a bucket at `now` (refilled in simulated time; a new bucket is full). */
function refilled(bucket: { tokens: number; at: number } | undefined, spec: BucketSpec, now: number, cfg: LatencyConfig): number {
  if (!bucket || cfg.timeScale === 0) return spec.bucketSize;
  const simulatedSeconds = Math.max(0, now - bucket.at) / 1000 / cfg.timeScale;
  return Math.min(spec.bucketSize, bucket.tokens + simulatedSeconds * spec.refillPerSecond);
}

/**
 * Takes one token from the request's bucket (stored in `state.throttle`). Without a token: a 429 with
 * Retry-After for the time until one is back. `principal` names the caller in ARM's message.
 */
export function admit(state: CloudState, method: string, url: string, now: number, cfg: LatencyConfig, principal = 'unknown'): Admission {
  const sub = subscriptionOf(url);
  if (sub === undefined) return { headers: {} };
  const cls = operationClass(method);
  const spec = BUCKETS[cls];
  state.throttle ??= {};
  const k = `${sub}/${cls}`;
  const tokens = refilled(state.throttle[k], spec, now, cfg);
  const header = `x-ms-ratelimit-remaining-subscription-${cls}`;
  if (tokens < 1) {
    state.throttle[k] = { tokens, at: now };
    const waitSeconds = (1 - tokens) / spec.refillPerSecond;
    const retry = retryAfterHeaders(cfg, waitSeconds);
    const headers = { [header]: '0' };
    const refusal = new ArmError(
      429,
      'SubscriptionRequestsThrottled',
      `Number of '${cls.slice(0, -1)}' requests for subscription '${sub}' actor '${principal}' exceeded. ` +
        `Please try again after '${retry['Retry-After']}' seconds after additional tokens are available. ` +
        'Refer to https://aka.ms/arm-throttling for additional information.',
      undefined,
      { ...retry, ...headers },
    );
    return { headers, refusal };
  }
  state.throttle[k] = { tokens: tokens - 1, at: now };
  return { headers: { [header]: String(Math.floor(tokens - 1)) } };
}

/** The caller's object id from a bearer JWT (unverified, for messages only); 'unknown' when there is none. */
export function principalOf(headers: Record<string, string>): string {
  const token = /^bearer\s+(\S+)/i.exec(headers.authorization ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return 'unknown';
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { oid?: unknown };
    return typeof claims.oid === 'string' ? claims.oid : 'unknown';
  } catch {
    return 'unknown';
  }
}
