// Network RP operation polling (NETWORK_LRO): Azure-AsyncOperation (.../locations/{l}/operations/{id}:
// 200 with {"status": InProgress|Succeeded|Failed}) and Location (.../operationResults/{id}: 202 while
// running, then 204 for deletes or 200 with the resource for PUTs).
import type { ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { polledOperation, resultResponse, statusResponse } from '../kit/polling.js';
import type { Ctx } from '../types.js';
import { NETWORK, NETWORK_LRO } from './common.js';

export function handleOperation(ctx: Ctx, kind: 'operations' | 'operationresults', opId: string, render: (rec: ResourceRecord) => ArmResource): SimResponse {
  const op = polledOperation(ctx, NETWORK, opId);
  return kind === 'operations' ? statusResponse(ctx, NETWORK_LRO, op) : resultResponse(ctx, NETWORK_LRO, op, { render });
}
