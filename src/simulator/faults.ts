// Seeded fault injection: with probability `rate` a request is faulted, the kind drawn uniformly from
// the configured kinds that apply to it. Draws are a pure function of (seed, n), n being the request's
// position in the directory's sequence (`faultSeq` in cloud.json), so a seed replays the same faults and
// separate processes continue one sequence.
//
// - 429 / 500 / 503 / reset replace the request's handling (nothing changes): 429 TooManyRequests and
//   503 ServiceUnavailable carry Retry-After (+ retry-after-ms, scaled); reset answers status 0 with
//   x-sim-connection-reset, which the in-process HttpClient turns into ECONNRESET and the HTTPS server
//   into a destroyed socket. Any request may be hit, operation polls included.
// - lro-failed applies only to PUT/DELETE: the request is handled as usual, and if it started a
//   long-running operation, that operation ends Failed (InternalOperationError; its records show
//   provisioningState Failed, a DELETE removes nothing). A retried PUT/DELETE starts a fresh operation.
import { json } from './http.js';
import type { LatencyConfig } from './latency.js';
import { mix, mulberry32 } from './latency.js';
import type { CloudState } from './state.js';
import { retryAfterHeaders } from './throttle.js';
import type { FaultKind, FaultOptions, SimResponse } from './types.js';

export type { FaultKind, FaultOptions } from './types.js';

const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '503', 'reset', 'lro-failed'];
/** The transient kinds: what `parseFaults` draws from when no kinds are given. */
const TRANSIENT_FAULTS: readonly FaultKind[] = ['429', '500', '503', 'reset'];

/** Retry-After (Azure seconds, scaled like every simulator wait) of the injected 429 and 503. */
const TOO_MANY_REQUESTS_RETRY_AFTER = 5;
const SERVICE_UNAVAILABLE_RETRY_AFTER = 10;

/** Salt so a fault seed and an equal latency seed give unrelated sequences. */
const SALT = 0x6a09e667;

/** Checks options given as data (SimulatorOptions.faults); throws an Error naming the bad field. */
export function validateFaults(f: FaultOptions): FaultOptions {
  if (typeof f.rate !== 'number' || !(f.rate >= 0 && f.rate <= 1)) throw new Error(`bad rate ${JSON.stringify(f.rate)}: expected a number from 0 to 1`);
  if (!Number.isSafeInteger(f.seed)) throw new Error(`bad seed ${JSON.stringify(f.seed)}: expected an integer`);
  if (!Array.isArray(f.kinds) || f.kinds.length === 0) throw new Error('bad kinds: expected at least one of 429, 500, 503, reset, lro-failed');
  for (const k of f.kinds) {
    if (!FAULT_KINDS.includes(k)) throw new Error(`bad kind ${JSON.stringify(k)} in kinds: expected 429, 500, 503, reset or lro-failed`);
  }
  return { rate: f.rate, seed: f.seed, kinds: [...new Set(f.kinds)] };
}

/**
 * Parses `rate=0.1,seed=7,kinds=429+503`. rate is required (0..1); seed defaults to 1; kinds default to
 * the transient ones (429, 500, 503, reset) — lro-failed only when named. Throws an Error naming the bad key or value.
 */
export function parseFaults(spec: string): FaultOptions {
  const fields = new Map<string, string>();
  for (const part of spec.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`bad entry "${item}": expected key=value (keys: rate, seed, kinds)`);
    const k = item.slice(0, eq).trim().toLowerCase();
    const v = item.slice(eq + 1).trim();
    if (!['rate', 'seed', 'kinds'].includes(k)) throw new Error(`unknown key "${k}": expected rate, seed or kinds`);
    if (fields.has(k)) throw new Error(`duplicate key "${k}"`);
    fields.set(k, v);
  }
  const rateText = fields.get('rate');
  if (rateText === undefined) throw new Error('missing rate: e.g. "rate=0.1,seed=7,kinds=429+503"');
  const rate = rateText === '' ? NaN : Number(rateText);
  if (!(rate >= 0 && rate <= 1)) throw new Error(`bad rate "${rateText}": expected a number from 0 to 1`);
  const seedText = fields.get('seed');
  const seed = seedText === undefined ? 1 : /^-?\d+$/.test(seedText) ? Number(seedText) : NaN;
  if (!Number.isSafeInteger(seed)) throw new Error(`bad seed "${seedText}": expected an integer`);
  const kindsText = fields.get('kinds');
  let kinds: FaultKind[] = [...TRANSIENT_FAULTS];
  if (kindsText !== undefined) {
    kinds = kindsText.split('+').map((raw) => {
      const kind = raw.trim().toLowerCase();
      if (!FAULT_KINDS.includes(kind as FaultKind)) throw new Error(`bad kind "${raw.trim()}" in kinds: expected 429, 500, 503, reset or lro-failed, joined with +`);
      return kind as FaultKind;
    });
  }
  return validateFaults({ rate, seed, kinds });
}

/** The fault (if any) for request number `n` of a sequence. Pure; exported for tests. */
export function faultAt(opts: FaultOptions, n: number, method: string): FaultKind | undefined {
  const rand = mulberry32(mix((opts.seed ^ SALT) >>> 0, n));
  if (!(rand() < opts.rate)) return undefined;
  const m = method.toUpperCase();
  const applicable = opts.kinds.filter((k) => k !== 'lro-failed' || m === 'PUT' || m === 'DELETE');
  if (applicable.length === 0) return undefined;
  return applicable[Math.floor(rand() * applicable.length)];
}

/** Draws the next request's fault, advancing the persisted sequence (every request draws, faulted or not). */
export function drawFault(state: CloudState, opts: FaultOptions, method: string): FaultKind | undefined {
  const n = state.faultSeq ?? 0;
  state.faultSeq = n + 1;
  return faultAt(opts, n, method);
}

/** The response that replaces a request hit by a transient fault. */
export function faultResponse(kind: Exclude<FaultKind, 'lro-failed'>, cfg: LatencyConfig): SimResponse {
  switch (kind) {
    case '429':
      return json(429, { error: { code: 'TooManyRequests', message: 'The request is being throttled. Please retry after the interval in the Retry-After header.' } }, retryAfterHeaders(cfg, TOO_MANY_REQUESTS_RETRY_AFTER));
    case '500':
      return json(500, { error: { code: 'InternalServerError', message: 'Encountered internal server error. Please retry the request.' } });
    case '503':
      return json(503, { error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable. Please retry the request later.' } }, retryAfterHeaders(cfg, SERVICE_UNAVAILABLE_RETRY_AFTER));
    case 'reset':
      return { status: 0, headers: { 'x-sim-connection-reset': '1' }, body: '' };
  }
}

export const isTransient = (kind: FaultKind | undefined): kind is Exclude<FaultKind, 'lro-failed'> => kind !== undefined && kind !== 'lro-failed';

/**
 * lro-failed: every operation `after` has in progress that `before` did not know (started by this request)
 * ends Failed with InternalOperationError. The records it drives (operationId) are added to `touched`, so
 * settle() marks them Failed — a failed DELETE leaves its resource in place. Returns whether any failed.
 */
export function failStartedOperations(before: CloudState, after: CloudState): boolean {
  let failed = false;
  for (const op of Object.values(after.operations)) {
    if (op.status !== 'InProgress' || before.operations[op.id] !== undefined) continue;
    op.error = {
      code: 'InternalOperationError',
      message: `The operation '${op.name}' on '${op.targetId}' failed with an internal error. Retry the request; if the problem persists, contact support.`,
    };
    const touched = new Set(op.touched);
    for (const [k, rec] of Object.entries(after.resources)) if (rec.operationId === op.id) touched.add(k);
    op.touched = [...touched];
    failed = true;
  }
  return failed;
}
