// The real TypeSpec-generated SDK clients (@azure/arm-keyvault 5, @azure/arm-storage 20,
// @azure/arm-containerregistry 12) and the generic @azure/arm-resources client drive the PaaS providers:
// their pollers (body polling, Location, Azure-AsyncOperation), serializers and error parsing.
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { ResourceManagementClient } from '@azure/arm-resources';
import { StorageManagementClient } from '@azure/arm-storage';
import { describe, expect, it } from 'vitest';
import { ArmSimulator } from '../../src/simulator/index.js';
import { randomUUID } from 'node:crypto';
import { HOST, SUB, tempDir } from './helpers.js';
import { credential, httpClient } from './sdk-client.js';



describe('PaaS SDK clients against the simulator', () => {
  it('creates a vault and a key, a storage account and a registry through their SDKs', async () => {
    const sim = await ArmSimulator.open({ dir: await tempDir(), timeScale: 0.002, latency: 'median' });
    const options = { httpClient: httpClient(sim) };
    const poll = { updateIntervalInMs: 5 };
    const resources = new ResourceManagementClient(credential, SUB, options);
    await resources.resourceGroups.createOrUpdate('rg-paas', { location: 'eastus' });
    const sub = await sim.handle({ method: 'GET', url: `${HOST}/subscriptions/${SUB}?api-version=2022-12-01`, headers: {} });
    const tenantId = JSON.parse(sub.body as string).tenantId as string;

    const kv = new KeyVaultManagementClient(credential, SUB, options);
    expect((await kv.vaults.checkNameAvailability({ name: 'kv-sdk-1', type: 'Microsoft.KeyVault/vaults' })).nameAvailable).toBe(true);
    const vault = await kv.vaults.createOrUpdate(
      'rg-paas',
      'kv-sdk-1',
      { location: 'eastus', properties: { tenantId, sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: true, enablePurgeProtection: true, softDeleteRetentionInDays: 7, publicNetworkAccess: 'Disabled', networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny' } } },
      poll,
    );
    expect(vault.properties.provisioningState).toBe('Succeeded');
    expect(vault.properties.vaultUri).toBe('https://kv-sdk-1.vault.azure.net/');
    const key = await kv.keys.createIfNotExist('rg-paas', 'kv-sdk-1', 'cmk', { properties: { kty: 'RSA', keySize: 3072 } });
    expect(key.keyUri).toBe('https://kv-sdk-1.vault.azure.net/keys/cmk');
    expect(key.keyUriWithVersion).toMatch(/\/keys\/cmk\/[0-9a-f]{32}$/);
    expect((await kv.keys.createIfNotExist('rg-paas', 'kv-sdk-1', 'cmk', { properties: { kty: 'RSA' } })).keyUriWithVersion).toBe(key.keyUriWithVersion);
    await expect(kv.vaults.get('rg-paas', 'kv-missing')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await kv.vaults.delete('rg-paas', 'kv-sdk-1');
    const deleted = await kv.vaults.getDeleted('kv-sdk-1', 'eastus');
    expect(deleted.properties?.purgeProtectionEnabled).toBe(true);
    await expect(kv.vaults.purgeDeleted('kv-sdk-1', 'eastus', poll)).rejects.toMatchObject({ statusCode: 409 });

    const storage = new StorageManagementClient(credential, SUB, options);
    const account = await storage.storageAccounts.create(
      'rg-paas',
      'stsdkpaas1',
      { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_ZRS' }, minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false, publicNetworkAccess: 'Disabled', networkRuleSet: { defaultAction: 'Deny', bypass: 'AzureServices' } },
      poll,
    );
    expect(account.provisioningState).toBe('Succeeded');
    expect(account.primaryEndpoints?.blob).toBe('https://stsdkpaas1.blob.core.windows.net/');
    expect((await storage.storageAccounts.checkNameAvailability({ name: 'stsdkpaas1', type: 'Microsoft.Storage/storageAccounts' })).nameAvailable).toBe(false);

    const acr = new ContainerRegistryManagementClient(credential, SUB, options);
    const registry = await acr.registries.create('rg-paas', 'acrsdkpaas1', { location: 'eastus', sku: { name: 'Premium' }, adminUserEnabled: false, publicNetworkAccess: 'Disabled', networkRuleBypassOptions: 'AzureServices' }, poll);
    expect(registry.provisioningState).toBe('Succeeded');
    expect(registry.loginServer).toBe('acrsdkpaas1.azurecr.io');
    await expect(acr.registries.create('rg-paas', 'acrsdkbasic', { location: 'eastus', sku: { name: 'Basic' }, publicNetworkAccess: 'Disabled' }, poll)).rejects.toMatchObject({
      statusCode: 400,
      code: 'DisablingPublicNetworkAccessNotSupported',
    });
    await acr.registries.delete('rg-paas', 'acrsdkpaas1', poll);
    await expect(acr.registries.get('rg-paas', 'acrsdkpaas1')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('reaches every provider through the generic resources client by id', async () => {
    const sim = await ArmSimulator.open({ dir: await tempDir(), timeScale: 0.002, latency: 'median' });
    const resources = new ResourceManagementClient(credential, SUB, { httpClient: httpClient(sim) });
    const poll = { updateIntervalInMs: 5 };
    await resources.resourceGroups.createOrUpdate('rg-gen', { location: 'eastus' });
    const rg = `/subscriptions/${SUB}/resourceGroups/rg-gen`;
    const ws = await resources.resources.beginCreateOrUpdateByIdAndWait(`${rg}/providers/Microsoft.OperationalInsights/workspaces/law-gen`, '2022-10-01', { location: 'eastus', properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 } }, poll);
    expect((ws.properties as { provisioningState: string }).provisioningState).toBe('Succeeded');
    const appi = await resources.resources.beginCreateOrUpdateByIdAndWait(`${rg}/providers/Microsoft.Insights/components/appi-gen`, '2020-02-02', { location: 'eastus', kind: 'web', properties: { Application_Type: 'web', WorkspaceResourceId: ws.id } }, poll);
    expect(appi.kind).toBe('web');
    const st = await resources.resources.beginCreateOrUpdateByIdAndWait(`${rg}/providers/Microsoft.Storage/storageAccounts/stgeneric1`, '2023-05-01', { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } }, poll);
    expect((st.properties as { provisioningState: string }).provisioningState).toBe('Succeeded');
    const cr = await resources.resources.beginCreateOrUpdateByIdAndWait(`${rg}/providers/Microsoft.ContainerRegistry/registries/acrgeneric1`, '2023-07-01', { location: 'eastus', sku: { name: 'Standard' } }, poll);
    expect((cr.properties as { provisioningState: string }).provisioningState).toBe('Succeeded');
    const id = await resources.resources.beginCreateOrUpdateByIdAndWait(`${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gen`, '2023-01-31', { location: 'eastus' }, poll);
    expect((id.properties as { principalId: string }).principalId).toMatch(/^[0-9a-f-]{36}$/);
    for (const [rid, api] of [
      [ws.id, '2025-02-01'],
      [appi.id, '2015-05-01'],
      [st.id, '2024-01-01'],
      [cr.id, '2025-11-01'],
      [id.id, '2024-11-30'],
    ] as const) {
      expect((await resources.resources.getById(rid as string, api)).id).toBe(rid);
    }
    await expect(resources.resources.getById(st.id as string, '2030-01-01')).rejects.toMatchObject({ statusCode: 400, code: 'NoRegisteredProviderFound' });
    await resources.resources.beginDeleteByIdAndWait(ws.id as string, '2023-09-01', poll);
    await resources.resources.beginDeleteByIdAndWait(cr.id as string, '2025-11-01', poll);
    const left = (await sim.dump()).map((r) => r.type).sort();
    expect(left).toEqual(['Microsoft.Insights/components', 'Microsoft.ManagedIdentity/userAssignedIdentities', 'Microsoft.Resources/resourceGroups', 'Microsoft.Storage/storageAccounts']);
  });

  it('creates an identity, a custom role and role assignments through @azure/arm-msi and @azure/arm-authorization', async () => {
    const sim = await ArmSimulator.open({ dir: await tempDir(), timeScale: 0.1, latency: 'median' });
    // timeScale 0.1: the principal replication window is 3 s, ample for the PrincipalNotFound step.
    const options = { httpClient: httpClient(sim) };
    await new ResourceManagementClient(credential, SUB, options).resourceGroups.createOrUpdate('rg-auth', { location: 'eastus' });
    const msi = new ManagedServiceIdentityClient(credential, SUB, options);
    const identity = await msi.userAssignedIdentities.createOrUpdate('rg-auth', 'id-sdk', { location: 'eastus' });
    expect(identity.principalId).toMatch(/^[0-9a-f-]{36}$/);

    const auth = new AuthorizationManagementClient(credential, SUB, options);
    const scope = `/subscriptions/${SUB}/resourceGroups/rg-auth`;
    const roleGuid = randomUUID();
    const role = await auth.roleDefinitions.createOrUpdate(scope, roleGuid, {
      roleName: 'Secure AML IT Admin (sdk)',
      description: 'test',
      roleType: 'CustomRole',
      permissions: [{ actions: ['Microsoft.MachineLearningServices/workspaces/*'], notActions: [], dataActions: [], notDataActions: [] }],
      assignableScopes: [scope],
    });
    expect(role.roleName).toBe('Secure AML IT Admin (sdk)');
    await expect(
      auth.roleAssignments.create(scope, randomUUID(), { roleDefinitionId: role.id as string, principalId: identity.principalId as string }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'PrincipalNotFound' });
    const assignment = await auth.roleAssignments.create(scope, randomUUID(), { roleDefinitionId: role.id as string, principalId: identity.principalId as string, principalType: 'ServicePrincipal' });
    expect(assignment.scope).toBe(scope);
    const builtin = await auth.roleDefinitions.get(scope, 'acdd72a7-3385-48ef-bd42-f606fba81ae7');
    expect(builtin.roleName).toBe('Reader');
    const listed = [];
    for await (const a of auth.roleAssignments.listForScope(scope, { filter: 'atScope()' })) listed.push(a.name);
    expect(listed).toEqual([assignment.name]);
    await auth.roleAssignments.delete(scope, assignment.name as string);
  });
});
