// Microsoft Graph in the simulator (src/simulator/graph.ts): a first-party app's service principal looked up
// by its application id has an object id of the tenant (not the app id); not found and no token answer as
// Graph does; the Cosmos DB key check of CMK workspaces counts the object id, never the app id.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cosmosDbCannotWrap } from '../../src/simulator/providers/keyvault/cmk.js';
import { getRecord, type CloudState } from '../../src/simulator/state.js';
import { harness, SUB, type Harness } from './helpers.js';
import { createVault, tenantOf } from './seed.js';

const COSMOS_APP = 'a232010e-820c-4083-83bb-3ace5fc29d0b';
const TOKEN = { authorization: 'Bearer simulated' };
const byAppId = (appId: string, query = '') => `/v1.0/servicePrincipals(appId='${appId}')${query}`;
const RG_API = '2025-04-01';

async function loadState(h: Harness): Promise<CloudState> {
  return JSON.parse(await readFile(path.join(h.dir, 'cloud.json'), 'utf8')) as CloudState;
}

describe('Microsoft Graph: service principals by appId', () => {
  it('returns Azure Cosmos DB with a per-tenant object id that is not the app id, stable across reads; $select and $filter', async () => {
    const h = await harness();
    const sp = await h.call('GET', byAppId(COSMOS_APP, '?$select=id,appId,displayName'), undefined, TOKEN);
    expect(sp.status).toBe(200);
    expect(sp.body).toMatchObject({ appId: COSMOS_APP, displayName: 'Azure Cosmos DB' });
    expect(sp.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sp.body.id).not.toBe(COSMOS_APP);
    expect(sp.body.servicePrincipalType).toBeUndefined(); // not selected
    expect((await h.call('GET', byAppId(COSMOS_APP), undefined, TOKEN)).body.id).toBe(sp.body.id);
    const list = await h.call('GET', `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${COSMOS_APP}'`)}&$select=id`, undefined, TOKEN);
    expect(list.status).toBe(200);
    expect(list.body.value).toEqual([{ id: sp.body.id }]);
    // Another tenant (another simulator directory) has another object id for the same app.
    const other = await harness();
    expect((await other.call('GET', byAppId(COSMOS_APP), undefined, TOKEN)).body.id).not.toBe(sp.body.id);
  });

  it('answers 404 Request_ResourceNotFound for an app without a service principal in the tenant (unknown, or deleted)', async () => {
    const h = await harness();
    const unknown = await h.call('GET', byAppId('00000000-1111-2222-3333-444444444444'), undefined, TOKEN);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 'Request_ResourceNotFound',
      message: "Resource '00000000-1111-2222-3333-444444444444' does not exist or one of its queried reference-property objects are not present.",
    });
    expect((await h.call('DELETE', byAppId(COSMOS_APP), undefined, TOKEN)).status).toBe(204);
    expect((await h.call('GET', byAppId(COSMOS_APP), undefined, TOKEN)).body.error.code).toBe('Request_ResourceNotFound');
    expect((await h.call('GET', `/v1.0/servicePrincipals?$filter=appId eq '${COSMOS_APP}'`, undefined, TOKEN)).body.value).toEqual([]);
  });

  it('answers 401 InvalidAuthenticationToken without a bearer token', async () => {
    const h = await harness();
    const r = await h.call('GET', byAppId(COSMOS_APP));
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
  });

  it("registers the service principal as a directory principal: a role assignment without principalType succeeds, with type ServicePrincipal", async () => {
    const h = await harness();
    const id = (await h.call('GET', byAppId(COSMOS_APP), undefined, TOKEN)).body.id as string;
    await h.call('PUT', `/subscriptions/${SUB}/resourcegroups/rg1?api-version=${RG_API}`, { location: 'eastus' });
    const scope = `/subscriptions/${SUB}/resourceGroups/rg1`;
    const ra = await h.call('PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/0b9a5a4e-2f52-4c55-8e3b-7c1d1e8b3a11?api-version=2022-04-01`, {
      properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`, principalId: id },
    });
    expect(ra.status).toBe(201);
    expect(ra.body.properties).toMatchObject({ principalId: id, principalType: 'ServicePrincipal' });
  });

  it("the CMK check for Azure Cosmos DB counts an access policy for the SP's object id, not one for its app id", async () => {
    const h = await harness();
    await h.call('PUT', `/subscriptions/${SUB}/resourcegroups/rg1?api-version=${RG_API}`, { location: 'eastus' });
    await tenantOf(h);
    const id = (await h.call('GET', byAppId(COSMOS_APP), undefined, TOKEN)).body.id as string;
    const wrap = (objectId: string) => ({ objectId, permissions: { keys: ['get', 'wrapKey', 'unwrapKey'] } });
    const byApp = await createVault(h, 'kvbyapp', { purgeProtection: true, accessPolicies: [wrap(COSMOS_APP)] });
    const byObject = await createVault(h, 'kvbyobject', { purgeProtection: true, accessPolicies: [wrap(id)] });
    for (const v of ['kvbyapp', 'kvbyobject']) {
      const k = await h.call('PUT', `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/${v}/keys/cmk?api-version=2024-11-01`, { properties: { kty: 'RSA', keySize: 2048 } });
      expect(k.status).toBe(200);
    }
    const state = await loadState(h);
    const check = (vaultId: string) => cosmosDbCannotWrap(state, getRecord(state, vaultId)!, getRecord(state, `${vaultId}/keys/cmk`)!);
    expect(check(byApp)).toEqual({ objectId: id });
    expect(check(byObject)).toBeUndefined();
  });
});
