// Refusals of the access-route types (Azure Bastion, the VPN gateway, the DNS private resolver) and the subnet and
// NIC rules that come with them: one request each, over ArmSimulator.handle, asserting status, code and a
// distinctive part of the message (codes and sources in SPEC.md, "Access routes").
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudState } from '../../src/simulator/state.js';
import { netPath, SUB, type Harness } from './helpers.js';
import { withGroup } from './refusal-helpers.js';

const RG = 'rg1';
const loc = 'eastus';
const TENANT = '72f988bf-0000-4000-8000-000000000001';
const id = (rest: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/${rest}`;
const stdPip = (zones?: string[]) => ({ location: loc, sku: { name: 'Standard' }, ...(zones ? { zones } : {}), properties: { publicIPAllocationMethod: 'Static' } });

/** Learn bastion-nsg's required rules, as the tool writes them. */
const BASTION_RULES = [
  ['AllowHttpsInbound', 100, 'Inbound', 'Tcp', 'Internet', '*', ['443']],
  ['AllowGatewayManagerInbound', 110, 'Inbound', 'Tcp', 'GatewayManager', '*', ['443']],
  ['AllowBastionHostCommunication', 120, 'Inbound', '*', 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701']],
  ['AllowAzureLoadBalancerInbound', 130, 'Inbound', 'Tcp', 'AzureLoadBalancer', '*', ['443']],
  ['DenyAllInbound', 4096, 'Inbound', '*', '*', '*', ['*'], 'Deny'],
  ['AllowSshRdpOutbound', 100, 'Outbound', '*', '*', 'VirtualNetwork', ['22', '3389']],
  ['AllowAzureCloudOutbound', 110, 'Outbound', 'Tcp', '*', 'AzureCloud', ['443']],
  ['AllowBastionCommunication', 120, 'Outbound', '*', 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701']],
  ['AllowHttpOutbound', 130, 'Outbound', '*', '*', 'Internet', ['80']],
] as const;

const nsgBody = (rules: readonly (readonly unknown[])[]) => ({
  location: loc,
  properties: {
    securityRules: rules.map(([name, priority, direction, protocol, src, dst, ports, access]) => ({
      name,
      properties: {
        priority,
        direction,
        protocol,
        access: access ?? 'Allow',
        sourceAddressPrefix: src,
        sourcePortRange: '*',
        destinationAddressPrefix: dst,
        ...((ports as string[]).length === 1 ? { destinationPortRange: (ports as string[])[0] } : { destinationPortRanges: ports }),
      },
    })),
  },
});

/** A PUT that must be accepted; the clock then passes its operation (gateways take the model's ~30 min). */
async function put(h: Harness, rest: string, body: unknown, api?: string): Promise<void> {
  const r = await h.call('PUT', netPath(RG, rest, api), body);
  if (r.status !== 200 && r.status !== 201) throw new Error(`PUT ${rest} -> ${r.status} ${JSON.stringify(r.body)}`);
  h.clock.advance(4000);
}

/** VNet 10.0.0.0/16 with the access subnets (names as Azure requires them). */
function accessVnet(extra: Record<string, unknown>[] = [], bastionPrefix = '10.0.4.0/26') {
  return {
    location: loc,
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [
        { name: 'AzureBastionSubnet', properties: { addressPrefix: bastionPrefix } },
        { name: 'GatewaySubnet', properties: { addressPrefix: '10.0.5.0/27' } },
        { name: 'snet-dns-inbound', properties: { addressPrefix: '10.0.5.32/28', delegations: [{ name: 'dns-resolver', properties: { serviceName: 'Microsoft.Network/dnsResolvers' } }] } },
        { name: 'workload', properties: { addressPrefix: '10.0.1.0/24' } },
        ...extra,
      ],
    },
  };
}

const bastionBody = (pip: string, subnet = id('virtualNetworks/vnet/subnets/AzureBastionSubnet'), over: Record<string, unknown> = {}, sku = 'Standard') => ({
  location: loc,
  tags: { app: 'secure-aml' },
  sku: { name: sku },
  properties: {
    enableTunneling: true,
    enableFileCopy: false,
    enableIpConnect: false,
    enableShareableLink: false,
    disableCopyPaste: true,
    scaleUnits: 2,
    ipConfigurations: [{ name: 'bastion-ipconfig', properties: { subnet: { id: subnet }, publicIPAddress: { id: pip } } }],
    ...over,
  },
});

const vpnClient = (over: Record<string, unknown> = {}) => ({
  vpnClientAddressPool: { addressPrefixes: ['172.16.201.0/24'] },
  vpnClientProtocols: ['OpenVPN'],
  vpnAuthenticationTypes: ['AAD'],
  aadTenant: `https://login.microsoftonline.com/${TENANT}/`,
  aadAudience: 'c632b3df-fb67-4d84-bdcf-b95ad541b5c8',
  aadIssuer: `https://sts.windows.net/${TENANT}/`,
  ...over,
});

const gatewayBody = (pip: string, over: Record<string, unknown> = {}, subnet = id('virtualNetworks/vnet/subnets/GatewaySubnet')) => ({
  location: loc,
  tags: { app: 'secure-aml' },
  properties: {
    gatewayType: 'Vpn',
    vpnType: 'RouteBased',
    vpnGatewayGeneration: 'Generation1',
    sku: { name: 'VpnGw1AZ', tier: 'VpnGw1AZ' },
    enableBgp: false,
    activeActive: false,
    ipConfigurations: [{ name: 'default', properties: { privateIPAllocationMethod: 'Dynamic', subnet: { id: subnet }, publicIPAddress: { id: pip } } }],
    vpnClientConfiguration: vpnClient(),
    ...over,
  },
});

/** A request that must be refused with `status` and `code`; returns the message. */
async function refused(h: Harness, method: string, rest: string, body: unknown, status: number, code: string, api?: string): Promise<string> {
  const r = await h.call(method, netPath(RG, rest, api), body);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  return r.body.error.message as string;
}

/** Turns a freshly created Standard public IP into a (pre-retirement) Basic dynamic one in the stored state. */
async function makeBasic(h: Harness, name: string): Promise<void> {
  const file = path.join(h.dir, 'cloud.json');
  const state = JSON.parse(await readFile(file, 'utf8')) as CloudState;
  const rec = state.resources[id(`publicIPAddresses/${name}`).toLowerCase()];
  rec.sku = { name: 'Basic', tier: 'Regional' };
  rec.properties.publicIPAllocationMethod = 'Dynamic';
  await writeFile(file, JSON.stringify(state));
}

async function ready(nsg = true): Promise<Harness> {
  const h = await withGroup(RG, loc);
  const body = accessVnet([{ name: 'other', properties: { addressPrefix: '10.0.6.0/26' } }]);
  if (nsg) {
    await put(h, 'networkSecurityGroups/nsg-bastion', nsgBody(BASTION_RULES));
    (body.properties.subnets[0].properties as Record<string, unknown>).networkSecurityGroup = { id: id('networkSecurityGroups/nsg-bastion') };
  }
  await put(h, 'virtualNetworks/vnet', body);
  await put(h, 'publicIPAddresses/pip', stdPip(['1', '2', '3']));
  return h;
}
const PIP = id('publicIPAddresses/pip');

describe('bastionHosts', () => {
  const basic = (over: Record<string, unknown>) => bastionBody(PIP, undefined, { enableTunneling: false, disableCopyPaste: false, ...over }, 'Basic');
  for (const [feature, over] of [
    ['enableTunneling', { enableTunneling: true }],
    ['enableIpConnect', { enableIpConnect: true }],
    ['enableShareableLink', { enableShareableLink: true }],
    ['enableFileCopy', { enableFileCopy: true }],
    ['disableCopyPaste', { disableCopyPaste: true }],
    ['scaleUnits', { scaleUnits: 4 }],
  ] as const) {
    it(`FeatureNotSupportedForBasicBastionSku: ${feature} on Basic`, async () => {
      const h = await ready();
      const msg = await refused(h, 'PUT', 'bastionHosts/b', basic(over), 400, 'FeatureNotSupportedForBasicBastionSku');
      expect(msg).toContain(`does not support ${feature}`);
    });
  }

  it('InvalidBastionScaleUnits: 1 and 51', async () => {
    const h = await ready();
    for (const n of [1, 51]) {
      expect(await refused(h, 'PUT', 'bastionHosts/b', bastionBody(PIP, undefined, { scaleUnits: n }), 400, 'InvalidBastionScaleUnits')).toContain('between 2 and 50');
    }
  });

  it('BastionHostMustHaveOneIpConfiguration, BastionHostIpConfigurationMissingSubnet, BastionHostIpConfigurationMissingPublicIp', async () => {
    const h = await ready();
    await refused(h, 'PUT', 'bastionHosts/b', bastionBody(PIP, undefined, { ipConfigurations: [] }), 400, 'BastionHostMustHaveOneIpConfiguration');
    await refused(h, 'PUT', 'bastionHosts/b', bastionBody(PIP, undefined, { ipConfigurations: [{ name: 'c', properties: { publicIPAddress: { id: PIP } } }] }), 400, 'BastionHostIpConfigurationMissingSubnet');
    const noPip = { ipConfigurations: [{ name: 'c', properties: { subnet: { id: id('virtualNetworks/vnet/subnets/AzureBastionSubnet') } } }] };
    await refused(h, 'PUT', 'bastionHosts/b', bastionBody(PIP, undefined, noPip), 400, 'BastionHostIpConfigurationMissingPublicIp');
  });

  it('BastionHostSubnetNameInvalid: a subnet not named AzureBastionSubnet', async () => {
    const h = await ready();
    const msg = await refused(h, 'PUT', 'bastionHosts/b', bastionBody(PIP, id('virtualNetworks/vnet/subnets/other')), 400, 'BastionHostSubnetNameInvalid');
    expect(msg).toContain("named 'AzureBastionSubnet'");
  });

  it('AzureBastionSubnetTooSmall: a /27 AzureBastionSubnet', async () => {
    const h = await withGroup(RG, loc);
    await put(h, 'virtualNetworks/vnet', accessVnet([], '10.0.4.0/27'));
    await put(h, 'publicIPAddresses/pip', stdPip());
    expect(await refused(h, 'PUT', 'bastionHosts/b', bastionBody(PIP), 400, 'AzureBastionSubnetTooSmall')).toContain('/26 or larger');
  });

  it('BastionHostPublicIpMustBeStandardStatic, PublicIPAddressInUse, InvalidResourceReference (other region)', async () => {
    const h = await ready();
    await put(h, 'publicIPAddresses/old', stdPip());
    await makeBasic(h, 'old');
    await refused(h, 'PUT', 'bastionHosts/b', bastionBody(id('publicIPAddresses/old')), 400, 'BastionHostPublicIpMustBeStandardStatic');
    await put(h, 'natGateways/nat', { location: loc, properties: { publicIpAddresses: [{ id: PIP }] } });
    expect(await refused(h, 'PUT', 'bastionHosts/b', bastionBody(PIP), 400, 'PublicIPAddressInUse')).toContain(id('natGateways/nat'));
    await put(h, 'publicIPAddresses/west', { ...stdPip(), location: 'westus' });
    await refused(h, 'PUT', 'bastionHosts/b', bastionBody(id('publicIPAddresses/west')), 400, 'InvalidResourceReference');
  });

  it('AzureBastionSubnetInUse: a second bastion in the same VNet', async () => {
    const h = await ready();
    await put(h, 'publicIPAddresses/pip2', stdPip());
    await put(h, 'bastionHosts/b1', bastionBody(PIP));
    expect(await refused(h, 'PUT', 'bastionHosts/b2', bastionBody(id('publicIPAddresses/pip2')), 400, 'AzureBastionSubnetInUse')).toContain(id('bastionHosts/b1'));
  });

  it('BastionSkuDowngradeNotSupported: Standard to Basic', async () => {
    const h = await ready();
    await put(h, 'bastionHosts/b', bastionBody(PIP));
    await refused(h, 'PUT', 'bastionHosts/b', basic({}), 400, 'BastionSkuDowngradeNotSupported');
  });

  it('NetworkSecurityGroupNotCompliantForAzureBastionSubnet: at subnet PUT, and at bastion create after a rule went', async () => {
    const h = await ready(false);
    // Without the GatewayManager and AzureCloud rules (as many templates had before 2020).
    const partial = BASTION_RULES.filter(([n]) => n !== 'AllowGatewayManagerInbound' && n !== 'AllowAzureCloudOutbound');
    await put(h, 'networkSecurityGroups/partial', nsgBody(partial));
    const subnet = { properties: { addressPrefix: '10.0.4.0/26', networkSecurityGroup: { id: id('networkSecurityGroups/partial') } } };
    const msg = await refused(h, 'PUT', 'virtualNetworks/vnet/subnets/AzureBastionSubnet', subnet, 400, 'NetworkSecurityGroupNotCompliantForAzureBastionSubnet');
    expect(msg).toContain('Network security group partial does not have necessary rules for Azure Bastion Subnet AzureBastionSubnet');
    expect(msg).toContain('AllowGatewayManagerInbound, AllowAzureCloudOutbound');
    // A deny above an allow defeats it too.
    const shadowed = BASTION_RULES.map((r) => (r[0] === 'AllowHttpsInbound' ? [r[0], 140, ...r.slice(2)] : r));
    await put(h, 'networkSecurityGroups/denied', nsgBody([['DenyInternetInbound', 105, 'Inbound', '*', 'Internet', '*', ['*'], 'Deny'], ...shadowed]));
    const denied = { properties: { addressPrefix: '10.0.4.0/26', networkSecurityGroup: { id: id('networkSecurityGroups/denied') } } };
    expect(await refused(h, 'PUT', 'virtualNetworks/vnet/subnets/AzureBastionSubnet', denied, 400, 'NetworkSecurityGroupNotCompliantForAzureBastionSubnet')).toContain('Missing: AllowHttpsInbound (');
    // A compliant NSG attaches; removing a required rule afterwards is caught when the bastion is created.
    await put(h, 'networkSecurityGroups/good', nsgBody(BASTION_RULES));
    await put(h, 'virtualNetworks/vnet/subnets/AzureBastionSubnet', { properties: { addressPrefix: '10.0.4.0/26', networkSecurityGroup: { id: id('networkSecurityGroups/good') } } });
    expect((await h.call('DELETE', netPath(RG, 'networkSecurityGroups/good/securityRules/AllowHttpOutbound'))).status).toBe(202);
    h.clock.advance(100);
    expect(await refused(h, 'PUT', 'bastionHosts/b', bastionBody(PIP), 400, 'NetworkSecurityGroupNotCompliantForAzureBastionSubnet')).toContain('AllowHttpOutbound');
  });

  it('RouteTableCannotBeAttachedForAzureBastionSubnet: any route table', async () => {
    const h = await ready(false);
    await put(h, 'routeTables/rt', { location: loc, properties: { routes: [{ name: 'default', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' } }] } });
    const subnet = { properties: { addressPrefix: '10.0.4.0/26', routeTable: { id: id('routeTables/rt') } } };
    const msg = await refused(h, 'PUT', 'virtualNetworks/vnet/subnets/AzureBastionSubnet', subnet, 400, 'RouteTableCannotBeAttachedForAzureBastionSubnet');
    expect(msg).toBe('Route Table rt cannot be attached to Azure Bastion Subnet AzureBastionSubnet.');
  });
});

describe('virtualNetworkGateways', () => {
  const gw = (over: Record<string, unknown> = {}) => gatewayBody(PIP, over);
  const cases: [string, Record<string, unknown>, string][] = [
    ['VirtualNetworkGatewaySkuRequired', { sku: undefined }, 'must specify properties.sku.name'],
    ['VirtualNetworkGatewaySkuTierMismatch', { sku: { name: 'VpnGw1AZ', tier: 'VpnGw2AZ' } }, 'does not match'],
    ['VirtualNetworkGatewaySkuNotSupported', { sku: { name: 'HighPerformance', tier: 'HighPerformance' } }, 'cannot be used for a new virtual network gateway'],
    ['VirtualNetworkGatewaySkuNotSupported', { sku: { name: 'ErGw1AZ', tier: 'ErGw1AZ' } }, 'Use Basic or VpnGw1-5(AZ)'],
    ['VpnGatewayGenerationNotSupportedForSku', { vpnGatewayGeneration: 'Generation2' }, 'Generation2 starts at VpnGw2'],
    ['PointToSiteNotSupportedOnPolicyBasedGateway', { vpnType: 'PolicyBased' }, 'needs a route-based gateway'],
    ['InvalidNumberOfIpConfigurations', { activeActive: true }, 'must have 2 ipConfiguration(s)'],
    ['VpnClientAddressPoolRequired', { vpnClientConfiguration: vpnClient({ vpnClientAddressPool: { addressPrefixes: [] } }) }, 'vpnClientAddressPool'],
    ['InvalidVpnClientAddressPool', { vpnClientConfiguration: vpnClient({ vpnClientAddressPool: { addressPrefixes: ['172.16.201.0'] } }) }, 'is not an IPv4 CIDR'],
    ['VpnClientAddressPoolOverlapsVirtualNetwork', { vpnClientConfiguration: vpnClient({ vpnClientAddressPool: { addressPrefixes: ['10.0.200.0/24'] } }) }, "overlaps the virtual network's address space 10.0.0.0/16"],
    ['AadAuthenticationRequiresOpenVpn', { vpnClientConfiguration: vpnClient({ vpnClientProtocols: ['IkeV2'] }) }, 'supported only for OpenVPN'],
    ['AadAuthenticationParametersMissing', { vpnClientConfiguration: vpnClient({ aadIssuer: undefined }) }, 'needs aadIssuer'],
    ['InvalidAadTenant', { vpnClientConfiguration: vpnClient({ aadTenant: 'https://login.windows.net/contoso/' }) }, 'https://login.microsoftonline.com/{tenant id}/'],
    ['InvalidAadIssuer', { vpnClientConfiguration: vpnClient({ aadIssuer: 'https://sts.windows.net/72f988bf-0000-4000-8000-000000000001' }) }, 'with the trailing slash'],
    ['InvalidAadIssuer', { vpnClientConfiguration: vpnClient({ aadIssuer: 'https://sts.windows.net/72f988bf-0000-4000-8000-000000000002/' }) }, 'but aadTenant names'],
    ['InvalidAadAudience', { vpnClientConfiguration: vpnClient({ aadAudience: 'azure-vpn-client' }) }, 'must be an application id (GUID)'],
    ['AadParametersWithoutAadAuthentication', { vpnClientConfiguration: vpnClient({ vpnAuthenticationTypes: ['Certificate'] }) }, "does not include 'AAD'"],
    ['SimulatorUnsupportedProperty', { vpnClientConfiguration: vpnClient({ vpnAuthenticationTypes: ['AAD', 'Radius'] }) }, 'Radius'],
    ['SimulatorUnsupportedProperty', { gatewayType: 'ExpressRoute' }, 'Vpn only'],
  ];
  for (const [code, over, text] of cases) {
    it(`${code}: ${text}`, async () => {
      const h = await ready();
      expect(await refused(h, 'PUT', 'virtualNetworkGateways/vgw', gw(over), 400, code)).toContain(text);
    });
  }

  it('a custom audience (any app id GUID) is accepted', async () => {
    const h = await ready();
    const r = await h.call('PUT', netPath(RG, 'virtualNetworkGateways/vgw'), gw({ vpnClientConfiguration: vpnClient({ aadAudience: '0f0e0d0c-0b0a-4909-8807-060504030201' }) }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });

  it('VpnClientProtocolNotSupportedOnBasicSku and FeatureNotSupportedOnBasicSku', async () => {
    const h = await ready();
    const basic = { sku: { name: 'Basic', tier: 'Basic' }, vpnGatewayGeneration: undefined };
    expect(await refused(h, 'PUT', 'virtualNetworkGateways/vgw', gw(basic), 400, 'VpnClientProtocolNotSupportedOnBasicSku')).toContain('OpenVPN, AAD');
    expect(await refused(h, 'PUT', 'virtualNetworkGateways/vgw', gw({ ...basic, enableBgp: true }), 400, 'FeatureNotSupportedOnBasicSku')).toContain('neither BGP nor active-active');
  });

  it('InvalidPrivateIPAllocationMethod, GatewayIpConfigurationMissingSubnet, GatewayIpConfigurationMissingPublicIp, GatewaySubnetNameInvalid', async () => {
    const h = await ready();
    const subnet = { id: id('virtualNetworks/vnet/subnets/GatewaySubnet') };
    const with1 = (properties: Record<string, unknown>) => gw({ ipConfigurations: [{ name: 'default', properties }] });
    await refused(h, 'PUT', 'virtualNetworkGateways/vgw', with1({ privateIPAllocationMethod: 'Static', subnet, publicIPAddress: { id: PIP } }), 400, 'InvalidPrivateIPAllocationMethod');
    await refused(h, 'PUT', 'virtualNetworkGateways/vgw', with1({ publicIPAddress: { id: PIP } }), 400, 'GatewayIpConfigurationMissingSubnet');
    await refused(h, 'PUT', 'virtualNetworkGateways/vgw', with1({ subnet }), 400, 'GatewayIpConfigurationMissingPublicIp');
    const other = with1({ subnet: { id: id('virtualNetworks/vnet/subnets/other') }, publicIPAddress: { id: PIP } });
    expect(await refused(h, 'PUT', 'virtualNetworkGateways/vgw', other, 400, 'GatewaySubnetNameInvalid')).toContain("named 'GatewaySubnet'");
  });

  it('GatewayIpConfigurationsInDifferentSubnets: active-active across two VNets', async () => {
    const h = await ready();
    await put(h, 'virtualNetworks/vnet2', { location: loc, properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [{ name: 'GatewaySubnet', properties: { addressPrefix: '10.1.0.0/27' } }] } });
    await put(h, 'publicIPAddresses/pip2', stdPip(['1', '2', '3']));
    const two = gw({
      activeActive: true,
      ipConfigurations: [
        { name: 'a', properties: { subnet: { id: id('virtualNetworks/vnet/subnets/GatewaySubnet') }, publicIPAddress: { id: PIP } } },
        { name: 'b', properties: { subnet: { id: id('virtualNetworks/vnet2/subnets/GatewaySubnet') }, publicIPAddress: { id: id('publicIPAddresses/pip2') } } },
      ],
    });
    await refused(h, 'PUT', 'virtualNetworkGateways/vgw', two, 400, 'GatewayIpConfigurationsInDifferentSubnets');
  });

  it('VirtualNetworkGatewayPublicIpMustBeStandardStatic and VirtualNetworkGatewayAzSkuRequiresZonalPublicIp', async () => {
    const h = await ready();
    await put(h, 'publicIPAddresses/nozones', stdPip());
    const msg = await refused(h, 'PUT', 'virtualNetworkGateways/vgw', gatewayBody(id('publicIPAddresses/nozones')), 400, 'VirtualNetworkGatewayAzSkuRequiresZonalPublicIp');
    expect(msg).toContain('has no zones');
    await put(h, 'publicIPAddresses/old', stdPip(['1', '2', '3']));
    await makeBasic(h, 'old');
    await refused(h, 'PUT', 'virtualNetworkGateways/vgw', gatewayBody(id('publicIPAddresses/old')), 400, 'VirtualNetworkGatewayPublicIpMustBeStandardStatic');
  });

  it('NetworkSecurityGroupNotSupportedOnGatewaySubnet', async () => {
    const h = await ready();
    await put(h, 'networkSecurityGroups/nsg', { location: loc });
    await put(h, 'virtualNetworks/vnet/subnets/GatewaySubnet', { properties: { addressPrefix: '10.0.5.0/27', networkSecurityGroup: { id: id('networkSecurityGroups/nsg') } } });
    expect(await refused(h, 'PUT', 'virtualNetworkGateways/vgw', gw(), 400, 'NetworkSecurityGroupNotSupportedOnGatewaySubnet')).toContain("aren't supported");
  });

  it('VirtualNetworkGatewayOfTypeAlreadyExists, VpnTypeCannotBeChanged, GatewaySubnetCannotBeChanged', async () => {
    const h = await ready();
    await put(h, 'virtualNetworkGateways/vgw', gw());
    await put(h, 'publicIPAddresses/pip2', stdPip(['1', '2', '3']));
    const second = gatewayBody(id('publicIPAddresses/pip2'));
    expect(await refused(h, 'PUT', 'virtualNetworkGateways/vgw2', second, 400, 'VirtualNetworkGatewayOfTypeAlreadyExists')).toContain('one gateway of each type');
    await refused(h, 'PUT', 'virtualNetworkGateways/vgw', gw({ vpnType: 'PolicyBased', vpnClientConfiguration: undefined }), 400, 'VpnTypeCannotBeChanged');
    await put(h, 'virtualNetworks/vnet2', { location: loc, properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [{ name: 'GatewaySubnet', properties: { addressPrefix: '10.1.0.0/27' } }] } });
    const moved = gatewayBody(PIP, {}, id('virtualNetworks/vnet2/subnets/GatewaySubnet'));
    await refused(h, 'PUT', 'virtualNetworkGateways/vgw', moved, 400, 'GatewaySubnetCannotBeChanged');
  });

  it('generating a profile: VpnClientConfigurationNotSet, ReferencedResourceNotProvisioned while creating, ResourceNotFound', async () => {
    const h = await ready();
    const r = await h.call('PUT', netPath(RG, 'virtualNetworkGateways/vgw'), gw({ vpnClientConfiguration: undefined }));
    expect(r.status).toBe(201);
    const early = await h.call('POST', netPath(RG, 'virtualNetworkGateways/vgw/generatevpnclientpackage'), {});
    expect(early.status).toBe(429);
    expect(early.body.error.details[0].code).toBe('ReferencedResourceNotProvisioned');
    h.clock.advance(4000);
    await refused(h, 'POST', 'virtualNetworkGateways/vgw/generatevpnclientpackage', {}, 400, 'VpnClientConfigurationNotSet');
    await refused(h, 'POST', 'virtualNetworkGateways/none/generatevpnprofile', {}, 404, 'ResourceNotFound');
  });
});

describe('dnsResolvers and inboundEndpoints', () => {
  const resolver = (vnet = id('virtualNetworks/vnet'), location = loc) => ({ location, properties: { virtualNetwork: { id: vnet } } });
  const endpoint = (subnet: string, extra: Record<string, unknown> = {}) => ({ location: loc, properties: { ipConfigurations: [{ subnet: { id: subnet }, privateIpAllocationMethod: 'Dynamic', ...extra }] } });
  const API = '2022-07-01';

  it('InvalidResourceReference: a VNet in another region; BadRequest: a second resolver in the VNet, a changed VNet', async () => {
    const h = await ready();
    await refused(h, 'PUT', 'dnsResolvers/r', resolver(id('virtualNetworks/vnet'), 'westus'), 400, 'InvalidResourceReference', API);
    await put(h, 'dnsResolvers/r', resolver(), API);
    expect(await refused(h, 'PUT', 'dnsResolvers/r2', resolver(), 400, 'BadRequest', API)).toContain('a virtual network can be referenced by a single DNS resolver');
    await put(h, 'virtualNetworks/vnet2', { location: loc, properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] } } });
    expect(await refused(h, 'PUT', 'dnsResolvers/r', resolver(id('virtualNetworks/vnet2')), 400, 'BadRequest', API)).toContain('cannot be changed after creation');
  });

  it('SubnetMissingRequiredDelegation: an undelegated subnet', async () => {
    const h = await ready();
    await put(h, 'dnsResolvers/r', resolver(), API);
    const sub = id('virtualNetworks/vnet/subnets/other');
    const msg = await refused(h, 'PUT', 'dnsResolvers/r/inboundEndpoints/in', endpoint(sub), 400, 'SubnetMissingRequiredDelegation', API);
    expect(msg).toBe(`Subnet ${sub} requires any of the following delegation(s) [Microsoft.Network/dnsResolvers] to reference service association link ${sub}/serviceAssociationLinks/dnsResolverLink.`);
  });

  it('BadRequest: subnet size outside /28../24, subnet in use, subnet of another VNet, a second endpoint in the subnet', async () => {
    const h = await withGroup(RG, loc);
    const delegated = (name: string, prefix: string) => ({ name, properties: { addressPrefix: prefix, delegations: [{ name: 'd', properties: { serviceName: 'Microsoft.Network/dnsResolvers' } }] } });
    await put(h, 'virtualNetworks/vnet', { location: loc, properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [delegated('tiny', '10.0.0.0/29'), delegated('huge', '10.0.64.0/23'), delegated('ok', '10.0.2.0/28'), delegated('ok2', '10.0.3.0/28')] } });
    await put(h, 'dnsResolvers/r', resolver(), API);
    const sub = (n: string) => id(`virtualNetworks/vnet/subnets/${n}`);
    expect(await refused(h, 'PUT', 'dnsResolvers/r/inboundEndpoints/in', endpoint(sub('tiny')), 400, 'BadRequest', API)).toContain('could not be used to provision the inbound endpoint');
    expect(await refused(h, 'PUT', 'dnsResolvers/r/inboundEndpoints/in', endpoint(sub('huge')), 400, 'BadRequest', API)).toContain('its prefix is /23');
    await put(h, 'dnsResolvers/r/inboundEndpoints/in', endpoint(sub('ok')), API);
    expect(await refused(h, 'PUT', 'dnsResolvers/r/inboundEndpoints/in2', endpoint(sub('ok')), 400, 'BadRequest', API)).toContain(`in use by ${id('dnsResolvers/r/inboundEndpoints/in')}`);
    await put(h, 'virtualNetworks/vnet2', { location: loc, properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [delegated('d', '10.1.0.0/28')] } });
    expect(await refused(h, 'PUT', 'dnsResolvers/r/inboundEndpoints/in2', endpoint(id('virtualNetworks/vnet2/subnets/d')), 400, 'BadRequest', API)).toContain('is not in virtual network');
    expect(await refused(h, 'PUT', 'dnsResolvers/r/inboundEndpoints/in2', endpoint(sub('ok2'), { privateIpAllocationMethod: 'Static', privateIpAddress: '10.0.3.2' }), 400, 'BadRequest', API)).toContain('not a usable address');
    expect(await refused(h, 'PUT', 'dnsResolvers/r/inboundEndpoints/in2', { ...endpoint(sub('ok2')), location: 'westus' }, 400, 'BadRequest', API)).toContain('must be in the region of its DNS resolver');
  });

  it('SubnetNotAllowedForNetworkInterface: a NIC in a subnet delegated to the resolver, in GatewaySubnet, in AzureBastionSubnet', async () => {
    const h = await ready();
    for (const s of ['snet-dns-inbound', 'GatewaySubnet', 'AzureBastionSubnet']) {
      const nic = { location: loc, properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: id(`virtualNetworks/vnet/subnets/${s}`) } } }] } };
      expect(await refused(h, 'PUT', 'networkInterfaces/nic', nic, 400, 'SubnetNotAllowedForNetworkInterface')).toContain(s === 'snet-dns-inbound' ? 'delegated to Microsoft.Network/dnsResolvers' : 'reserved for its service');
    }
  });

  it('SubnetDelegationsCannotChangeWhenSubnetUsedByResource: delegating a subnet a NIC uses', async () => {
    const h = await ready();
    await put(h, 'networkInterfaces/nic', { location: loc, properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: id('virtualNetworks/vnet/subnets/workload') } } }] } });
    const body = { properties: { addressPrefix: '10.0.1.0/24', delegations: [{ name: 'd', properties: { serviceName: 'Microsoft.Network/dnsResolvers' } }] } };
    const msg = await refused(h, 'PUT', 'virtualNetworks/vnet/subnets/workload', body, 400, 'SubnetDelegationsCannotChangeWhenSubnetUsedByResource');
    expect(msg).toContain('cannot be changed from [] to [Microsoft.Network/dnsResolvers] because it is being used by the resource');
  });
});
