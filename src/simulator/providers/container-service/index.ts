// Microsoft.ContainerService (2024-09-01, 2025-07-01, 2026-04-01): managedClusters (managed-clusters.ts) and
// the regional Kubernetes version list (versions.ts), polled as AKS does (operations.ts, AKS_LRO in
// common.ts). Rules read other providers' records: node subnets (agent-pools.ts), CIDRs (network-profile.ts),
// subnets/join/action of a user-assigned control plane identity (access.ts). Other providers read
// clusterFacts (render.ts) and startClusterDelete (operations.ts): the ML AKS attach.
import { notFound } from '../../errors.js';
import { AKS_API_VERSIONS } from '../../schemas/containerservice.js';
import type { SimResponse } from '../../types.js';
import { listTracked } from '../kit/tracked.js';
import type { Ctx, Provider, ProviderRoute } from '../types.js';
import { CONTAINER_SERVICE, T_AKS, latencyKeyOf } from './common.js';
import { handleManagedCluster } from './managed-clusters.js';
import { handleOperation } from './operations.js';
import { renderCluster } from './render.js';
import { listVersions } from './versions.js';

export { CONTAINER_SERVICE, T_AKS } from './common.js';
export { clusterFacts } from './render.js';
export { startClusterDelete } from './operations.js';

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const { group, sub } = route;
  if (path === 'locations/kubernetesversions' && collection && !group) return listVersions(ctx, names[0]);
  if ((path === 'locations/operations' || path === 'locations/operationresults') && !collection && !group) return handleOperation(ctx, types[1].toLowerCase(), names[1]);
  if (path !== 'managedclusters') throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${CONTAINER_SERVICE}'.`);
  if (collection) return listTracked(ctx, T_AKS, sub, group, renderCluster);
  if (!group) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' is resource-group scoped; the request path has no resource group.`);
  return handleManagedCluster(ctx, group, names[0]);
}

export const containerServiceProvider: Provider = {
  namespace: CONTAINER_SERVICE,
  apiVersions: AKS_API_VERSIONS,
  resourceTypes: ['managedClusters', 'locations/kubernetesVersions', 'locations/operations', 'locations/operationresults'],
  handle,
  render: renderCluster,
  deleteLatencyKey: latencyKeyOf,
};
