// Starting a long-running delete, the same for every provider: one operation (in the provider's
// LroStyle) that removes the target (and whatever else goes with it) when it ends; until then the
// target and its dependants read provisioningState Deleting and hold the operation.
import type { OperationRecord, ResourceRecord } from '../../state.js';
import type { Ctx } from '../types.js';
import { startIn, type LroStyle } from './lro-style.js';

interface DeleteInit {
  /** Operation name (shown in 429 messages), e.g. DeleteVirtualNetworkOperation. */
  name: string;
  target: ResourceRecord;
  /** A child's parent: the operation runs in its region and takes its lock (one change at a time per parent). */
  parent?: ResourceRecord;
  /** Region of the operation when it is neither the target's nor the parent's (private DNS: global). */
  location?: string;
  /** Latency-model key; default the target's type. */
  latencyKey?: string;
  /** Ids removed when the operation ends; default the target. */
  removes?: string[];
  /** Other records shown Deleting meanwhile (children, an endpoint's NIC). */
  also?: ResourceRecord[];
  /** A delete already running on the target answers again instead of starting another. */
  rejoin?: OperationRecord;
}

export function startDelete(ctx: Ctx, style: LroStyle, init: DeleteInit): OperationRecord {
  const { target, parent } = init;
  const op =
    init.rejoin?.method === 'DELETE'
      ? init.rejoin
      : startIn(ctx, style, {
          name: init.name,
          method: 'DELETE',
          subscriptionId: target.subscriptionId,
          location: init.location ?? ((parent ?? target).location as string),
          targetId: target.id,
          lockKey: (parent ?? target).id,
          removes: init.removes ?? [target.id],
          latencyKey: init.latencyKey ?? target.type,
        });
  for (const r of [target, ...(init.also ?? [])]) {
    r.provisioningState = 'Deleting';
    r.operationId = op.id;
    r.changedAt = ctx.now;
  }
  return op;
}
