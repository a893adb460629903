// A PaaS resource's own network firewall, which guards its public endpoint (private endpoints bypass it).
// Sources:
// - Storage: Learn "Configure Azure Storage firewalls and virtual networks", https://learn.microsoft.com/azure/storage/common/storage-network-security
//   ("The Azure Storage firewall provides access control for the public endpoint ... You can also use the
//   firewall to block all access through the public endpoint when you're using private endpoints"; virtual
//   network rules admit subnets with the Microsoft.Storage service endpoint; IP rules admit public IPs).
// - Key Vault: REST spec keyvault/.../openapi.json VaultProperties.publicNetworkAccess ("If set to 'disabled'
//   all traffic except private endpoint traffic and that that originates from trusted services will be
//   blocked. This will override the set firewall rules"); NetworkRuleSet.defaultAction ("when no rule from
//   ipRules and from virtualNetworkRules match").
// - Container Registry: REST spec containerregistry/.../containerregistry.json (publicNetworkAccess "Whether
//   or not public network access is allowed"; networkRuleSet.defaultAction, ipRules).
// - Azure ML workspace: REST spec machinelearningservices/.../2025-06-01/workspaceRP.json (publicNetworkAccess
//   "Whether requests from Public Network are allowed").
// - Log Analytics: REST spec operationalinsights/.../Workspaces.json (publicNetworkAccessForIngestion "The
//   network access type for accessing Log Analytics ingestion").
// - Private endpoints: "Only a private endpoint in an approved state can send traffic to a given private link
//   resource" (https://learn.microsoft.com/azure/private-link/private-endpoint-overview).

import type { ArmResource, Decider } from './types.js';
import { obj, objs, props, sameId, str } from './props.js';
import { cidrContainsIp } from './ip.js';
import { privateEndpointConnections } from './private-endpoints.js';

export type Arrival =
  | { via: 'private-endpoint'; privateEndpoint: ArmResource }
  | { via: 'service-endpoint'; subnetId: string }
  /** Public source IPs the flow leaves from (NAT gateway, firewall); empty when unknown (default outbound access). */
  | { via: 'public'; sourceIps: string[] };

export interface ServiceFirewallResult {
  allowed: boolean;
  decidedBy: Decider;
  trace: string[];
  assumptions: string[];
}

function result(resource: ArmResource, allowed: boolean, detail: string, assumptions: string[] = []): ServiceFirewallResult {
  return {
    allowed,
    decidedBy: { kind: 'service-firewall', id: resource.id, detail },
    trace: [`service firewall ${resource.name ?? resource.id}: ${detail} — ${allowed ? 'accepted' : 'refused'}`],
    assumptions,
  };
}

function ipRuleAdmits(rules: Record<string, unknown>[], sourceIps: string[]): string | undefined {
  for (const rule of rules) {
    const value = str(rule, 'value');
    if (!value || (str(rule, 'action') ?? 'Allow') !== 'Allow') continue;
    const hit = sourceIps.find((ip) => cidrContainsIp(value, ip));
    if (hit) return `IP rule ${value} admits ${hit}`;
  }
  return undefined;
}

/** Storage and Key Vault: publicNetworkAccess, then networkAcls (default action, virtual network rules, IP rules). */
function aclFirewall(resource: ArmResource, arrival: Exclude<Arrival, { via: 'private-endpoint' }>): ServiceFirewallResult {
  const p = props(resource);
  const pna = str(p, 'publicNetworkAccess');
  if (pna === 'Disabled') return result(resource, false, 'publicNetworkAccess Disabled: only private endpoint traffic is accepted');
  const extra = pna === 'SecuredByPerimeter' ? ['unconfirmed: network security perimeter rules are not modelled; publicNetworkAccess SecuredByPerimeter treated like the networkAcls below'] : [];
  const acls = obj(p, 'networkAcls');
  if ((str(acls, 'defaultAction') ?? 'Allow') !== 'Deny') return result(resource, true, 'networkAcls default action Allow', extra);
  if (arrival.via === 'service-endpoint') {
    const rule = objs(acls, 'virtualNetworkRules').find((r) => sameId(str(r, 'id'), arrival.subnetId) && (str(r, 'action') ?? 'Allow') === 'Allow');
    return rule
      ? result(resource, true, `virtual network rule admits subnet ${arrival.subnetId.split('/').pop()} (service endpoint)`, extra)
      : result(resource, false, `networkAcls default action Deny and no virtual network rule for subnet ${arrival.subnetId.split('/').pop()}`, extra);
  }
  const ip = ipRuleAdmits(objs(acls, 'ipRules'), arrival.sourceIps);
  if (ip) return result(resource, true, ip, extra);
  const unknown = arrival.sourceIps.length === 0 ? ['unconfirmed: the public source IP is unknown (default outbound access), so IP rules were not counted'] : [];
  return result(resource, false, 'networkAcls default action Deny and no IP rule admits the source', [...extra, ...unknown]);
}

function registryFirewall(resource: ArmResource, arrival: Exclude<Arrival, { via: 'private-endpoint' }>): ServiceFirewallResult {
  const p = props(resource);
  if (str(p, 'publicNetworkAccess') === 'Disabled') return result(resource, false, 'publicNetworkAccess Disabled: only private endpoint traffic is accepted');
  const rules = obj(p, 'networkRuleSet');
  if ((str(rules, 'defaultAction') ?? 'Allow') !== 'Deny') return result(resource, true, 'networkRuleSet default action Allow');
  const ip = arrival.via === 'public' ? ipRuleAdmits(objs(rules, 'ipRules'), arrival.sourceIps) : undefined;
  return ip ? result(resource, true, ip) : result(resource, false, 'networkRuleSet default action Deny and no IP rule admits the source');
}

export function evaluateServiceFirewall(resource: ArmResource, arrival: Arrival): ServiceFirewallResult {
  if (arrival.via === 'private-endpoint') {
    const conn = privateEndpointConnections(arrival.privateEndpoint).find((c) => sameId(c.targetId, resource.id));
    const status = conn?.status ?? 'unknown';
    return status === 'Approved'
      ? result(resource, true, `reached through private endpoint ${arrival.privateEndpoint.name ?? arrival.privateEndpoint.id} (connection Approved); public network rules do not apply`)
      : result(resource, false, `private endpoint ${arrival.privateEndpoint.name ?? arrival.privateEndpoint.id} connection is ${status}; only approved endpoints carry traffic`);
  }
  const type = resource.type.toLowerCase();
  const p = props(resource);
  if (type === 'microsoft.storage/storageaccounts' || type === 'microsoft.keyvault/vaults') return aclFirewall(resource, arrival);
  if (type === 'microsoft.containerregistry/registries') return registryFirewall(resource, arrival);
  if (type === 'microsoft.machinelearningservices/workspaces') {
    return str(p, 'publicNetworkAccess') === 'Disabled'
      ? result(resource, false, 'publicNetworkAccess Disabled: the workspace answers only through its private endpoint')
      : result(resource, true, 'publicNetworkAccess Enabled');
  }
  if (type === 'microsoft.operationalinsights/workspaces') {
    return str(p, 'publicNetworkAccessForIngestion') === 'Disabled'
      ? result(resource, false, 'publicNetworkAccessForIngestion Disabled')
      : result(resource, true, 'publicNetworkAccessForIngestion Enabled');
  }
  return result(resource, true, 'no network rules modelled for this resource type', [`unconfirmed: ${resource.type} network rules are not modelled`]);
}
