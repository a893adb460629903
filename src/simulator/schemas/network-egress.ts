// Request-body schemas for the Network egress types (public IPs, NAT gateways, route tables and routes,
// VNet peerings, firewall policies and rule collection groups, Azure firewalls), named after the REST
// models in specification/network/.../2025-05-01 (publicIpAddress.json, natGateway.json, routeTable.json,
// virtualNetwork.json, firewallPolicy.json, azureFirewall.json). Strict: unknown members fail; members the
// model has but the simulator does not model are accepted here and refused by the handlers (NOT_SIMULATED_EGRESS).
import { z } from 'zod';
import { arr, bool, enumOf, int, obj, readOnly, str, strArr, subResource, tags } from './common.js';

const notSimulated = () => z.unknown().optional();

/** network.json Resource (+ etag) for the tracked egress types. */
const tracked = {
  id: readOnly(),
  name: str().optional(),
  type: readOnly(),
  etag: readOnly(),
  location: str().optional(),
  tags: tags().optional(),
};

// ---- publicIpAddress.json ----

export const PublicIPAddress = obj('PublicIPAddress', {
  ...tracked,
  extendedLocation: notSimulated(),
  sku: obj('PublicIPAddressSku', {
    name: enumOf('PublicIPAddressSkuName', ['Basic', 'Standard', 'StandardV2']).optional(),
    tier: enumOf('PublicIPAddressSkuTier', ['Regional', 'Global']).optional(),
  }).optional(),
  zones: strArr().optional(),
  properties: obj('PublicIPAddressPropertiesFormat', {
    publicIPAllocationMethod: enumOf('IPAllocationMethod', ['Static', 'Dynamic']).optional(),
    publicIPAddressVersion: enumOf('IPVersion', ['IPv4', 'IPv6']).optional(),
    idleTimeoutInMinutes: int().optional(),
    dnsSettings: obj('PublicIPAddressDnsSettings', {
      domainNameLabel: str().optional(),
      domainNameLabelScope: notSimulated(),
      fqdn: readOnly(),
      reverseFqdn: notSimulated(),
    }).optional(),
    ipTags: arr(obj('IpTag', { ipTagType: str().optional(), tag: str().optional() }), 'IpTag').optional(),
    ddosSettings: notSimulated(),
    // The service assigns the address; a client echoing it back is accepted (checked against the record).
    ipAddress: str().optional(),
    publicIPPrefix: notSimulated(),
    servicePublicIPAddress: notSimulated(),
    linkedPublicIPAddress: notSimulated(),
    migrationPhase: notSimulated(),
    deleteOption: notSimulated(),
    natGateway: readOnly(),
    ipConfiguration: readOnly(),
    resourceGuid: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

// ---- natGateway.json ----

export const NatGateway = obj('NatGateway', {
  ...tracked,
  sku: obj('NatGatewaySku', { name: enumOf('NatGatewaySkuName', ['Standard', 'StandardV2']).optional() }).optional(),
  zones: strArr().optional(),
  properties: obj('NatGatewayPropertiesFormat', {
    idleTimeoutInMinutes: int().optional(),
    publicIpAddresses: arr(subResource(), 'SubResource').optional(),
    publicIpAddressesV6: notSimulated(),
    publicIpPrefixes: notSimulated(),
    publicIpPrefixesV6: notSimulated(),
    sourceVirtualNetwork: notSimulated(),
    serviceGateway: notSimulated(),
    subnets: readOnly(),
    resourceGuid: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

// ---- routeTable.json ----

const RouteProperties = obj('RoutePropertiesFormat', {
  addressPrefix: str().optional(),
  nextHopType: enumOf('RouteNextHopType', ['VirtualNetworkGateway', 'VnetLocal', 'Internet', 'VirtualAppliance', 'None']),
  nextHopIpAddress: str().optional(),
  hasBgpOverride: readOnly(),
  provisioningState: readOnly(),
});

export const Route = obj('Route', {
  id: str().optional(),
  name: str().optional(),
  etag: readOnly(),
  type: str().optional(),
  properties: RouteProperties.optional(),
});

export const RouteTable = obj('RouteTable', {
  ...tracked,
  properties: obj('RouteTablePropertiesFormat', {
    routes: arr(Route, 'Route').optional(),
    disableBgpRoutePropagation: bool().optional(),
    subnets: readOnly(),
    resourceGuid: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

// ---- virtualNetwork.json VirtualNetworkPeering ----

const AddressSpace = obj('AddressSpace', { addressPrefixes: strArr().optional(), ipamPoolPrefixAllocations: notSimulated() });

export const VirtualNetworkPeering = obj('VirtualNetworkPeering', {
  id: str().optional(),
  name: str().optional(),
  etag: readOnly(),
  type: str().optional(),
  properties: obj('VirtualNetworkPeeringPropertiesFormat', {
    allowVirtualNetworkAccess: bool().optional(),
    allowForwardedTraffic: bool().optional(),
    allowGatewayTransit: bool().optional(),
    useRemoteGateways: bool().optional(),
    remoteVirtualNetwork: subResource().optional(),
    doNotVerifyRemoteGateways: bool().optional(),
    // Computed by the service; echoes are accepted and ignored.
    localAddressSpace: AddressSpace.optional(),
    localVirtualNetworkAddressSpace: AddressSpace.optional(),
    remoteAddressSpace: AddressSpace.optional(),
    remoteVirtualNetworkAddressSpace: AddressSpace.optional(),
    remoteBgpCommunities: readOnly(),
    remoteVirtualNetworkEncryption: readOnly(),
    peeringState: enumOf('VirtualNetworkPeeringState', ['Initiated', 'Connected', 'Disconnected']).optional(),
    peeringSyncLevel: enumOf('VirtualNetworkPeeringLevel', ['FullyInSync', 'RemoteNotInSync', 'LocalNotInSync', 'LocalAndRemoteNotInSync']).optional(),
    peerCompleteVnets: notSimulated(),
    enableOnlyIPv6Peering: notSimulated(),
    localSubnetNames: notSimulated(),
    remoteSubnetNames: notSimulated(),
    resourceGuid: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

// ---- firewallPolicy.json ----

export const FirewallPolicy = obj('FirewallPolicy', {
  ...tracked,
  identity: notSimulated(),
  properties: obj('FirewallPolicyPropertiesFormat', {
    sku: obj('FirewallPolicySku', { tier: enumOf('FirewallPolicySkuTier', ['Standard', 'Premium', 'Basic']).optional() }).optional(),
    threatIntelMode: enumOf('AzureFirewallThreatIntelMode', ['Alert', 'Deny', 'Off']).optional(),
    threatIntelWhitelist: obj('FirewallPolicyThreatIntelWhitelist', { ipAddresses: strArr().optional(), fqdns: strArr().optional() }).optional(),
    dnsSettings: obj('DnsSettings', { servers: strArr().optional(), enableProxy: bool().optional(), requireProxyForNetworkRules: bool().optional() }).optional(),
    basePolicy: notSimulated(),
    insights: notSimulated(),
    snat: notSimulated(),
    sql: notSimulated(),
    explicitProxy: notSimulated(),
    intrusionDetection: notSimulated(),
    transportSecurity: notSimulated(),
    size: readOnly(),
    ruleCollectionGroups: readOnly(),
    firewalls: readOnly(),
    childPolicies: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

const ApplicationProtocol = obj('FirewallPolicyRuleApplicationProtocol', {
  protocolType: enumOf('FirewallPolicyRuleApplicationProtocolType', ['Http', 'Https']).optional(),
  port: int().optional(),
});
const NetworkProtocol = enumOf('FirewallPolicyRuleNetworkProtocol', ['TCP', 'UDP', 'Any', 'ICMP']);

/** FirewallPolicyRule, discriminated by ruleType (ApplicationRule | NetworkRule | NatRule). */
const ruleBase = { name: str().optional(), description: str().optional() };
export const ApplicationRule = obj('ApplicationRule', {
  ...ruleBase,
  ruleType: z.literal('ApplicationRule'),
  sourceAddresses: strArr().optional(),
  sourceIpGroups: strArr().optional(),
  destinationAddresses: strArr().optional(),
  protocols: arr(ApplicationProtocol, 'FirewallPolicyRuleApplicationProtocol').optional(),
  targetFqdns: strArr().optional(),
  fqdnTags: strArr().optional(),
  terminateTLS: bool().optional(),
  targetUrls: strArr().optional(),
  webCategories: strArr().optional(),
  httpHeadersToInsert: notSimulated(),
});
export const NetworkRule = obj('NetworkRule', {
  ...ruleBase,
  ruleType: z.literal('NetworkRule'),
  ipProtocols: arr(NetworkProtocol, 'FirewallPolicyRuleNetworkProtocol').optional(),
  sourceAddresses: strArr().optional(),
  sourceIpGroups: strArr().optional(),
  destinationAddresses: strArr().optional(),
  destinationIpGroups: strArr().optional(),
  destinationFqdns: strArr().optional(),
  destinationPorts: strArr().optional(),
});
const NatRule = obj('NatRule', {
  ...ruleBase,
  ruleType: z.literal('NatRule'),
  ipProtocols: notSimulated(),
  sourceAddresses: notSimulated(),
  destinationAddresses: notSimulated(),
  destinationPorts: notSimulated(),
  translatedAddress: notSimulated(),
  translatedPort: notSimulated(),
  sourceIpGroups: notSimulated(),
  translatedFqdn: notSimulated(),
});
const FirewallPolicyRule = z.discriminatedUnion('ruleType', [ApplicationRule, NetworkRule, NatRule], {
  error: (iss: { input?: unknown }) => `Error converting value ${JSON.stringify(iss.input)} to type 'FirewallPolicyRule'.`,
});

const FilterRuleCollection = obj('FirewallPolicyFilterRuleCollection', {
  ruleCollectionType: z.literal('FirewallPolicyFilterRuleCollection'),
  name: str().optional(),
  priority: int().optional(),
  action: obj('FirewallPolicyFilterRuleCollectionAction', { type: enumOf('FirewallPolicyFilterRuleCollectionActionType', ['Allow', 'Deny']).optional() }).optional(),
  rules: arr(FirewallPolicyRule, 'FirewallPolicyRule').optional(),
});
const NatRuleCollection = obj('FirewallPolicyNatRuleCollection', {
  ruleCollectionType: z.literal('FirewallPolicyNatRuleCollection'),
  name: str().optional(),
  priority: int().optional(),
  action: notSimulated(),
  rules: notSimulated(),
});
const FirewallPolicyRuleCollection = z.discriminatedUnion('ruleCollectionType', [FilterRuleCollection, NatRuleCollection], {
  error: (iss: { input?: unknown }) => `Error converting value ${JSON.stringify(iss.input)} to type 'FirewallPolicyRuleCollection'.`,
});

export const FirewallPolicyRuleCollectionGroup = obj('FirewallPolicyRuleCollectionGroup', {
  id: str().optional(),
  name: str().optional(),
  etag: readOnly(),
  type: readOnly(),
  properties: obj('FirewallPolicyRuleCollectionGroupProperties', {
    priority: int().optional(),
    ruleCollections: arr(FirewallPolicyRuleCollection, 'FirewallPolicyRuleCollection').optional(),
    size: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

// ---- azureFirewall.json ----

const AzureFirewallIPConfiguration = obj('AzureFirewallIPConfiguration', {
  id: str().optional(),
  name: str().optional(),
  etag: readOnly(),
  type: readOnly(),
  properties: obj('AzureFirewallIPConfigurationPropertiesFormat', {
    subnet: subResource().optional(),
    publicIPAddress: subResource().optional(),
    privateIPAddress: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

export const AzureFirewall = obj('AzureFirewall', {
  ...tracked,
  extendedLocation: notSimulated(),
  zones: strArr().optional(),
  properties: obj('AzureFirewallPropertiesFormat', {
    sku: obj('AzureFirewallSku', {
      name: enumOf('AzureFirewallSkuName', ['AZFW_VNet', 'AZFW_Hub']).optional(),
      tier: enumOf('AzureFirewallSkuTier', ['Standard', 'Premium', 'Basic']).optional(),
    }).optional(),
    ipConfigurations: arr(AzureFirewallIPConfiguration, 'AzureFirewallIPConfiguration').optional(),
    managementIpConfiguration: AzureFirewallIPConfiguration.optional(),
    firewallPolicy: subResource().optional(),
    threatIntelMode: enumOf('AzureFirewallThreatIntelMode', ['Alert', 'Deny', 'Off']).optional(),
    // Classic rules: the simulator models policy-based firewalls only.
    applicationRuleCollections: notSimulated(),
    natRuleCollections: notSimulated(),
    networkRuleCollections: notSimulated(),
    virtualHub: notSimulated(),
    hubIPAddresses: notSimulated(),
    additionalProperties: notSimulated(),
    autoscaleConfiguration: notSimulated(),
    ipGroups: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

export type ApplicationRuleBody = z.output<typeof ApplicationRule>;
export type NetworkRuleBody = z.output<typeof NetworkRule>;
export type RuleCollectionGroupBody = z.output<typeof FirewallPolicyRuleCollectionGroup>;
export type RouteBody = z.output<typeof Route>;
export type PeeringBody = z.output<typeof VirtualNetworkPeering>;

/** Model members the simulator does not implement, for the handlers' loud refusal (SimulatorUnsupportedProperty). */
export const NOT_SIMULATED_EGRESS = {
  PublicIPAddress: ['extendedLocation'],
  PublicIPAddressPropertiesFormat: ['ddosSettings', 'publicIPPrefix', 'servicePublicIPAddress', 'linkedPublicIPAddress', 'migrationPhase', 'deleteOption'],
  PublicIPAddressDnsSettings: ['domainNameLabelScope', 'reverseFqdn'],
  NatGatewayPropertiesFormat: ['publicIpAddressesV6', 'publicIpPrefixes', 'publicIpPrefixesV6', 'sourceVirtualNetwork', 'serviceGateway'],
  VirtualNetworkPeeringPropertiesFormat: ['peerCompleteVnets', 'enableOnlyIPv6Peering', 'localSubnetNames', 'remoteSubnetNames'],
  FirewallPolicy: ['identity'],
  FirewallPolicyPropertiesFormat: ['basePolicy', 'insights', 'snat', 'sql', 'explicitProxy', 'intrusionDetection', 'transportSecurity'],
  ApplicationRule: ['httpHeadersToInsert'],
  AzureFirewall: ['extendedLocation'],
  AzureFirewallPropertiesFormat: [
    'applicationRuleCollections',
    'natRuleCollections',
    'networkRuleCollections',
    'virtualHub',
    'hubIPAddresses',
    'additionalProperties',
    'autoscaleConfiguration',
  ],
} as const;
