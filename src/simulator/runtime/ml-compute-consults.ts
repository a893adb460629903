// What Azure ML does with a compute whose environment does not work, decided when the create/update is
// accepted (the operation then ends Failed, or the cluster reports node errors):
// - no-public-IP compute in a customer VNet needs the workspace's private endpoint (issue 15 item 1);
// - compute in a customer subnet needs the documented outbound (requirementsFor amlCompute/computeInstance);
// - a v1 AKS attach fetches static credentials, which a cluster with local accounts disabled refuses.
// Every code and message comes from DOCUMENTED_FAILURES or a source cited here (SPEC.md, "Runtime semantics").
import { DOCUMENTED_FAILURES } from '../../azure-model/requirements.js';
import { privateEndpointConnectionsFor } from '../providers/network/private-link.js';
import { getRecord, type CloudState, type ResourceRecord } from '../state.js';
import { checkRequiredOutbound, describeUnmet, type UnmetRequirement } from './egress-check.js';

export interface RuntimeError {
  code: string;
  message: string;
}

export interface ComputeConsult {
  /** The create/update operation ends Failed with this error (the compute keeps provisioningState Failed). */
  error?: RuntimeError;
  /** AmlCompute: the operation succeeds but the cluster's nodes are unusable; rendered in `errors`. */
  nodeErrors?: RuntimeError[];
}

const documented = (code: string, text: RegExp): RuntimeError => {
  const f = DOCUMENTED_FAILURES.find((d) => d.code === code && text.test(d.message));
  if (!f) throw new Error(`no documented failure ${code} ${text}`);
  return { code: f.code, message: f.message };
};

const LEARN_NSG = 'https://docs.microsoft.com/azure/machine-learning/how-to-secure-training-vnet?tabs=azure-studio#azure-machine-learning-compute-clusterinstance-1';

/** microsoft/AzureTRE#2780: Azure ML checks the compute subnet's NSG and fails the create; the code is unconfirmed. */
function nsgFailure(nsgId: string, u: UnmetRequirement): RuntimeError {
  const r = u.requirement;
  const rule = { name: `Outbound ${r.destination} ${r.port}`, properties: { protocol: r.protocol.toUpperCase(), sourcePortRange: '*', destinationPortRange: String(r.port), sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: r.destination, priority: 'Higher than 4096', direction: 'Outbound' } };
  return {
    code: 'UserError',
    message:
      `The subnet has a network security group (${nsgId}) that is missing the following rules below. Please add those rules or increase the priority to allow traffic if the rules already exist. ` +
      `For network security group requirements, please refer to ${LEARN_NSG}. ${JSON.stringify(rule)} [simulator: ${describeUnmet(u)}]`,
  };
}

/**
 * Nodes that cannot reach the Batch / Azure ML control plane never become usable (Azure/Batch#67, Azure/aztk#557:
 * "unusable ... the service has no way of communicating with the node"); a compute instance create then fails
 * with Batch's allocation error (microsoft/AzureTRE#4151, resolved by allowing the traffic on the firewall).
 * Batch's code for it is AllocationFailed ("Desired number of nodes could not be allocated", PoolResizeErrorCodes);
 * that Azure ML reports this code is unconfirmed.
 */
function allocationFailure(what: string, u: UnmetRequirement): RuntimeError {
  return {
    code: 'AllocationFailed',
    message: `${what}: desired number of dedicated nodes could not be allocated. The nodes cannot communicate with the Azure Machine Learning and Batch services; check the subnet's outbound configuration. [simulator: ${describeUnmet(u)}]`,
  };
}

/** Does the workspace have a private endpoint whose connection has succeeded and is approved? */
function hasWorkspacePrivateEndpoint(state: CloudState, wsId: string): boolean {
  return privateEndpointConnectionsFor(state, wsId).some((c) => {
    const p = c.properties as { provisioningState?: string; privateLinkServiceConnectionState?: { status?: string } };
    return p.provisioningState === 'Succeeded' && p.privateLinkServiceConnectionState?.status === 'Approved';
  });
}

/** A workspace with a managed network runs its computes there, not in a customer VNet (how-to-managed-network). */
function managedNetwork(ws: ResourceRecord): boolean {
  const mode = (ws.properties.managedNetwork as { isolationMode?: string } | undefined)?.isolationMode;
  return mode !== undefined && mode !== 'Disabled';
}

export function consultAmlCompute(state: CloudState, ws: ResourceRecord, kind: 'amlCompute' | 'computeInstance', inner: Record<string, unknown>): ComputeConsult {
  const subnetId = (inner.subnet as { id?: string } | undefined)?.id;
  // No customer subnet: Azure ML places the nodes (a managed network adds its own required rules,
  // https://learn.microsoft.com/azure/machine-learning/how-to-managed-network), nothing of the customer's to check.
  if (!subnetId || managedNetwork(ws)) return {};
  const publicIp = inner.enableNodePublicIp !== false;
  if (!publicIp && !hasWorkspacePrivateEndpoint(state, ws.id)) {
    // Azure/data-product-analytics#70; MicrosoftDocs/azure-ai-docs PR #225.
    return { error: documented('UserError', /EnableNodePublicIp/) };
  }
  const check = checkRequiredOutbound(state, subnetId, kind, { ownPublicEgress: publicIp });
  const first = check.unmet[0];
  if (!first) return {};
  // The NSG is validated when the compute is created (AzureTRE#2780), before any node has to talk.
  const blockedByNsg = check.unmet.find((u) => u.verdict.decidedBy.kind === 'nsg-rule');
  if (blockedByNsg) {
    const subnetNsg = (getRecord(state, subnetId)?.properties.networkSecurityGroup as { id?: string } | undefined)?.id;
    const nsgId = blockedByNsg.verdict.decidedBy.id?.replace(/\/(securityRules|defaultSecurityRules)\/[^/]+$/i, '') ?? subnetNsg ?? '';
    return { error: nsgFailure(nsgId, blockedByNsg) };
  }
  if (kind === 'computeInstance') return { error: allocationFailure('Compute instance creation failed', first) };
  // A cluster is created without nodes; only nodes it must keep (minNodeCount > 0) fail to come up now.
  const min = (inner.scaleSettings as { minNodeCount?: number } | undefined)?.minNodeCount ?? 0;
  return min > 0 ? { nodeErrors: [allocationFailure('Compute cluster resize failed', first)] } : {};
}

/** Azure/AML-Kubernetes#261: the v1 attach fetches static credentials; AKS refuses them with local accounts disabled. */
export function consultAksAttach(state: CloudState, clusterId: string): ComputeConsult {
  const cluster = getRecord(state, clusterId);
  if (cluster?.properties.disableLocalAccounts !== true) return {};
  return { error: documented('BadRequest', /static credential/) };
}

/**
 * The hook the computes handler calls once a create/update is accepted: asks the consult for the compute's
 * type and records its answer on the operation (ends Failed) or the record (cluster node errors).
 */
export function applyComputeConsults(state: CloudState, ws: ResourceRecord, rec: ResourceRecord, op: { error?: RuntimeError }): void {
  const type = rec.properties.computeType;
  const inner = (rec.properties.properties ?? {}) as Record<string, unknown>;
  const consult =
    type === 'AKS' ? consultAksAttach(state, String(rec.properties.resourceId))
    : type === 'AmlCompute' ? consultAmlCompute(state, ws, 'amlCompute', inner)
    : type === 'ComputeInstance' ? consultAmlCompute(state, ws, 'computeInstance', inner)
    : {};
  delete rec.properties.failure;
  delete rec.properties.nodeErrors;
  if (consult.error) {
    op.error = consult.error;
    rec.properties.failure = consult.error;
  }
  if (consult.nodeErrors) rec.properties.nodeErrors = consult.nodeErrors;
}
