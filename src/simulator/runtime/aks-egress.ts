// AKS nodes bootstrap through the custom script extension (vmssCSE), which first checks the outbound
// connections AKS documents as required (requirementsFor 'aks'); when one fails the create ends Failed
// with VMExtensionProvisioningError and the exit status of the check that failed
// (https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-outboundconnfailvmextensionerror
// and its siblings; the messages are DOCUMENTED_FAILURES).
import type { Cloud } from '../../azure-model/network/index.js';
import { DOCUMENTED_FAILURES, type ComputeKind } from '../../azure-model/requirements.js';
import type { CloudState, ResourceRecord } from '../state.js';
import { cloudView } from './cloud-view.js';
import { checkRequiredOutbound, describeUnmet, type EgressCheckOptions, type UnmetRequirement } from './egress-check.js';

export interface AksRuntimeError {
  code: string;
  message: string;
  details: { code: string; message: string }[];
}

/**
 * The order the bootstrap checks in: MCR first (exit 50), then the API server (51), then the CNI package
 * mirror (41). Anything else the list requires is reported as the outbound failure (50): that mapping is
 * unconfirmed.
 */
function exitStatusOf(u: UnmetRequirement): 50 | 51 | 41 {
  const d = u.requirement.destination.toLowerCase();
  if (d.includes('.hcp.') || d.startsWith('azurecloud.')) return 51;
  if (d === 'acs-mirror.azureedge.net' || d === 'packages.aks.azure.com') return 41;
  return 50;
}

const PHASE: Record<50 | 51 | 41, number> = { 50: 0, 51: 1, 41: 2 };

/**
 * The failure of a cluster whose node subnets lack required egress, or undefined. Without a custom subnet
 * AKS builds its own VNet with working egress. outboundType loadBalancer gives the nodes the cluster's
 * public load balancer as their way out (https://learn.microsoft.com/azure/aks/egress-outboundtype);
 * userDefinedRouting and userAssignedNATGateway use only what the subnet has.
 */
/** How a cluster's nodes leave: their subnets, whether they have a public way out of their own, and the network view. */
export interface ClusterEgress {
  subnets: string[];
  opts: EgressCheckOptions;
  view: Cloud;
}

/**
 * Without a custom subnet AKS builds its own VNet with working egress (undefined). outboundType
 * loadBalancer gives the nodes the cluster's public load balancer as their way out
 * (https://learn.microsoft.com/azure/aks/egress-outboundtype); userDefinedRouting and
 * userAssignedNATGateway use only what the subnet has.
 */
export function clusterEgress(state: CloudState, cluster: ResourceRecord): ClusterEgress | undefined {
  const p = cluster.properties;
  const pools = (p.agentPoolProfiles as { vnetSubnetID?: string }[] | undefined) ?? [];
  const subnets = [...new Map(pools.filter((pl) => pl.vnetSubnetID).map((pl) => [String(pl.vnetSubnetID).toLowerCase(), String(pl.vnetSubnetID)])).values()];
  if (subnets.length === 0) return undefined;
  const outboundType = (p.networkProfile as { outboundType?: string } | undefined)?.outboundType ?? 'loadBalancer';
  const ownPublicEgress = outboundType === 'loadBalancer';
  const privateCluster = (p.apiServerAccessProfile as { enablePrivateCluster?: boolean } | undefined)?.enablePrivateCluster === true;
  return { subnets, opts: { ownPublicEgress, privateCluster }, view: cloudView(state, { publicEgressSubnets: ownPublicEgress ? subnets : [] }) };
}

/** What `kind` requires that the cluster's node subnets cannot reach. */
export function clusterUnmet(state: CloudState, egress: ClusterEgress, kind: ComputeKind): UnmetRequirement[] {
  return egress.subnets.flatMap((s) => checkRequiredOutbound(state, s, kind, egress.opts, egress.view).unmet);
}

/** The failure of a cluster whose node subnets lack required egress, or undefined. */
export function aksEgressFailure(state: CloudState, cluster: ResourceRecord): AksRuntimeError | undefined {
  const egress = clusterEgress(state, cluster);
  if (!egress) return undefined;
  const unmet = clusterUnmet(state, egress, 'aks');
  if (unmet.length === 0) return undefined;
  const first = [...unmet].sort((a, b) => PHASE[exitStatusOf(a)] - PHASE[exitStatusOf(b)])[0];
  const status = exitStatusOf(first);
  const doc = DOCUMENTED_FAILURES.find((f) => f.computes.includes('aks') && f.exitStatus === status);
  if (!doc) return undefined;
  return {
    code: doc.code,
    message: `${doc.message} [simulator: ${describeUnmet(first)}]`,
    details: [{ code: doc.subCode ?? doc.code, message: doc.message }],
  };
}
