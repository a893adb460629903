// Service endpoints and service endpoint policies.
// - A service endpoint on a subnet adds a VirtualNetworkServiceEndpoint route for the service's public
//   prefixes, "the same address prefixes, or CIDR ranges, as those of the corresponding service tag"
//   (https://learn.microsoft.com/azure/virtual-network/service-tags-overview), to that subnet only
//   (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview).
// - Service traffic then leaves with the VNet's private source address: "There are no NAT or gateway
//   devices required" (https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoints-overview).
// - Service endpoint policies: https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoint-policies-overview
//   and, for the Azure ML alias, https://learn.microsoft.com/azure/machine-learning/how-to-prevent-data-loss-exfiltration.

import type { Cloud } from './cloud.js';
import type { ArmResource, Decider } from './types.js';
import { objs, props, str, strs } from './props.js';
import { normRegion } from './service-tags.js';

/** Service endpoint name → the service tag its route covers (service-tags-overview, per-service rows). */
export const SERVICE_ENDPOINT_TAGS: Record<string, string> = {
  'microsoft.storage': 'Storage',
  'microsoft.storage.global': 'Storage',
  'microsoft.keyvault': 'AzureKeyVault',
  'microsoft.containerregistry': 'AzureContainerRegistry',
  'microsoft.sql': 'Sql',
  'microsoft.azurecosmosdb': 'AzureCosmosDB',
  'microsoft.eventhub': 'EventHub',
  'microsoft.servicebus': 'ServiceBus',
};

export interface ServiceEndpointRoute {
  service: string;
  /** Service tag the route covers, regional when the endpoint lists locations. */
  tag: string;
}

/**
 * One route per location the endpoint lists (`serviceEndpoints[].locations`, e.g. westeurope and its
 * pair northeurope); '*' or no list means the VNet's region. Unconfirmed: the regions Azure uses when
 * `locations` is absent from the GET body.
 */
export function serviceEndpointRoutes(subnet: ArmResource, vnetRegion: string): ServiceEndpointRoute[] {
  return objs(props(subnet), 'serviceEndpoints').flatMap((se) => {
    const service = str(se, 'service');
    const tag = service ? SERVICE_ENDPOINT_TAGS[service.toLowerCase()] : undefined;
    if (!service || !tag || str(se, 'provisioningState') === 'Failed') return [];
    const locations = strs(se, 'locations');
    if (locations.includes('*') || service.toLowerCase() === 'microsoft.storage.global') return [{ service, tag }];
    const regions = locations.length > 0 ? locations.map(normRegion) : [vnetRegion];
    return regions.map((r) => ({ service, tag: `${tag}.${r}` }));
  });
}

export interface StorageAccountRef {
  /** ARM id when the account is known, else a name-only id is enough for messages. */
  id?: string;
  name: string;
  /** Service endpoint policy alias that covers it (Microsoft-managed accounts), e.g. '/services/Azure/MachineLearning'. */
  alias?: string;
}

export interface PolicyResult {
  allowed: boolean;
  decidedBy?: Decider;
  trace: string[];
}

/** Whether a `serviceResources` entry covers the account: its id, its resource group or its subscription. */
function coversAccount(entry: string, accountId: string): boolean {
  const e = entry.toLowerCase().replace(/\/+$/, '');
  const a = accountId.toLowerCase();
  return a === e || a.startsWith(`${e}/`);
}

/**
 * Storage traffic over the service endpoint from a subnet with policies reaches only listed accounts:
 * "Once a policy is configured on that subnet, only the resources specified in the policy can be
 * accessed ... Access to all other resources, for the specific service, will be denied"; several
 * policies allow the union; entries are account ids, resource groups or subscriptions; "By default, if
 * no policies are attached to a subnet with endpoints, you can access all resources in the service".
 * The '/services/Azure/MachineLearning' alias (definition service 'Global') "includes Microsoft-managed
 * storage accounts" of Azure ML (how-to-prevent-data-loss-exfiltration).
 */
export function evaluateServiceEndpointPolicies(cloud: Cloud, subnet: ArmResource, account: StorageAccountRef): PolicyResult {
  const policyIds = objs(props(subnet), 'serviceEndpointPolicies').map((p) => str(p, 'id')).filter((x): x is string => !!x);
  if (policyIds.length === 0) {
    return { allowed: true, trace: [`service endpoint policy: none on subnet ${subnet.name ?? subnet.id}; every storage account is reachable over the endpoint`] };
  }
  const trace: string[] = [];
  for (const policyId of policyIds) {
    const policy = cloud.get(policyId);
    if (!policy) {
      trace.push(`service endpoint policy ${policyId}: not in the cloud (unconfirmed: its definitions are unknown)`);
      continue;
    }
    const defs = [...objs(props(policy), 'serviceEndpointPolicyDefinitions'), ...cloud.children(policy.id, `${policy.type}/serviceEndpointPolicyDefinitions`)];
    for (const def of defs) {
      const p = props(def);
      const service = (str(p, 'service') ?? '').toLowerCase();
      const resources = strs(p, 'serviceResources');
      const hit =
        service === 'microsoft.storage'
          ? resources.find((r) => account.id !== undefined && coversAccount(r, account.id))
          : service === 'global'
            ? resources.find((r) => account.alias !== undefined && r.toLowerCase() === account.alias.toLowerCase())
            : undefined;
      if (hit) {
        trace.push(`service endpoint policy ${policy.name ?? policy.id}: definition ${str(def, 'name') ?? ''} lists ${hit}, which covers ${account.name}`);
        return { allowed: true, decidedBy: { kind: 'service-endpoint-policy', id: str(def, 'id') ?? policy.id, detail: `lists ${hit}` }, trace };
      }
    }
  }
  trace.push(`service endpoint policy: ${account.name} is in no definition of ${policyIds.map((id) => id.split('/').pop()).join(', ')}`);
  return {
    allowed: false,
    decidedBy: {
      kind: 'service-endpoint-policy',
      id: policyIds[0],
      detail: `storage account ${account.name} is not listed (policies allow only listed accounts, resource groups, subscriptions and aliases)`,
    },
    trace,
  };
}
