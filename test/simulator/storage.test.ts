// Storage accounts: Storage's 202 + Location creation, global names, strict bodies, network rules and the
// customer-managed-key rules (vault protection, key, identity, key access).
import { describe, expect, it } from 'vitest';
import { SUB, createGroup, harness, netPath, rel, vnetBody, type Harness, type Reply } from './helpers.js';
import { ST_API, accountId, assignRole, at, createIdentity, createKey, createVault, identityId, vaultId } from './paas-helpers.js';

const checkName = `/subscriptions/${SUB}/providers/Microsoft.Storage/checkNameAvailability?api-version=${ST_API}`;
const CRYPTO_USER = 'e147488a-f6f5-4113-8e2d-b22465e65bf6';

const accountBody = (extra: Record<string, unknown> = {}, properties: Record<string, unknown> = {}) => ({
  location: 'eastus',
  kind: 'StorageV2',
  sku: { name: 'Standard_LRS' },
  properties: { minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false, ...properties },
  ...extra,
});

async function createAccount(h: Harness, name: string, body: unknown = accountBody()): Promise<Reply['body']> {
  const r = await h.call('PUT', at(accountId('rg1', name), ST_API), body);
  if (r.status !== 202) throw new Error(`account create failed: ${r.status} ${JSON.stringify(r.body)}`);
  h.clock.advance(31);
  return (await h.call('GET', rel(r.headers.location))).body;
}

describe('storage accounts', () => {
  it('creates with 202 + Location; polling answers 202 until done, then 200 with the account', async () => {
    const h = await harness();
    await createGroup(h);
    const r = await h.call('PUT', at(accountId('rg1', 'stacct1'), ST_API), accountBody({ tags: { env: 'dev' } }));
    expect(r.status).toBe(202);
    expect(r.body).toBeUndefined();
    expect(r.headers['retry-after']).toBe('17');
    const loc = new URL(r.headers.location);
    expect(loc.pathname).toMatch(new RegExp(`^/subscriptions/${SUB}/providers/Microsoft.Storage/locations/eastus/asyncoperations/[0-9a-f-]{36}$`));
    expect(loc.searchParams.get('monitor')).toBe('true');
    expect(loc.searchParams.get('api-version')).toBe(ST_API);
    const running = await h.call('GET', rel(r.headers.location));
    expect(running.status).toBe(202);
    expect(running.headers.location).toBe(r.headers.location);
    expect((await h.call('GET', at(accountId('rg1', 'stacct1'), ST_API))).body.properties.provisioningState).toBe('Creating');
    h.clock.advance(30);
    const done = await h.call('GET', rel(r.headers.location));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      id: accountId('rg1', 'stacct1'),
      name: 'stacct1',
      type: 'Microsoft.Storage/storageAccounts',
      location: 'eastus',
      kind: 'StorageV2',
      sku: { name: 'Standard_LRS', tier: 'Standard' },
      tags: { env: 'dev' },
      properties: {
        provisioningState: 'Succeeded',
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        supportsHttpsTrafficOnly: true,
        accessTier: 'Hot',
        primaryEndpoints: {
          blob: 'https://stacct1.blob.core.windows.net/',
          file: 'https://stacct1.file.core.windows.net/',
          queue: 'https://stacct1.queue.core.windows.net/',
          table: 'https://stacct1.table.core.windows.net/',
          dfs: 'https://stacct1.dfs.core.windows.net/',
          web: 'https://stacct1.web.core.windows.net/',
        },
        encryption: { keySource: 'Microsoft.Storage', services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } } },
        networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] },
      },
    });
    expect(typeof done.body.properties.creationTime).toBe('string');

    // PUT on the existing account updates it synchronously; PATCH too.
    const upd = await h.call('PUT', at(accountId('rg1', 'stacct1'), ST_API), accountBody({}, { publicNetworkAccess: 'Disabled', networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' } }));
    expect(upd.status).toBe(200);
    expect(upd.body.properties).toMatchObject({ publicNetworkAccess: 'Disabled', networkAcls: { defaultAction: 'Deny' } });
    const patched = await h.call('PATCH', at(accountId('rg1', 'stacct1'), ST_API), { tags: { env: 'prod' }, properties: { allowSharedKeyAccess: false } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ tags: { env: 'prod' }, properties: { allowSharedKeyAccess: false, publicNetworkAccess: 'Disabled' } });
    const infra = await h.call('PATCH', at(accountId('rg1', 'stacct1'), ST_API), { properties: { encryption: { requireInfrastructureEncryption: true } } });
    expect(infra.status).toBe(400);
    expect(infra.body.error.message).toContain('requireInfrastructureEncryption');

    expect((await h.call('DELETE', at(accountId('rg1', 'stacct1'), ST_API))).status).toBe(200);
    expect((await h.call('DELETE', at(accountId('rg1', 'stacct1'), ST_API))).status).toBe(204);
  });

  it('checks names: AccountNameInvalid, global StorageAccountAlreadyTaken, checkNameAvailability', async () => {
    const h = await harness();
    await createGroup(h);
    await createGroup(h, 'rg2');
    const bad = await h.call('PUT', at(accountId('rg1', 'Bad-Name'), ST_API), accountBody());
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('AccountNameInvalid');
    await createAccount(h, 'sttaken');
    const taken = await h.call('PUT', at(accountId('rg2', 'sttaken'), ST_API), accountBody());
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('StorageAccountInAnotherResourceGroup'); // same subscription (issue 15 item 6)
    expect((await h.call('POST', checkName, { name: 'sttaken', type: 'Microsoft.Storage/storageAccounts' })).body).toMatchObject({ nameAvailable: false, reason: 'AlreadyExists' });
    expect((await h.call('POST', checkName, { name: 'ST', type: 'Microsoft.Storage/storageAccounts' })).body).toMatchObject({ nameAvailable: false, reason: 'AccountNameInvalid' });
    expect((await h.call('POST', checkName, { name: 'stfree', type: 'Microsoft.Storage/storageAccounts' })).body).toEqual({ nameAvailable: true });
  });

  it('is strict about the body and the rules between properties', async () => {
    const h = await harness();
    await createGroup(h);
    const put = (body: unknown) => h.call('PUT', at(accountId('rg1', 'ststrict'), ST_API), body);
    expect((await put({ location: 'eastus', sku: { name: 'Standard_LRS' } })).body.error.message).toContain("Required property 'kind'");
    expect((await put(accountBody({}, { colour: 'blue' }))).body.error.message).toContain("Could not find member 'colour'");
    expect((await put(accountBody({ sku: { name: 'Standard_XXX' } }))).status).toBe(400);
    expect((await put(accountBody({ kind: 'Storage' }, { isHnsEnabled: true }))).status).toBe(400);
    expect((await put(accountBody({ kind: 'FileStorage' }))).status).toBe(400);
    expect((await put(accountBody({}, { encryption: { keySource: 'Microsoft.Keyvault' } }))).body.error.code).toBe('InvalidValuesForRequestParameters');
    expect((await put(accountBody({ identity: { type: 'UserAssigned', userAssignedIdentities: { [identityId('rg1', 'ghost')]: {} } } }))).body.error.code).toBe('FailedIdentityOperation');
    expect((await put({ ...accountBody(), location: undefined })).body.error.code).toBe('LocationRequired');
  });

  it('requires the Microsoft.Storage service endpoint on subnets in networkAcls', async () => {
    const h = await harness();
    await createGroup(h);
    await h.call('PUT', netPath('rg1', 'virtualNetworks/v1'), vnetBody([{ name: 'plain', prefix: '10.0.1.0/24' }]));
    h.clock.advance(30);
    const subnet = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v1/subnets/plain`;
    const r = await h.call('PUT', at(accountId('rg1', 'stacl'), ST_API), accountBody({}, { networkAcls: { defaultAction: 'Deny', virtualNetworkRules: [{ id: subnet }] } }));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('NetworkAclsValidationFailure');
    expect(r.body.error.message).toContain('SubnetsHaveNoServiceEndpointsConfigured');
  });

  it('refuses customer-managed keys without purge protection, key, attached identity or key access', async () => {
    const h = await harness();
    await createGroup(h);
    await createVault(h, 'rg1', 'kv-weak');
    await createKey(h, 'rg1', 'kv-weak', 'cmk');
    const vault = await createVault(h, 'rg1', 'kv-cmk', { enablePurgeProtection: true });
    await createKey(h, 'rg1', 'kv-cmk', 'cmk');
    const uai = await createIdentity(h, 'rg1', 'id-st');
    const other = await createIdentity(h, 'rg1', 'id-other');
    const identity = { type: 'UserAssigned', userAssignedIdentities: { [uai.id]: {} } };
    const cmk = (uri: string, keyname: string, userAssignedIdentity = uai.id) => ({
      keySource: 'Microsoft.Keyvault',
      keyvaultproperties: { keyvaulturi: uri, keyname },
      identity: { userAssignedIdentity },
    });
    const put = (encryption: unknown) => h.call('PUT', at(accountId('rg1', 'stcmk'), ST_API), accountBody({ identity }, { encryption }));

    const weak = await put(cmk('https://kv-weak.vault.azure.net/', 'cmk'));
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('KeyVaultSoftDeleteAndPurgeProtectionNotEnabled');
    const noKey = await put(cmk(vault.properties.vaultUri, 'missing'));
    expect(noKey.body.error.code).toBe('KeyVaultKeyNotFound');
    const noVault = await put(cmk('https://kv-nowhere.vault.azure.net/', 'cmk'));
    expect(noVault.body.error.code).toBe('KeyVaultNotFound');
    const notAttached = await put(cmk(vault.properties.vaultUri, 'cmk', other.id));
    expect(notAttached.body.error.code).toBe('InvalidEncryptionIdentity');
    const noAccess = await put(cmk(vault.properties.vaultUri, 'cmk'));
    expect(noAccess.body.error.code).toBe('KeyVaultAuthenticationFailure');

    h.clock.advance(60); // past the principal replication delay
    expect((await assignRole(h, vaultId('rg1', 'kv-cmk'), CRYPTO_USER, uai.properties.principalId, '0b7ae1f5-5a0e-4c5b-8f43-1f3a4d2c9e01')).status).toBe(201);
    const ok = await put(cmk(vault.properties.vaultUri, 'cmk'));
    expect(ok.status).toBe(202);
    h.clock.advance(31);
    const account = (await h.call('GET', at(accountId('rg1', 'stcmk'), ST_API))).body;
    expect(account.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: { [uai.id]: { principalId: uai.properties.principalId, clientId: uai.properties.clientId } } });
    expect(account.properties.encryption.keySource).toBe('Microsoft.Keyvault');
    expect(account.properties.encryption.keyvaultproperties).toMatchObject({ keyname: 'cmk', keyvaulturi: vault.properties.vaultUri });
    expect(account.properties.encryption.keyvaultproperties.currentVersionedKeyIdentifier).toMatch(/^https:\/\/kv-cmk\.vault\.azure\.net\/keys\/cmk\/[0-9a-f]{32}$/);
  });

  it('renders a system-assigned identity and deletes its principal with the account', async () => {
    const h = await harness();
    await createGroup(h);
    const account = await createAccount(h, 'stsys', accountBody({ identity: { type: 'SystemAssigned' } }));
    expect(account.identity).toMatchObject({ type: 'SystemAssigned', principalId: expect.stringMatching(/^[0-9a-f-]{36}$/), tenantId: expect.any(String) });
    const dump = await h.sim.dump();
    expect(dump.find((r) => r.name === 'stsys')).toMatchObject({ kind: 'StorageV2', sku: { name: 'Standard_LRS' }, identity: { type: 'SystemAssigned' } });
  });
});
