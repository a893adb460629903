// AKS operations: the polling endpoints (.../operations/{id} status, .../operationresults/{id} result),
// the one-operation-at-a-time refusal, and starting a cluster delete (also used by the ML compute delete
// of an attached cluster).
import { ArmError, conflict } from '../../errors.js';
import { inFlight } from '../../lro.js';
import type { OperationRecord, ResourceRecord } from '../../state.js';
import type { SimResponse } from '../../types.js';
import { startDelete } from '../kit/delete.js';
import { polledOperation, resultResponse, statusResponse, timedStatusOf } from '../kit/polling.js';
import type { Ctx } from '../types.js';
import { AKS_LRO, CONTAINER_SERVICE, latencyKeyOf } from './common.js';
import { renderCluster } from './render.js';

/** .../locations/{l}/operations/{id} (status) and .../operationresults/{id} (Location polling). */
export function handleOperation(ctx: Ctx, kind: string, opId: string): SimResponse {
  const op = polledOperation(ctx, CONTAINER_SERVICE, opId);
  if (kind === 'operations') return statusResponse(ctx, AKS_LRO, op, timedStatusOf(op));
  return resultResponse(ctx, AKS_LRO, op, { render: (rec) => renderCluster(ctx.state, rec) });
}

export function busy(existing: ResourceRecord, op: OperationRecord | undefined): ArmError {
  return conflict(
    'OperationNotAllowed',
    `Operation is not allowed because there's an in progress ${op?.method === 'DELETE' ? 'delete' : 'create or update'} managed cluster operation (${op?.id ?? 'unknown'}) on managed cluster '${existing.name}'. Please wait for it to finish before starting a new operation.`,
  );
}

/** Starts deleting a cluster; a delete already running answers again, any other operation refuses (409). */
export function startClusterDelete(ctx: Ctx, existing: ResourceRecord): OperationRecord {
  const running = inFlight(ctx.state, existing.id);
  if (running && running.method !== 'DELETE') throw busy(existing, running);
  return startDelete(ctx, AKS_LRO, { name: 'DeleteManagedCluster', target: existing, latencyKey: latencyKeyOf(existing), rejoin: running });
}
