// Azure ML workspaces: dependencies, identities, CMK rules, per-version bodies, the 202 + polling LRO with
// the '#cmk' latency, soft delete and recovery, and the private endpoint to a workspace.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudState } from '../../src/simulator/state.js';
import { HOST, SUB, createGroup, harness, netPath, rel, type Harness } from './helpers.js';
import { createInsights, createRegistry, createStorage, createVault, resourceId } from './seed.js';

const ML_API = '2024-10-01';
const wsPath = (name: string, rg = 'rg1', api = ML_API, query = '') =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}?api-version=${api}${query}`;

interface Env {
  h: Harness;
  storage: string;
  vault: string;
  cmkVault: string;
  plainVault: string;
  registry: string;
  insights: string;
  identity: { id: string; principalId: string; clientId: string };
  keyUri: string;
  keyUriWithVersion: string;
}

async function env(): Promise<Env> {
  const h = await harness();
  await createGroup(h);
  await createGroup(h, 'rg2');
  const storage = await createStorage(h, 'mlstore');
  const reg = await createRegistry(h, 'mlreg', 'Premium');
  const insights = await createInsights(h, 'mlai');
  const uai = await h.call('PUT', `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mlid?api-version=2024-11-30`, { location: 'eastus' });
  expect(uai.status).toBeLessThan(300);
  const identity = { id: uai.body.id as string, principalId: uai.body.properties.principalId as string, clientId: uai.body.properties.clientId as string };
  const vault = await createVault(h, 'mlkv');
  // Azure Cosmos DB's service principal (object id from Graph) wraps with the workspace's key too.
  const cosmos = (await h.call('GET', "/v1.0/servicePrincipals(appId='a232010e-820c-4083-83bb-3ace5fc29d0b')", undefined, { authorization: 'Bearer t' })).body.id as string;
  const wrap = (objectId: string) => ({ objectId, permissions: { keys: ['get', 'wrapKey', 'unwrapKey'] } });
  const plainVault = await createVault(h, 'mlkvplain', { accessPolicies: [wrap(identity.principalId), wrap(cosmos)] });
  const cmkVault = await createVault(h, 'mlkvcmk', { purgeProtection: true, accessPolicies: [wrap(identity.principalId), wrap(cosmos)] });
  const keys: Record<string, { keyUri: string; keyUriWithVersion: string }> = {};
  for (const v of ['mlkvcmk', 'mlkvplain']) {
    const key = await h.call('PUT', `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/${v}/keys/cmk?api-version=2024-11-01`, { properties: { kty: 'RSA', keySize: 2048 } });
    expect(key.status).toBe(200);
    keys[v] = key.body.properties;
  }
  return { h, storage, vault, cmkVault, plainVault, registry: reg, insights, identity, ...keys.mlkvcmk };
}

const body = (e: Env, extra: Record<string, unknown> = {}, props: Record<string, unknown> = {}) => ({
  location: 'eastus',
  sku: { name: 'Basic', tier: 'Basic' },
  identity: { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [e.identity.id]: {} } },
  ...extra,
  properties: {
    friendlyName: 'ws',
    storageAccount: e.storage,
    keyVault: e.vault,
    containerRegistry: e.registry,
    applicationInsights: e.insights,
    primaryUserAssignedIdentity: e.identity.id,
    publicNetworkAccess: 'Disabled',
    ...props,
  },
});

const cmk = (e: Env, vault = e.cmkVault, keyIdentifier = e.keyUriWithVersion) => ({
  encryption: {
    status: 'Enabled',
    identity: { userAssignedIdentity: e.identity.id },
    keyVaultProperties: { keyVaultArmId: vault, keyIdentifier, identityClientId: e.identity.clientId },
  },
});

async function loadState(h: Harness): Promise<CloudState> {
  return JSON.parse(await readFile(path.join(h.dir, 'cloud.json'), 'utf8')) as CloudState;
}

describe('machine learning workspaces', () => {
  it('creates with 202 + Azure-AsyncOperation/Location, renders the workspace and registers its system principal', async () => {
    const e = await env();
    const { h } = e;
    const put = await h.call('PUT', wsPath('ws1'), body(e, {}, { managedNetwork: { isolationMode: 'Disabled' }, hbiWorkspace: true }));
    expect(put.status).toBe(202);
    expect(put.body).toBeUndefined();
    const asyncUrl = put.headers['azure-asyncoperation'];
    expect(asyncUrl).toMatch(new RegExp(`^${HOST}/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/eastus/workspaceOperationsStatus/[0-9a-f-]{36}\\?api-version=${ML_API}&type=async$`));
    expect(put.headers.location).toContain('&type=location');
    expect((await h.call('GET', rel(asyncUrl))).body.status).toBe('InProgress');
    expect((await h.call('GET', rel(put.headers.location))).status).toBe(202);
    expect((await h.call('GET', wsPath('ws1'))).body.properties.provisioningState).toBe('Creating');
    h.clock.advance(25); // workspaces create median
    expect((await h.call('GET', rel(asyncUrl))).body.status).toBe('Succeeded');
    const ws = (await h.call('GET', wsPath('ws1'))).body;
    const wsid = ws.properties.workspaceId as string;
    expect(wsid).toMatch(/^[0-9a-f-]{36}$/);
    expect(ws).toMatchObject({
      type: 'Microsoft.MachineLearningServices/workspaces',
      kind: 'Default',
      sku: { name: 'Basic', tier: 'Basic' },
      identity: { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [e.identity.id]: { principalId: e.identity.principalId, clientId: e.identity.clientId } } },
      properties: {
        provisioningState: 'Succeeded',
        discoveryUrl: 'https://eastus.api.azureml.ms/discovery',
        hbiWorkspace: true,
        publicNetworkAccess: 'Disabled',
        privateEndpointConnections: [],
        managedNetwork: { isolationMode: 'Disabled' },
        notebookInfo: { fqdn: `ml-ws1-eastus-${wsid}.eastus.notebooks.azure.net` },
        mlFlowTrackingUri: `azureml://eastus.api.azureml.ms/mlflow/v1.0/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ws1`,
      },
    });
    expect(ws.properties.systemDatastoresAuthMode).toBeUndefined(); // not in the 2024-10-01 model
    const principal = (await loadState(h)).principals?.[ws.identity.principalId];
    expect(principal).toMatchObject({ type: 'ServicePrincipal', createdAt: h.clock.t - 25_000, ownerId: ws.id });
    // Older versions render their own model.
    const old = (await h.call('GET', wsPath('ws1', 'rg1', '2022-10-01'))).body;
    expect(old.kind).toBeUndefined();
    expect(old.properties.managedNetwork).toBeUndefined();
    // hbiWorkspace cannot change.
    expect((await h.call('PUT', wsPath('ws1'), body(e, {}, { hbiWorkspace: false }))).body.error.code).toBe('HbiWorkspaceCannotBeChanged');
  });

  it('refuses missing, wrong-type and other-region dependencies and unknown identities', async () => {
    const e = await env();
    const { h } = e;
    const ghost = resourceId('rg1', 'Microsoft.Storage/storageAccounts', 'ghost');
    const missing = await h.call('PUT', wsPath('ws1'), body(e, {}, { storageAccount: ghost }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('LinkedResourceNotFound');
    expect(missing.body.error.message).toContain(ghost);
    const { storageAccount: _s, ...noStorage } = body(e).properties;
    expect((await h.call('PUT', wsPath('ws1'), { ...body(e), properties: noStorage })).body.error.code).toBe('LinkedResourceRequired');
    expect((await h.call('PUT', wsPath('ws1'), body(e, {}, { keyVault: e.storage }))).body.error.code).toBe('InvalidLinkedResourceType');
    const west = await createVault(h, 'mlkvwest', { location: 'westus' });
    const region = await h.call('PUT', wsPath('ws1'), body(e, {}, { keyVault: west }));
    expect(region.body.error.code).toBe('LinkedResourceInDifferentRegion');
    expect(region.body.error.message).toContain("'westus'");
    const uai = resourceId('rg1', 'Microsoft.ManagedIdentity/userAssignedIdentities', 'nobody');
    expect((await h.call('PUT', wsPath('ws1'), body(e, { identity: { type: 'UserAssigned', userAssignedIdentities: { [uai]: {} } } }, { primaryUserAssignedIdentity: uai }))).body.error.code).toBe(
      'FailedIdentityOperation',
    );
    expect((await h.call('PUT', wsPath('ws1'), body(e, { identity: { type: 'SystemAssigned' } }))).body.error.code).toBe('InvalidPrimaryUserAssignedIdentity');
    expect((await h.call('PUT', wsPath('ws1'), body(e, { identity: { type: 'Sometimes' } }))).body.error.code).toBe('InvalidIdentityType');
    expect((await h.call('GET', wsPath('ws1'))).status).toBe(404);
  });

  it('bodies follow each api-version model', async () => {
    const e = await env();
    const { h } = e;
    const old = await h.call('PUT', wsPath('ws1', 'rg1', '2022-10-01'), body(e, {}, { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } }));
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('InvalidRequestContent');
    expect(old.body.error.message).toContain("Could not find member 'managedNetwork' on object of type 'WorkspaceProperties'");
    expect((await h.call('PUT', wsPath('ws1', 'rg1', '2022-10-01'), body(e, { kind: 'Default' }))).body.error.message).toContain("member 'kind'");
    // systemDatastoresAuthMode is first in the 2025-06-01 model (not in 2024-10-01's).
    expect((await h.call('PUT', wsPath('ws1'), body(e, {}, { systemDatastoresAuthMode: 'identity' }))).body.error.message).toContain("member 'systemDatastoresAuthMode'");
    expect((await h.call('PUT', wsPath('ws1', 'rg1', '2025-06-01'), body(e, {}, { allowPublicAccessWhenBehindVnet: false }))).body.error.code).toBe('InvalidRequestContent');
    const newest = await h.call('PUT', wsPath('ws1', 'rg1', '2025-06-01'), body(e, {}, { systemDatastoresAuthMode: 'identity' }));
    expect(newest.status).toBe(202);
    h.clock.advance(25);
    expect((await h.call('GET', wsPath('ws1', 'rg1', '2025-06-01'))).body.properties.systemDatastoresAuthMode).toBe('Identity');
    expect((await h.call('PUT', wsPath('ws2', 'rg1', '2030-01-01'), body(e))).body.error.code).toBe('NoRegisteredProviderFound');
  });

  it('CMK: purge protection, the key in that vault, an identity with key access; takes the #cmk latency', async () => {
    const e = await env();
    const { h } = e;
    const unprotected = await h.call('PUT', wsPath('ws1'), body(e, {}, cmk(e, e.plainVault, e.keyUri.replace('mlkvcmk', 'mlkvplain'))));
    expect(unprotected.status).toBe(400);
    expect(unprotected.body.error.message).toContain('purge protection');
    const foreignKey = await h.call('PUT', wsPath('ws1'), body(e, {}, cmk(e, e.cmkVault, e.keyUri.replace('mlkvcmk', 'mlkvplain'))));
    expect(foreignKey.body.error.code).toBe('InvalidKeyIdentifier');
    expect((await h.call('PUT', wsPath('ws1'), body(e, {}, cmk(e, e.cmkVault, `${e.keyUri}/0123456789abcdef0123456789abcdef`)))).body.error.code).toBe('InvalidKeyIdentifier');
    const noKey = await h.call('PUT', wsPath('ws1'), body(e, {}, cmk(e, e.cmkVault, e.keyUri.replace('/keys/cmk', '/keys/other'))));
    expect(noKey.body.error.code).toBe('InvalidKeyIdentifier');
    const detached = await h.call('PUT', wsPath('ws1'), body(e, { identity: { type: 'SystemAssigned' } }, { ...cmk(e), primaryUserAssignedIdentity: undefined }));
    expect(detached.body.error.code).toBe('InvalidEncryptionIdentity');

    const put = await h.call('PUT', wsPath('ws1'), body(e, {}, cmk(e, e.cmkVault, e.keyUri)));
    expect(put.status).toBe(202);
    h.clock.advance(599);
    expect((await h.call('GET', rel(put.headers['azure-asyncoperation']))).body.status).toBe('InProgress');
    h.clock.advance(1); // workspaces#cmk create median: 600 s
    expect((await h.call('GET', rel(put.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
    const ws = (await h.call('GET', wsPath('ws1'))).body;
    expect(ws.properties.encryption).toMatchObject({ status: 'Enabled', keyVaultProperties: { keyVaultArmId: e.cmkVault, keyIdentifier: e.keyUri } });
    expect(ws.properties.serviceProvisionedResourceGroup).toBeDefined();
    const changed = await h.call('PUT', wsPath('ws1'), body(e, {}, cmk(e, e.cmkVault, e.keyUriWithVersion)));
    expect(changed.body.error.code).toBe('EncryptionCannotBeChanged');
    expect((await h.call('PUT', wsPath('ws1'), body(e))).body.error.code).toBe('EncryptionCannotBeChanged');
  });

  it('soft delete reserves the name for 14 days; a PUT of the name fails (issue 15 item 3), forceToPurge frees it', async () => {
    const e = await env();
    const { h } = e;
    await h.call('PUT', wsPath('ws1'), body(e));
    h.clock.advance(25);
    const del = await h.call('DELETE', wsPath('ws1'));
    expect(del.status).toBe(202);
    expect(del.headers['azure-asyncoperation']).toContain('workspaceOperationsStatus');
    expect((await h.call('PUT', wsPath('ws1'), body(e))).status).toBe(409); // still deleting
    h.clock.advance(60); // workspaces delete median
    expect((await h.call('GET', rel(del.headers.location))).status).toBe(204);
    expect((await h.call('GET', wsPath('ws1'))).status).toBe(404);
    const entry = Object.values((await loadState(h)).softDeleted ?? {}).find((s) => s.name === 'ws1');
    expect(entry?.scheduledPurgeAt).toBe(h.clock.t + 14 * 86_400_000);

    for (const rg of ['rg2', 'rg1']) {
      const again = await h.call('PUT', wsPath('ws1', rg), body(e));
      expect(again.status).toBe(202);
      h.clock.advance(10);
      const status = await h.call('GET', rel(again.headers['azure-asyncoperation']));
      expect(status.body).toMatchObject({ status: 'Failed', error: { code: 'BadRequest', message: 'Soft-deleted workspace exists. Please purge or recover it. https://aka.ms/wsoftdelete' } });
      expect((await h.call('GET', wsPath('ws1', rg))).status).toBe(404);
    }

    expect((await h.call('DELETE', wsPath('ws1', 'rg1', ML_API, '&forceToPurge=true'))).status).toBe(200);
    expect(Object.values((await loadState(h)).softDeleted ?? {}).some((s) => s.name === 'ws1')).toBe(false);
    expect((await h.call('PUT', wsPath('ws1', 'rg2'), body(e))).status).toBe(202);
    h.clock.advance(25);
    expect((await h.call('GET', wsPath('ws1', 'rg2'))).body.properties.provisioningState).toBe('Succeeded');
  });

  it('a workspace with only a user-assigned identity is not soft-deleted (concept-soft-delete): the name is free at once', async () => {
    const e = await env();
    const { h } = e;
    const uaiOnly = body(e, { identity: { type: 'UserAssigned', userAssignedIdentities: { [e.identity.id]: {} } } }, { primaryUserAssignedIdentity: e.identity.id });
    expect((await h.call('PUT', wsPath('ws1'), uaiOnly)).status).toBe(202);
    h.clock.advance(25);
    expect((await h.call('DELETE', wsPath('ws1'))).status).toBe(202);
    h.clock.advance(60);
    expect(Object.values((await loadState(h)).softDeleted ?? {}).some((s) => s.name === 'ws1')).toBe(false);
    expect((await h.call('PUT', wsPath('ws1', 'rg2'), uaiOnly)).status).toBe(202);
  });

  it('a private endpoint to the workspace: amlworkspace FQDNs, back-reference, A records in the azureml zones', async () => {
    const e = await env();
    const { h } = e;
    await h.call('PUT', wsPath('ws1'), body(e));
    await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), {
      location: 'eastus',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'pe', properties: { addressPrefix: '10.0.1.0/24' } }] },
    });
    for (const z of ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net']) await h.call('PUT', netPath('rg1', `privateDnsZones/${z}`, '2020-06-01'), { location: 'global' });
    h.clock.advance(35);
    const ws = (await h.call('GET', wsPath('ws1'))).body;
    const wsid = ws.properties.workspaceId as string;
    const pe = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-ws'), {
      location: 'eastus',
      properties: {
        subnet: { id: `${ws.id.split('/providers/')[0]}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/pe` },
        privateLinkServiceConnections: [{ name: 'ws', properties: { privateLinkServiceId: ws.id, groupIds: ['amlworkspace'] } }],
      },
    });
    expect(pe.status).toBe(201);
    expect(pe.body.properties.customDnsConfigs.map((c: { fqdn: string }) => c.fqdn)).toEqual([
      `${wsid}.workspace.eastus.api.azureml.ms`,
      `${wsid}.workspace.eastus.cert.api.azureml.ms`,
      `*.${wsid}.inference.eastus.api.azureml.ms`,
      `ml-ws1-eastus-${wsid}.eastus.notebooks.azure.net`,
    ]);
    h.clock.advance(30);
    const conns = (await h.call('GET', wsPath('ws1'))).body.properties.privateEndpointConnections;
    expect(conns).toHaveLength(1);
    expect(conns[0]).toMatchObject({
      type: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections',
      properties: { privateEndpoint: { id: pe.body.id }, privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved' } },
    });
    await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-ws/privateDnsZoneGroups/default'), {
      properties: {
        privateDnsZoneConfigs: ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'].map((z) => ({
          name: z,
          properties: { privateDnsZoneId: `${ws.id.split('/providers/')[0]}/providers/Microsoft.Network/privateDnsZones/${z}` },
        })),
      },
    });
    h.clock.advance(5);
    const api = (await h.call('GET', netPath('rg1', 'privateDnsZones/privatelink.api.azureml.ms/A', '2020-06-01'))).body.value.map((r: { name: string }) => r.name);
    expect(api.sort()).toEqual([`*.${wsid}.inference.eastus`, `${wsid}.workspace.eastus`, `${wsid}.workspace.eastus.cert`].sort());
    const nb = (await h.call('GET', netPath('rg1', 'privateDnsZones/privatelink.notebooks.azure.net/A', '2020-06-01'))).body.value;
    expect(nb.map((r: { name: string }) => r.name)).toEqual([`ml-ws1-eastus-${wsid}.eastus`]);
  });
});
