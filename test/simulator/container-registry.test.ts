// Container registries: 201 Creating + Azure-AsyncOperation, global names, Premium-only features, CMK.
import { describe, expect, it } from 'vitest';
import { SUB, createGroup, harness, rel } from './helpers.js';
import { ACR_API, OTHER_SUB, assignRole, at, createIdentity, createKey, createVault, registryId, vaultId } from './paas-helpers.js';

const checkName = (sub = SUB) => `/subscriptions/${sub}/providers/Microsoft.ContainerRegistry/checkNameAvailability?api-version=${ACR_API}`;
const body = (sku: string, properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ location: 'eastus', sku: { name: sku }, properties, ...extra });

describe('container registries', () => {
  it('creates with 201 Creating and Azure-AsyncOperation polling, deletes with 202', async () => {
    const h = await harness();
    await createGroup(h);
    const r = await h.call('PUT', at(registryId('rg1', 'acrOne'), ACR_API), body('Premium', { adminUserEnabled: false, publicNetworkAccess: 'Disabled', networkRuleBypassOptions: 'AzureServices' }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ sku: { name: 'Premium', tier: 'Premium' }, properties: { provisioningState: 'Creating', loginServer: 'acrone.azurecr.io', publicNetworkAccess: 'Disabled', adminUserEnabled: false } });
    const op = r.headers['azure-asyncoperation'];
    expect(new URL(op).pathname).toMatch(new RegExp(`^${registryId('rg1', 'acrOne')}/operationStatuses/registries-[0-9a-f-]{36}$`));
    expect((await h.call('GET', rel(op))).body).toEqual({ status: 'InProgress' });
    h.clock.advance(26);
    expect((await h.call('GET', rel(op))).body).toEqual({ status: 'Succeeded' });
    const got = await h.call('GET', at(registryId('rg1', 'acrone'), ACR_API));
    expect(got.body.properties).toMatchObject({
      provisioningState: 'Succeeded',
      networkRuleSet: { defaultAction: 'Allow', ipRules: [] },
      policies: { exportPolicy: { status: 'enabled' }, quarantinePolicy: { status: 'disabled' } },
      encryption: { status: 'disabled' },
      dataEndpointHostNames: [],
      zoneRedundancy: 'Disabled',
    });
    const patched = await h.call('PATCH', at(registryId('rg1', 'acrOne'), ACR_API), { properties: { dataEndpointEnabled: true } });
    expect(patched.status).toBe(200);
    expect(patched.body.properties.dataEndpointHostNames).toEqual(['acrone.eastus.data.azurecr.io']);

    const del = await h.call('DELETE', at(registryId('rg1', 'acrOne'), ACR_API));
    expect(del.status).toBe(202);
    expect((await h.call('GET', at(registryId('rg1', 'acrOne'), ACR_API))).body.properties.provisioningState).toBe('Deleting');
    h.clock.advance(16);
    expect((await h.call('GET', rel(del.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
    expect((await h.call('GET', at(registryId('rg1', 'acrOne'), ACR_API))).status).toBe(404);
  });

  it('refuses Premium-only features on Basic and Standard', async () => {
    const h = await harness();
    await createGroup(h);
    const put = (sku: string, properties: Record<string, unknown>) => h.call('PUT', at(registryId('rg1', 'acrbasic'), ACR_API), body(sku, properties));
    const pna = await put('Basic', { publicNetworkAccess: 'Disabled' });
    expect(pna.status).toBe(400);
    expect(pna.body.error.code).toBe('DisablingPublicNetworkAccessNotSupported');
    for (const props of [
      { networkRuleSet: { defaultAction: 'Deny' } },
      { networkRuleSet: { defaultAction: 'Allow', ipRules: [{ action: 'Allow', value: '203.0.113.4' }] } },
      { dataEndpointEnabled: true },
      { zoneRedundancy: 'Enabled' },
      { policies: { quarantinePolicy: { status: 'enabled' } } },
      { policies: { retentionPolicy: { status: 'enabled', days: 7 } } },
    ]) {
      const r = await put('Standard', props);
      expect(r.status, JSON.stringify(props)).toBe(400);
      expect(r.body.error.code).toBe('SkuNotSupported');
    }
    expect((await put('Basic', { anonymousPullEnabled: true })).body.error.code).toBe('SkuNotSupported');
    expect((await put('Premium', { policies: { exportPolicy: { status: 'disabled' } } })).status).toBe(400);
    expect((await put('Premium', { publicNetworkAccess: 'Disabled', policies: { exportPolicy: { status: 'disabled' } } })).status).toBe(201);
    expect((await put('Premium', { policies: { softDeletePolicy: { status: 'enabled' } } })).body.error.code).toBe('InvalidRequestContent');
  });

  it('keeps names global and answers checkNameAvailability', async () => {
    const h = await harness();
    await createGroup(h);
    await h.call('PUT', `/subscriptions/${OTHER_SUB}/resourcegroups/rg9?api-version=2025-04-01`, { location: 'eastus' });
    expect((await h.call('PUT', at(registryId('rg1', 'acrglobal'), ACR_API), body('Basic'))).status).toBe(201);
    const taken = await h.call('PUT', at(registryId('rg9', 'AcrGlobal', OTHER_SUB), ACR_API), body('Basic'));
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('AlreadyInUse');
    expect((await h.call('POST', checkName(OTHER_SUB), { name: 'acrglobal', type: 'Microsoft.ContainerRegistry/registries' })).body).toMatchObject({ nameAvailable: false, reason: 'AlreadyExists' });
    expect((await h.call('POST', checkName(), { name: 'acr', type: 'Microsoft.ContainerRegistry/registries' })).body.nameAvailable).toBe(false);
    expect((await h.call('POST', checkName(), { name: 'acrfree1', type: 'Microsoft.ContainerRegistry/registries' })).body).toEqual({ nameAvailable: true });
    expect((await h.call('PUT', at(registryId('rg1', 'acr-dash'), ACR_API), body('Basic'))).body.error.code).toBe('InvalidResourceName');
  });

  it('accepts customer-managed keys only on Premium with an attached identity that can use the key', async () => {
    const h = await harness();
    await createGroup(h);
    const vault = await createVault(h, 'rg1', 'kv-acr', { enablePurgeProtection: true });
    const key = await createKey(h, 'rg1', 'kv-acr', 'cmk');
    const uai = await createIdentity(h, 'rg1', 'id-acr');
    const identity = { type: 'UserAssigned', userAssignedIdentities: { [uai.id]: {} } };
    const encryption = (identityClientId: string) => ({ status: 'enabled', keyVaultProperties: { keyIdentifier: key.properties.keyUri, identity: identityClientId } });
    const put = (sku: string, enc: unknown, extra: Record<string, unknown> = { identity }) => h.call('PUT', at(registryId('rg1', 'acrcmk'), ACR_API), body(sku, { encryption: enc }, extra));
    expect((await put('Standard', encryption(uai.properties.clientId))).body.error.code).toBe('SkuNotSupported');
    expect((await put('Premium', encryption(uai.properties.clientId), {})).body.error.code).toBe('InvalidEncryptionIdentity');
    expect((await put('Premium', { status: 'enabled', keyVaultProperties: { keyIdentifier: `${vault.properties.vaultUri}keys/nokey`, identity: uai.properties.clientId } })).body.error.code).toBe('KeyVaultKeyNotFound');
    expect((await put('Premium', encryption(uai.properties.clientId))).body.error.code).toBe('KeyVaultAuthenticationFailure');
    h.clock.advance(60);
    await assignRole(h, vaultId('rg1', 'kv-acr'), 'e147488a-f6f5-4113-8e2d-b22465e65bf6', uai.properties.principalId, '6a1f0f6e-51c3-4d4f-9a51-2d0f7c1e2b10');
    const ok = await put('Premium', encryption(uai.properties.clientId));
    expect(ok.status).toBe(201);
    expect(ok.body.properties.encryption).toMatchObject({ status: 'enabled', keyVaultProperties: { keyIdentifier: key.properties.keyUri, versionedKeyIdentifier: key.properties.keyUriWithVersion, identity: uai.properties.clientId } });
  });
});
