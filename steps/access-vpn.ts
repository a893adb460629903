// access.mode vpn: a point-to-site VPN gateway (OpenVPN, Entra ID authentication) in GatewaySubnet,
// and a DNS private resolver whose inbound endpoint answers the environment's private DNS zones for
// VPN clients, so they reach the studio, notebooks and the workspace API by name without hosts files.
// https://learn.microsoft.com/azure/vpn-gateway/point-to-site-entra-gateway;
// https://learn.microsoft.com/azure/dns/dns-private-resolver-overview;
// https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns (a DNS forwarder in the VNet).
import type { NetworkManagementClient, PublicIPAddress, VirtualNetworkGateway } from '@azure/arm-network';
import { diffSubset } from '../src/engine/diff.js';
import { isVpn } from './access.js';
import { rgId, type StepEnv, tagsFor } from './env.js';
import type { ResourceModule, SummaryItem, SummaryView } from './module.js';
import { armResourceStep } from './support/arm-resource.js';
import { API } from './support/ids.js';
import { rgName, sdkStep } from './support/sdk-step.js';
import { subnetId, vnetId } from './vnet.js';

const vpnOn = (env: StepEnv) => isVpn(env.config);
const net = (env: StepEnv) => `${rgId(env)}/providers/Microsoft.Network`;
export const gatewayId = (env: StepEnv) => `${net(env)}/virtualNetworkGateways/${env.names.vpnGateway}`;
export const resolverId = (env: StepEnv) => `${net(env)}/dnsResolvers/${env.names.dnsResolver}`;
export const inboundEndpointId = (env: StepEnv) => `${resolverId(env)}/inboundEndpoints/inbound`;

/**
 * The Microsoft-registered Azure VPN Client application (Azure Public): the audience of Entra ID
 * authentication for P2S gateways, no app registration of one's own needed
 * (https://learn.microsoft.com/azure/vpn-gateway/point-to-site-entra-gateway).
 */
export const AZURE_VPN_CLIENT_AUDIENCE = 'c632b3df-fb67-4d84-bdcf-b95ad541b5c8';

/** OpenVPN with Entra ID needs a Generation 1 or 2 SKU other than Basic; AZ SKUs are the ones offered for new gateways. */
const GATEWAY_SKU = 'VpnGw1AZ';

const vpnPublicIpStep = sdkStep<NetworkManagementClient, PublicIPAddress, PublicIPAddress>({
  id: 'vpn-public-ip',
  title: 'VPN gateway public IP (Standard, static)',
  dependsOn: ['resource-group'],
  enabled: vpnOn,
  typicalSeconds: 5,
  resourceId: (env) => `${net(env)}/publicIPAddresses/${env.names.vpnPublicIp}`,
  client: (c) => c.network(),
  // Zone-redundant: an AZ gateway SKU needs a zonal public IP (https://learn.microsoft.com/azure/vpn-gateway/about-zone-redundant-vnet-gateways).
  body: (ctx): PublicIPAddress => ({ location: ctx.env.config.location, tags: tagsFor(ctx.env), sku: { name: 'Standard', tier: 'Regional' }, zones: ['1', '2', '3'], publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' }),
  read: (c, env) => c.publicIPAddresses.get(rgName(env), env.names.vpnPublicIp),
  put: (c, env, body, o) => c.publicIPAddresses.beginCreateOrUpdate(rgName(env), env.names.vpnPublicIp, body, o),
  del: (c, env, o) => c.publicIPAddresses.beginDeleteAndWait(rgName(env), env.names.vpnPublicIp, o),
});

const vpnGatewayStep = sdkStep<NetworkManagementClient, VirtualNetworkGateway, VirtualNetworkGateway>({
  id: 'vpn-gateway',
  title: 'VPN gateway (point-to-site, Entra ID sign-in)',
  dependsOn: ['vnet', 'vpn-public-ip'],
  enabled: vpnOn,
  typicalSeconds: 1800,
  resourceId: gatewayId,
  client: (c) => c.network(),
  body: (ctx): VirtualNetworkGateway => {
    const env = ctx.env;
    return {
      location: env.config.location,
      tags: tagsFor(env),
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      vpnGatewayGeneration: 'Generation1',
      sku: { name: GATEWAY_SKU, tier: GATEWAY_SKU },
      enableBgp: false,
      active: false,
      ipConfigurations: [{ name: 'default', privateIPAllocationMethod: 'Dynamic', subnet: { id: subnetId(env, 'gateway') }, publicIPAddress: { id: ctx.outputs('vpn-public-ip').id } }],
      vpnClientConfiguration: {
        vpnClientAddressPool: { addressPrefixes: [env.config.access.vpn.clientAddressPool] },
        vpnClientProtocols: ['OpenVPN'],
        vpnAuthenticationTypes: ['AAD'],
        aadTenant: `https://login.microsoftonline.com/${env.tenantId}/`,
        aadAudience: AZURE_VPN_CLIENT_AUDIENCE,
        aadIssuer: `https://sts.windows.net/${env.tenantId}/`,
      },
    };
  },
  read: (c, env) => c.virtualNetworkGateways.get(rgName(env), env.names.vpnGateway),
  put: (c, env, body, o) => c.virtualNetworkGateways.beginCreateOrUpdate(rgName(env), env.names.vpnGateway, body, o),
  del: (c, env, o) => c.virtualNetworkGateways.beginDeleteAndWait(rgName(env), env.names.vpnGateway, o),
  diff: (desired, observed) => {
    const shape = (g: VirtualNetworkGateway) => ({
      location: g.location, tags: g.tags, gatewayType: g.gatewayType, vpnType: g.vpnType, sku: g.sku?.name, enableBgp: g.enableBgp ?? false, active: g.active ?? false,
      subnet: g.ipConfigurations?.[0]?.subnet?.id?.toLowerCase(), publicIp: g.ipConfigurations?.[0]?.publicIPAddress?.id?.toLowerCase(),
      pool: g.vpnClientConfiguration?.vpnClientAddressPool?.addressPrefixes, protocols: g.vpnClientConfiguration?.vpnClientProtocols,
      auth: g.vpnClientConfiguration?.vpnAuthenticationTypes, aadTenant: g.vpnClientConfiguration?.aadTenant, aadAudience: g.vpnClientConfiguration?.aadAudience, aadIssuer: g.vpnClientConfiguration?.aadIssuer,
    });
    return diffSubset(shape(desired), shape(observed));
  },
});

// DNS private resolver: no SDK on the design card covers it (@azure/arm-dnsresolver is not on it): generic client.
const resolverStep = armResourceStep({
  id: 'dns-resolver',
  title: 'DNS private resolver (answers the private zones for VPN clients)',
  dependsOn: ['vnet'],
  apiVersion: API.dnsResolver,
  typicalSeconds: 60,
  enabled: vpnOn,
  serialKey: vnetId,
  resourceId: resolverId,
  body: (ctx) => ({ location: ctx.env.config.location, tags: tagsFor(ctx.env), properties: { virtualNetwork: { id: vnetId(ctx.env) } } }),
});

const inboundEndpointStep = armResourceStep({
  id: 'dns-resolver-inbound',
  title: 'DNS resolver inbound endpoint',
  dependsOn: ['dns-resolver', 'vnet'],
  apiVersion: API.dnsResolver,
  typicalSeconds: 60,
  enabled: vpnOn,
  serialKey: vnetId,
  resourceId: inboundEndpointId,
  body: (ctx) => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    properties: { ipConfigurations: [{ subnet: { id: subnetId(ctx.env, 'dnsInbound') }, privateIpAllocationMethod: 'Dynamic' }] },
  }),
  diff: (desired, observed) => {
    const cfg = (b: { properties?: unknown }) => ((b.properties as { ipConfigurations?: { subnet?: { id?: string }; privateIpAllocationMethod?: string }[] } | undefined)?.ipConfigurations ?? [])
      .map((c) => ({ subnet: c.subnet?.id?.toLowerCase(), method: c.privateIpAllocationMethod }));
    return diffSubset({ tags: desired.tags, ipConfigurations: cfg(desired) }, { tags: observed.tags, ipConfigurations: cfg(observed) });
  },
  outputs: (o) => ({ ip: String(((o.properties as { ipConfigurations?: { privateIpAddress?: string }[] } | undefined)?.ipConfigurations ?? [])[0]?.privateIpAddress ?? '') }),
});

/** How a VPN user gets connected: the profile, the DNS server to put in it, and what it resolves. */
export function vpnInstructions(env: StepEnv, dnsIp: string): string[] {
  return [
    `1. az network vnet-gateway vpn-client generate --resource-group ${env.names.resourceGroup} --name ${env.names.vpnGateway} -o tsv   (a URL of the profile zip)`,
    '2. unzip it and import AzureVPN/azurevpnconfig.xml into the Azure VPN Client; sign in with your Entra ID account',
    `3. in that file, before importing, add <clientconfig><dnsservers><dnsserver>${dnsIp}</dnsserver></dnsservers></clientconfig> so the private zones resolve through the DNS private resolver (no hosts file)`,
  ];
}

function summary({ state, env }: SummaryView): SummaryItem[] {
  if (state.steps['vpn-gateway']?.status !== 'done' || state.steps['dns-resolver-inbound']?.status !== 'done') return [];
  const dnsIp = state.steps['dns-resolver-inbound']?.outputs?.ip ?? '';
  const steps = vpnInstructions(env, dnsIp);
  return [{
    key: 'access',
    json: { mode: 'vpn', gateway: env.names.vpnGateway, clientAddressPool: env.config.access.vpn.clientAddressPool, dnsServer: dnsIp, authentication: 'Entra ID (Azure VPN Client)', steps },
    lines: [`point-to-site VPN ${env.names.vpnGateway} (clients get ${env.config.access.vpn.clientAddressPool}; DNS server ${dnsIp}):`, ...steps.map((s) => `  ${s}`)],
  }];
}

// ---- module ----
export const definition: ResourceModule = {
  id: 'access: point-to-site VPN and DNS resolver',
  names: [
    { key: 'vpnGateway', kind: 'networkResource', label: 'VPN gateway', derive: (_c, b) => `vgw-${b.name}-${b.environment}` },
    { key: 'vpnPublicIp', kind: 'networkResource', label: 'public IP address', derive: (_c, b) => `pip-vgw-${b.name}-${b.environment}` },
    { key: 'dnsResolver', kind: 'networkResource', label: 'DNS private resolver', derive: (_c, b) => `dnspr-${b.name}-${b.environment}` },
  ],
  steps: [vpnPublicIpStep, vpnGatewayStep, resolverStep, inboundEndpointStep],
  summary,
};
