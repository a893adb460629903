// Refusals of the Microsoft.Network egress types (public IPs, NAT gateways, firewall policies and their rule
// collection groups, Azure firewalls) not exercised elsewhere: one request each, over ArmSimulator.handle,
// asserting status, code and a distinctive part of the message (codes and sources in SPEC.md).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudState } from '../../src/simulator/state.js';
import { netPath, SUB, type Harness } from './helpers.js';
import { putNetwork, withGroup } from './refusal-helpers.js';

const RG = 'rg1';
const loc = 'eastus';
const id = (rest: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/${rest}`;
const stdPip = { location: loc, sku: { name: 'Standard' }, properties: { publicIPAllocationMethod: 'Static' } };

const ready = (): Promise<Harness> => withGroup(RG, loc);

/** A PUT that must be accepted. */
const put = (h: Harness, rest: string, body: unknown, api?: string): Promise<void> => putNetwork(h, RG, rest, body, api);

/** A request that must be refused with `status` and `code`; returns the message. */
async function refused(h: Harness, rest: string, body: unknown, status: number, code: string): Promise<string> {
  const r = await h.call('PUT', netPath(RG, rest), body);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  return r.body.error.message as string;
}

/**
 * New Basic public IPs are refused (the SKU is retired), so a Basic one can only be an address created before
 * the retirement: the state is edited to stand in for it.
 */
async function basicPip(h: Harness, name: string): Promise<string> {
  await put(h, `publicIPAddresses/${name}`, stdPip);
  const file = path.join(h.dir, 'cloud.json');
  const state = JSON.parse(await readFile(file, 'utf8')) as CloudState;
  const rec = state.resources[id(`publicIPAddresses/${name}`).toLowerCase()];
  rec.sku = { name: 'Basic', tier: 'Regional' };
  rec.properties.publicIPAllocationMethod = 'Dynamic';
  delete rec.properties.ipAddress;
  await writeFile(file, JSON.stringify(state));
  return id(`publicIPAddresses/${name}`);
}

describe('public IP addresses', () => {
  it('PublicIPAddressPoolExhausted once the 762 documentation-range addresses are assigned', async () => {
    const h = await ready();
    await put(h, 'publicIPAddresses/p0', stdPip);
    // 761 more PUTs would rewrite an ever larger cloud.json (half a minute); copies of the first address's
    // record holding the rest of the range (RFC 5737: 3 x 254 addresses) leave the same state.
    const file = path.join(h.dir, 'cloud.json');
    const state = JSON.parse(await readFile(file, 'utf8')) as CloudState;
    const first = state.resources[id('publicIPAddresses/p0').toLowerCase()];
    expect(first.properties.ipAddress).toBe('203.0.113.1');
    const addresses = ['203.0.113', '198.51.100', '192.0.2'].flatMap((r) => Array.from({ length: 254 }, (_, i) => `${r}.${i + 1}`));
    addresses.slice(1).forEach((ipAddress, i) => {
      const rid = id(`publicIPAddresses/p${i + 1}`);
      state.resources[rid.toLowerCase()] = { ...first, id: rid, name: `p${i + 1}`, properties: { ...first.properties, ipAddress } };
    });
    await writeFile(file, JSON.stringify(state));
    const msg = await refused(h, 'publicIPAddresses/one-too-many', stdPip, 400, 'PublicIPAddressPoolExhausted');
    expect(msg).toContain('762 in use');
  });
});

describe('NAT gateways', () => {
  it('DuplicateResourceReference: one public IP listed twice', async () => {
    const h = await ready();
    await put(h, 'publicIPAddresses/p', stdPip);
    const pip = { id: id('publicIPAddresses/p') };
    const msg = await refused(h, 'natGateways/nat', { location: loc, properties: { publicIpAddresses: [pip, pip] } }, 400, 'DuplicateResourceReference');
    expect(msg).toContain(`references public IP address ${pip.id} twice`);
  });

  it('PublicIpWithBasicSkuNotAllowedOnNatGateway: a Basic public IP', async () => {
    const h = await ready();
    const pip = await basicPip(h, 'old');
    const msg = await refused(h, 'natGateways/nat', { location: loc, properties: { publicIpAddresses: [{ id: pip }] } }, 400, 'PublicIpWithBasicSkuNotAllowedOnNatGateway');
    expect(msg).toContain('must be Standard SKU with Static allocation');
  });
});

describe('firewall policies', () => {
  it('FirewallPolicyInvalidDnsServer: a DNS server that is not an IP address', async () => {
    const h = await ready();
    const msg = await refused(h, 'firewallPolicies/pol', { location: loc, properties: { sku: { tier: 'Standard' }, dnsSettings: { servers: ['dns.example.com'] } } }, 400, 'FirewallPolicyInvalidDnsServer');
    expect(msg).toContain('DNS server dns.example.com');
  });
});

describe('firewall policy rule collection groups', () => {
  const appRule = (extra: Record<string, unknown> = {}) => ({ ruleType: 'ApplicationRule', name: 'r1', sourceAddresses: ['10.0.0.0/16'], protocols: [{ protocolType: 'Https', port: 443 }], targetFqdns: ['example.com'], ...extra });
  const collection = (extra: Record<string, unknown>) => ({ ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: 'c1', priority: 300, action: { type: 'Allow' }, rules: [appRule()], ...extra });
  const group = (c: Record<string, unknown>) => ({ properties: { priority: 200, ruleCollections: [c] } });
  async function withPolicy(): Promise<Harness> {
    const h = await ready();
    await put(h, 'firewallPolicies/pol', { location: loc, properties: { sku: { tier: 'Standard' } } });
    return h;
  }

  it('FirewallPolicyRuleCollectionGroupLimitReached: the 101st group of a policy', async () => {
    const h = await withPolicy();
    for (let i = 0; i < 100; i++) await put(h, `firewallPolicies/pol/ruleCollectionGroups/g${i}`, { properties: { priority: 100 + i } });
    const msg = await refused(h, 'firewallPolicies/pol/ruleCollectionGroups/g100', { properties: { priority: 1000 } }, 400, 'FirewallPolicyRuleCollectionGroupLimitReached');
    expect(msg).toContain('already has 100 rule collection groups');
  });

  it('FirewallPolicyRuleCollectionNameMissing: a collection without a name', async () => {
    const h = await withPolicy();
    const msg = await refused(h, 'firewallPolicies/pol/ruleCollectionGroups/g', group(collection({ name: undefined })), 400, 'FirewallPolicyRuleCollectionNameMissing');
    expect(msg).toContain('has no name');
  });

  it('FirewallPolicyRuleNameMissing: a rule without a name', async () => {
    const h = await withPolicy();
    const msg = await refused(h, 'firewallPolicies/pol/ruleCollectionGroups/g', group(collection({ rules: [appRule({ name: undefined })] })), 400, 'FirewallPolicyRuleNameMissing');
    expect(msg).toContain('A rule of rule collection c1 has no name');
  });

  it('FirewallPolicyRuleCollectionInvalidRuleType: a NAT rule in a filter collection', async () => {
    const h = await withPolicy();
    const msg = await refused(h, 'firewallPolicies/pol/ruleCollectionGroups/g', group(collection({ rules: [{ ruleType: 'NatRule', name: 'dnat' }] })), 400, 'FirewallPolicyRuleCollectionInvalidRuleType');
    expect(msg).toContain('cannot hold NAT rule dnat');
  });
});

describe('Azure firewalls', () => {
  const subnet = (vnet: string, name: string) => ({ id: id(`virtualNetworks/${vnet}/subnets/${name}`) });
  const pipRef = (name: string) => ({ id: id(`publicIPAddresses/${name}`) });
  const fwBody = (properties: Record<string, unknown>) => ({
    location: loc,
    properties: { sku: { name: 'AZFW_VNet', tier: 'Standard' }, ipConfigurations: [{ name: 'ipconfig', properties: { subnet: subnet('hub', 'AzureFirewallSubnet'), publicIPAddress: pipRef('fw-pip') } }], ...properties },
  });
  const hubVnet = (space: string) => ({
    location: loc,
    properties: {
      addressSpace: { addressPrefixes: [space] },
      subnets: [
        { name: 'AzureFirewallSubnet', properties: { addressPrefix: space.replace('/24', '/26') } },
        { name: 'AzureFirewallManagementSubnet', properties: { addressPrefix: space.replace('.0/24', '.64/26') } },
      ],
    },
  });
  async function withHub(): Promise<Harness> {
    const h = await ready();
    await put(h, 'virtualNetworks/hub', hubVnet('10.100.0.0/24'));
    await put(h, 'publicIPAddresses/fw-pip', stdPip);
    return h;
  }

  it('AzureFirewallPublicIpMustBeStandardSku: a Basic public IP', async () => {
    const h = await withHub();
    const pip = await basicPip(h, 'old');
    const body = fwBody({ ipConfigurations: [{ name: 'ipconfig', properties: { subnet: subnet('hub', 'AzureFirewallSubnet'), publicIPAddress: { id: pip } } }] });
    const msg = await refused(h, 'azureFirewalls/fw', body, 400, 'AzureFirewallPublicIpMustBeStandardSku');
    expect(msg).toContain(`Public IP address ${pip} used by Azure Firewall`);
  });

  it('AzureFirewallIpConfigurationMissingSubnet: no ipConfiguration, or a managementIpConfiguration, without a subnet', async () => {
    const h = await withHub();
    const noSubnet = fwBody({ ipConfigurations: [{ name: 'ipconfig', properties: { publicIPAddress: pipRef('fw-pip') } }] });
    expect(await refused(h, 'azureFirewalls/fw', noSubnet, 400, 'AzureFirewallIpConfigurationMissingSubnet')).toContain("must reference the subnet 'AzureFirewallSubnet'");
    await put(h, 'publicIPAddresses/mgmt-pip', stdPip);
    const mgmt = fwBody({ managementIpConfiguration: { name: 'mgmt', properties: { publicIPAddress: pipRef('mgmt-pip') } } });
    expect(await refused(h, 'azureFirewalls/fw', mgmt, 400, 'AzureFirewallIpConfigurationMissingSubnet')).toContain("The managementIpConfiguration of Azure Firewall");
  });

  it('DuplicateResourceReference: one public IP on two ipConfigurations', async () => {
    const h = await withHub();
    const body = fwBody({
      ipConfigurations: [
        { name: 'ipconfig', properties: { subnet: subnet('hub', 'AzureFirewallSubnet'), publicIPAddress: pipRef('fw-pip') } },
        { name: 'second', properties: { publicIPAddress: pipRef('fw-pip') } },
      ],
    });
    const msg = await refused(h, 'azureFirewalls/fw', body, 400, 'DuplicateResourceReference');
    expect(msg).toContain(`references public IP address ${id('publicIPAddresses/fw-pip')} twice`);
  });

  it('AzureFirewallManagementSubnetInOtherVirtualNetwork: the management subnet of another VNet', async () => {
    const h = await withHub();
    await put(h, 'virtualNetworks/hub2', hubVnet('10.101.0.0/24'));
    await put(h, 'publicIPAddresses/mgmt-pip', stdPip);
    const body = fwBody({ managementIpConfiguration: { name: 'mgmt', properties: { subnet: subnet('hub2', 'AzureFirewallManagementSubnet'), publicIPAddress: pipRef('mgmt-pip') } } });
    const msg = await refused(h, 'azureFirewalls/fw', body, 400, 'AzureFirewallManagementSubnetInOtherVirtualNetwork');
    expect(msg).toContain('must be in the same virtual network');
  });

  it('AzureFirewallCannotChangeSubnet: an update that moves the firewall to another VNet', async () => {
    const h = await withHub();
    await put(h, 'virtualNetworks/hub2', hubVnet('10.101.0.0/24'));
    await put(h, 'azureFirewalls/fw', fwBody({}));
    const moved = fwBody({ ipConfigurations: [{ name: 'ipconfig', properties: { subnet: subnet('hub2', 'AzureFirewallSubnet'), publicIPAddress: pipRef('fw-pip') } }] });
    const msg = await refused(h, 'azureFirewalls/fw', moved, 400, 'AzureFirewallCannotChangeSubnet');
    expect(msg).toContain(`cannot be changed from ${subnet('hub', 'AzureFirewallSubnet').id}`);
  });
});
