// Refusals of the egress types (public IPs, NAT gateways, route tables, peerings, firewall policies and
// rule collection groups, Azure firewalls), one test each, over raw ARM requests (codes in SPEC.md).
import { beforeEach, describe, expect, it } from 'vitest';
import { harness, netPath, rgPath, SUB, type Harness } from './helpers.js';

let h: Harness;
const RG = 'rg1';
const loc = 'eastus';
const id = (rest: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/${rest}`;

async function put(rest: string, body: unknown, expectStatus = [200, 201]) {
  const r = await h.call('PUT', netPath(RG, rest), body);
  if (!expectStatus.includes(r.status)) throw new Error(`PUT ${rest} -> ${r.status} ${JSON.stringify(r.body)}`);
  h.clock.advance(1000);
  return r.body;
}
async function refused(method: string, rest: string, body: unknown, status: number, code: string) {
  const r = await h.call(method, netPath(RG, rest), body);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  return r.body.error.message as string;
}

const vnet = (prefix: string, subnets: { name: string; addressPrefix: string; [k: string]: unknown }[] = []) => ({
  location: loc,
  properties: { addressSpace: { addressPrefixes: [prefix] }, subnets: subnets.map(({ name, ...p }) => ({ name, properties: p })) },
});
const stdPip = { location: loc, sku: { name: 'Standard' }, properties: { publicIPAllocationMethod: 'Static' } };
const appRule = (extra: Record<string, unknown> = {}) => ({ ruleType: 'ApplicationRule', name: 'r1', sourceAddresses: ['10.0.0.0/16'], protocols: [{ protocolType: 'Https', port: 443 }], targetFqdns: ['example.com'], ...extra });
const netRule = (extra: Record<string, unknown> = {}) => ({ ruleType: 'NetworkRule', name: 'n1', sourceAddresses: ['*'], ipProtocols: ['TCP'], destinationAddresses: ['AzureCloud'], destinationPorts: ['443'], ...extra });
const group = (rules: unknown[], extra: Record<string, unknown> = {}) => ({
  properties: { priority: 200, ruleCollections: [{ ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: 'c1', priority: 300, action: { type: 'Allow' }, rules }], ...extra },
});

async function hubWithFirewall(tier = 'Standard') {
  await put('virtualNetworks/hub', vnet('10.100.0.0/24', [{ name: 'AzureFirewallSubnet', addressPrefix: '10.100.0.0/26' }, { name: 'AzureFirewallManagementSubnet', addressPrefix: '10.100.0.64/26' }, { name: 'small', addressPrefix: '10.100.0.128/27' }]));
  await put('publicIPAddresses/fw-pip', stdPip);
  await put('firewallPolicies/pol', { location: loc, properties: { sku: { tier } } });
}
const fwBody = (extra: Record<string, unknown> = {}, subnet = 'AzureFirewallSubnet', pip = 'fw-pip') => ({
  location: loc,
  properties: {
    sku: { name: 'AZFW_VNet', tier: 'Standard' },
    ipConfigurations: [{ name: 'ipconfig', properties: { subnet: { id: id(`virtualNetworks/hub/subnets/${subnet}`) }, publicIPAddress: { id: id(`publicIPAddresses/${pip}`) } } }],
    firewallPolicy: { id: id('firewallPolicies/pol') },
    ...extra,
  },
});

beforeEach(async () => {
  h = await harness();
  await h.call('PUT', rgPath(RG), { location: loc });
});

describe('public IP addresses', () => {
  it('Standard needs Static allocation', async () => {
    await refused('PUT', 'publicIPAddresses/p', { location: loc, sku: { name: 'Standard' }, properties: { publicIPAllocationMethod: 'Dynamic' } }, 400, 'StandardAndStandardV2SkuPublicIPAddressesMustBeStatic');
  });
  it('new Basic public IPs are refused (retired SKU)', async () => {
    await refused('PUT', 'publicIPAddresses/p', { location: loc, sku: { name: 'Basic' } }, 400, 'PublicIPCountLimitReached');
  });
  it('idle timeout 4-30, domain name label, zones, assigned address, sku change', async () => {
    await refused('PUT', 'publicIPAddresses/p', { ...stdPip, properties: { ...stdPip.properties, idleTimeoutInMinutes: 31 } }, 400, 'PublicIPIdleTimeoutIsOutOfRange');
    await refused('PUT', 'publicIPAddresses/p', { ...stdPip, properties: { ...stdPip.properties, dnsSettings: { domainNameLabel: 'Bad_Label' } } }, 400, 'InvalidDomainNameLabel');
    await refused('PUT', 'publicIPAddresses/p', { ...stdPip, zones: ['4'] }, 400, 'InvalidAvailabilityZone');
    await refused('PUT', 'publicIPAddresses/p', { ...stdPip, properties: { ...stdPip.properties, ipAddress: '1.2.3.4' } }, 400, 'PublicIPAddressCannotSpecifyIpAddress');
    const created = await put('publicIPAddresses/p', { ...stdPip, zones: ['1'] });
    expect(created.properties.ipAddress).toBe('203.0.113.1');
    await refused('PUT', 'publicIPAddresses/p', stdPip, 400, 'ResourceAvailabilityZonesCannotBeModified');
    await refused('PUT', 'publicIPAddresses/p', { ...stdPip, zones: ['1'], sku: { name: 'Basic' } }, 400, 'PublicIPAddressSkuCannotBeChanged');
    expect((await put('publicIPAddresses/q', stdPip)).properties.ipAddress).toBe('203.0.113.2');
  });
  it('refuses deletion while a NAT gateway holds it', async () => {
    await put('publicIPAddresses/p', stdPip);
    await put('natGateways/nat', { location: loc, sku: { name: 'Standard' }, properties: { publicIpAddresses: [{ id: id('publicIPAddresses/p') }] } });
    const msg = await refused('DELETE', 'publicIPAddresses/p', undefined, 400, 'PublicIPAddressCannotBeDeleted');
    expect(msg).toContain(id('natGateways/nat'));
  });
});

describe('NAT gateways', () => {
  it('public IP in another region, already used, idle timeout, zones', async () => {
    await put('publicIPAddresses/west', { ...stdPip, location: 'westeurope' });
    await refused('PUT', 'natGateways/nat', { location: loc, properties: { publicIpAddresses: [{ id: id('publicIPAddresses/west') }] } }, 400, 'InvalidResourceReference');
    await put('publicIPAddresses/p', stdPip);
    await put('natGateways/nat1', { location: loc, properties: { publicIpAddresses: [{ id: id('publicIPAddresses/p') }] } });
    await refused('PUT', 'natGateways/nat2', { location: loc, properties: { publicIpAddresses: [{ id: id('publicIPAddresses/p') }] } }, 400, 'PublicIPAddressInUse');
    await refused('PUT', 'natGateways/nat3', { location: loc, properties: { idleTimeoutInMinutes: 121 } }, 400, 'NatGatewayIdleTimeoutOutOfRange');
    await refused('PUT', 'natGateways/nat3', { location: loc, zones: ['1', '2'] }, 400, 'NatGatewayCannotHaveMultipleZones');
    await refused('PUT', 'natGateways/nat3', { location: loc, properties: { publicIpAddresses: Array.from({ length: 17 }, (_, i) => ({ id: id(`publicIPAddresses/x${i}`) })) } }, 400, 'NatGatewayTooManyPublicIps');
  });
  it('refuses deletion while a subnet uses it; a subnet refuses a NAT gateway of another region', async () => {
    await put('natGateways/nat', { location: loc, sku: { name: 'Standard' } });
    await put('virtualNetworks/vv', vnet('10.0.0.0/16', [{ name: 's', addressPrefix: '10.0.1.0/24', natGateway: { id: id('natGateways/nat') } }]));
    await refused('DELETE', 'natGateways/nat', undefined, 400, 'InUseNatGatewayCannotBeDeleted');
    await put('natGateways/natw', { location: 'westeurope' });
    await refused('PUT', 'virtualNetworks/vv/subnets/s', { properties: { addressPrefix: '10.0.1.0/24', natGateway: { id: id('natGateways/natw') } } }, 400, 'InvalidResourceReference');
  });
});

describe('route tables and routes', () => {
  const table = (routes: unknown[]) => ({ location: loc, properties: { routes } });
  const route = (p: Record<string, unknown>, name = 'r') => ({ name, properties: p });
  it('next hop rules, prefixes, duplicates', async () => {
    await refused('PUT', 'routeTables/t', table([route({ addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance' })]), 400, 'MissingNextHopIpAddress');
    await refused('PUT', 'routeTables/t', table([route({ addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: 'x' })]), 400, 'InvalidNextHopIpAddress');
    await refused('PUT', 'routeTables/t', table([route({ addressPrefix: '0.0.0.0/0', nextHopType: 'Internet', nextHopIpAddress: '10.0.0.4' })]), 400, 'NextHopIpAddressNotAllowedForNextHopType');
    await refused('PUT', 'routeTables/t', table([route({ addressPrefix: '0.0.0.0/0', nextHopType: 'Bogus' })]), 400, 'InvalidRequestFormat');
    await refused('PUT', 'routeTables/t', table([route({ addressPrefix: '10.0.0.1/16', nextHopType: 'None' })]), 400, 'InvalidCIDRNotation');
    await refused('PUT', 'routeTables/t', table([route({ addressPrefix: 'nonsense', nextHopType: 'None' })]), 400, 'InvalidAddressPrefixFormat');
    await refused('PUT', 'routeTables/t', table([route({ nextHopType: 'None' })]), 400, 'MissingAddressPrefixInRoute');
    await refused('PUT', 'routeTables/t', table([route({ addressPrefix: '10.0.0.0/8', nextHopType: 'None' }, 'a'), route({ addressPrefix: '10.0.0.0/8', nextHopType: 'Internet' }, 'b')]), 400, 'RouteConflict');
    await refused('PUT', 'routeTables/t', table([route({ addressPrefix: '10.0.0.0/8', nextHopType: 'None' }, 'a'), route({ addressPrefix: '10.1.0.0/16', nextHopType: 'None' }, 'a')]), 400, 'DuplicateResourceName');
    const many = Array.from({ length: 401 }, (_, i) => route({ addressPrefix: `10.${Math.floor(i / 256)}.${i % 256}.0/24`, nextHopType: 'None' }, `r${i}`));
    await refused('PUT', 'routeTables/t', table(many), 400, 'RouteTableRouteCountLimitReached');
    const ok = await put('routeTables/t', table([route({ addressPrefix: 'AzureCloud', nextHopType: 'Internet' }, 'tag')]));
    expect(ok.properties.routes[0].properties.addressPrefix).toBe('AzureCloud');
    await refused('PUT', 'routeTables/t/routes/dup', { properties: { addressPrefix: 'AzureCloud', nextHopType: 'None' } }, 400, 'RouteConflict');
    await refused('PUT', 'routeTables/missing/routes/x', { properties: { addressPrefix: '10.0.0.0/8', nextHopType: 'None' } }, 404, 'ParentResourceNotFound');
  });
  it('route writes on one table are serialised; delete in use; another region', async () => {
    await put('routeTables/t', table([]));
    const first = await h.call('PUT', netPath(RG, 'routeTables/t/routes/a'), { properties: { addressPrefix: '10.0.0.0/8', nextHopType: 'None' } });
    expect(first.status).toBe(201);
    await refused('PUT', 'routeTables/t/routes/b', { properties: { addressPrefix: '10.1.0.0/16', nextHopType: 'None' } }, 429, 'RetryableErrorDueToAnotherOperation');
    h.clock.advance(1000);
    await put('virtualNetworks/vv', vnet('10.0.0.0/16', [{ name: 's', addressPrefix: '10.0.1.0/24', routeTable: { id: id('routeTables/t') } }]));
    const msg = await refused('DELETE', 'routeTables/t', undefined, 400, 'InUseRouteTableCannotBeDeleted');
    expect(msg).toContain('/subnets/s');
    await put('routeTables/tw', { location: 'westeurope' });
    await refused('PUT', 'virtualNetworks/vv/subnets/s', { properties: { addressPrefix: '10.0.1.0/24', routeTable: { id: id('routeTables/tw') } } }, 400, 'InvalidResourceReference');
  });
});

describe('virtual network peerings', () => {
  it('remote must exist, not overlap, not be itself or peered twice', async () => {
    await put('virtualNetworks/va', vnet('10.0.0.0/16'));
    await put('virtualNetworks/vb', vnet('10.0.128.0/24'));
    await put('virtualNetworks/vc', vnet('10.1.0.0/16'));
    await refused('PUT', 'virtualNetworks/va/virtualNetworkPeerings/p', { properties: {} }, 400, 'RemoteVirtualNetworkRequired');
    await refused('PUT', 'virtualNetworks/va/virtualNetworkPeerings/p', { properties: { remoteVirtualNetwork: { id: id('virtualNetworks/zz') } } }, 400, 'InvalidResourceReference');
    await refused('PUT', 'virtualNetworks/va/virtualNetworkPeerings/p', { properties: { remoteVirtualNetwork: { id: id('virtualNetworks/va') } } }, 400, 'CannotPeerVirtualNetworkWithItself');
    const msg = await refused('PUT', 'virtualNetworks/va/virtualNetworkPeerings/p', { properties: { remoteVirtualNetwork: { id: id('virtualNetworks/vb') } } }, 400, 'VnetAddressSpacesOverlap');
    expect(msg).toContain('10.0.0.0/16');
    await put('virtualNetworks/va/virtualNetworkPeerings/ac', { properties: { remoteVirtualNetwork: { id: id('virtualNetworks/vc') } } });
    await refused('PUT', 'virtualNetworks/va/virtualNetworkPeerings/ac2', { properties: { remoteVirtualNetwork: { id: id('virtualNetworks/vc') } } }, 400, 'VirtualNetworkAlreadyPeered');
    // b overlaps a, which c already peers with.
    await refused('PUT', 'virtualNetworks/vb/virtualNetworkPeerings/bc', { properties: { remoteVirtualNetwork: { id: id('virtualNetworks/vc') } } }, 400, 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet');
    await refused('PUT', 'virtualNetworks/va/virtualNetworkPeerings/ac', { properties: { remoteVirtualNetwork: { id: id('virtualNetworks/vb') } } }, 400, 'CannotChangeRemoteVirtualNetworkOfPeering');
    await refused('PUT', 'virtualNetworks/va/virtualNetworkPeerings/ac', { properties: { remoteVirtualNetwork: { id: id('virtualNetworks/vc') }, useRemoteGateways: true } }, 400, 'SimulatorUnsupportedProperty');
    // A VNet PUT cannot grow into a peered VNet's space.
    await refused('PUT', 'virtualNetworks/va', { location: loc, properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16', '10.1.0.0/24'] } } }, 400, 'VnetAddressSpacesOverlap');
  });
  it('deleting a VNet disconnects the remote side', async () => {
    await put('virtualNetworks/va', vnet('10.0.0.0/16'));
    await put('virtualNetworks/vc', vnet('10.1.0.0/16'));
    await put('virtualNetworks/va/virtualNetworkPeerings/ac', { properties: { remoteVirtualNetwork: { id: id('virtualNetworks/vc') } } });
    await put('virtualNetworks/vc/virtualNetworkPeerings/ca', { properties: { remoteVirtualNetwork: { id: id('virtualNetworks/va') } } });
    expect((await h.call('GET', netPath(RG, 'virtualNetworks/vc/virtualNetworkPeerings/ca'))).body.properties.peeringState).toBe('Connected');
    expect((await h.call('DELETE', netPath(RG, 'virtualNetworks/va'))).status).toBe(202);
    h.clock.advance(1000);
    const back = (await h.call('GET', netPath(RG, 'virtualNetworks/vc/virtualNetworkPeerings/ca'))).body.properties;
    expect(back).toMatchObject({ peeringState: 'Disconnected', remoteAddressSpace: { addressPrefixes: ['10.0.0.0/16'] } });
  });
});

describe('firewall policies and rule collection groups', () => {
  beforeEach(async () => {
    await put('firewallPolicies/pol', { location: loc, properties: { sku: { tier: 'Standard' } } });
  });
  it('group priority range and uniqueness; collection priorities unique', async () => {
    await refused('PUT', 'firewallPolicies/pol/ruleCollectionGroups/g', group([appRule()], { priority: 99 }), 400, 'FirewallPolicyRuleCollectionInvalidPriority');
    await refused('PUT', 'firewallPolicies/pol/ruleCollectionGroups/g', group([appRule()], { priority: 65001 }), 400, 'FirewallPolicyRuleCollectionInvalidPriority');
    await put('firewallPolicies/pol/ruleCollectionGroups/g1', group([appRule()]));
    await refused('PUT', 'firewallPolicies/pol/ruleCollectionGroups/g2', group([appRule()]), 400, 'FirewallPolicyRuleCollectionGroupDuplicatePriority');
    const c = (name: string, priority: number) => ({ ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name, priority, action: { type: 'Allow' }, rules: [appRule()] });
    await refused('PUT', 'firewallPolicies/pol/ruleCollectionGroups/g2', { properties: { priority: 300, ruleCollections: [c('a', 400), c('b', 400)] } }, 400, 'FirewallPolicyRuleCollectionDuplicatePriority');
    await refused('PUT', 'firewallPolicies/pol/ruleCollectionGroups/g2', { properties: { priority: 300, ruleCollections: [c('a', 400), c('a', 500)] } }, 400, 'FirewallPolicyRuleCollectionNameDuplicate');
    await refused('PUT', 'firewallPolicies/pol/ruleCollectionGroups/g2', { properties: { priority: 300, ruleCollections: [{ ...c('a', 400), action: undefined }] } }, 400, 'FirewallPolicyRuleCollectionActionMissing');
  });
  it('concurrent group writes on one policy are refused (429)', async () => {
    expect((await h.call('PUT', netPath(RG, 'firewallPolicies/pol/ruleCollectionGroups/g1'), group([appRule()]))).status).toBe(201);
    await refused('PUT', 'firewallPolicies/pol/ruleCollectionGroups/g2', group([appRule()], { priority: 300 }), 429, 'RetryableErrorDueToAnotherOperation');
  });
  it('application rule checks', async () => {
    const g = 'firewallPolicies/pol/ruleCollectionGroups/g';
    await refused('PUT', g, group([appRule({ fqdnTags: ['NoSuchTag'], targetFqdns: undefined })]), 400, 'FirewallPolicyRuleInvalidFqdnTag');
    await refused('PUT', g, group([appRule({ fqdnTags: ['AzureKubernetesService'] })]), 400, 'FirewallPolicyApplicationRuleInvalidTargets');
    await refused('PUT', g, group([appRule({ targetFqdns: undefined })]), 400, 'FirewallPolicyApplicationRuleMissingTarget');
    await refused('PUT', g, group([appRule({ targetFqdns: ['bad fqdn'] })]), 400, 'FirewallPolicyRuleInvalidTargetFqdn');
    await refused('PUT', g, group([appRule({ protocols: [] })]), 400, 'FirewallPolicyApplicationRuleMissingProtocols');
    await refused('PUT', g, group([appRule({ protocols: [{ protocolType: 'Https', port: 64001 }] })]), 400, 'FirewallPolicyRuleInvalidPort');
    await refused('PUT', g, group([appRule({ protocols: [{ protocolType: 'Mssql', port: 1433 }] })]), 400, 'InvalidRequestFormat');
    await refused('PUT', g, group([appRule({ sourceAddresses: [] })]), 400, 'FirewallPolicyRuleMissingSource');
    await refused('PUT', g, group([appRule({ sourceAddresses: ['10.0.0.300'] })]), 400, 'AzureFirewallRuleInvalidIpAddressOrRangeFormat');
    await refused('PUT', g, group([appRule({ terminateTLS: true })]), 400, 'FirewallPolicyHigherTierOnlyProperties');
    await refused('PUT', g, group([appRule(), netRule({ name: 'n' })]), 400, 'FirewallPolicyRuleCollectionMixedRuleTypes');
    await refused('PUT', g, group([appRule(), appRule()]), 400, 'FirewallPolicyRuleNameDuplicate');
  });
  it('network rule checks, FQDNs need DNS proxy', async () => {
    const g = 'firewallPolicies/pol/ruleCollectionGroups/g';
    await refused('PUT', g, group([netRule({ destinationAddresses: [] })]), 400, 'FirewallPolicyNetworkRuleMissingDestination');
    await refused('PUT', g, group([netRule({ destinationAddresses: ['NotATag'] })]), 400, 'AzureFirewallRuleInvalidIpAddressOrRangeFormat');
    await refused('PUT', g, group([netRule({ destinationPorts: ['70000'] })]), 400, 'FirewallPolicyRuleInvalidPort');
    await refused('PUT', g, group([netRule({ ipProtocols: [] })]), 400, 'FirewallPolicyNetworkRuleMissingProtocols');
    await refused('PUT', g, group([netRule({ destinationAddresses: [], destinationFqdns: ['ntp.ubuntu.com'] })]), 400, 'FirewallPolicyNetworkRuleFqdnRequiresDnsProxy');
    await put('firewallPolicies/pol', { location: loc, properties: { sku: { tier: 'Standard' }, dnsSettings: { enableProxy: true } } });
    await put(g, group([netRule({ destinationAddresses: ['10.0.0.0/8', '192.168.1.1-192.168.1.9'], destinationFqdns: ['ntp.ubuntu.com'] })]));
    // Turning the proxy off again would break the group's FQDN rule.
    await refused('PUT', 'firewallPolicies/pol', { location: loc, properties: { sku: { tier: 'Standard' } } }, 400, 'FirewallPolicyNetworkRuleFqdnRequiresDnsProxy');
  });
  it('Basic tier limits and policy in use', async () => {
    await refused('PUT', 'firewallPolicies/basic', { location: loc, properties: { sku: { tier: 'Basic' }, dnsSettings: { enableProxy: true } } }, 400, 'FirewallPolicyHigherTierOnlyProperties');
    await refused('PUT', 'firewallPolicies/basic', { location: loc, properties: { sku: { tier: 'Basic' }, threatIntelMode: 'Deny' } }, 400, 'FirewallPolicyHigherTierOnlyProperties');
    await put('firewallPolicies/basic', { location: loc, properties: { sku: { tier: 'Basic' } } });
    await refused('PUT', 'firewallPolicies/basic/ruleCollectionGroups/g', group([netRule({ destinationAddresses: [], destinationFqdns: ['a.com'] })]), 400, 'FirewallPolicyHigherTierOnlyProperties');
  });
});

describe('Azure firewalls', () => {
  it('subnet name and size, public IP, policy tier, Basic management configuration', async () => {
    await hubWithFirewall();
    await refused('PUT', 'azureFirewalls/fw', fwBody({}, 'small'), 400, 'AzureFirewallSubnetNameInvalid');
    await refused('PUT', 'azureFirewalls/fw', fwBody({ ipConfigurations: [] }), 400, 'AzureFirewallIpConfigurationRequired');
    await refused('PUT', 'azureFirewalls/fw', fwBody({ ipConfigurations: [{ name: 'c', properties: { subnet: { id: id('virtualNetworks/hub/subnets/AzureFirewallSubnet') } } }] }), 400, 'AzureFirewallIpConfigurationMissingPublicIp');
    await refused('PUT', 'azureFirewalls/fw', fwBody({}, 'AzureFirewallSubnet', 'nope'), 400, 'InvalidResourceReference');
    await put('firewallPolicies/prem', { location: loc, properties: { sku: { tier: 'Premium' } } });
    await refused('PUT', 'azureFirewalls/fw2', fwBody({ firewallPolicy: { id: id('firewallPolicies/prem') } }), 400, 'AzureFirewallAndPolicyTierMismatch');
    await refused('PUT', 'azureFirewalls/fw2', fwBody({ sku: { name: 'AZFW_VNet', tier: 'Basic' } }), 400, 'AzureFirewallBasicSkuRequiresManagementIpConfiguration');
    const two = fwBody();
    (two.properties.ipConfigurations as unknown[]).push({ name: 'second', properties: { subnet: { id: id('virtualNetworks/hub/subnets/AzureFirewallSubnet') }, publicIPAddress: { id: id('publicIPAddresses/fw-pip') } } });
    await refused('PUT', 'azureFirewalls/fw2', two, 400, 'AzureFirewallMultipleSubnetReferences');
  });
  it('a /27 AzureFirewallSubnet is too small', async () => {
    await put('virtualNetworks/hub', vnet('10.100.0.0/24', [{ name: 'AzureFirewallSubnet', addressPrefix: '10.100.0.0/27' }]));
    await put('publicIPAddresses/fw-pip', stdPip);
    await put('firewallPolicies/pol', { location: loc });
    await refused('PUT', 'azureFirewalls/fw', fwBody(), 400, 'AzureFirewallSubnetTooSmall');
  });
  it('Basic with its management configuration; the subnet and public IPs are in use until the firewall is gone', async () => {
    await hubWithFirewall('Basic');
    await put('publicIPAddresses/mgmt-pip', stdPip);
    const body = fwBody({
      sku: { name: 'AZFW_VNet', tier: 'Basic' },
      managementIpConfiguration: { name: 'mgmt', properties: { subnet: { id: id('virtualNetworks/hub/subnets/AzureFirewallManagementSubnet') }, publicIPAddress: { id: id('publicIPAddresses/mgmt-pip') } } },
    });
    const fw = await put('azureFirewalls/fw', body);
    expect(fw.properties.provisioningState).toBe('Updating');
    h.clock.advance(400);
    const got = (await h.call('GET', netPath(RG, 'azureFirewalls/fw'))).body.properties;
    expect(got.ipConfigurations[0].properties.privateIPAddress).toBe('10.100.0.4');
    expect(got.managementIpConfiguration.properties.privateIPAddress).toBe('10.100.0.68');
    await refused('DELETE', 'virtualNetworks/hub/subnets/AzureFirewallSubnet', undefined, 400, 'InUseSubnetCannotBeDeleted');
    await refused('DELETE', 'publicIPAddresses/mgmt-pip', undefined, 400, 'PublicIPAddressCannotBeDeleted');
    await refused('DELETE', 'firewallPolicies/pol', undefined, 400, 'InUseFirewallPolicyCannotBeDeleted');
    await refused('PUT', 'azureFirewalls/fw', { ...body, properties: { ...body.properties, sku: { name: 'AZFW_VNet', tier: 'Standard' } } }, 400, 'AzureFirewallSkuTierCannotBeChanged');
    expect((await h.call('DELETE', netPath(RG, 'azureFirewalls/fw'))).status).toBe(202);
    h.clock.advance(400);
    expect((await h.call('DELETE', netPath(RG, 'publicIPAddresses/mgmt-pip'))).status).toBe(202);
    expect((await h.call('DELETE', netPath(RG, 'firewallPolicies/pol'))).status).toBe(202);
  });
});
