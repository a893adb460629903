// Microsoft.Compute (virtual machines 2024-07-01, disks 2024-03-02; every published version is accepted through
// data/published-api-versions.json): virtualMachines (virtual-machines.ts, with os-profile.ts, images.ts,
// sizes.ts), virtualMachines/extensions (extensions.ts), disks (disks.ts), and the operation polling URLs
// (…/locations/{l}/operations/{id}: status; with monitor=true: the Location result).
import { notFound } from '../../errors.js';
import type { SimResponse } from '../../types.js';
import { polledOperation, resultResponse, statusResponse, timedStatusOf } from '../kit/polling.js';
import { listTracked } from '../kit/tracked.js';
import type { Ctx, Provider, ProviderRoute } from '../types.js';
import { getRecord, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource } from '../../types.js';
import { COMPUTE, COMPUTE_LRO, DISK_API_VERSIONS, T_DISK, T_EXTENSION, T_VM, VM_API_VERSIONS } from './common.js';
import { handleDisk, renderDisk } from './disks.js';
import { handleExtension, renderExtension } from './extensions.js';
import { handleVm, renderVm, vmId } from './virtual-machines.js';

export { vmsUsingNic } from './virtual-machines.js';
export { T_VM } from './common.js';

function handleOperation(ctx: Ctx, opId: string): SimResponse {
  const op = polledOperation(ctx, COMPUTE, opId);
  if (ctx.url.query.get('monitor') === 'true') {
    return resultResponse(ctx, COMPUTE_LRO, op, { render: (rec) => render(ctx.state, rec) });
  }
  return statusResponse(ctx, COMPUTE_LRO, op, timedStatusOf(op));
}

function render(state: CloudState, rec: ResourceRecord): ArmResource {
  if (rec.type === T_DISK) return renderDisk(state, rec);
  if (rec.type === T_EXTENSION) return renderExtension(state, rec);
  return renderVm(state, rec);
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const { group, sub } = route;
  if (path === 'locations/operations' && !collection && !group) return handleOperation(ctx, names[1]);
  if (path === 'virtualmachines' && collection) return listTracked(ctx, T_VM, sub, group, renderVm);
  if (path === 'disks' && collection) return listTracked(ctx, T_DISK, sub, group, renderDisk);
  if (!group) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' is resource-group scoped; the request path has no resource group.`);
  if (path === 'virtualmachines') return handleVm(ctx, group, names[0]);
  if (path === 'virtualmachines/extensions') return handleExtension(ctx, getRecord(ctx.state, vmId(group, names[0])), names[0], names[1]);
  if (path === 'disks') return handleDisk(ctx, group, names[0]);
  throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${COMPUTE}'.`);
}

export const computeProvider: Provider = {
  namespace: COMPUTE,
  apiVersions: VM_API_VERSIONS,
  apiVersionsFor: (types) => (types[0]?.toLowerCase() === 'disks' ? DISK_API_VERSIONS : VM_API_VERSIONS),
  resourceTypes: ['virtualMachines', 'virtualMachines/extensions', 'disks', 'locations/operations'],
  handle,
  render,
  deleteLatencyKey: (rec) => rec.type,
};
