// Azure Monitor private link through the real SDK clients, as the tool drives it: no @azure/arm-monitor
// is installed, so the Log Analytics workspace, the Application Insights component, the scope and its
// scoped resources go through @azure/arm-resources' generic by-id client (its poller follows the scoped
// resources' Azure-AsyncOperation); the endpoint, the zones and the zone group through
// @azure/arm-network and @azure/arm-privatedns.
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { ResourceManagementClient } from '@azure/arm-resources';
import { describe, expect, it } from 'vitest';
import { Clock, SUB, harness } from './helpers.js';
import { credential, httpClient } from './sdk-client.js';



const ZONES = [
  'privatelink.monitor.azure.com',
  'privatelink.oms.opinsights.azure.com',
  'privatelink.ods.opinsights.azure.com',
  'privatelink.agentsvc.azure-automation.net',
  'privatelink.blob.core.windows.net',
];

describe('Azure Monitor private link through the SDK clients', () => {
  it('workspace + component with private ingestion/query, scope, two scoped resources, endpoint and zone group', async () => {
    const h = await harness({ timeScale: 0.001, latency: 'median' }, undefined, new Clock(5));
    const options = { httpClient: httpClient(h.sim) };
    const resources = new ResourceManagementClient(credential, SUB, options);
    const network = new NetworkManagementClient(credential, SUB, options);
    const dns = new PrivateDnsManagementClient(credential, SUB, options);
    const poll = { updateIntervalInMs: 5 };
    const rg = `/subscriptions/${SUB}/resourceGroups/rg1`;
    await resources.resourceGroups.createOrUpdate('rg1', { location: 'eastus' });

    const lawId = `${rg}/providers/Microsoft.OperationalInsights/workspaces/law-sdk`;
    const law = await resources.resources.beginCreateOrUpdateByIdAndWait(
      lawId,
      '2025-02-01',
      { location: 'eastus', properties: { sku: { name: 'PerGB2018' }, publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Disabled' } },
      poll,
    );
    const customerId = (law.properties as { customerId: string }).customerId;
    const aiId = `${rg}/providers/Microsoft.Insights/components/appi-sdk`;
    await resources.resources.beginCreateOrUpdateByIdAndWait(
      aiId,
      '2020-02-02',
      { location: 'eastus', kind: 'web', properties: { Application_Type: 'web', WorkspaceResourceId: lawId, publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Disabled' } },
      poll,
    );

    const scopeId = `${rg}/providers/Microsoft.Insights/privateLinkScopes/ampls-sdk`;
    const scope = await resources.resources.beginCreateOrUpdateByIdAndWait(
      scopeId,
      '2021-07-01-preview',
      { location: 'global', properties: { accessModeSettings: { ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'PrivateOnly' } } },
      poll,
    );
    expect(scope.location).toBe('global');
    for (const [name, linked] of [
      ['law-sdk', lawId],
      ['appi-sdk', aiId],
    ]) {
      const scoped = await resources.resources.beginCreateOrUpdateByIdAndWait(`${scopeId}/scopedResources/${name}`, '2021-07-01-preview', { properties: { linkedResourceId: linked } }, poll);
      expect(scoped.properties).toEqual({ linkedResourceId: linked, provisioningState: 'Succeeded' });
    }
    const lawNow = await resources.resources.getById(lawId, '2025-02-01');
    expect(lawNow.properties).toMatchObject({ publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Disabled', privateLinkScopedResources: [{ resourceId: `${scopeId}/scopedResources/law-sdk` }] });
    const aiNow = await resources.resources.getById(aiId, '2020-02-02');
    expect(aiNow.properties).toMatchObject({ publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Disabled', PrivateLinkScopedResources: [{ ResourceId: `${scopeId}/scopedResources/appi-sdk` }] });

    const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg1',
      'vnet1',
      { location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'pe', addressPrefix: '10.0.1.0/24' }] },
      poll,
    );
    const zones = [];
    for (const z of ZONES) zones.push(await dns.privateZones.beginCreateOrUpdateAndWait('rg1', z, { location: 'global' }, poll));
    const pe = await network.privateEndpoints.beginCreateOrUpdateAndWait(
      'rg1',
      'pe-ampls',
      { location: 'eastus', subnet: { id: vnet.subnets?.[0].id }, privateLinkServiceConnections: [{ name: 'ampls', privateLinkServiceId: scopeId, groupIds: ['azuremonitor'] }] },
      poll,
    );
    expect(pe.provisioningState).toBe('Succeeded');
    expect(pe.privateLinkServiceConnections?.[0]).toMatchObject({ groupIds: ['azuremonitor'], privateLinkServiceConnectionState: { status: 'Approved' } });
    const ipOf = Object.fromEntries((pe.customDnsConfigs ?? []).map((c) => [c.fqdn, c.ipAddresses?.[0]]));
    const group = await network.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
      'rg1',
      'pe-ampls',
      'default',
      { privateDnsZoneConfigs: zones.map((z) => ({ name: (z.name as string).replace(/\./g, '-'), privateDnsZoneId: z.id })) },
      poll,
    );
    expect(group.privateDnsZoneConfigs?.every((c) => (c.recordSets ?? []).length > 0)).toBe(true);

    const a = async (zone: string, name: string) => (await dns.recordSets.get('rg1', zone, 'A', name)).aRecords?.map((r) => r.ipv4Address);
    expect(await a('privatelink.monitor.azure.com', 'api')).toEqual([ipOf['api.monitor.azure.com']]);
    expect(await a('privatelink.monitor.azure.com', 'global.in.ai')).toEqual([ipOf['global.in.ai.monitor.azure.com']]);
    expect(await a('privatelink.monitor.azure.com', 'eastus-0.in.ai')).toEqual([ipOf['eastus-0.in.ai.monitor.azure.com']]);
    expect(await a('privatelink.oms.opinsights.azure.com', customerId)).toEqual([ipOf[`${customerId}.oms.opinsights.azure.com`]]);
    expect(await a('privatelink.ods.opinsights.azure.com', customerId)).toEqual([ipOf[`${customerId}.ods.opinsights.azure.com`]]);
    expect(await a('privatelink.agentsvc.azure-automation.net', customerId)).toEqual([ipOf[`${customerId}.agentsvc.azure-automation.net`]]);
    expect(await a('privatelink.blob.core.windows.net', 'scadvisorcontentpl')).toEqual([ipOf['scadvisorcontentpl.blob.core.windows.net']]);

    const scopeNow = await resources.resources.getById(scopeId, '2023-06-01-preview');
    expect(scopeNow.properties).toMatchObject({
      accessModeSettings: { ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'PrivateOnly' },
      privateEndpointConnections: [{ properties: { privateEndpoint: { id: pe.id }, privateLinkServiceConnectionState: { status: 'Approved' }, provisioningState: 'Succeeded' } }],
    });

    // Unlinking through the generic client follows the delete's Azure-AsyncOperation.
    await resources.resources.beginDeleteByIdAndWait(`${scopeId}/scopedResources/appi-sdk`, '2021-07-01-preview', poll);
    await expect(resources.resources.getById(`${scopeId}/scopedResources/appi-sdk`, '2021-07-01-preview')).rejects.toMatchObject({ statusCode: 404 });
    await resources.resources.beginDeleteByIdAndWait(aiId, '2020-02-02', poll);
  });
});
