// Key vaults and keys: body-polled creation, global names, soft delete that keeps the name reserved
// (also through a resource-group cascade), purge (refused under purge protection), recovery, and keys
// created through ARM that never change once created.
import { describe, expect, it } from 'vitest';
import { SUB, createGroup, harness, rel, rgPath } from './helpers.js';
import { KV_API, OTHER_SUB, at, createKey, createVault, tenantOf, vaultBody, vaultId } from './paas-helpers.js';

const deletedPath = (name: string, loc = 'eastus', sub = SUB) => `/subscriptions/${sub}/providers/Microsoft.KeyVault/locations/${loc}/deletedVaults/${name}`;
const checkName = (sub = SUB) => `/subscriptions/${sub}/providers/Microsoft.KeyVault/checkNameAvailability?api-version=${KV_API}`;

describe('key vaults', () => {
  it('creates with RegisteringDns, then Succeeded once the model time has passed', async () => {
    const h = await harness();
    await createGroup(h);
    const tenant = await tenantOf(h);
    const r = await h.call('PUT', at(vaultId('rg1', 'kv-one'), KV_API), vaultBody(tenant, { enablePurgeProtection: true, softDeleteRetentionInDays: 7 }));
    expect(r.status).toBe(201);
    expect(r.headers['azure-asyncoperation']).toBeUndefined();
    expect(r.body.properties).toMatchObject({ provisioningState: 'RegisteringDns', vaultUri: 'https://kv-one.vault.azure.net/', enableSoftDelete: true, enablePurgeProtection: true, tenantId: tenant });
    h.clock.advance(19);
    expect((await h.call('GET', at(vaultId('rg1', 'kv-one'), KV_API))).body.properties.provisioningState).toBe('RegisteringDns');
    h.clock.advance(2);
    expect((await h.call('GET', at(vaultId('rg1', 'kv-one'), KV_API))).body.properties.provisioningState).toBe('Succeeded');
    // An update is synchronous; purge protection cannot be switched off again.
    const upd = await h.call('PUT', at(vaultId('rg1', 'kv-one'), KV_API), vaultBody(tenant, { enablePurgeProtection: true, softDeleteRetentionInDays: 7, publicNetworkAccess: 'Disabled' }));
    expect(upd.status).toBe(200);
    expect(upd.body.properties).toMatchObject({ provisioningState: 'Succeeded', publicNetworkAccess: 'Disabled' });
    const off = await h.call('PUT', at(vaultId('rg1', 'kv-one'), KV_API), vaultBody(tenant, { enablePurgeProtection: false }));
    expect(off.status).toBe(400);
    expect(off.body.error.message).toContain('enablePurgeProtection');
  });

  it('validates tenant, soft delete, retention, names, SKU and network rules', async () => {
    const h = await harness();
    await createGroup(h);
    const tenant = await tenantOf(h);
    const put = (name: string, body: unknown) => h.call('PUT', at(vaultId('rg1', name), KV_API), body);
    expect((await put('kv-a', vaultBody('00000000-0000-0000-0000-000000000000'))).status).toBe(400);
    expect((await put('kv-a', vaultBody(tenant, { enableSoftDelete: false }))).body.error.message).toContain('Soft delete cannot be disabled');
    expect((await put('kv-a', vaultBody(tenant, { softDeleteRetentionInDays: 3 }))).status).toBe(400);
    expect((await put('1kv', vaultBody(tenant))).body.error.code).toBe('InvalidResourceName');
    expect((await put('kv--a', vaultBody(tenant))).body.error.code).toBe('InvalidResourceName');
    const sku = await put('kv-a', { location: 'eastus', properties: { tenantId: tenant, sku: { family: 'A', name: 'gold' } } });
    expect(sku.body.error.code).toBe('InvalidRequestContent');
    expect((await put('kv-a', { properties: { tenantId: tenant, sku: { family: 'A', name: 'standard' } } })).body.error.code).toBe('LocationRequired');
    const subnet = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v/subnets/s`;
    expect((await put('kv-a', vaultBody(tenant, { networkAcls: { defaultAction: 'Deny', virtualNetworkRules: [{ id: subnet }] } }))).status).toBe(400);
    const ok = await put('kv-a', vaultBody(tenant, { networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [{ value: '203.0.113.0/24' }] } }));
    expect(ok.status).toBe(201);
    expect(ok.body.properties.networkAcls).toEqual({ bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [{ value: '203.0.113.0/24' }], virtualNetworkRules: [] });
    expect(ok.body.properties.enableRbacAuthorization).toBe(true);
    expect((await h.call('PUT', at(vaultId('rg1', 'kv-old'), '2023-07-01'), vaultBody(tenant, { enableRbacAuthorization: undefined }))).body.properties.enableRbacAuthorization).toBe(false);
  });

  it('keeps names global across subscriptions', async () => {
    const h = await harness();
    await createGroup(h);
    await h.call('PUT', `/subscriptions/${OTHER_SUB}/resourcegroups/rg2?api-version=2025-04-01`, { location: 'westus' });
    await createVault(h, 'rg1', 'kv-global');
    const tenant = await tenantOf(h);
    const taken = await h.call('PUT', at(vaultId('rg2', 'KV-GLOBAL', OTHER_SUB), KV_API), vaultBody(tenant, {}, 'westus'));
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('VaultAlreadyExists');
    const check = await h.call('POST', checkName(OTHER_SUB), { name: 'kv-global', type: 'Microsoft.KeyVault/vaults' });
    expect(check.body).toMatchObject({ nameAvailable: false, reason: 'AlreadyExists' });
    expect((await h.call('POST', checkName(), { name: 'kv_bad', type: 'Microsoft.KeyVault/vaults' })).body).toMatchObject({ nameAvailable: false, reason: 'AccountNameInvalid' });
    expect((await h.call('POST', checkName(), { name: 'kv-free', type: 'Microsoft.KeyVault/vaults' })).body).toEqual({ nameAvailable: true });
  });

  it('soft-deletes: the name stays reserved until purged; purge protection refuses the purge', async () => {
    const h = await harness();
    await createGroup(h);
    const tenant = await tenantOf(h);
    await createVault(h, 'rg1', 'kv-soft');
    await createVault(h, 'rg1', 'kv-locked', { enablePurgeProtection: true });
    expect((await h.call('DELETE', at(vaultId('rg1', 'kv-soft'), KV_API))).status).toBe(200);
    expect((await h.call('DELETE', at(vaultId('rg1', 'kv-locked'), KV_API))).status).toBe(200);
    expect((await h.call('GET', at(vaultId('rg1', 'kv-soft'), KV_API))).status).toBe(404);
    expect((await h.call('DELETE', at(vaultId('rg1', 'kv-soft'), KV_API))).status).toBe(204);

    const deleted = await h.call('GET', at(deletedPath('kv-soft'), KV_API));
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ name: 'kv-soft', type: 'Microsoft.KeyVault/deletedVaults', properties: { vaultId: vaultId('rg1', 'kv-soft'), location: 'eastus', purgeProtectionEnabled: false } });
    expect(Date.parse(deleted.body.properties.scheduledPurgeDate) - Date.parse(deleted.body.properties.deletionDate)).toBe(90 * 86400_000);
    expect((await h.call('GET', at(deletedPath('nope'), KV_API))).status).toBe(404);
    const list = await h.call('GET', at(`/subscriptions/${SUB}/providers/Microsoft.KeyVault/deletedVaults`, KV_API));
    expect(list.body.value.map((v: { name: string }) => v.name)).toEqual(['kv-soft', 'kv-locked']);

    const check = await h.call('POST', checkName(OTHER_SUB), { name: 'kv-soft', type: 'Microsoft.KeyVault/vaults' });
    expect(check.body).toMatchObject({ nameAvailable: false, reason: 'AlreadyExists' });
    expect(check.body.message).toContain('soft-deleted');
    const blocked = await h.call('PUT', at(vaultId('rg1', 'kv-soft'), KV_API), vaultBody(tenant));
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('ConflictError');
    expect(blocked.body.error.message).toMatch(/kv-soft.*recovered.*purged/s);

    const refused = await h.call('POST', at(`${deletedPath('kv-locked')}/purge`, KV_API));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('purge protection');
    expect(refused.body.error.message).toContain('scheduled purge date');

    const purge = await h.call('POST', at(`${deletedPath('kv-soft')}/purge`, KV_API));
    expect(purge.status).toBe(202);
    const poll = rel(purge.headers.location);
    expect((await h.call('GET', poll)).status).toBe(202);
    expect((await h.call('POST', checkName(), { name: 'kv-soft', type: 'Microsoft.KeyVault/vaults' })).body.nameAvailable).toBe(false);
    h.clock.advance(61);
    expect((await h.call('GET', poll)).status).toBe(200);
    expect((await h.call('GET', at(deletedPath('kv-soft'), KV_API))).status).toBe(404);
    expect((await h.call('POST', checkName(), { name: 'kv-soft', type: 'Microsoft.KeyVault/vaults' })).body.nameAvailable).toBe(true);
    expect((await h.call('PUT', at(vaultId('rg1', 'kv-soft'), KV_API), vaultBody(tenant))).status).toBe(201);

    // The protected vault's entry expires by itself after its retention.
    h.clock.advance(91 * 86400);
    expect((await h.call('GET', at(deletedPath('kv-locked'), KV_API))).status).toBe(404);
  });

  it('soft-deletes vaults deleted with their resource group, and recovers them with their keys', async () => {
    const h = await harness();
    await createGroup(h);
    await createVault(h, 'rg1', 'kv-cascade');
    const key = await createKey(h, 'rg1', 'kv-cascade', 'cmk');
    expect((await h.call('DELETE', rgPath('rg1'))).status).toBe(202);
    h.clock.advance(120);
    expect((await h.call('GET', rgPath('rg1'))).status).toBe(404);
    expect((await h.call('GET', at(deletedPath('kv-cascade'), KV_API))).status).toBe(200);
    expect(await h.sim.dump()).toEqual([]);

    await createGroup(h);
    const tenant = await tenantOf(h);
    const recovered = await h.call('PUT', at(vaultId('rg1', 'kv-cascade'), KV_API), vaultBody(tenant, { createMode: 'recover' }));
    expect(recovered.status).toBe(201);
    expect((await h.call('GET', at(deletedPath('kv-cascade'), KV_API))).status).toBe(404);
    const again = await h.call('GET', at(`${vaultId('rg1', 'kv-cascade')}/keys/cmk`, KV_API));
    expect(again.body.properties.keyUriWithVersion).toBe(key.properties.keyUriWithVersion);
    expect((await h.call('PUT', at(vaultId('rg1', 'kv-none'), KV_API), vaultBody(tenant, { createMode: 'recover' }))).status).toBe(404);
  });
});

describe('vault keys', () => {
  it('creates a key once: keyUri, keyUriWithVersion, and a second PUT changes nothing', async () => {
    const h = await harness();
    await createGroup(h);
    await createVault(h, 'rg1', 'kv-keys', { enablePurgeProtection: true });
    const path = at(`${vaultId('rg1', 'kv-keys')}/keys/cmk`, KV_API);
    const first = await h.call('PUT', path, { properties: { kty: 'RSA', keySize: 3072, keyOps: ['wrapKey', 'unwrapKey'] } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: `${vaultId('rg1', 'kv-keys')}/keys/cmk`, name: 'cmk', type: 'Microsoft.KeyVault/vaults/keys', location: 'eastus' });
    expect(first.body.properties.keyUri).toBe('https://kv-keys.vault.azure.net/keys/cmk');
    expect(first.body.properties.keyUriWithVersion).toMatch(/^https:\/\/kv-keys\.vault\.azure\.net\/keys\/cmk\/[0-9a-f]{32}$/);
    expect(first.body.properties).toMatchObject({ kty: 'RSA', keySize: 3072, keyOps: ['wrapKey', 'unwrapKey'] });
    expect(first.body.properties.attributes).toMatchObject({ enabled: true, recoveryLevel: 'Recoverable', exportable: false });
    expect(first.body.properties.attributes.created).toBe(Math.floor(h.clock.t / 1000));
    h.clock.advance(30);
    const second = await h.call('PUT', path, { properties: { kty: 'RSA', keySize: 4096 } });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const list = await h.call('GET', at(`${vaultId('rg1', 'kv-keys')}/keys`, KV_API));
    expect(list.body.value).toHaveLength(1);
  });

  it('validates key types and sizes, and needs the vault', async () => {
    const h = await harness();
    await createGroup(h);
    await createVault(h, 'rg1', 'kv-k2');
    const put = (name: string, properties: unknown) => h.call('PUT', at(`${vaultId('rg1', 'kv-k2')}/keys/${name}`, KV_API), { properties });
    expect((await put('k1', { kty: 'RSA', keySize: 1024 })).status).toBe(400);
    expect((await put('k1', { kty: 'RSA-HSM' })).status).toBe(400);
    expect((await put('k1', { kty: 'EC', keySize: 2048 })).status).toBe(400);
    expect((await put('k1', { kty: 'EC', keyOps: ['wrapKey'] })).status).toBe(400);
    expect((await put('k1', { kty: 'OCT' })).body.error.code).toBe('InvalidRequestContent');
    const ec = await put('k1', { kty: 'EC' });
    expect(ec.body.properties).toMatchObject({ kty: 'EC', curveName: 'P-256', keyOps: ['sign', 'verify'], attributes: { recoveryLevel: 'Recoverable+Purgeable' } });
    const missing = await h.call('PUT', at(`${vaultId('rg1', 'kv-none')}/keys/k`, KV_API), { properties: { kty: 'RSA' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ParentResourceNotFound');
  });
});
