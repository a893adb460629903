// Attaching an AKS cluster: an existing, succeeded managed cluster of the workspace's subscription and
// region with a load balancer subnet in its VNet; too few vCPUs or nodes for its purpose fail the operation.
import { badRequest, conflict } from '../../errors.js';
import type { AksComputePropertiesBody } from '../../schemas/machine-learning-computes.js';
import { getRecord, key, type CloudState, type ResourceRecord } from '../../state.js';
import { T_AKS, clusterFacts } from '../container-service/index.js';
import { parseArmId, same } from '../kit/ids.js';
import { rejectNotSimulated } from '../kit/not-simulated.js';
import type { Ctx } from '../types.js';
import { bad } from './common.js';

/** The cluster an AKS compute attaches: an existing managed cluster of the workspace's subscription and region. */
export function resolveCluster(ctx: Ctx, resourceId: string | undefined, ws: ResourceRecord): ResourceRecord {
  if (resourceId === undefined || resourceId === '') throw bad('properties.resourceId (the managed cluster to attach) is required for computeType AKS.');
  const parsed = parseArmId(resourceId);
  if (!parsed || key([parsed.namespace, ...parsed.types].join('/')) !== key(T_AKS)) {
    throw badRequest('LinkedInvalidPropertyId', `Property id '${resourceId}' at path 'properties.resourceId' is invalid: expected the id of a ${T_AKS} resource.`);
  }
  if (!same(parsed.sub, ws.subscriptionId)) {
    throw badRequest('ComputeResourceInDifferentSubscription', `The managed cluster '${resourceId}' is not in the workspace's subscription '${ws.subscriptionId}'.`);
  }
  const cluster = getRecord(ctx.state, resourceId);
  if (!cluster || cluster.provisioningState === 'Deleting') {
    throw badRequest('ComputeResourceNotFound', `The managed cluster '${resourceId}' to attach was not found. Create the cluster first; attaching a cluster that does not exist is refused.`);
  }
  if (cluster.location !== ws.location) {
    throw badRequest('ComputeResourceInDifferentRegion', `The managed cluster '${resourceId}' is in region '${cluster.location ?? ''}', but the workspace is in '${ws.location ?? ''}'.`);
  }
  if (cluster.provisioningState !== 'Succeeded') {
    throw conflict('ComputeResourceNotReady', `The managed cluster '${resourceId}' is in provisioning state '${cluster.provisioningState === 'Updating' ? 'Creating' : cluster.provisioningState}'; attach it once it has succeeded.`);
  }
  return cluster;
}

export function normalizeAks(ctx: Ctx, p: AksComputePropertiesBody, cluster: ResourceRecord): Record<string, unknown> {
  rejectNotSimulated(p, ['sslConfiguration'], 'properties.properties.');
  const facts = clusterFacts(ctx.state, cluster);
  if (!facts) throw bad(`'${cluster.id}' is not a managed cluster.`);
  const purpose = p.clusterPurpose ?? 'FastProd';
  if (p.agentCount !== undefined && p.agentCount < 0) throw bad('properties.properties.agentCount must not be negative.');
  if (p.loadBalancerType === 'InternalLoadBalancer' && p.loadBalancerSubnet !== undefined) {
    const subnet = facts.vnetId ? getRecord(ctx.state, `${facts.vnetId}/subnets/${p.loadBalancerSubnet}`) : undefined;
    if (!subnet) {
      throw bad(`loadBalancerSubnet '${p.loadBalancerSubnet}' is not a subnet of the cluster's virtual network${facts.vnetId ? ` '${facts.vnetId}'` : ' (the cluster uses the AKS-managed network)'}.`);
    }
  }
  if (p.loadBalancerSubnet !== undefined && p.loadBalancerType !== 'InternalLoadBalancer') throw bad('loadBalancerSubnet can only be set with loadBalancerType InternalLoadBalancer.');
  return {
    ...(p.clusterFqdn ? { clusterFqdn: p.clusterFqdn } : {}),
    ...(p.agentCount !== undefined ? { agentCount: p.agentCount } : {}),
    ...(p.agentVmSize ? { agentVmSize: p.agentVmSize } : {}),
    clusterPurpose: purpose,
    ...(p.aksNetworkingConfiguration ? { aksNetworkingConfiguration: p.aksNetworkingConfiguration } : {}),
    loadBalancerType: p.loadBalancerType ?? 'PublicIp',
    ...(p.loadBalancerSubnet !== undefined ? { loadBalancerSubnet: p.loadBalancerSubnet } : p.loadBalancerType === 'InternalLoadBalancer' ? { loadBalancerSubnet: 'aks-subnet' } : {}),
  };
}

/**
 * An attach to a cluster too small for its purpose is accepted and fails while provisioning: "Cluster should
 * have at least 12 cores to operate." (any purpose but DevTest) and "At least 3 machine(s) are required for
 * cluster with purpose 'FastProd'. Available machine(s) : 2" (MicrosoftDocs/azure-docs#55597; Learn v1
 * how-to-create-attach-kubernetes: 12 vCPUs unless DevTest). Code **unconfirmed** (UserError, as Azure ML's
 * other user-caused compute failures).
 */
export function attachCapacityFailure(state: CloudState, cluster: ResourceRecord, purpose: string): { code: string; message: string } | undefined {
  const facts = clusterFacts(state, cluster);
  if (!facts || purpose === 'DevTest') return undefined;
  if (facts.totalVCPUs < 12) return { code: 'UserError', message: `Cluster should have at least 12 cores to operate. Available cores : ${facts.totalVCPUs}` };
  if (purpose === 'FastProd' && facts.agentCount < 3) {
    return { code: 'UserError', message: `At least 3 machine(s) are required for cluster with purpose 'FastProd'. Available machine(s) : ${facts.agentCount}` };
  }
  return undefined;
}
