// Service endpoint policies: definitions (storage resources that exist, known Global aliases, one per
// service), the child definition resource, subnets referencing policies (region, storage service
// endpoint), back-references and the in-use delete guard.
import { describe, expect, it } from 'vitest';
import { SUB, createGroup, harness, netPath, rel, type Harness } from './helpers.js';
import { createStorage, resourceId } from './seed.js';

const sepId = (name: string, rg = 'rg1') => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/serviceEndpointPolicies/${name}`;
const storageDef = (resources: string[], name = 'storage') => ({ name, properties: { service: 'Microsoft.Storage', serviceResources: resources } });
const globalDef = (aliases: string[], name = 'aml') => ({ name, properties: { service: 'Global', serviceResources: aliases } });
const sepBody = (defs: unknown[], location = 'eastus') => ({ location, properties: { serviceEndpointPolicyDefinitions: defs } });
const subnetBody = (policy: string | undefined, endpoints: string[] = ['Microsoft.Storage'], prefix = '10.0.1.0/24') => ({
  properties: {
    addressPrefix: prefix,
    serviceEndpoints: endpoints.map((service) => ({ service })),
    ...(policy ? { serviceEndpointPolicies: [{ id: policy }] } : {}),
  },
});

async function ready(): Promise<{ h: Harness; storage: string }> {
  const h = await harness();
  await createGroup(h);
  await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } });
  h.clock.advance(8);
  const storage = await createStorage(h, 'sepstore');
  return { h, storage };
}

describe('service endpoint policies', () => {
  it('creates a policy with a storage account and the Azure ML alias, attaches it to a subnet with the storage endpoint', async () => {
    const { h, storage } = await ready();
    const put = await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/sep1'), sepBody([storageDef([storage, `/subscriptions/${SUB}/resourceGroups/rg1`]), globalDef(['/services/Azure/MachineLearning'])]));
    expect(put.status).toBe(201);
    expect(put.body.properties.provisioningState).toBe('Updating');
    expect(put.headers['azure-asyncoperation']).toBeDefined();
    h.clock.advance(10); // serviceEndpointPolicies create median
    expect((await h.call('GET', rel(put.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
    const sep = (await h.call('GET', netPath('rg1', 'serviceEndpointPolicies/sep1'))).body;
    expect(sep.properties.serviceEndpointPolicyDefinitions.map((d: { name: string; properties: { service: string } }) => [d.name, d.properties.service])).toEqual([
      ['storage', 'Microsoft.Storage'],
      ['aml', 'Global'],
    ]);
    expect(sep.properties.subnets).toEqual([]);

    const attach = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/training'), subnetBody(sepId('sep1')));
    expect(attach.status).toBe(201);
    h.clock.advance(8);
    const subnet = (await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1/subnets/training'))).body;
    expect(subnet.properties.serviceEndpointPolicies).toEqual([{ id: sepId('sep1') }]);
    expect((await h.call('GET', netPath('rg1', 'serviceEndpointPolicies/sep1'))).body.properties.subnets).toEqual([{ id: subnet.id }]);
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).body.properties.subnets[0].properties.serviceEndpointPolicies).toEqual([{ id: sepId('sep1') }]);

    const del = await h.call('DELETE', netPath('rg1', 'serviceEndpointPolicies/sep1'));
    expect(del.status).toBe(400);
    expect(del.body.error.code).toBe('InUseServiceEndpointPolicyCannotBeDeleted');
    // Detach, then the policy can go.
    await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/training'), subnetBody(undefined));
    h.clock.advance(8);
    expect((await h.call('DELETE', netPath('rg1', 'serviceEndpointPolicies/sep1'))).status).toBe(202);
  });

  it('a subnet without the Microsoft.Storage service endpoint cannot take a policy (subnet PUT and VNet PUT)', async () => {
    const { h, storage } = await ready();
    await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/sep1'), sepBody([storageDef([storage])]));
    h.clock.advance(10);
    const child = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/training'), subnetBody(sepId('sep1'), ['Microsoft.KeyVault']));
    expect(child.status).toBe(400);
    expect(child.body.error.code).toBe('ServiceEndpointPolicyCannotBeAppliedWithoutServiceEndpoint');
    const inline = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), {
      location: 'eastus',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'training', ...subnetBody(sepId('sep1'), []) }] },
    });
    expect(inline.body.error.code).toBe('ServiceEndpointPolicyCannotBeAppliedWithoutServiceEndpoint');
    const ok = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), {
      location: 'eastus',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'training', ...subnetBody(sepId('sep1')) }] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.properties.subnets[0].properties.serviceEndpointPolicies).toEqual([{ id: sepId('sep1') }]);
    // Missing policies and policies in another region are invalid references.
    h.clock.advance(8);
    expect((await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/s2'), subnetBody(sepId('ghost'), ['Microsoft.Storage'], '10.0.2.0/24'))).body.error.code).toBe(
      'InvalidResourceReference',
    );
    await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/west'), sepBody([storageDef([storage])], 'westus'));
    h.clock.advance(10);
    const west = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/s2'), subnetBody(sepId('west'), ['Microsoft.Storage'], '10.0.2.0/24'));
    expect(west.body.error.code).toBe('InvalidResourceReference');
    expect(west.body.error.message).toContain("region 'westus'");
  });

  it('validates definitions: aliases, existing resources, one definition per service', async () => {
    const { h, storage } = await ready();
    const alias = await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/p'), sepBody([globalDef(['/services/Azure/Bogus'])]));
    expect(alias.status).toBe(400);
    expect(alias.body.error.code).toBe('InvalidServiceAlias');
    expect(alias.body.error.message).toContain('/services/Azure/MachineLearning');
    const ghost = resourceId('rg1', 'Microsoft.Storage/storageAccounts', 'ghost');
    expect((await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/p'), sepBody([storageDef([ghost])]))).body.error.code).toBe('ServiceResourceNotFound');
    expect((await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/p'), sepBody([storageDef([`/subscriptions/${SUB}/resourceGroups/nope`])]))).body.error.code).toBe(
      'ServiceResourceNotFound',
    );
    const vnet = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1`;
    expect((await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/p'), sepBody([storageDef([vnet])]))).body.error.code).toBe(
      'InvalidServiceResourceInServiceEndpointPolicyDefinition',
    );
    expect((await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/p'), sepBody([{ name: 'x', properties: { service: 'Microsoft.Sql', serviceResources: [storage] } }]))).body.error.code).toBe(
      'InvalidServiceNameInServiceEndpointPolicyDefinition',
    );
    const twice = await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/p'), sepBody([storageDef([storage]), storageDef([`/subscriptions/${SUB}`], 'storage2')]));
    expect(twice.body.error.code).toBe('ServiceEndpointPolicyDefinitionsWithSameService');

    // The definitions child resource follows the same rules.
    await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/p'), sepBody([storageDef([storage])]));
    h.clock.advance(10);
    const def = await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/p/serviceEndpointPolicyDefinitions/aml'), { properties: { service: 'Global', serviceResources: ['/services/Azure/MachineLearning'] } });
    expect(def.status).toBe(201);
    h.clock.advance(2);
    const dup = await h.call('PUT', netPath('rg1', 'serviceEndpointPolicies/p/serviceEndpointPolicyDefinitions/more'), { properties: { service: 'Global', serviceResources: ['/services/Azure'] } });
    expect(dup.body.error.code).toBe('ServiceEndpointPolicyDefinitionsWithSameService');
    const list = (await h.call('GET', netPath('rg1', 'serviceEndpointPolicies/p/serviceEndpointPolicyDefinitions'))).body.value;
    expect(list.map((d: { name: string }) => d.name)).toEqual(['storage', 'aml']);
    expect((await h.call('DELETE', netPath('rg1', 'serviceEndpointPolicies/p/serviceEndpointPolicyDefinitions/aml'))).status).toBe(202);
    h.clock.advance(2);
    expect((await h.call('GET', netPath('rg1', 'serviceEndpointPolicies/p'))).body.properties.serviceEndpointPolicyDefinitions).toHaveLength(1);
  });
});
