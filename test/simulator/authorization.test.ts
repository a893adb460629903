// Role assignments and role definitions as extension resources at any scope, user-assigned identities
// and the directory's replication delay (PrincipalNotFound without principalType).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SUB, createGroup, harness, type Harness } from './helpers.js';
import { AUTH_API, MSI_API, ST_API, accountId, at, createIdentity, identityId, rgId } from './paas-helpers.js';

const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const roleId = (guid: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const assignmentPath = (scope: string, name: string) => at(`${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, AUTH_API);
const assign = (h: Harness, scope: string, name: string, properties: Record<string, unknown>) => h.call('PUT', assignmentPath(scope, name), { properties });

describe('user-assigned identities', () => {
  it('creates (201) with stable principal and client ids, updates (200), deletes', async () => {
    const h = await harness();
    await createGroup(h);
    const created = await h.call('PUT', at(identityId('rg1', 'id-app'), MSI_API), { location: 'eastus', tags: { a: '1' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'id-app', type: 'Microsoft.ManagedIdentity/userAssignedIdentities', location: 'eastus', tags: { a: '1' } });
    const { principalId, clientId, tenantId } = created.body.properties;
    for (const v of [principalId, clientId, tenantId]) expect(v).toMatch(/^[0-9a-f-]{36}$/);
    const again = await h.call('PUT', at(identityId('rg1', 'id-app'), '2023-01-31'), { location: 'eastus' });
    expect(again.status).toBe(200);
    expect(again.body.properties).toMatchObject({ principalId, clientId, tenantId });
    expect((await h.call('PUT', at(identityId('rg1', 'x'), MSI_API), { location: 'eastus' })).body.error.code).toBe('InvalidResourceName');
    expect((await h.call('DELETE', at(identityId('rg1', 'id-app'), MSI_API))).status).toBe(200);
    expect((await h.call('GET', at(identityId('rg1', 'id-app'), MSI_API))).status).toBe(404);
  });
});

describe('role assignments', () => {
  it('creates (201), repeats identically (200), refuses duplicates and changes', async () => {
    const h = await harness();
    await createGroup(h);
    const principal = randomUUID();
    const name = randomUUID();
    const created = await assign(h, rgId('rg1'), name, { roleDefinitionId: roleId(READER), principalId: principal, principalType: 'User' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: `${rgId('rg1')}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      type: 'Microsoft.Authorization/roleAssignments',
      properties: { roleDefinitionId: roleId(READER), principalId: principal, principalType: 'User', scope: rgId('rg1') },
    });
    expect((await assign(h, rgId('rg1'), name, { roleDefinitionId: roleId(READER), principalId: principal, principalType: 'User' })).status).toBe(200);
    const dup = await assign(h, rgId('rg1'), randomUUID(), { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: principal });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('RoleAssignmentExists');
    const changed = await assign(h, rgId('rg1'), name, { roleDefinitionId: roleId(CONTRIBUTOR), principalId: principal });
    expect(changed.status).toBe(400);
    expect(changed.body.error.code).toBe('RoleAssignmentUpdateNotPermitted');
    const unknown = await assign(h, rgId('rg1'), randomUUID(), { roleDefinitionId: roleId(randomUUID()), principalId: principal });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('RoleDefinitionDoesNotExist');
    expect((await assign(h, rgId('rg1'), 'not-a-guid', { roleDefinitionId: roleId(READER), principalId: principal })).status).toBe(400);

    expect((await h.call('GET', assignmentPath(rgId('rg1'), name))).body.name).toBe(name);
    const del = await h.call('DELETE', assignmentPath(rgId('rg1'), name));
    expect(del.status).toBe(200);
    expect(del.body.name).toBe(name);
    expect((await h.call('DELETE', assignmentPath(rgId('rg1'), name))).status).toBe(204);
    expect((await h.call('GET', assignmentPath(rgId('rg1'), name))).status).toBe(404);
  });

  it('fails with PrincipalNotFound for a new identity unless principalType is set', async () => {
    const h = await harness({ timeScale: 0.1 }); // replication window: 30 s x 0.1 = 3 s
    await createGroup(h);
    const uai = await createIdentity(h, 'rg1', 'id-fresh');
    const principalId = uai.properties.principalId as string;
    const early = await assign(h, rgId('rg1'), randomUUID(), { roleDefinitionId: roleId(READER), principalId });
    expect(early.status).toBe(400);
    expect(early.body.error.code).toBe('PrincipalNotFound');
    expect(early.body.error.message).toContain(`Principal ${principalId.replace(/-/g, '')} does not exist in the directory`);
    expect(early.body.error.message).toContain('https://aka.ms/docs-principaltype');
    const typed = await assign(h, rgId('rg1'), randomUUID(), { roleDefinitionId: roleId(READER), principalId, principalType: 'ServicePrincipal' });
    expect(typed.status).toBe(201);
    h.clock.advance(3);
    const later = await assign(h, rgId('rg1'), randomUUID(), { roleDefinitionId: roleId(CONTRIBUTOR), principalId });
    expect(later.status).toBe(201);
    expect(later.body.properties.principalType).toBe('ServicePrincipal');
    const mismatch = await assign(h, rgId('rg1'), randomUUID(), { roleDefinitionId: roleId('18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'), principalId, principalType: 'User' });
    expect(mismatch.body.error.code).toBe('UnmatchedPrincipalType');
    // Once the identity is deleted, its principal is gone from the directory.
    await h.call('DELETE', at(identityId('rg1', 'id-fresh'), MSI_API));
    const gone = await assign(h, rgId('rg1'), randomUUID(), { roleDefinitionId: roleId('4d97b98b-1d4f-4787-a291-c67834d212e7'), principalId });
    expect(gone.body.error.code).toBe('PrincipalNotFound');
  });

  it('works at subscription and resource scopes, accepts doubled slashes, and 404s a missing scope', async () => {
    const h = await harness();
    await createGroup(h);
    const principal = randomUUID();
    const sub = await h.call('PUT', `/${assignmentPath(`/subscriptions/${SUB}`, randomUUID())}`, { properties: { roleDefinitionId: roleId(READER), principalId: principal, principalType: 'Group' } });
    expect(sub.status).toBe(201);
    expect(sub.body.properties.scope).toBe(`/subscriptions/${SUB}`);
    const missingRg = await assign(h, rgId('ghost'), randomUUID(), { roleDefinitionId: roleId(READER), principalId: principal });
    expect(missingRg.status).toBe(404);
    expect(missingRg.body.error.code).toBe('ResourceGroupNotFound');
    const missingRes = await assign(h, accountId('rg1', 'stnone'), randomUUID(), { roleDefinitionId: roleId(READER), principalId: principal });
    expect(missingRes.status).toBe(404);
    expect(missingRes.body.error.code).toBe('ResourceNotFound');

    await h.call('PUT', at(accountId('rg1', 'stscope'), ST_API), { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } });
    const name = randomUUID();
    const onAccount = await h.call('PUT', `//subscriptions/${SUB}/resourcegroups/rg1/providers/Microsoft.Storage/storageAccounts/STSCOPE/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=${AUTH_API}`, {
      properties: { roleDefinitionId: roleId('ba92f5b4-2d11-453d-a403-e96b0029c9fe'), principalId: principal, principalType: 'Group' },
    });
    expect(onAccount.status).toBe(201);
    expect(onAccount.body.properties.scope).toBe(accountId('rg1', 'stscope'));
    expect(onAccount.body.id).toBe(`${accountId('rg1', 'stscope')}/providers/Microsoft.Authorization/roleAssignments/${name}`);

    const atScope = await h.call('GET', at(`${accountId('rg1', 'stscope')}/providers/Microsoft.Authorization/roleAssignments`, AUTH_API, '&$filter=atScope()'));
    expect(atScope.body.value.map((a: { properties: { scope: string } }) => a.properties.scope)).toEqual([`/subscriptions/${SUB}`, accountId('rg1', 'stscope')]);
    const byPrincipal = await h.call('GET', at(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments`, AUTH_API, `&$filter=principalId eq '${principal}'`));
    expect(byPrincipal.body.value).toHaveLength(2);
    // Deleting the resource removes the assignments on it; they are not listed in resource listings.
    expect((await h.call('GET', `/subscriptions/${SUB}/resourceGroups/rg1/resources?api-version=2025-04-01`)).body.value).toHaveLength(1);
    await h.call('DELETE', at(accountId('rg1', 'stscope'), ST_API));
    expect((await h.call('GET', at(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments`, AUTH_API))).body.value).toHaveLength(1);
  });
});

describe('role definitions', () => {
  it('serves built-in roles at the subscription and tenant root, and finds them by name', async () => {
    const h = await harness();
    const sub = await h.call('GET', at(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`, AUTH_API));
    expect(sub.body).toMatchObject({
      id: roleId('e147488a-f6f5-4113-8e2d-b22465e65bf6'),
      name: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
      properties: { roleName: 'Key Vault Crypto Service Encryption User', type: 'BuiltInRole', assignableScopes: ['/'] },
    });
    const tenant = await h.call('GET', at(`/providers/Microsoft.Authorization/roleDefinitions/${READER}`, AUTH_API));
    expect(tenant.body.id).toBe(`/providers/Microsoft.Authorization/roleDefinitions/${READER}`);
    const byName = await h.call('GET', at(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions`, AUTH_API, `&$filter=roleName eq 'AcrPull'`));
    expect(byName.body.value.map((r: { name: string }) => r.name)).toEqual(['7f951dda-4ed3-4680-a7ca-43fe172d538d']);
    expect((await h.call('GET', at(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`, AUTH_API))).status).toBe(404);
  });

  it('creates custom roles (201 only), refuses duplicate names, and lets assignments use them', async () => {
    const h = await harness();
    await createGroup(h);
    const guid = randomUUID();
    const scope = `/subscriptions/${SUB}`;
    const definition = (roleName: string, assignableScopes = [scope]) => ({
      properties: { roleName, description: 'AML data scientist', type: 'CustomRole', permissions: [{ actions: ['Microsoft.MachineLearningServices/workspaces/*/read'], notActions: [], dataActions: [], notDataActions: [] }], assignableScopes },
    });
    const path = (id: string, at0 = scope) => at(`${at0}/providers/Microsoft.Authorization/roleDefinitions/${id}`, AUTH_API);
    const created = await h.call('PUT', path(guid), definition('Secure AML Data Scientist'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: roleId(guid), name: guid, type: 'Microsoft.Authorization/roleDefinitions', properties: { roleName: 'Secure AML Data Scientist', type: 'CustomRole', assignableScopes: [scope] } });
    const update = await h.call('PUT', path(guid), definition('Secure AML Data Scientist', [scope, rgId('rg1')]));
    expect(update.status).toBe(201);
    const dup = await h.call('PUT', path(randomUUID()), definition('secure aml data scientist'));
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('RoleDefinitionWithSameNameExists');
    expect((await h.call('PUT', path(randomUUID()), definition('Owner'))).status).toBe(409);
    expect((await h.call('PUT', path(randomUUID()), definition('Other', [rgId('ghost')]))).status).toBe(400);
    expect((await h.call('PUT', path(randomUUID()), definition('Other', [rgId('rg1')]))).status).toBe(400);

    const principal = randomUUID();
    const a = await assign(h, rgId('rg1'), randomUUID(), { roleDefinitionId: roleId(guid), principalId: principal, principalType: 'Group' });
    expect(a.status).toBe(201);
    const inUse = await h.call('DELETE', path(guid));
    expect(inUse.status).toBe(409);
    expect((await h.call('GET', path(guid))).body.properties.roleName).toBe('Secure AML Data Scientist');
    await h.call('DELETE', assignmentPath(rgId('rg1'), a.body.name));
    expect((await h.call('DELETE', path(guid))).status).toBe(200);
    expect((await h.call('GET', path(guid))).status).toBe(404);
  });
});
