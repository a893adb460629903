// The polling endpoints behind an LroStyle's URLs. A status document (Azure-AsyncOperation) answers 200
// with {status[, error]} (InProgress | Succeeded | Failed); a result (Location) answers 202 until the
// operation ends, then 400 with its error, 204 for a delete, or 200 with the resource. ARM's contract:
// https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/async-api-reference.md
import { methodNotAllowed, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { getRecord, type OperationRecord, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { retryAfterOf, type LroStyle } from './lro-style.js';

/** The operation a polling URL names: GET only; an unknown id (or another provider's) is 404 OperationNotFound. */
export function polledOperation(ctx: Ctx, namespace: string, opId: string, label = 'operation'): OperationRecord {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, label);
  const op = ctx.state.operations[opId];
  if (!op || op.namespace !== namespace) throw notFound('OperationNotFound', `The operation '${opId}' could not be found.`);
  return op;
}

/** The minimal status document: {status}, plus the error once the operation has failed. */
const statusOf = (op: OperationRecord): Record<string, unknown> => ({ status: op.status, ...(op.status === 'Failed' && op.error ? { error: op.error } : {}) });

/** The status document with name and times (AKS, Azure ML); these carry a known error while still running. */
export const timedStatusOf = (op: OperationRecord): Record<string, unknown> => ({
  name: op.id,
  status: op.status,
  startTime: new Date(op.startedAt).toISOString(),
  ...(op.status !== 'InProgress' ? { endTime: new Date(op.endsAt).toISOString() } : {}),
  ...(op.error ? { error: op.error } : {}),
});

/** 200 with a status document; Retry-After while the operation runs. */
export function statusResponse(ctx: Ctx, style: LroStyle, op: OperationRecord, body: Record<string, unknown> = statusOf(op)): SimResponse {
  return json(200, body, op.status === 'InProgress' ? retryAfterOf(ctx, style) : {});
}

/**
 * A result (Location) poll: 202 + Location + Retry-After while running; 400 with the error; then `done`
 * when given, else 204 for a delete and 200 with the rendered resource (204 if it is gone).
 */
export function resultResponse(ctx: Ctx, style: LroStyle, op: OperationRecord, opts: { render?: (rec: ResourceRecord) => ArmResource; done?: SimResponse }): SimResponse {
  if (op.status === 'InProgress') {
    const location = style.resultUrl ? style.resultUrl(ctx.url.origin, op, ctx.apiVersion) : `${ctx.url.origin}${ctx.url.path}?${ctx.url.query.toString()}`;
    return empty(202, { Location: location, ...retryAfterOf(ctx, style) });
  }
  if (op.status === 'Failed') return json(400, { error: op.error });
  if (opts.done) return opts.done;
  if (op.method === 'DELETE' || !opts.render) return empty(204);
  const rec = getRecord(ctx.state, op.targetId);
  return rec ? json(200, opts.render(rec)) : empty(204);
}
