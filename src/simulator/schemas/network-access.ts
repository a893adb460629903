// Request-body schemas for the access-route types (Azure Bastion, virtual network gateways, DNS private
// resolvers and their inbound endpoints), named after the REST models: network 2025-05-01 bastionHost.json and
// virtualNetworkGateway.json (the latter not vendored; members from the 2025-05-01 model as the SDK
// @azure/arm-network 36 sends it), dnsresolver 2022-07-01 dnsresolver.json. Strict: unknown members fail;
// members the model has but the simulator does not model are accepted here and refused by the handlers
// (NOT_SIMULATED_ACCESS).
import { z } from 'zod';
import { arr, bool, enumOf, int, obj, readOnly, str, strArr, subResource, tags, trackedEnvelopeReadOnlyName } from './common.js';

const notSimulated = () => z.unknown().optional();

/** network.json Resource (+ etag): name settable (checked against the URL). */
const tracked = {
  id: readOnly(),
  name: str().optional(),
  type: readOnly(),
  etag: readOnly(),
  location: str().optional(),
  tags: tags().optional(),
};

// ---- bastionHost.json ----

export const BastionHost = obj('BastionHost', {
  ...tracked,
  zones: strArr().optional(),
  sku: obj('Sku', { name: enumOf('BastionHostSkuName', ['Basic', 'Standard', 'Developer', 'Premium']).optional() }).optional(),
  properties: obj('BastionHostPropertiesFormat', {
    ipConfigurations: arr(
      obj('BastionHostIPConfiguration', {
        id: readOnly(),
        name: str().optional(),
        etag: readOnly(),
        type: readOnly(),
        properties: obj('BastionHostIPConfigurationPropertiesFormat', {
          subnet: subResource().optional(),
          publicIPAddress: subResource().optional(),
          privateIPAllocationMethod: enumOf('IPAllocationMethod', ['Static', 'Dynamic']).optional(),
          provisioningState: readOnly(),
        }).optional(),
      }),
      'BastionHostIPConfiguration',
    ).optional(),
    dnsName: readOnly(),
    virtualNetwork: notSimulated(),
    networkAcls: notSimulated(),
    provisioningState: readOnly(),
    scaleUnits: int().optional(),
    disableCopyPaste: bool().optional(),
    enableFileCopy: bool().optional(),
    enableIpConnect: bool().optional(),
    enableShareableLink: bool().optional(),
    enableTunneling: bool().optional(),
    enableKerberos: bool().optional(),
    enableSessionRecording: notSimulated(),
    enablePrivateOnlyBastion: notSimulated(),
  }).optional(),
});
export type BastionHostBody = z.infer<typeof BastionHost>;

// ---- virtualNetworkGateway.json ----

const GATEWAY_SKUS = [
  'Basic', 'HighPerformance', 'Standard', 'UltraPerformance',
  'VpnGw1', 'VpnGw2', 'VpnGw3', 'VpnGw4', 'VpnGw5',
  'VpnGw1AZ', 'VpnGw2AZ', 'VpnGw3AZ', 'VpnGw4AZ', 'VpnGw5AZ',
  'ErGw1AZ', 'ErGw2AZ', 'ErGw3AZ', 'ErGwScale',
] as const;

export const VpnClientConfiguration = obj('VpnClientConfiguration', {
  vpnClientAddressPool: obj('AddressSpace', { addressPrefixes: strArr().optional(), ipamPoolPrefixAllocations: notSimulated() }).optional(),
  vpnClientRootCertificates: notSimulated(),
  vpnClientRevokedCertificates: notSimulated(),
  vpnClientProtocols: arr(enumOf('VpnClientProtocol', ['IkeV2', 'SSTP', 'OpenVPN']), 'VpnClientProtocol').optional(),
  vpnAuthenticationTypes: arr(enumOf('VpnAuthenticationType', ['Certificate', 'Radius', 'AAD']), 'VpnAuthenticationType').optional(),
  vpnClientIpsecPolicies: notSimulated(),
  radiusServerAddress: notSimulated(),
  radiusServerSecret: notSimulated(),
  radiusServers: notSimulated(),
  aadTenant: str().optional(),
  aadAudience: str().optional(),
  aadIssuer: str().optional(),
  vngClientConnectionConfigurations: notSimulated(),
});
export type VpnClientConfigurationBody = z.infer<typeof VpnClientConfiguration>;

export const VirtualNetworkGateway = obj('VirtualNetworkGateway', {
  ...tracked,
  extendedLocation: notSimulated(),
  identity: notSimulated(),
  properties: obj('VirtualNetworkGatewayPropertiesFormat', {
    ipConfigurations: arr(
      obj('VirtualNetworkGatewayIPConfiguration', {
        id: readOnly(),
        name: str().optional(),
        etag: readOnly(),
        properties: obj('VirtualNetworkGatewayIPConfigurationPropertiesFormat', {
          privateIPAllocationMethod: enumOf('IPAllocationMethod', ['Static', 'Dynamic']).optional(),
          subnet: subResource().optional(),
          publicIPAddress: subResource().optional(),
          privateIPAddress: readOnly(),
          provisioningState: readOnly(),
        }).optional(),
      }),
      'VirtualNetworkGatewayIPConfiguration',
    ).optional(),
    gatewayType: enumOf('VirtualNetworkGatewayType', ['Vpn', 'ExpressRoute', 'LocalGateway']).optional(),
    vpnType: enumOf('VpnType', ['PolicyBased', 'RouteBased']).optional(),
    vpnGatewayGeneration: enumOf('VpnGatewayGeneration', ['None', 'Generation1', 'Generation2']).optional(),
    enableBgp: bool().optional(),
    enablePrivateIpAddress: bool().optional(),
    activeActive: bool().optional(),
    enableHighBandwidthVpnGateway: notSimulated(),
    disableIPSecReplayProtection: notSimulated(),
    gatewayDefaultSite: notSimulated(),
    sku: obj('VirtualNetworkGatewaySku', {
      name: enumOf('VirtualNetworkGatewaySkuName', GATEWAY_SKUS).optional(),
      tier: enumOf('VirtualNetworkGatewaySkuTier', GATEWAY_SKUS).optional(),
      capacity: readOnly(),
    }).optional(),
    vpnClientConfiguration: VpnClientConfiguration.optional(),
    virtualNetworkGatewayPolicyGroups: notSimulated(),
    bgpSettings: notSimulated(),
    customRoutes: notSimulated(),
    resourceGuid: readOnly(),
    provisioningState: readOnly(),
    enableDnsForwarding: notSimulated(),
    inboundDnsForwardingEndpoint: readOnly(),
    vNetExtendedLocationResourceId: notSimulated(),
    natRules: notSimulated(),
    enableBgpRouteTranslationForNat: notSimulated(),
    allowVirtualWanTraffic: notSimulated(),
    allowRemoteVnetTraffic: notSimulated(),
    adminState: notSimulated(),
    resiliencyModel: notSimulated(),
    autoScaleConfiguration: notSimulated(),
  }).optional(),
});
export type VirtualNetworkGatewayBody = z.infer<typeof VirtualNetworkGateway>;

/** VpnClientParameters (generatevpnclientpackage / generatevpnprofile body). */
export const VpnClientParameters = obj('VpnClientParameters', {
  processorArchitecture: enumOf('ProcessorArchitecture', ['Amd64', 'X86']).optional(),
  authenticationMethod: enumOf('AuthenticationMethod', ['EAPTLS', 'EAPMSCHAPv2']).optional(),
  radiusServerAuthCertificate: notSimulated(),
  clientRootCertificates: notSimulated(),
});

// ---- dnsresolver.json (2022-07-01) ----

const DnsTracked = { ...trackedEnvelopeReadOnlyName, etag: readOnly() };

export const DnsResolver = obj('DnsResolver', {
  ...DnsTracked,
  properties: obj('DnsResolverProperties', {
    virtualNetwork: subResource().optional(),
    dnsResolverState: readOnly(),
    provisioningState: readOnly(),
    resourceGuid: readOnly(),
  }).optional(),
});

export const InboundEndpoint = obj('InboundEndpoint', {
  ...DnsTracked,
  properties: obj('InboundEndpointProperties', {
    ipConfigurations: arr(
      obj('IpConfiguration', {
        subnet: subResource().optional(),
        privateIpAddress: str().optional(),
        privateIpAllocationMethod: enumOf('IpAllocationMethod', ['Static', 'Dynamic']).optional(),
      }),
      'IpConfiguration',
    ).optional(),
    provisioningState: readOnly(),
    resourceGuid: readOnly(),
  }).optional(),
});

/** Modelled by the REST API, not by the simulator: refused with SimulatorUnsupportedProperty when set. */
export const NOT_SIMULATED_ACCESS = {
  BastionHostPropertiesFormat: ['virtualNetwork', 'networkAcls', 'enableSessionRecording', 'enablePrivateOnlyBastion'],
  VirtualNetworkGateway: ['extendedLocation', 'identity'],
  VirtualNetworkGatewayPropertiesFormat: [
    'enableHighBandwidthVpnGateway', 'disableIPSecReplayProtection', 'gatewayDefaultSite', 'virtualNetworkGatewayPolicyGroups',
    'bgpSettings', 'customRoutes', 'enableDnsForwarding', 'vNetExtendedLocationResourceId', 'natRules',
    'enableBgpRouteTranslationForNat', 'allowVirtualWanTraffic', 'allowRemoteVnetTraffic', 'adminState', 'resiliencyModel', 'autoScaleConfiguration',
  ],
  VpnClientConfiguration: ['vpnClientRootCertificates', 'vpnClientRevokedCertificates', 'vpnClientIpsecPolicies', 'radiusServerAddress', 'radiusServerSecret', 'radiusServers', 'vngClientConnectionConfigurations'],
  AddressSpace: ['ipamPoolPrefixAllocations'],
  VpnClientParameters: ['radiusServerAuthCertificate', 'clientRootCertificates'],
} as const;
