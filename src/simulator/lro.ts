// Long-running operations are time based: a record holds start and end time, and settle() applies every
// operation whose end time has passed before each request is handled. A killed process therefore never
// stalls an operation, and any later process sees it complete on its first read.
import { randomUUID } from 'node:crypto';
import { modelSeconds, scaledMs, type LatencyConfig } from './latency.js';
import { key, newEtag, purgeExpiredSoftDeleted, removeSubtree, type CloudState, type OperationRecord } from './state.js';

const KEEP_FINISHED = 1000;

export interface StartOperation {
  namespace: string;
  name: string;
  method: 'PUT' | 'DELETE';
  subscriptionId: string;
  location: string;
  targetId: string;
  lockKey?: string;
  touched?: string[];
  removes?: string[];
  /** Unscaled model seconds. */
  seconds: number;
}

export function startOperation(state: CloudState, now: number, cfg: LatencyConfig, init: StartOperation): OperationRecord {
  const op: OperationRecord = {
    id: randomUUID(),
    namespace: init.namespace,
    name: init.name,
    method: init.method,
    subscriptionId: init.subscriptionId,
    location: init.location,
    targetId: init.targetId,
    ...(init.lockKey ? { lockKey: key(init.lockKey) } : {}),
    touched: (init.touched ?? []).map(key),
    removes: (init.removes ?? []).map(key),
    startedAt: now,
    endsAt: now + scaledMs(cfg, init.seconds),
    status: 'InProgress',
  };
  state.operations[op.id] = op;
  return op;
}

/** Sample the model for one operation (consumes one sample when latency is 'sampled'). */
export function operationSeconds(state: CloudState, cfg: LatencyConfig, latencyKey: string, kind: 'create' | 'delete'): number {
  return modelSeconds(state, cfg, latencyKey, kind);
}

/** Applies the effects of every operation that has finished by `now`, oldest first. */
export function settle(state: CloudState, now: number): void {
  const due = Object.values(state.operations)
    .filter((op) => op.status === 'InProgress' && op.endsAt <= now)
    .sort((a, b) => a.endsAt - b.endsAt);
  for (const op of due) {
    for (const id of op.touched) {
      const rec = state.resources[id];
      if (rec && rec.operationId === op.id) {
        rec.provisioningState = op.error ? 'Failed' : 'Succeeded';
        delete rec.operationId;
        // Network RP issues a new etag when the provisioning state settles.
        if (rec.etag) rec.etag = newEtag();
        rec.changedAt = op.endsAt;
      }
    }
    if (!op.error) for (const id of op.removes) removeSubtree(state, id, op.endsAt);
    op.status = op.error ? 'Failed' : 'Succeeded';
  }
  purgeExpiredSoftDeleted(state, now);
  prune(state);
}

function prune(state: CloudState): void {
  const finished = Object.values(state.operations).filter((op) => op.status !== 'InProgress');
  if (finished.length <= KEEP_FINISHED) return;
  finished.sort((a, b) => a.endsAt - b.endsAt);
  for (const op of finished.slice(0, finished.length - KEEP_FINISHED)) delete state.operations[op.id];
}

/** The in-flight operation holding a resource's write lock, if any. */
export function inFlight(state: CloudState, lockKey: string): OperationRecord | undefined {
  const k = key(lockKey);
  return Object.values(state.operations).find((op) => op.status === 'InProgress' && op.lockKey === k);
}

/** Retry-After as the service would send it (real seconds), scaled and floored; may be 0. */
export const scaledRetryAfter = (cfg: LatencyConfig, realSeconds: number): string =>
  String(Math.max(0, Math.floor(realSeconds * cfg.timeScale)));

/** Seconds until an operation ends, rounded up, at least 1 (for 429 Retry-After). */
export const remainingSeconds = (op: OperationRecord, now: number): number =>
  Math.max(1, Math.ceil((op.endsAt - now) / 1000));
