// The target side of private endpoints: a key vault, storage account and container registry render
// properties.privateEndpointConnections (from network/private-link.ts) once an endpoint targets them, and
// drop the entry when the endpoint is deleted.
import { describe, expect, it } from 'vitest';
import { SUB, createGroup, harness, netPath, type Harness } from './helpers.js';
import { ACR_API, KV_API, ST_API, at } from './paas-helpers.js';
import { createRegistry, createStorage, createVault } from './seed.js';

const subnetId = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/pe`;
const peBody = (target: string, groupId: string) => ({
  location: 'eastus',
  properties: { subnet: { id: subnetId }, privateLinkServiceConnections: [{ name: 'conn', properties: { privateLinkServiceId: target, groupIds: [groupId] } }] },
});

async function network(): Promise<Harness> {
  const h = await harness();
  await createGroup(h);
  const vnet = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), {
    location: 'eastus',
    properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'pe', properties: { addressPrefix: '10.0.1.0/24' } }] },
  });
  expect(vnet.status).toBe(201);
  h.clock.advance(60);
  return h;
}

describe('privateEndpointConnections on private link targets', () => {
  it('vault, storage account and registry show the endpoint, then drop it when it is deleted', async () => {
    const h = await network();
    const targets = [
      { id: await createVault(h, 'kv-backref'), api: KV_API, groupId: 'vault', type: 'Microsoft.KeyVault/vaults', pe: 'pe-kv' },
      { id: await createStorage(h, 'backrefstore'), api: ST_API, groupId: 'blob', type: 'Microsoft.Storage/storageAccounts', pe: 'pe-st' },
      { id: await createRegistry(h, 'backrefacr', 'Premium'), api: ACR_API, groupId: 'registry', type: 'Microsoft.ContainerRegistry/registries', pe: 'pe-acr' },
    ];
    for (const t of targets) {
      expect((await h.call('GET', at(t.id, t.api))).body.properties.privateEndpointConnections).toEqual([]);
      expect((await h.call('PUT', netPath('rg1', `privateEndpoints/${t.pe}`), peBody(t.id, t.groupId))).status).toBe(201);
    }
    h.clock.advance(60);
    for (const t of targets) {
      const pe = (await h.call('GET', netPath('rg1', `privateEndpoints/${t.pe}`))).body;
      const conns = (await h.call('GET', at(t.id, t.api))).body.properties.privateEndpointConnections;
      expect(conns).toHaveLength(1);
      expect(conns[0]).toMatchObject({
        properties: { privateEndpoint: { id: pe.id }, privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved' }, provisioningState: 'Succeeded' },
      });
      // Key Vault's PrivateEndpointConnectionItem (2026-02-01) has no name/type; storage and ACR models do.
      if (t.type === 'Microsoft.KeyVault/vaults') expect(Object.keys(conns[0]).sort()).toEqual(['id', 'properties']);
      else expect(conns[0]).toMatchObject({ name: expect.any(String), type: `${t.type}/privateEndpointConnections` });
      // Storage spells the state's field actionRequired (singular); the others use actionsRequired.
      const actionKey = t.type === 'Microsoft.Storage/storageAccounts' ? 'actionRequired' : 'actionsRequired';
      expect(Object.keys(conns[0].properties.privateLinkServiceConnectionState).sort()).toEqual([actionKey, 'description', 'status'].sort());
      expect(conns[0].id).toMatch(new RegExp(`^${t.id}/privateEndpointConnections/${t.pe}\\.[0-9a-f-]{36}$`));
      // The same back-reference in the subscription-wide dump.
      const dumped = (await h.sim.dump()).find((r) => r.id === t.id) as unknown as { properties: { privateEndpointConnections: unknown[] } };
      expect(dumped.properties.privateEndpointConnections).toEqual(conns);
    }
    expect((await h.call('DELETE', netPath('rg1', 'privateEndpoints/pe-kv'))).status).toBe(202);
    h.clock.advance(60);
    expect((await h.call('GET', at(targets[0].id, KV_API))).body.properties.privateEndpointConnections).toEqual([]);
    expect((await h.call('GET', at(targets[1].id, ST_API))).body.properties.privateEndpointConnections).toHaveLength(1);
  });
});
