// Network RP operation polling: Azure-AsyncOperation (.../locations/{l}/operations/{id}: 200 with
// {"status": InProgress|Succeeded|Failed}) and Location (.../operationResults/{id}: 202 while running,
// then 204 for deletes or 200 with the resource for PUTs).
import { notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { providerOperationUrls } from '../../lro.js';
import { getRecord, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { NETWORK, retryAfterHeader } from './common.js';

export function handleOperation(
  ctx: Ctx,
  kind: 'operations' | 'operationresults',
  opId: string,
  render: (rec: ResourceRecord) => ArmResource,
): SimResponse {
  const op = ctx.state.operations[opId];
  if (!op || op.namespace !== NETWORK) {
    throw notFound('OperationNotFound', `The operation '${opId}' could not be found.`);
  }
  if (kind === 'operations') {
    if (op.status === 'InProgress') return json(200, { status: 'InProgress' }, retryAfterHeader(ctx));
    if (op.status === 'Failed') return json(200, { status: 'Failed', error: op.error });
    return json(200, { status: op.status });
  }
  if (op.status === 'InProgress') {
    return empty(202, { Location: providerOperationUrls(ctx.url.origin, op, ctx.apiVersion).location, ...retryAfterHeader(ctx) });
  }
  if (op.status === 'Failed') return json(400, { error: op.error });
  if (op.method === 'DELETE') return empty(204);
  const rec = getRecord(ctx.state, op.targetId);
  return rec ? json(200, render(rec)) : empty(204);
}
