// Network security groups and security rules: default rules, rule validation, the securityRules child
// resource, and the in-use guard.
import { describe, expect, it } from 'vitest';
import { SUB, createGroup, harness, netPath, rel, vnetBody, type Harness } from './helpers.js';

const nsgId = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/nsg1`;

const rule = (name: string, props: Record<string, unknown> = {}) => ({
  name,
  properties: {
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: '443',
    sourceAddressPrefix: 'VirtualNetwork',
    destinationAddressPrefix: 'AzureMachineLearning',
    access: 'Allow',
    priority: 100,
    direction: 'Outbound',
    ...props,
  },
});

async function ready(): Promise<Harness> {
  const h = await harness();
  await createGroup(h);
  return h;
}

const putNsg = (h: Harness, rules: unknown[]) => h.call('PUT', netPath('rg1', 'networkSecurityGroups/nsg1'), { location: 'eastus', properties: { securityRules: rules } });

describe('network security groups', () => {
  it('creates an NSG with rules, the six default rules and an LRO', async () => {
    const h = await ready();
    const r = await putNsg(h, [rule('allow-aml'), rule('deny-all', { access: 'Deny', priority: 4096, protocol: '*', destinationPortRange: '*', destinationAddressPrefix: '*' })]);
    expect(r.status).toBe(201);
    expect(r.headers['azure-asyncoperation']).toContain('/operations/');
    h.clock.advance(8);
    const nsg = (await h.call('GET', netPath('rg1', 'networkSecurityGroups/nsg1'))).body;
    expect(nsg.properties.provisioningState).toBe('Succeeded');
    expect(nsg.properties.resourceGuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(nsg.properties.securityRules).toHaveLength(2);
    expect(nsg.properties.securityRules[0]).toMatchObject({
      name: 'allow-aml',
      id: `${nsgId}/securityRules/allow-aml`,
      type: 'Microsoft.Network/networkSecurityGroups/securityRules',
      properties: { provisioningState: 'Succeeded', protocol: 'Tcp', destinationPortRange: '443', priority: 100, direction: 'Outbound' },
    });
    const defaults = nsg.properties.defaultSecurityRules;
    expect(defaults.map((d: { name: string }) => d.name)).toEqual([
      'AllowVnetInBound', 'AllowAzureLoadBalancerInBound', 'DenyAllInBound', 'AllowVnetOutBound', 'AllowInternetOutBound', 'DenyAllOutBound',
    ]);
    expect(defaults.map((d: { properties: { priority: number } }) => d.properties.priority)).toEqual([65000, 65001, 65500, 65000, 65001, 65500]);
    expect(defaults[0].id).toBe(`${nsgId}/defaultSecurityRules/AllowVnetInBound`);
  });

  it('validates rules with Azure codes', async () => {
    const h = await ready();
    const conflict = await putNsg(h, [rule('a'), rule('b', { destinationPortRange: '80' })]);
    expect(conflict.status).toBe(400);
    expect(conflict.body.error.code).toBe('SecurityRuleConflict');
    expect(conflict.body.error.message).toBe('Security rule a conflicts with rule b. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.');
    expect((await putNsg(h, [rule('a'), rule('b', { direction: 'Inbound' })])).status).toBe(201);
    h.clock.advance(60);

    expect((await putNsg(h, [rule('a', { priority: 99 })])).body.error.code).toBe('SecurityRuleInvalidPriority');
    expect((await putNsg(h, [rule('a', { priority: 4097 })])).body.error.code).toBe('SecurityRuleInvalidPriority');
    expect((await putNsg(h, [rule('a', { priority: 100.5 })])).body.error.code).toBe('InvalidRequestFormat');
    expect((await putNsg(h, [rule('a', { destinationPortRange: '70000' })])).body.error.code).toBe('SecurityRuleInvalidPortRange');
    expect((await putNsg(h, [rule('a', { destinationPortRange: '443-80' })])).body.error.code).toBe('SecurityRuleInvalidPortRange');
    expect((await putNsg(h, [rule('a', { destinationPortRange: undefined, destinationPortRanges: ['80', 'x'] })])).body.error.code).toBe('SecurityRuleInvalidPortRange');
    expect((await putNsg(h, [rule('a', { destinationPortRanges: ['80'] })])).body.error.code).toBe('SecurityRuleParameterContainsUnsupportedValue');
    expect((await putNsg(h, [rule('a', { sourceAddressPrefixes: ['10.0.0.0/8'] })])).body.error.code).toBe('SecurityRuleParameterContainsUnsupportedValue');
    expect((await putNsg(h, [rule('a', { sourceAddressPrefix: undefined, sourceAddressPrefixes: ['Storage'] })])).body.error.code).toBe('SecurityRuleParameterContainsUnsupportedValue');
    expect((await putNsg(h, [rule('a', { destinationAddressPrefix: 'NotATag' })])).body.error.code).toBe('SecurityRuleInvalidAddressPrefix');
    expect((await putNsg(h, [rule('a', { protocol: 'TCPX' })])).body.error.code).toBe('InvalidRequestFormat');
    expect((await putNsg(h, [rule('a', { destinationAddressPrefix: 'Storage.EastUS', destinationPortRange: undefined, destinationPortRanges: ['443', '445'] })])).status).toBe(200);
    h.clock.advance(60);

    const missing = await putNsg(h, [{ name: 'a', properties: { protocol: 'Tcp', access: 'Allow', direction: 'Inbound', sourcePortRange: '*', destinationPortRange: '*', sourceAddressPrefix: '*', destinationAddressPrefix: '*' } }]);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('InvalidRequestFormat');
    expect(missing.body.error.details[0].message).toBe("Required property 'priority' not found in JSON. Path 'properties.securityRules[0].properties'.");
    expect((await putNsg(h, [rule('dup'), rule('dup', { priority: 200 })])).body.error.code).toBe('DuplicateResourceName');
  });

  it('securityRules child resource: PUT/GET/list/DELETE, reflected in the NSG body', async () => {
    const h = await ready();
    await putNsg(h, [rule('a')]);
    h.clock.advance(8);
    const conflict = await h.call('PUT', netPath('rg1', 'networkSecurityGroups/nsg1/securityRules/b'), rule('b'));
    expect(conflict.body.error.code).toBe('SecurityRuleConflict');
    const put = await h.call('PUT', netPath('rg1', 'networkSecurityGroups/nsg1/securityRules/b'), { properties: rule('b', { priority: 200 }).properties });
    expect(put.status).toBe(201);
    expect(put.body.properties.provisioningState).toBe('Updating');
    // Writes to one NSG are serialised too.
    expect((await h.call('PUT', netPath('rg1', 'networkSecurityGroups/nsg1/securityRules/c'), rule('c', { priority: 300 }))).status).toBe(429);
    h.clock.advance(5);
    expect((await h.call('GET', rel(put.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
    expect((await h.call('GET', netPath('rg1', 'networkSecurityGroups/nsg1/securityRules/b'))).body.properties.priority).toBe(200);
    expect((await h.call('GET', netPath('rg1', 'networkSecurityGroups/nsg1/securityRules'))).body.value).toHaveLength(2);
    const nsg = (await h.call('GET', netPath('rg1', 'networkSecurityGroups/nsg1'))).body;
    expect(nsg.properties.securityRules.map((r: { name: string }) => r.name)).toEqual(['a', 'b']);
    expect((await h.call('GET', netPath('rg1', 'networkSecurityGroups/nsg1/defaultSecurityRules/DenyAllOutBound'))).body.properties.priority).toBe(65500);

    const del = await h.call('DELETE', netPath('rg1', 'networkSecurityGroups/nsg1/securityRules/a'));
    expect(del.status).toBe(202);
    h.clock.advance(5);
    expect((await h.call('GET', netPath('rg1', 'networkSecurityGroups/nsg1/securityRules/a'))).body.error.code).toBe('NotFound');
    expect((await h.call('GET', netPath('rg1', 'networkSecurityGroups/nsg1'))).body.properties.securityRules).toHaveLength(1);
    expect((await h.call('GET', netPath('rg1', 'networkSecurityGroups/ghost/securityRules/a'))).body.error.code).toBe('ParentResourceNotFound');
  });

  it('refuses to delete an NSG associated with a subnet (InUseNetworkSecurityGroupCannotBeDeleted)', async () => {
    const h = await ready();
    await putNsg(h, []);
    h.clock.advance(8);
    await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 's', prefix: '10.0.0.0/24', nsg: nsgId }]));
    h.clock.advance(8);
    const del = await h.call('DELETE', netPath('rg1', 'networkSecurityGroups/nsg1'));
    expect(del.status).toBe(400);
    expect(del.body.error.code).toBe('InUseNetworkSecurityGroupCannotBeDeleted');
    expect(del.body.error.message).toContain('/virtualNetworks/vnet1/subnets/s');
    // Dissociate, then the delete goes through.
    await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/s'), { properties: { addressPrefix: '10.0.0.0/24' } });
    h.clock.advance(8);
    const ok = await h.call('DELETE', netPath('rg1', 'networkSecurityGroups/nsg1'));
    expect(ok.status).toBe(202);
    h.clock.advance(10);
    expect((await h.call('GET', rel(ok.headers.location))).status).toBe(204);
  });
});
