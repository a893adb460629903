// Small hand-built ARM GET bodies for the network model's tests (property names from the REST specs
// under test/fixtures/azure-rest-api-specs/specification/network and .../privatedns).

import type { ArmResource, Destination } from '../../../src/azure-model/network/index.js';

export const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';
export const RG = `${SUB}/resourceGroups/rg-net`;
const NET = `${RG}/providers/Microsoft.Network`;

export const ids = {
  vnet: (name = 'vnet') => `${NET}/virtualNetworks/${name}`,
  subnet: (name: string, vnet = 'vnet') => `${NET}/virtualNetworks/${vnet}/subnets/${name}`,
  nsg: (name: string) => `${NET}/networkSecurityGroups/${name}`,
  routeTable: (name: string) => `${NET}/routeTables/${name}`,
  nat: (name: string) => `${NET}/natGateways/${name}`,
  pip: (name: string) => `${NET}/publicIPAddresses/${name}`,
  sep: (name: string) => `${NET}/serviceEndpointPolicies/${name}`,
  firewall: (name: string) => `${NET}/azureFirewalls/${name}`,
  policy: (name: string) => `${NET}/firewallPolicies/${name}`,
  pe: (name: string) => `${NET}/privateEndpoints/${name}`,
  zone: (name: string) => `${NET}/privateDnsZones/${name}`,
  storage: (name: string, rg = RG) => `${rg}/providers/Microsoft.Storage/storageAccounts/${name}`,
  vault: (name: string) => `${RG}/providers/Microsoft.KeyVault/vaults/${name}`,
  registry: (name: string) => `${RG}/providers/Microsoft.ContainerRegistry/registries/${name}`,
};

export interface SubnetSpec {
  name: string;
  prefix: string;
  nsg?: string;
  routeTable?: string;
  natGateway?: string;
  serviceEndpoints?: { service: string; locations?: string[] }[];
  serviceEndpointPolicies?: string[];
  defaultOutboundAccess?: boolean;
  privateEndpointNetworkPolicies?: string;
}

export function vnet(subnets: SubnetSpec[], opts: { name?: string; prefixes?: string[]; location?: string } = {}): ArmResource {
  const name = opts.name ?? 'vnet';
  return {
    id: ids.vnet(name),
    name,
    type: 'Microsoft.Network/virtualNetworks',
    location: opts.location ?? 'westeurope',
    properties: {
      addressSpace: { addressPrefixes: opts.prefixes ?? ['10.0.0.0/16'] },
      subnets: subnets.map((s) => ({
        id: ids.subnet(s.name, name),
        name: s.name,
        type: 'Microsoft.Network/virtualNetworks/subnets',
        properties: {
          addressPrefix: s.prefix,
          ...(s.nsg ? { networkSecurityGroup: { id: s.nsg } } : {}),
          ...(s.routeTable ? { routeTable: { id: s.routeTable } } : {}),
          ...(s.natGateway ? { natGateway: { id: s.natGateway } } : {}),
          ...(s.serviceEndpoints ? { serviceEndpoints: s.serviceEndpoints.map((e) => ({ provisioningState: 'Succeeded', ...e })) } : {}),
          ...(s.serviceEndpointPolicies ? { serviceEndpointPolicies: s.serviceEndpointPolicies.map((id) => ({ id })) } : {}),
          ...(s.defaultOutboundAccess !== undefined ? { defaultOutboundAccess: s.defaultOutboundAccess } : {}),
          privateEndpointNetworkPolicies: s.privateEndpointNetworkPolicies ?? 'Disabled',
        },
      })),
    },
  };
}

export interface RuleSpec {
  name: string;
  priority: number;
  access: 'Allow' | 'Deny';
  direction?: 'Inbound' | 'Outbound';
  protocol?: string;
  destination?: string | string[];
  ports?: string | string[];
  source?: string;
}

/** An NSG; without `withDefaults` the body has no defaultSecurityRules, so Azure's documented defaults apply. */
export function nsg(name: string, rules: RuleSpec[]): ArmResource {
  return {
    id: ids.nsg(name),
    name,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: 'westeurope',
    properties: {
      securityRules: rules.map((r) => ({
        id: `${ids.nsg(name)}/securityRules/${r.name}`,
        name: r.name,
        properties: {
          priority: r.priority,
          access: r.access,
          direction: r.direction ?? 'Outbound',
          protocol: r.protocol ?? '*',
          sourceAddressPrefix: r.source ?? '*',
          sourcePortRange: '*',
          ...(Array.isArray(r.destination) ? { destinationAddressPrefixes: r.destination } : { destinationAddressPrefix: r.destination ?? '*' }),
          ...(Array.isArray(r.ports) ? { destinationPortRanges: r.ports } : { destinationPortRange: r.ports ?? '*' }),
        },
      })),
    },
  };
}

export function routeTable(name: string, routes: { name: string; prefix: string; nextHopType: string; nextHopIp?: string }[]): ArmResource {
  return {
    id: ids.routeTable(name),
    name,
    type: 'Microsoft.Network/routeTables',
    location: 'westeurope',
    properties: {
      routes: routes.map((r) => ({
        id: `${ids.routeTable(name)}/routes/${r.name}`,
        name: r.name,
        properties: { addressPrefix: r.prefix, nextHopType: r.nextHopType, ...(r.nextHopIp ? { nextHopIpAddress: r.nextHopIp } : {}) },
      })),
    },
  };
}

export function publicIp(name: string, ip: string): ArmResource {
  return { id: ids.pip(name), name, type: 'Microsoft.Network/publicIPAddresses', location: 'westeurope', properties: { ipAddress: ip, publicIPAllocationMethod: 'Static' } };
}

export function natGateway(name: string, pipIds: string[]): ArmResource {
  return { id: ids.nat(name), name, type: 'Microsoft.Network/natGateways', location: 'westeurope', properties: { publicIpAddresses: pipIds.map((id) => ({ id })) } };
}

export function storageAccount(name: string, properties: Record<string, unknown> = {}, rg = RG): ArmResource {
  return { id: ids.storage(name, rg), name, type: 'Microsoft.Storage/storageAccounts', location: 'westeurope', properties: { publicNetworkAccess: 'Enabled', ...properties } };
}

export function privateEndpoint(name: string, subnetId: string, targetId: string, groupId: string, ip: string, fqdns: string[], status = 'Approved'): ArmResource {
  return {
    id: ids.pe(name),
    name,
    type: 'Microsoft.Network/privateEndpoints',
    location: 'westeurope',
    properties: {
      subnet: { id: subnetId },
      privateLinkServiceConnections: [
        { id: `${ids.pe(name)}/privateLinkServiceConnections/${name}`, name, properties: { privateLinkServiceId: targetId, groupIds: [groupId], privateLinkServiceConnectionState: { status } } },
      ],
      customDnsConfigs: fqdns.map((fqdn) => ({ fqdn, ipAddresses: [ip] })),
    },
  };
}

/** A private DNS zone, its VNet links and A records (one body each, as `sim dump` lists them). */
export function privateDnsZone(zone: string, linkedVnets: string[], records: { name: string; ip: string }[], opts: { resolutionPolicy?: string } = {}): ArmResource[] {
  const zoneId = ids.zone(zone);
  return [
    { id: zoneId, name: zone, type: 'Microsoft.Network/privateDnsZones', location: 'global', properties: {} },
    ...linkedVnets.map((v, i) => ({
      id: `${zoneId}/virtualNetworkLinks/link${i}`,
      name: `link${i}`,
      type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
      location: 'global',
      properties: { virtualNetwork: { id: v }, registrationEnabled: false, ...(opts.resolutionPolicy ? { resolutionPolicy: opts.resolutionPolicy } : {}) },
    })),
    ...records.map((r) => ({
      id: `${zoneId}/A/${r.name}`,
      name: r.name,
      type: 'Microsoft.Network/privateDnsZones/A',
      properties: { ttl: 10, aRecords: [{ ipv4Address: r.ip }] },
    })),
  ];
}

export function serviceEndpointPolicy(name: string, definitions: { name: string; service: string; serviceResources: string[] }[]): ArmResource {
  return {
    id: ids.sep(name),
    name,
    type: 'Microsoft.Network/serviceEndpointPolicies',
    location: 'westeurope',
    properties: {
      serviceEndpointPolicyDefinitions: definitions.map((d) => ({
        id: `${ids.sep(name)}/serviceEndpointPolicyDefinitions/${d.name}`,
        name: d.name,
        properties: { service: d.service, serviceResources: d.serviceResources },
      })),
    },
  };
}

export function azureFirewall(name: string, privateIp: string, policyId: string, publicIpId?: string): ArmResource {
  return {
    id: ids.firewall(name),
    name,
    type: 'Microsoft.Network/azureFirewalls',
    location: 'westeurope',
    properties: {
      firewallPolicy: { id: policyId },
      ipConfigurations: [
        {
          id: `${ids.firewall(name)}/azureFirewallIpConfigurations/ipconfig`,
          name: 'ipconfig',
          properties: { privateIPAddress: privateIp, subnet: { id: ids.subnet('AzureFirewallSubnet', 'hub') }, ...(publicIpId ? { publicIPAddress: { id: publicIpId } } : {}) },
        },
      ],
    },
  };
}

export function firewallPolicy(name: string, opts: { dnsProxy?: boolean; basePolicy?: string } = {}): ArmResource {
  return {
    id: ids.policy(name),
    name,
    type: 'Microsoft.Network/firewallPolicies',
    location: 'westeurope',
    properties: { ...(opts.dnsProxy !== undefined ? { dnsSettings: { enableProxy: opts.dnsProxy } } : {}), ...(opts.basePolicy ? { basePolicy: { id: opts.basePolicy } } : {}) },
  };
}

export interface CollectionSpec {
  name: string;
  priority: number;
  action: 'Allow' | 'Deny';
  rules: Record<string, unknown>[];
}

export function ruleCollectionGroup(policy: string, name: string, priority: number, collections: CollectionSpec[]): ArmResource {
  return {
    id: `${ids.policy(policy)}/ruleCollectionGroups/${name}`,
    name,
    type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
    properties: {
      priority,
      ruleCollections: collections.map((c) => ({ ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: c.name, priority: c.priority, action: { type: c.action }, rules: c.rules })),
    },
  };
}

export function appRule(name: string, targetFqdns: string[], opts: { ports?: number[]; sources?: string[]; fqdnTags?: string[] } = {}): Record<string, unknown> {
  return {
    ruleType: 'ApplicationRule',
    name,
    sourceAddresses: opts.sources ?? ['*'],
    protocols: (opts.ports ?? [443]).map((port) => ({ protocolType: port === 80 ? 'Http' : 'Https', port })),
    targetFqdns,
    ...(opts.fqdnTags ? { fqdnTags: opts.fqdnTags } : {}),
  };
}

export function networkRule(name: string, opts: { destinations?: string[]; fqdns?: string[]; ports?: string[]; protocols?: string[]; sources?: string[] }): Record<string, unknown> {
  return {
    ruleType: 'NetworkRule',
    name,
    ipProtocols: opts.protocols ?? ['TCP'],
    sourceAddresses: opts.sources ?? ['*'],
    destinationAddresses: opts.destinations ?? [],
    destinationFqdns: opts.fqdns ?? [],
    destinationPorts: opts.ports ?? ['443'],
  };
}

export function tcp(address: string, port = 443, kind: Destination['kind'] = 'fqdn'): Destination {
  return { address, kind, port, protocol: 'Tcp' };
}
