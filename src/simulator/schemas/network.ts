// Request-body schemas for the simulated Microsoft.Network types, named after the REST models in
// specification/network/.../2025-05-01 so errors name the same types Network RP names. Strict: any
// member not in the model fails. Members the model has but the simulator does not model are listed
// in UNSUPPORTED and rejected loudly by the handlers rather than silently dropped.
import { z } from 'zod';
import { arr, bool, enumOf, int, obj, readOnly, str, strArr, subResource, tags } from './common.js';

/** Present in the REST model, not simulated: accepted by the schema, refused by the handler. */
const notSimulated = () => z.unknown().optional();

// A reference to another resource typed as the full model (Subnet, NetworkSecurityGroup): the SDK
// serialises it with an empty `properties` (and sometimes a name); Network RP reads only the id.
const ref = (typeName: string) => obj(typeName, { id: str(), name: str().optional(), etag: readOnly(), type: readOnly(), properties: z.object({}).passthrough().optional() });

/** The tracked-resource envelope (network.json Resource, plus etag) of VirtualNetwork, NetworkSecurityGroup, NetworkInterface and PrivateEndpoint. */
const trackedResource = {
  id: readOnly(),
  name: str().optional(),
  type: readOnly(),
  etag: readOnly(),
  location: str().optional(),
  tags: tags().optional(),
};

export const ServiceEndpoint = obj('ServiceEndpointPropertiesFormat', {
  service: str(),
  locations: strArr().optional(),
  networkIdentifier: subResource().optional(),
  provisioningState: readOnly(),
});

export const Delegation = obj('Delegation', {
  id: str().optional(),
  name: str().optional(),
  etag: readOnly(),
  type: str().optional(),
  properties: obj('ServiceDelegationPropertiesFormat', {
    serviceName: str().optional(),
    actions: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

const SubnetProperties = obj('SubnetPropertiesFormat', {
  addressPrefix: str().optional(),
  addressPrefixes: strArr().optional(),
  networkSecurityGroup: ref('NetworkSecurityGroup').optional(),
  routeTable: ref('RouteTable').optional(),
  natGateway: subResource().optional(),
  serviceEndpoints: arr(ServiceEndpoint, 'ServiceEndpointPropertiesFormat').optional(),
  serviceEndpointPolicies: arr(ref('ServiceEndpointPolicy'), 'ServiceEndpointPolicy').optional(),
  delegations: arr(Delegation, 'Delegation').optional(),
  privateEndpointNetworkPolicies: enumOf('VirtualNetworkPrivateEndpointNetworkPolicies', [
    'Enabled',
    'Disabled',
    'NetworkSecurityGroupEnabled',
    'RouteTableEnabled',
  ]).optional(),
  privateLinkServiceNetworkPolicies: enumOf('VirtualNetworkPrivateLinkServiceNetworkPolicies', ['Enabled', 'Disabled']).optional(),
  defaultOutboundAccess: bool().optional(),
  sharingScope: enumOf('SharingScope', ['Tenant', 'DelegatedServices']).optional(),
  ipAllocations: arr(subResource(), 'SubResource').optional(),
  applicationGatewayIPConfigurations: notSimulated(),
  ipamPoolPrefixAllocations: notSimulated(),
  serviceGateway: notSimulated(),
  privateEndpoints: readOnly(),
  ipConfigurations: readOnly(),
  ipConfigurationProfiles: readOnly(),
  resourceNavigationLinks: readOnly(),
  serviceAssociationLinks: readOnly(),
  purpose: readOnly(),
  provisioningState: readOnly(),
});

export const Subnet = obj('Subnet', {
  id: str().optional(),
  name: str().optional(),
  etag: readOnly(),
  type: str().optional(),
  properties: SubnetProperties.optional(),
});

export const VirtualNetwork = obj('VirtualNetwork', {
  ...trackedResource,
  extendedLocation: notSimulated(),
  properties: obj('VirtualNetworkPropertiesFormat', {
    addressSpace: obj('AddressSpace', { addressPrefixes: strArr().optional(), ipamPoolPrefixAllocations: notSimulated() }).optional(),
    dhcpOptions: obj('DhcpOptions', { dnsServers: strArr().optional() }).optional(),
    flowTimeoutInMinutes: int().optional(),
    subnets: arr(Subnet, 'Subnet').optional(),
    virtualNetworkPeerings: arr(z.unknown(), 'VirtualNetworkPeering').optional(),
    enableDdosProtection: bool().optional(),
    enableVmProtection: bool().optional(),
    ddosProtectionPlan: subResource().optional(),
    bgpCommunities: obj('VirtualNetworkBgpCommunities', { virtualNetworkCommunity: str(), regionalCommunity: readOnly() }).optional(),
    encryption: obj('VirtualNetworkEncryption', {
      enabled: bool(),
      enforcement: enumOf('VirtualNetworkEncryptionEnforcement', ['DropUnencrypted', 'AllowUnencrypted']).optional(),
    }).optional(),
    ipAllocations: arr(subResource(), 'SubResource').optional(),
    privateEndpointVNetPolicies: enumOf('PrivateEndpointVNetPolicies', ['Disabled', 'Basic']).optional(),
    resourceGuid: readOnly(),
    provisioningState: readOnly(),
    flowLogs: readOnly(),
    defaultPublicNatGateway: readOnly(),
  }).optional(),
});

const SecurityRuleProperties = obj('SecurityRulePropertiesFormat', {
  description: str().optional(),
  protocol: enumOf('SecurityRuleProtocol', ['Tcp', 'Udp', 'Icmp', 'Esp', '*', 'Ah']),
  sourcePortRange: str().optional(),
  destinationPortRange: str().optional(),
  sourceAddressPrefix: str().optional(),
  sourceAddressPrefixes: strArr().optional(),
  sourceApplicationSecurityGroups: arr(ref('ApplicationSecurityGroup'), 'ApplicationSecurityGroup').optional(),
  destinationAddressPrefix: str().optional(),
  destinationAddressPrefixes: strArr().optional(),
  destinationApplicationSecurityGroups: arr(ref('ApplicationSecurityGroup'), 'ApplicationSecurityGroup').optional(),
  sourcePortRanges: strArr().optional(),
  destinationPortRanges: strArr().optional(),
  access: enumOf('SecurityRuleAccess', ['Allow', 'Deny']),
  priority: int(),
  direction: enumOf('SecurityRuleDirection', ['Inbound', 'Outbound']),
  provisioningState: readOnly(),
});

export const SecurityRule = obj('SecurityRule', {
  id: str().optional(),
  name: str().optional(),
  etag: readOnly(),
  type: str().optional(),
  properties: SecurityRuleProperties,
});

export const NetworkSecurityGroup = obj('NetworkSecurityGroup', {
  ...trackedResource,
  properties: obj('NetworkSecurityGroupPropertiesFormat', {
    flushConnection: bool().optional(),
    securityRules: arr(SecurityRule, 'SecurityRule').optional(),
    defaultSecurityRules: readOnly(),
    networkInterfaces: readOnly(),
    subnets: readOnly(),
    flowLogs: readOnly(),
    resourceGuid: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

const IpConfiguration = obj('NetworkInterfaceIPConfiguration', {
  id: str().optional(),
  name: str().optional(),
  etag: readOnly(),
  type: str().optional(),
  properties: obj('NetworkInterfaceIPConfigurationPropertiesFormat', {
    subnet: ref('Subnet').optional(),
    privateIPAddress: str().optional(),
    privateIPAllocationMethod: enumOf('IPAllocationMethod', ['Static', 'Dynamic']).optional(),
    privateIPAddressVersion: enumOf('IPVersion', ['IPv4', 'IPv6']).optional(),
    primary: bool().optional(),
    applicationSecurityGroups: arr(ref('ApplicationSecurityGroup'), 'ApplicationSecurityGroup').optional(),
    publicIPAddress: ref('PublicIPAddress').optional(),
    gatewayLoadBalancer: notSimulated(),
    virtualNetworkTaps: notSimulated(),
    applicationGatewayBackendAddressPools: notSimulated(),
    loadBalancerBackendAddressPools: notSimulated(),
    loadBalancerInboundNatRules: notSimulated(),
    privateIPAddressPrefixLength: notSimulated(),
    provisioningState: readOnly(),
    privateLinkConnectionProperties: readOnly(),
  }).optional(),
});

export const NetworkInterface = obj('NetworkInterface', {
  ...trackedResource,
  extendedLocation: notSimulated(),
  properties: obj('NetworkInterfacePropertiesFormat', {
    ipConfigurations: arr(IpConfiguration, 'NetworkInterfaceIPConfiguration').optional(),
    networkSecurityGroup: ref('NetworkSecurityGroup').optional(),
    dnsSettings: obj('NetworkInterfaceDnsSettings', {
      dnsServers: strArr().optional(),
      internalDnsNameLabel: str().optional(),
      appliedDnsServers: readOnly(),
      internalFqdn: readOnly(),
      internalDomainNameSuffix: readOnly(),
    }).optional(),
    enableAcceleratedNetworking: bool().optional(),
    enableIPForwarding: bool().optional(),
    disableTcpStateTracking: bool().optional(),
    nicType: enumOf('NetworkInterfaceNicType', ['Standard', 'Elastic']).optional(),
    workloadType: str().optional(),
    auxiliaryMode: notSimulated(),
    auxiliarySku: notSimulated(),
    migrationPhase: notSimulated(),
    privateLinkService: notSimulated(),
    virtualMachine: readOnly(),
    privateEndpoint: readOnly(),
    tapConfigurations: readOnly(),
    macAddress: readOnly(),
    primary: readOnly(),
    vnetEncryptionSupported: readOnly(),
    defaultOutboundConnectivityEnabled: readOnly(),
    hostedWorkloads: readOnly(),
    dscpConfiguration: readOnly(),
    resourceGuid: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

export const TagsObject = obj('TagsObject', { tags: tags().optional() });

export type SubnetPropertiesBody = z.output<typeof SubnetProperties>;
export type SecurityRulePropertiesBody = z.output<typeof SecurityRuleProperties>;

/** Model members the simulator does not implement, by REST model, for the handlers' loud refusal. */
export const NOT_SIMULATED = {
  VirtualNetwork: ['extendedLocation'],
  AddressSpace: ['ipamPoolPrefixAllocations'],
  SubnetPropertiesFormat: ['applicationGatewayIPConfigurations', 'ipamPoolPrefixAllocations', 'serviceGateway'],
  NetworkInterface: ['extendedLocation'],
  NetworkInterfacePropertiesFormat: ['auxiliaryMode', 'auxiliarySku', 'migrationPhase', 'privateLinkService'],
  NetworkInterfaceIPConfigurationPropertiesFormat: [
    'gatewayLoadBalancer',
    'virtualNetworkTaps',
    'applicationGatewayBackendAddressPools',
    'loadBalancerBackendAddressPools',
    'loadBalancerInboundNatRules',
    'privateIPAddressPrefixLength',
  ],
} as const;

// ---- Private DNS (specification/privatedns/.../2020-06-01/privatedns.json; 2024-06-01 adds resolutionPolicy) ----

export const PrivateZone = obj('PrivateZone', {
  id: readOnly(),
  name: readOnly(),
  type: readOnly(),
  etag: str().optional(),
  location: str().optional(),
  tags: tags().optional(),
  properties: obj('PrivateZoneProperties', {
    maxNumberOfRecordSets: readOnly(),
    numberOfRecordSets: readOnly(),
    maxNumberOfVirtualNetworkLinks: readOnly(),
    numberOfVirtualNetworkLinks: readOnly(),
    maxNumberOfVirtualNetworkLinksWithRegistration: readOnly(),
    numberOfVirtualNetworkLinksWithRegistration: readOnly(),
    provisioningState: readOnly(),
    internalId: readOnly(),
  }).optional(),
});

/** 2024-06-01 added properties.resolutionPolicy; 2020-06-01 does not know it. */
export function virtualNetworkLinkSchema(apiVersion: string) {
  const base = {
    virtualNetwork: subResource().optional(),
    registrationEnabled: bool().optional(),
    virtualNetworkLinkState: readOnly(),
    provisioningState: readOnly(),
  };
  const properties =
    apiVersion >= '2024-06-01'
      ? obj('VirtualNetworkLinkProperties', { ...base, resolutionPolicy: enumOf('ResolutionPolicy', ['Default', 'NxDomainRedirect']).optional() })
      : obj('VirtualNetworkLinkProperties', base);
  return obj('VirtualNetworkLink', {
    id: readOnly(),
    name: readOnly(),
    type: readOnly(),
    etag: str().optional(),
    location: str().optional(),
    tags: tags().optional(),
    properties: properties.optional(),
  });
}

export const RecordSet = obj('RecordSet', {
  id: readOnly(),
  name: readOnly(),
  type: readOnly(),
  etag: str().optional(),
  properties: obj('RecordSetProperties', {
    metadata: tags().optional(),
    ttl: int().optional(),
    fqdn: readOnly(),
    isAutoRegistered: readOnly(),
    aRecords: arr(obj('ARecord', { ipv4Address: str().optional() }), 'ARecord').optional(),
    aaaaRecords: notSimulated(),
    cnameRecord: notSimulated(),
    mxRecords: notSimulated(),
    ptrRecords: notSimulated(),
    soaRecord: notSimulated(),
    srvRecords: notSimulated(),
    txtRecords: notSimulated(),
  }).optional(),
});

// ---- Private endpoints (privateEndpoint.json) ----

const PrivateLinkServiceConnection = obj('PrivateLinkServiceConnection', {
  id: str().optional(),
  name: str().optional(),
  type: readOnly(),
  etag: readOnly(),
  properties: obj('PrivateLinkServiceConnectionProperties', {
    privateLinkServiceId: str().optional(),
    groupIds: strArr().optional(),
    requestMessage: str().optional(),
    privateLinkServiceConnectionState: obj('PrivateLinkServiceConnectionState', {
      status: str().optional(),
      description: str().optional(),
      actionsRequired: str().optional(),
    }).optional(),
    provisioningState: readOnly(),
  }).optional(),
});

const PrivateEndpointIPConfiguration = obj('PrivateEndpointIPConfiguration', {
  name: str().optional(),
  type: readOnly(),
  etag: readOnly(),
  properties: obj('PrivateEndpointIPConfigurationProperties', {
    groupId: str().optional(),
    memberName: str().optional(),
    privateIPAddress: str().optional(),
  }).optional(),
});

export const PrivateEndpoint = obj('PrivateEndpoint', {
  ...trackedResource,
  extendedLocation: notSimulated(),
  properties: obj('PrivateEndpointProperties', {
    subnet: ref('Subnet').optional(),
    ipVersionType: enumOf('PrivateEndpointIPVersionType', ['IPv4', 'IPv6', 'DualStack']).optional(),
    privateLinkServiceConnections: arr(PrivateLinkServiceConnection, 'PrivateLinkServiceConnection').optional(),
    manualPrivateLinkServiceConnections: arr(PrivateLinkServiceConnection, 'PrivateLinkServiceConnection').optional(),
    // Computed by the service (one entry per FQDN); accepted when echoed back, never taken from the request.
    customDnsConfigs: arr(obj('CustomDnsConfigPropertiesFormat', { fqdn: str().optional(), ipAddresses: strArr().optional() }), 'CustomDnsConfigPropertiesFormat').optional(),
    applicationSecurityGroups: arr(ref('ApplicationSecurityGroup'), 'ApplicationSecurityGroup').optional(),
    ipConfigurations: arr(PrivateEndpointIPConfiguration, 'PrivateEndpointIPConfiguration').optional(),
    customNetworkInterfaceName: str().optional(),
    networkInterfaces: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

export const PrivateDnsZoneGroup = obj('PrivateDnsZoneGroup', {
  id: str().optional(),
  name: str().optional(),
  etag: readOnly(),
  properties: obj('PrivateDnsZoneGroupPropertiesFormat', {
    privateDnsZoneConfigs: arr(
      obj('PrivateDnsZoneConfig', {
        name: str().optional(),
        properties: obj('PrivateDnsZonePropertiesFormat', { privateDnsZoneId: str().optional(), recordSets: readOnly() }).optional(),
      }),
      'PrivateDnsZoneConfig',
    ).optional(),
    provisioningState: readOnly(),
  }).optional(),
});

// ---- Service endpoint policies (serviceEndpointPolicy.json) ----

export const ServiceEndpointPolicyDefinition = obj('ServiceEndpointPolicyDefinition', {
  id: str().optional(),
  name: str().optional(),
  etag: readOnly(),
  type: str().optional(),
  properties: obj('ServiceEndpointPolicyDefinitionPropertiesFormat', {
    description: str().optional(),
    service: str().optional(),
    serviceResources: strArr().optional(),
    provisioningState: readOnly(),
  }).optional(),
});

export const ServiceEndpointPolicy = obj('ServiceEndpointPolicy', {
  id: readOnly(),
  name: str().optional(),
  type: readOnly(),
  etag: readOnly(),
  kind: readOnly(),
  location: str().optional(),
  tags: tags().optional(),
  properties: obj('ServiceEndpointPolicyPropertiesFormat', {
    serviceEndpointPolicyDefinitions: arr(ServiceEndpointPolicyDefinition, 'ServiceEndpointPolicyDefinition').optional(),
    serviceAlias: str().optional(),
    contextualServiceEndpointPolicies: strArr().optional(),
    subnets: readOnly(),
    resourceGuid: readOnly(),
    provisioningState: readOnly(),
  }).optional(),
});

export type ServiceEndpointPolicyDefinitionBody = z.output<typeof ServiceEndpointPolicyDefinition>;
