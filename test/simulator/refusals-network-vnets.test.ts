// Refusals of virtual networks, subnets (service endpoints, policies, delegations), network interfaces,
// security rules, service endpoint policies and route tables not exercised elsewhere: one request each, over
// ArmSimulator.handle, asserting status, code and a distinctive part of the message (codes and sources in SPEC.md).
import { describe, expect, it } from 'vitest';
import { netPath, SUB, vnetBody, type Harness } from './helpers.js';
import { putNetwork, withGroup } from './refusal-helpers.js';

const RG = 'rg1';
const loc = 'eastus';
const id = (rest: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/${rest}`;
const subnetRef = (name: string, vnet = 'vnet1') => ({ id: id(`virtualNetworks/${vnet}/subnets/${name}`) });

const ready = (): Promise<Harness> => withGroup(RG, loc);

/** A PUT that must be accepted. */
const put = (h: Harness, rest: string, body: unknown, api?: string): Promise<void> => putNetwork(h, RG, rest, body, api);

/** A PUT that must be refused with 400 and `code`; returns the message. */
async function refused(h: Harness, rest: string, body: unknown, code: string): Promise<string> {
  const r = await h.call('PUT', netPath(RG, rest), body);
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe(code);
  return r.body.error.message as string;
}

/** vnet1 (10.0.0.0/16) with the given subnets. */
async function withVnet(subnets: { name: string; prefix: string }[] = [{ name: 's1', prefix: '10.0.1.0/24' }]): Promise<Harness> {
  const h = await ready();
  await put(h, 'virtualNetworks/vnet1', vnetBody(subnets));
  return h;
}

describe('virtual networks', () => {
  const vnet = (properties: Record<string, unknown>) => ({ location: loc, properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, ...properties } });

  it('InvalidAddressSpace: no address prefix', async () => {
    const h = await ready();
    const msg = await refused(h, 'virtualNetworks/vnet1', vnet({ addressSpace: { addressPrefixes: [] } }), 'InvalidAddressSpace');
    expect(msg).toContain('must have at least one address prefix');
  });

  it('InvalidDnsServerAddress: a DNS server that is not an IP address', async () => {
    const h = await ready();
    const msg = await refused(h, 'virtualNetworks/vnet1', vnet({ dhcpOptions: { dnsServers: ['10.0.0.4', 'dns.internal'] } }), 'InvalidDnsServerAddress');
    expect(msg).toContain('DNS server address dns.internal');
  });

  it('InvalidFlowTimeoutInMinutes: outside 4-30', async () => {
    const h = await ready();
    expect(await refused(h, 'virtualNetworks/vnet1', vnet({ flowTimeoutInMinutes: 3 }), 'InvalidFlowTimeoutInMinutes')).toContain('must be between 4 and 30');
    expect(await refused(h, 'virtualNetworks/vnet1', vnet({ flowTimeoutInMinutes: 31 }), 'InvalidFlowTimeoutInMinutes')).toContain('FlowTimeoutInMinutes 31');
  });

  it('InUseSubnetCannotBeUpdated: a new prefix for a subnet a NIC uses (VNet PUT and subnet PUT)', async () => {
    const h = await withVnet();
    await put(h, 'networkInterfaces/nic1', { location: loc, properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: subnetRef('s1') } }] } });
    const msg = await refused(h, 'virtualNetworks/vnet1', vnetBody([{ name: 's1', prefix: '10.0.2.0/24' }]), 'InUseSubnetCannotBeUpdated');
    expect(msg).toBe('Subnet s1 is in use and its address prefix cannot be updated.');
    await refused(h, 'virtualNetworks/vnet1/subnets/s1', { properties: { addressPrefix: '10.0.1.0/25' } }, 'InUseSubnetCannotBeUpdated');
  });
});

describe('subnets', () => {
  it('NoAddressPrefixOrPoolProvided: neither addressPrefix nor addressPrefixes', async () => {
    const h = await withVnet();
    const msg = await refused(h, 'virtualNetworks/vnet1/subnets/s2', { properties: {} }, 'NoAddressPrefixOrPoolProvided');
    expect(msg).toContain(`No address prefix or IPAM pool is provided for subnet ${subnetRef('s2').id}`);
  });

  it('InvalidServiceNameOnServiceEndpoint: an unknown service', async () => {
    const h = await withVnet();
    const msg = await refused(h, 'virtualNetworks/vnet1/subnets/s2', { properties: { addressPrefix: '10.0.2.0/24', serviceEndpoints: [{ service: 'Microsoft.Nonsense' }] } }, 'InvalidServiceNameOnServiceEndpoint');
    expect(msg).toContain('Service name Microsoft.Nonsense on service endpoint is invalid');
  });

  it('DuplicateServiceEndpointsOnSubnet: one service twice (case-insensitively)', async () => {
    const h = await withVnet();
    const body = { properties: { addressPrefix: '10.0.2.0/24', serviceEndpoints: [{ service: 'Microsoft.Storage' }, { service: 'microsoft.storage' }] } };
    const msg = await refused(h, 'virtualNetworks/vnet1/subnets/s2', body, 'DuplicateServiceEndpointsOnSubnet');
    expect(msg).toContain('duplicate service endpoint Microsoft.Storage');
  });

  it('DuplicateServiceEndpointPolicyOnSubnet: one policy twice', async () => {
    const h = await withVnet();
    await put(h, 'serviceEndpointPolicies/sep1', { location: loc, properties: { serviceEndpointPolicyDefinitions: [{ name: 'aml', properties: { service: 'Global', serviceResources: ['/services/Azure/MachineLearning'] } }] } });
    const sep = { id: id('serviceEndpointPolicies/sep1') };
    const body = { properties: { addressPrefix: '10.0.2.0/24', serviceEndpoints: [{ service: 'Microsoft.Storage' }], serviceEndpointPolicies: [sep, sep] } };
    const msg = await refused(h, 'virtualNetworks/vnet1/subnets/s2', body, 'DuplicateServiceEndpointPolicyOnSubnet');
    expect(msg).toContain(`references service endpoint policy ${sep.id} twice`);
  });

  it('InvalidServiceNameOnDelegation: a service name that is not Namespace/type', async () => {
    const h = await withVnet();
    const body = { properties: { addressPrefix: '10.0.2.0/24', delegations: [{ name: 'd1', properties: { serviceName: 'NotAService' } }] } };
    const msg = await refused(h, 'virtualNetworks/vnet1/subnets/s2', body, 'InvalidServiceNameOnDelegation');
    expect(msg).toContain("Delegation d1 on subnet");
    expect(msg).toContain("invalid service name 'NotAService'");
  });
});

describe('network interfaces', () => {
  const ipConfig = (name: string, properties: Record<string, unknown> = { subnet: subnetRef('s1') }) => ({ name, properties });
  const nic = (configs: unknown[]) => ({ location: loc, properties: { ipConfigurations: configs } });

  it('NetworkInterfaceMustHaveIpConfiguration: no ipConfigurations', async () => {
    const h = await withVnet();
    const msg = await refused(h, 'networkInterfaces/nic1', nic([]), 'NetworkInterfaceMustHaveIpConfiguration');
    expect(msg).toContain('must have at least one IP configuration');
  });

  it('SubnetRequiredForIpConfiguration: an ipConfiguration without a subnet', async () => {
    const h = await withVnet();
    const msg = await refused(h, 'networkInterfaces/nic1', nic([ipConfig('ipconfig1', {})]), 'SubnetRequiredForIpConfiguration');
    expect(msg).toContain('/networkInterfaces/nic1/ipConfigurations/ipconfig1 must reference a subnet');
  });

  it('MultiplePrimaryIpConfigurations: two primaries', async () => {
    const h = await withVnet();
    const msg = await refused(h, 'networkInterfaces/nic1', nic([ipConfig('a', { subnet: subnetRef('s1'), primary: true }), ipConfig('b', { subnet: subnetRef('s1'), primary: true })]), 'MultiplePrimaryIpConfigurations');
    expect(msg).toContain('more than one primary IP configuration');
  });

  it('InvalidPrivateIPAddress: a static address that is not an IPv4 address', async () => {
    const h = await withVnet();
    const msg = await refused(h, 'networkInterfaces/nic1', nic([ipConfig('ipconfig1', { subnet: subnetRef('s1'), privateIPAllocationMethod: 'Static', privateIPAddress: '10.0.1.300' })]), 'InvalidPrivateIPAddress');
    expect(msg).toContain("invalid private IP address '10.0.1.300'");
  });

  it('SubnetHasNoIPv4Prefix: a dynamic address in an IPv6-only subnet', async () => {
    const h = await ready();
    await put(h, 'virtualNetworks/vnet1', vnetBody([{ name: 'v6', prefix: 'fd00:db8:0:1::/64' }], ['10.0.0.0/16', 'fd00:db8::/48']));
    const msg = await refused(h, 'networkInterfaces/nic1', nic([ipConfig('ipconfig1', { subnet: subnetRef('v6') })]), 'SubnetHasNoIPv4Prefix');
    expect(msg).toContain('has no IPv4 address prefix');
  });

  it('SubnetIsFull: a /29 has three usable addresses', async () => {
    const h = await withVnet([{ name: 'tiny', prefix: '10.0.1.0/29' }]);
    const four = ['a', 'b', 'c', 'd'].map((n) => ipConfig(n, { subnet: subnetRef('tiny') }));
    const msg = await refused(h, 'networkInterfaces/nic1', nic(four), 'SubnetIsFull');
    expect(msg).toBe('Subnet tiny with address prefix 10.0.1.0/29 does not have enough capacity for 1 IP addresses.');
    await put(h, 'networkInterfaces/nic1', nic(four.slice(0, 3)));
  });
});

describe('network security groups', () => {
  it('SecurityRuleDescriptionTooLong: a description over 140 characters', async () => {
    const h = await ready();
    const rule = {
      name: 'allow-https',
      properties: { description: 'x'.repeat(141), protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: '*', destinationAddressPrefix: '*', access: 'Allow', priority: 100, direction: 'Outbound' },
    };
    const msg = await refused(h, 'networkSecurityGroups/nsg1', { location: loc, properties: { securityRules: [rule] } }, 'SecurityRuleDescriptionTooLong');
    expect(msg).toContain('/securityRules/allow-https description exceeds 140 characters');
  });
});

describe('service endpoint policies', () => {
  const sep = (properties: Record<string, unknown>) => ({ location: loc, properties: { serviceEndpointPolicyDefinitions: [{ name: 'aml', properties: { service: 'Global', ...properties } }] } });

  it('ServiceEndpointPolicyDefinitionDescriptionTooLong: a description over 140 characters', async () => {
    const h = await ready();
    const msg = await refused(h, 'serviceEndpointPolicies/sep1', sep({ description: 'x'.repeat(141), serviceResources: ['/services/Azure/MachineLearning'] }), 'ServiceEndpointPolicyDefinitionDescriptionTooLong');
    expect(msg).toContain('/serviceEndpointPolicyDefinitions/aml exceeds 140 characters');
  });

  it('ServiceResourcesRequired: a definition without service resources (inline and as a child)', async () => {
    const h = await ready();
    expect(await refused(h, 'serviceEndpointPolicies/sep1', sep({ serviceResources: [] }), 'ServiceResourcesRequired')).toContain('must list at least one service resource');
    await put(h, 'serviceEndpointPolicies/sep1', { location: loc });
    await refused(h, 'serviceEndpointPolicies/sep1/serviceEndpointPolicyDefinitions/aml', { properties: { service: 'Global' } }, 'ServiceResourcesRequired');
  });

  it('DuplicateServiceResource: one resource listed twice', async () => {
    const h = await ready();
    const msg = await refused(h, 'serviceEndpointPolicies/sep1', sep({ serviceResources: ['/services/Azure/MachineLearning', '/services/azure/machinelearning'] }), 'DuplicateServiceResource');
    expect(msg).toContain('lists a service resource twice');
  });
});

describe('route tables', () => {
  it('MissingRouteProperties: a route without properties (inline and as a child)', async () => {
    const h = await ready();
    const msg = await refused(h, 'routeTables/rt1', { location: loc, properties: { routes: [{ name: 'default' }] } }, 'MissingRouteProperties');
    expect(msg).toContain('/routeTables/rt1/routes/default has no properties; nextHopType is required');
    await put(h, 'routeTables/rt1', { location: loc });
    await refused(h, 'routeTables/rt1/routes/default', {}, 'MissingRouteProperties');
  });
});
