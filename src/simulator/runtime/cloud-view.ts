// The simulator's records as the network model reads them: ARM GET bodies of the types
// src/azure-model/network looks at (every Microsoft.Network record — VNets, subnets, peerings, NSGs,
// route tables, NAT gateways, public IPs, firewalls and their policies, private endpoints, NICs, private
// DNS — plus the PaaS resources whose own network rules it evaluates), rendered by their providers.
import { cloudOf, type ArmResource, type Cloud } from '../../azure-model/network/index.js';
import { providerForType } from '../providers/registry.js';
import type { CloudState, ResourceRecord } from '../state.js';

/** PaaS types the model's target / service-firewall steps read (azure-model/network/destinations.ts PAAS_TYPES, private-endpoints.ts). */
const PAAS_TYPES = new Set(
  [
    'Microsoft.Storage/storageAccounts',
    'Microsoft.KeyVault/vaults',
    'Microsoft.ContainerRegistry/registries',
    'Microsoft.MachineLearningServices/workspaces',
    'Microsoft.OperationalInsights/workspaces',
    'Microsoft.Insights/privateLinkScopes',
    'Microsoft.Batch/batchAccounts',
  ].map((t) => t.toLowerCase()),
);

function wanted(rec: ResourceRecord): boolean {
  const t = rec.type.toLowerCase();
  return t.startsWith('microsoft.network/') || PAAS_TYPES.has(t);
}

function render(state: CloudState, rec: ResourceRecord): ArmResource | undefined {
  try {
    const body = providerForType(rec.type)?.render(state, rec) as ArmResource | undefined;
    // Zone groups (and any body without a type) still need one to be indexed.
    return body ? { ...body, id: body.id ?? rec.id, type: body.type ?? rec.type } : undefined;
  } catch {
    // A type whose renderer is not there yet (types are being added): the model does without it.
    return undefined;
  }
}

export interface CloudViewOptions {
  /**
   * Subnets whose hosts have a public source address of their own (an instance-level public IP, or the
   * outbound rules of an AKS cluster's public load balancer). Learn "Default outbound access": both are
   * explicit outbound methods; NAT gateway precedes them and a UDR to an appliance precedes all
   * (https://learn.microsoft.com/azure/nat-gateway/nat-overview), which the model's routing already does.
   * The model reads only the subnet, so these subnets are shown as having outbound access.
   */
  publicEgressSubnets?: string[];
}

function withPublicEgress(body: ArmResource): ArmResource {
  const p = (body.properties ?? {}) as Record<string, unknown>;
  if (p.natGateway) return body;
  return { ...body, properties: { ...p, defaultOutboundAccess: true } };
}

/** The Cloud the network model answers over, built from the records the simulator holds. */
export function cloudView(state: CloudState, opts: CloudViewOptions = {}): Cloud {
  const egress = new Set((opts.publicEgressSubnets ?? []).map((s) => s.toLowerCase()));
  const bodies: ArmResource[] = [];
  for (const rec of Object.values(state.resources)) {
    if (!wanted(rec)) continue;
    let body = render(state, rec);
    if (!body) continue;
    if (egress.size > 0) {
      if (egress.has(body.id.toLowerCase())) body = withPublicEgress(body);
      const subnets = (body.properties as { subnets?: ArmResource[] } | undefined)?.subnets;
      if (Array.isArray(subnets) && subnets.some((s) => egress.has(String(s.id).toLowerCase()))) {
        body = { ...body, properties: { ...body.properties, subnets: subnets.map((s) => (egress.has(String(s.id).toLowerCase()) ? withPublicEgress(s) : s)) } };
      }
    }
    bodies.push(body);
  }
  return cloudOf(bodies);
}
