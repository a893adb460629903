// The real SDK pollers against the private link slice: @azure/arm-privatedns (Azure DNS polling URLs),
// @azure/arm-network (private endpoints, zone groups, service endpoint policies) and the generic
// resources client writing a workspace by id (202 + Azure-AsyncOperation), as the tool does.
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { ResourceManagementClient } from '@azure/arm-resources';
import { describe, expect, it } from 'vitest';
import { Clock, SUB, harness } from './helpers.js';
import { createStorage, createVault } from './seed.js';
import { credential, httpClient } from './sdk-client.js';



describe('Azure SDK clients against the private link slice', () => {
  it('zone, link, endpoint, zone group, service endpoint policy and a workspace by id', async () => {
    // Simulated time moves 5 ms per request: at timeScale 0.001 the SDK pollers see operations finish after
    // a few polls, and seed.ts's clock.advance completes the direct creates, with no sleeping.
    const h = await harness({ timeScale: 0.001, latency: 'median' }, undefined, new Clock(5));
    const options = { httpClient: httpClient(h.sim) };
    const resources = new ResourceManagementClient(credential, SUB, options);
    const network = new NetworkManagementClient(credential, SUB, options);
    const dns = new PrivateDnsManagementClient(credential, SUB, options);
    const poll = { updateIntervalInMs: 5 };

    await resources.resourceGroups.createOrUpdate('rg1', { location: 'eastus' });
    const storage = await createStorage(h, 'sdkstore');
    const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg1',
      'vnet1',
      { location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'pe', addressPrefix: '10.0.1.0/24', serviceEndpoints: [{ service: 'Microsoft.Storage' }] }] },
      poll,
    );

    const zone = await dns.privateZones.beginCreateOrUpdateAndWait('rg1', 'privatelink.blob.core.windows.net', { location: 'Global' }, poll);
    expect(zone).toMatchObject({ location: 'global', provisioningState: 'Succeeded', numberOfRecordSets: 1 });
    const link = await dns.virtualNetworkLinks.beginCreateOrUpdateAndWait('rg1', zone.name as string, 'vnet1', { location: 'global', virtualNetwork: { id: vnet.id }, registrationEnabled: false }, poll);
    expect(link).toMatchObject({ virtualNetworkLinkState: 'Completed', provisioningState: 'Succeeded' });

    const pe = await network.privateEndpoints.beginCreateOrUpdateAndWait(
      'rg1',
      'pe-blob',
      { location: 'eastus', subnet: { id: vnet.subnets?.[0].id }, privateLinkServiceConnections: [{ name: 'blob', privateLinkServiceId: storage, groupIds: ['blob'] }] },
      poll,
    );
    expect(pe.provisioningState).toBe('Succeeded');
    expect(pe.customDnsConfigs).toEqual([{ fqdn: 'sdkstore.blob.core.windows.net', ipAddresses: ['10.0.1.4'] }]);
    const group = await network.privateDnsZoneGroups.beginCreateOrUpdateAndWait('rg1', 'pe-blob', 'default', { privateDnsZoneConfigs: [{ name: 'blob', privateDnsZoneId: zone.id }] }, poll);
    expect(group.privateDnsZoneConfigs?.[0].recordSets).toMatchObject([{ recordType: 'A', recordSetName: 'sdkstore', ipAddresses: ['10.0.1.4'] }]);
    const record = await dns.recordSets.get('rg1', zone.name as string, 'A', 'sdkstore');
    expect(record.aRecords).toEqual([{ ipv4Address: '10.0.1.4' }]);

    const sep = await network.serviceEndpointPolicies.beginCreateOrUpdateAndWait(
      'rg1',
      'sep1',
      {
        location: 'eastus',
        serviceEndpointPolicyDefinitions: [
          { name: 'storage', service: 'Microsoft.Storage', serviceResources: [storage] },
          { name: 'aml', service: 'Global', serviceResources: ['/services/Azure/MachineLearning'] },
        ],
      },
      poll,
    );
    expect(sep.provisioningState).toBe('Succeeded');
    await expect(
      network.subnets.beginCreateOrUpdateAndWait('rg1', 'vnet1', 'nope', { addressPrefix: '10.0.2.0/24', serviceEndpointPolicies: [{ id: sep.id }] }, poll),
    ).rejects.toMatchObject({ statusCode: 400, code: 'ServiceEndpointPolicyCannotBeAppliedWithoutServiceEndpoint' });

    // The workspace, written by id through the generic client at 2024-10-01.
    await createVault(h, 'sdkkv');
    const wsId = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/sdkws`;
    const ws = await resources.resources.beginCreateOrUpdateByIdAndWait(
      wsId,
      '2024-10-01',
      { location: 'eastus', identity: { type: 'SystemAssigned' }, properties: { storageAccount: storage, keyVault: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/sdkkv` } },
      poll,
    );
    expect((ws.properties as { provisioningState: string }).provisioningState).toBe('Succeeded');
    await resources.resources.beginDeleteByIdAndWait(wsId, '2024-10-01', poll);
    await expect(resources.resources.getById(wsId, '2024-10-01')).rejects.toMatchObject({ statusCode: 404 });
  });
});
