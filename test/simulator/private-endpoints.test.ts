// Private endpoints and private DNS zone groups end to end: target rules (group ids, Premium registries),
// the managed NIC and its addresses (the subnet is in use), customDnsConfigs, A records per private link
// zone, the wrong-zone misconfiguration, the target-side back-reference, and cascading deletes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { privateEndpointConnectionsFor } from '../../src/simulator/providers/network/private-link.js';
import type { CloudState } from '../../src/simulator/state.js';
import { SUB, createGroup, harness, netPath, type Harness } from './helpers.js';
import { createRegistry, createStorage, createVault, resourceId } from './seed.js';

const DNS_API = '2020-06-01';
const subnetId = (s: string) => `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/${s}`;
const zoneId = (z: string) => `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/privateDnsZones/${z}`;
const peBody = (target: string, groupId: string | string[], subnet = 'pe') => ({
  location: 'eastus',
  properties: {
    subnet: { id: subnetId(subnet) },
    privateLinkServiceConnections: [{ name: 'conn', properties: { privateLinkServiceId: target, groupIds: Array.isArray(groupId) ? groupId : [groupId] } }],
  },
});
const zoneGroupBody = (...zones: string[]) => ({ properties: { privateDnsZoneConfigs: zones.map((z) => ({ name: z.replace(/\./g, '-'), properties: { privateDnsZoneId: zoneId(z) } })) } });

async function loadState(h: Harness): Promise<CloudState> {
  return JSON.parse(await readFile(path.join(h.dir, 'cloud.json'), 'utf8')) as CloudState;
}

async function network(): Promise<Harness> {
  const h = await harness();
  await createGroup(h);
  await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), {
    location: 'eastus',
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [
        { name: 'pe', properties: { addressPrefix: '10.0.1.0/24' } },
        { name: 'delegated', properties: { addressPrefix: '10.0.2.0/24', delegations: [{ name: 'd', properties: { serviceName: 'Microsoft.Web/serverFarms' } }] } },
      ],
    },
  });
  for (const z of ['privatelink.blob.core.windows.net', 'privatelink.vaultcore.azure.net', 'privatelink.vault.azure.net', 'privatelink.azurecr.io']) {
    await h.call('PUT', netPath('rg1', `privateDnsZones/${z}`, DNS_API), { location: 'global' });
  }
  h.clock.advance(35);
  await h.call('PUT', netPath('rg1', 'privateDnsZones/privatelink.blob.core.windows.net/virtualNetworkLinks/vnet1', DNS_API), {
    location: 'global',
    properties: { virtualNetwork: { id: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1` }, registrationEnabled: false },
  });
  h.clock.advance(60);
  return h;
}

describe('private endpoints', () => {
  it('storage blob end to end: NIC, customDnsConfigs, zone group A records, back-reference, cascade on delete', async () => {
    const h = await network();
    const storage = await createStorage(h, 'mystorage');
    const put = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-blob'), peBody(storage, 'blob'));
    expect(put.status).toBe(201);
    expect(put.body.properties.provisioningState).toBe('Updating');
    expect(put.headers['azure-asyncoperation']).toContain('/providers/Microsoft.Network/locations/eastus/operations/');
    h.clock.advance(30); // privateEndpoints create median
    const pe = (await h.call('GET', netPath('rg1', 'privateEndpoints/pe-blob'))).body;
    expect(pe.properties).toMatchObject({
      provisioningState: 'Succeeded',
      subnet: { id: subnetId('pe') },
      customDnsConfigs: [{ fqdn: 'mystorage.blob.core.windows.net', ipAddresses: ['10.0.1.4'] }],
      privateLinkServiceConnections: [
        { name: 'conn', properties: { privateLinkServiceId: storage, groupIds: ['blob'], privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved' } } },
      ],
      manualPrivateLinkServiceConnections: [],
    });
    const nicId = pe.properties.networkInterfaces[0].id as string;
    expect(nicId).toMatch(new RegExp(`^/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/pe-blob\\.nic\\.[0-9a-f-]{36}$`));

    // The managed NIC holds the address; the subnet is in use.
    const nic = (await h.call('GET', `${nicId}?api-version=2025-05-01`)).body;
    expect(nic.properties.privateEndpoint).toEqual({ id: pe.id });
    expect(nic.properties.ipConfigurations[0].properties).toMatchObject({
      privateIPAddress: '10.0.1.4',
      privateLinkConnectionProperties: { groupId: 'blob', requiredMemberName: 'blob', fqdns: ['mystorage.blob.core.windows.net'] },
    });
    const subnet = (await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1/subnets/pe'))).body;
    expect(subnet.properties.privateEndpoints).toEqual([{ id: pe.id }]);
    expect(subnet.properties.ipConfigurations).toHaveLength(1);
    expect((await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/pe'))).body.error.code).toBe('InUseSubnetCannotBeDeleted');
    expect((await h.call('DELETE', `${nicId}?api-version=2025-05-01`)).body.error.code).toBe('InUseNetworkInterfaceCannotBeDeleted');

    // Zone group: one A record in the blob zone.
    const zg = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-blob/privateDnsZoneGroups/default'), zoneGroupBody('privatelink.blob.core.windows.net'));
    expect(zg.status).toBe(201);
    h.clock.advance(5);
    const group = (await h.call('GET', netPath('rg1', 'privateEndpoints/pe-blob/privateDnsZoneGroups/default'))).body;
    expect(group.properties.privateDnsZoneConfigs).toEqual([
      {
        name: 'privatelink-blob-core-windows-net',
        properties: {
          privateDnsZoneId: zoneId('privatelink.blob.core.windows.net'),
          recordSets: [
            { recordType: 'A', recordSetName: 'mystorage', fqdn: 'mystorage.privatelink.blob.core.windows.net', ttl: 10, ipAddresses: ['10.0.1.4'], provisioningState: 'Succeeded' },
          ],
        },
      },
    ]);
    const record = await h.call('GET', netPath('rg1', 'privateDnsZones/privatelink.blob.core.windows.net/A/mystorage', DNS_API));
    expect(record.body.properties.aRecords).toEqual([{ ipv4Address: '10.0.1.4' }]);

    // The target's privateEndpointConnections (for the storage provider's render).
    const conns = privateEndpointConnectionsFor(await loadState(h), storage);
    expect(conns).toHaveLength(1);
    expect(conns[0]).toMatchObject({
      type: 'Microsoft.Storage/storageAccounts/privateEndpointConnections',
      properties: { privateEndpoint: { id: pe.id }, privateLinkServiceConnectionState: { status: 'Approved' }, provisioningState: 'Succeeded' },
    });
    expect(conns[0].id).toMatch(new RegExp(`^${storage}/privateEndpointConnections/pe-blob\\.[0-9a-f-]{36}$`));

    // Deleting the endpoint removes its NIC, zone group and records; the subnet is free again.
    expect((await h.call('DELETE', netPath('rg1', 'privateEndpoints/pe-blob'))).status).toBe(202);
    h.clock.advance(20);
    expect((await h.call('GET', `${nicId}?api-version=2025-05-01`)).status).toBe(404);
    expect((await h.call('GET', netPath('rg1', 'privateEndpoints/pe-blob/privateDnsZoneGroups/default'))).status).toBe(404);
    expect((await h.call('GET', netPath('rg1', 'privateDnsZones/privatelink.blob.core.windows.net/A/mystorage', DNS_API))).status).toBe(404);
    expect(privateEndpointConnectionsFor(await loadState(h), storage)).toEqual([]);
    expect((await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/pe'))).status).toBe(202);
  });

  it('a vault endpoint in privatelink.vault.azure.net gets no record; privatelink.vaultcore.azure.net does', async () => {
    const h = await network();
    const vault = await createVault(h, 'kv-e2e');
    await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-kv'), peBody(vault, 'vault'));
    h.clock.advance(30);
    const pe = (await h.call('GET', netPath('rg1', 'privateEndpoints/pe-kv'))).body;
    expect(pe.properties.customDnsConfigs).toEqual([{ fqdn: 'kv-e2e.vault.azure.net', ipAddresses: ['10.0.1.4'] }]);

    await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-kv/privateDnsZoneGroups/default'), zoneGroupBody('privatelink.vault.azure.net'));
    h.clock.advance(5);
    const wrong = (await h.call('GET', netPath('rg1', 'privateEndpoints/pe-kv/privateDnsZoneGroups/default'))).body;
    expect(wrong.properties.privateDnsZoneConfigs[0].properties.recordSets).toEqual([]);
    expect((await h.call('GET', netPath('rg1', 'privateDnsZones/privatelink.vault.azure.net/ALL', DNS_API))).body.value).toHaveLength(1); // SOA only

    await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-kv/privateDnsZoneGroups/default'), zoneGroupBody('privatelink.vaultcore.azure.net'));
    h.clock.advance(5);
    const right = (await h.call('GET', netPath('rg1', 'privateEndpoints/pe-kv/privateDnsZoneGroups/default'))).body;
    expect(right.properties.privateDnsZoneConfigs[0].properties.recordSets).toMatchObject([{ recordSetName: 'kv-e2e', fqdn: 'kv-e2e.privatelink.vaultcore.azure.net', ipAddresses: ['10.0.1.4'] }]);
    // A second zone group on the same endpoint is refused.
    const second = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-kv/privateDnsZoneGroups/other'), zoneGroupBody('privatelink.vaultcore.azure.net'));
    expect(second.body.error.code).toBe('OnlyOnePrivateDnsZoneGroupPermitted');
    const ghost = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-kv/privateDnsZoneGroups/default'), zoneGroupBody('privatelink.file.core.windows.net'));
    expect(ghost.body.error.code).toBe('PrivateDnsZoneNotFound');
  });

  it('registries need the Premium SKU; a Premium registry gets its login and data endpoints', async () => {
    const h = await network();
    const basic = await createRegistry(h, 'basicreg', 'Basic');
    const premium = await createRegistry(h, 'premreg', 'Premium');
    const refused = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-acr'), peBody(basic, 'registry'));
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('PrivateEndpointBadRequest');
    expect(refused.body.error.message).toContain('Premium');
    expect((await h.call('GET', netPath('rg1', 'privateEndpoints/pe-acr'))).status).toBe(404);

    await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-acr'), peBody(premium, 'registry'));
    h.clock.advance(30);
    const pe = (await h.call('GET', netPath('rg1', 'privateEndpoints/pe-acr'))).body;
    expect(pe.properties.customDnsConfigs).toEqual([
      { fqdn: 'premreg.azurecr.io', ipAddresses: ['10.0.1.4'] },
      { fqdn: 'premreg.eastus.data.azurecr.io', ipAddresses: ['10.0.1.5'] },
    ]);
    await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-acr/privateDnsZoneGroups/default'), zoneGroupBody('privatelink.azurecr.io'));
    h.clock.advance(5);
    const names = (await h.call('GET', netPath('rg1', 'privateDnsZones/privatelink.azurecr.io/A', DNS_API))).body.value.map((r: { name: string }) => r.name);
    expect(names.sort()).toEqual(['premreg', 'premreg.eastus.data']);
  });

  it('refuses bad group ids, several group ids, missing targets, delegated subnets and zone groups while creating', async () => {
    const h = await network();
    const storage = await createStorage(h, 'acct2');
    const bad = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), peBody(storage, 'blobby'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('PrivateEndpointBadRequest');
    expect(bad.body.error.message).toContain('blob, blob_secondary, table');
    expect((await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), peBody(storage, ['blob', 'file']))).body.error.code).toBe('OnlyOneGroupIdPermitted');
    expect((await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), peBody(storage, []))).body.error.code).toBe('MissingParameterOnPrivateLinkServiceConnection');
    expect((await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), peBody(storage, 'blob_secondary'))).body.error.message).toContain('read-access geo-redundant');
    const ghost = resourceId('rg1', 'Microsoft.Storage/storageAccounts', 'ghost');
    expect((await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), peBody(ghost, 'blob'))).body.error.code).toBe('PrivateLinkServiceNotFound');
    expect((await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), peBody('not-an-id', 'blob'))).body.error.code).toBe('InvalidPrivateLinkServiceId');
    expect((await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), peBody(storage, 'blob', 'ghost'))).body.error.code).toBe('InvalidResourceReference');
    expect((await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), peBody(storage, 'blob', 'delegated'))).body.error.code).toBe(
      'PrivateEndpointCreationNotAllowedAsSubnetIsDelegated',
    );
    const strict = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), { ...peBody(storage, 'blob'), properties: { ...peBody(storage, 'blob').properties, bogus: true } });
    expect(strict.body.error.code).toBe('InvalidRequestFormat');

    expect((await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), peBody(storage, 'file'))).status).toBe(201);
    const early = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1/privateDnsZoneGroups/default'), zoneGroupBody('privatelink.blob.core.windows.net'));
    expect(early.status).toBe(429);
    h.clock.advance(30);
    // Re-PUT keeps the endpoint's NIC and address; the target cannot change.
    const again = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), peBody(storage, 'file'));
    expect(again.status).toBe(200);
    expect(again.body.properties.customDnsConfigs).toEqual([{ fqdn: 'acct2.file.core.windows.net', ipAddresses: ['10.0.1.4'] }]);
    h.clock.advance(30);
    expect((await h.call('PUT', netPath('rg1', 'privateEndpoints/pe1'), peBody(storage, 'blob'))).body.error.code).toBe('CannotChangePrivateLinkServiceConnection');
  });
});
