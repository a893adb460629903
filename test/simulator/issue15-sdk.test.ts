// Issue 15 items 2-12: where the simulator was kinder (or stricter) than Azure. Each answer is asserted
// through the real SDK client, or plain HTTPS (sim.handle) where the SDK would not send the request
// (an api-version it does not know, a string where its model has a boolean, a name its serializer refuses).
// Sources are in SPEC.md beside each rule.
import { randomUUID } from 'node:crypto';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { StorageManagementClient } from '@azure/arm-storage';
import { describe, expect, it } from 'vitest';
import { clusterId, wsId } from './compute-helpers.js';
import { SUB, createGroup, netPath } from './helpers.js';
import { OTHER_SUB, tenantOf } from './paas-helpers.js';
import { POLL, failure, sdkCluster, sdkEnv, subnet, type Sdk } from './runtime-helpers.js';
import { createInsights, createRegistry, createVault } from './seed.js';
import { credential, httpClient } from './sdk-client.js';

const READER = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;


const clients = (sdk: Sdk) => {
  const options = { httpClient: httpClient(sdk.h.sim) };
  return {
    auth: new AuthorizationManagementClient(credential, SUB, options),
    kv: new KeyVaultManagementClient(credential, SUB, options),
    storage: new StorageManagementClient(credential, SUB, options),
  };
};

/** The ML SDK's (2022-10-01) workspace body over rg1's dependencies; `storage` overrides the account. */
async function workspaceBody(sdk: Sdk, storage: string) {
  return {
    location: 'eastus',
    identity: { type: 'SystemAssigned' as const },
    storageAccount: storage,
    keyVault: await createVault(sdk.h, `kv${randomUUID().slice(0, 8)}`),
    applicationInsights: await createInsights(sdk.h, `ai${randomUUID().slice(0, 8)}`),
    containerRegistry: await createRegistry(sdk.h, `acr${randomUUID().slice(0, 8)}`, 'Premium'),
  };
}

const storageId = (rg: string, name: string, sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${name}`;

describe('issue 15: Azure answers through the SDK clients', () => {
  it('item 2: a role assignment to an unknown principal fails without principalType (PrincipalNotFound) and is accepted with it', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const { auth } = clients(sdk);
    const scope = `/subscriptions/${SUB}/resourceGroups/rg1`;
    const ghost = randomUUID();
    const err = await failure(auth.roleAssignments.create(scope, randomUUID(), { roleDefinitionId: READER, principalId: ghost }));
    expect(err).toMatchObject({ statusCode: 400, code: 'PrincipalNotFound' });
    expect(err.message).toContain('set the role assignment principalType property');
    // Replication: ServicePrincipal skips the directory lookup (terraform-provider-azurerm PR #4168).
    const sp = await auth.roleAssignments.create(scope, randomUUID(), { roleDefinitionId: READER, principalId: ghost, principalType: 'ServicePrincipal' });
    expect(sp.principalType).toBe('ServicePrincipal');
    // The CLI's configured users and groups (object ids the simulator never saw) always carry principalType.
    const user = await auth.roleAssignments.create(scope, randomUUID(), { roleDefinitionId: READER, principalId: randomUUID(), principalType: 'User' });
    expect(user.principalType).toBe('User');
  });

  it('item 3: re-creating a soft-deleted workspace name fails in its operation (BadRequest); purge frees it', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const { storage } = clients(sdk);
    await storage.storageAccounts.beginCreateAndWait('rg1', 'stsoft', { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } }, POLL);
    const body = await workspaceBody(sdk, storageId('rg1', 'stsoft'));
    await sdk.ml.workspaces.beginCreateOrUpdateAndWait('rg1', 'ws-soft', body, POLL);
    await sdk.ml.workspaces.beginDeleteAndWait('rg1', 'ws-soft', POLL);
    await createGroup(sdk.h, 'rg2');
    for (const rg of ['rg1', 'rg2']) {
      const err = await failure(sdk.ml.workspaces.beginCreateOrUpdateAndWait(rg, 'ws-soft', body, POLL));
      expect(err.message).toContain('Soft-deleted workspace exists. Please purge or recover it. https://aka.ms/wsoftdelete');
      expect((await sdk.h.call('GET', `${wsId('ws-soft', rg)}?api-version=2025-06-01`)).status).toBe(404);
    }
    // The purge (2023-04-01-preview and later: DELETE ...?forceToPurge=true in the deleted workspace's group).
    expect((await sdk.h.call('DELETE', `${wsId('ws-soft')}?api-version=2025-06-01&forceToPurge=true`)).status).toBe(200);
    const back = await sdk.ml.workspaces.beginCreateOrUpdateAndWait('rg1', 'ws-soft', body, POLL);
    expect(back.provisioningState).toBe('Succeeded');
  });

  it('item 4: enablePurgeProtection false is refused on a new vault and an update; item 11: sku.name matches in any case', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const { kv } = clients(sdk);
    const tenantId = await tenantOf(sdk.h);
    const props = (extra: Record<string, unknown>) => ({ location: 'eastus', properties: { tenantId, sku: { family: 'A' as const, name: 'standard' as const }, ...extra } });
    const err = await failure(kv.vaults.beginCreateOrUpdateAndWait('rg1', 'kv-pp-false', props({ enablePurgeProtection: false }), POLL));
    expect(err).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect(err.message).toBe('The property "enablePurgeProtection" cannot be set to false. Enabling the purge protection for a vault is an irreversible action.');
    // "Standard" (the portal's casing) is accepted and kept as sent (Azure/azure-rest-api-specs#10082).
    const vault = await kv.vaults.beginCreateOrUpdateAndWait('rg1', 'kv-pp-case', { location: 'eastus', properties: { tenantId, sku: { family: 'A', name: 'Standard' as never } } }, POLL);
    expect(vault.properties.sku.name).toBe('Standard');
    expect(vault.properties.enablePurgeProtection).toBeUndefined();
    const update = await failure(kv.vaults.beginCreateOrUpdateAndWait('rg1', 'kv-pp-case', props({ enablePurgeProtection: false }), POLL));
    expect(update).toMatchObject({ statusCode: 400, code: 'BadRequest' });
  });

  it('item 5: a workspace on an HNS-enabled storage account fails in its operation: "Cannot use storage with HNS enabled."', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const { storage } = clients(sdk);
    // @azure/arm-storage 20 sends `properties` only when a member it lists is set, and lists "IsHnsEnabled"
    // (capital I): isHnsEnabled alone is dropped, so minimumTlsVersion rides along.
    await storage.storageAccounts.beginCreateAndWait('rg1', 'sthns', { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' }, isHnsEnabled: true, minimumTlsVersion: 'TLS1_2' }, POLL);
    const err = await failure(sdk.ml.workspaces.beginCreateOrUpdateAndWait('rg1', 'ws-hns', await workspaceBody(sdk, storageId('rg1', 'sthns')), POLL));
    expect(err.message).toContain('Cannot use storage with HNS enabled.');
    expect((await sdk.h.call('GET', `${wsId('ws-hns')}?api-version=2025-06-01`)).status).toBe(404);
  });

  it('item 6: a storage name held in another resource group of the subscription is StorageAccountInAnotherResourceGroup; checkNameAvailability says AlreadyExists either way', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const { storage } = clients(sdk);
    await createGroup(sdk.h, 'rg2');
    await storage.storageAccounts.beginCreateAndWait('rg1', 'stours', { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } }, POLL);
    const ours = await failure(storage.storageAccounts.beginCreateAndWait('rg2', 'stours', { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } }, POLL));
    expect(ours).toMatchObject({ statusCode: 409, code: 'StorageAccountInAnotherResourceGroup' });
    expect(ours.message).toBe('The account stours is already in another resource group in this subscription.');
    // Someone else's: the name is held by another subscription.
    expect((await sdk.h.call('PUT', `/subscriptions/${OTHER_SUB}/resourcegroups/rgx?api-version=2025-04-01`, { location: 'eastus' })).status).toBe(201);
    expect((await sdk.h.call('PUT', `${storageId('rgx', 'sttheirs', OTHER_SUB)}?api-version=2025-08-01`, { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } })).status).toBe(202);
    const theirs = await failure(storage.storageAccounts.beginCreateAndWait('rg1', 'sttheirs', { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } }, POLL));
    expect(theirs).toMatchObject({ statusCode: 409, code: 'StorageAccountAlreadyTaken' });
    // checkNameAvailability does not tell the two apart (the same answer for ours and theirs).
    for (const name of ['stours', 'sttheirs']) {
      expect(await storage.storageAccounts.checkNameAvailability({ name, type: 'Microsoft.Storage/storageAccounts' })).toEqual({
        nameAvailable: false,
        reason: 'AlreadyExists',
        message: `The storage account named ${name} is already taken.`,
      });
    }
  });

  it('item 7: an invalid resource group name is InvalidResourceGroup', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const dot = await failure(sdk.resources.resourceGroups.createOrUpdate('ends.with.dot.', { location: 'eastus' }));
    expect(dot).toMatchObject({ statusCode: 400, code: 'InvalidResourceGroup' });
    // The SDK's own pattern check would refuse these characters, so plain HTTPS (Azure/azure-cli#14481).
    for (const method of ['PUT', 'GET']) {
      const bad = await sdk.h.call(method, `/subscriptions/${SUB}/resourcegroups/bad%20name!?api-version=2025-04-01`, method === 'PUT' ? { location: 'eastus' } : undefined);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toEqual({
        code: 'InvalidResourceGroup',
        message: "The provided resource group name 'bad name!' has these invalid characters: ' !'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.",
      });
    }
  });

  it("item 8: an unsupported cluster version is K8sVersionNotSupported with the cluster's message", async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const id = await subnet(sdk, 'aks', '10.0.4.0/22');
    const err = await failure(sdk.aks.managedClusters.beginCreateOrUpdateAndWait('rg1', 'aksold', sdkCluster(id, { kubernetesVersion: '1.10.0' }), POLL));
    expect(err).toMatchObject({ statusCode: 400, code: 'K8sVersionNotSupported' });
    expect(err.message).toBe(
      'Managed cluster aksold has invalid version 1.10.0. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list.',
    );
  });

  it('item 9: attaching an undersized cluster is accepted and fails while provisioning (cores, then nodes for FastProd)', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const id = await subnet(sdk, 'aks', '10.0.4.0/22');
    const pool = (count: number, vmSize: string) => ({ agentPoolProfiles: [{ name: 'system', mode: 'System' as const, count, vmSize, osType: 'Linux' as const, type: 'VirtualMachineScaleSets' as const, vnetSubnetID: id }] });
    await sdk.aks.managedClusters.beginCreateOrUpdateAndWait('rg1', 'akssmall', { ...sdkCluster(id), ...pool(3, 'Standard_D2s_v3') }, POLL);
    await sdk.aks.managedClusters.beginCreateOrUpdateAndWait('rg1', 'akstwo', { ...sdkCluster(id), dnsPrefix: 'akstwo', ...pool(2, 'Standard_D8s_v3') }, POLL);
    const attach = (name: string, cluster: string, clusterPurpose: string) =>
      sdk.ml.computeOperations.beginCreateOrUpdateAndWait('rg1', 'ws1', name, { location: 'eastus', properties: { computeType: 'AKS', resourceId: clusterId(cluster), properties: { clusterPurpose } } }, POLL);

    const first = await sdk.h.call('PUT', `${wsId()}/computes/att-cores?api-version=2025-06-01`, { location: 'eastus', properties: { computeType: 'AKS', resourceId: clusterId('akssmall'), properties: { clusterPurpose: 'FastProd' } } });
    expect(first.status).toBe(201); // accepted: the refusal comes from the operation
    expect(first.headers['azure-asyncoperation']).toContain('computeOperationsStatus');
    const cores = await failure(attach('att-cores2', 'akssmall', 'DenseProd'));
    expect(cores.message).toContain('Cluster should have at least 12 cores to operate.');
    const nodes = await failure(attach('att-nodes', 'akstwo', 'FastProd'));
    expect(nodes.message).toContain("At least 3 machine(s) are required for cluster with purpose 'FastProd'. Available machine(s) : 2");
    const errors = (await sdk.h.call('GET', `${wsId()}/computes/att-nodes?api-version=2025-06-01`)).body.properties.provisioningErrors;
    expect(errors[0].error.code).toBe('UserError');
    const devTest = await attach('att-dev', 'akssmall', 'DevTest');
    expect(devTest.properties?.provisioningState).toBe('Succeeded');
  });

  it("item 10: the Network provider's api-version error lists only the versions the type serves", async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    // An api-version no client of this package would send: plain HTTPS.
    const vnet = await sdk.h.call('PUT', netPath('rg1', 'virtualNetworks/vnet-old', '2030-01-01'), { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.9.0.0/16'] } } });
    expect(vnet.status).toBe(400);
    expect(vnet.body.error.code).toBe('NoRegisteredProviderFound');
    // Every version the Network spec publishes for virtualNetworks (api-versions.ts), newest first.
    expect(vnet.body.error.message).toContain("The supported api-versions are '2026-07-01, 2026-03-01, 2026-01-01, 2025-09-01, 2025-07-01, 2025-05-01, ");
    expect(vnet.body.error.message).toContain(", 2016-03-30, 2015-06-15, 2015-05-01-preview'.");
    const zone = await sdk.h.call('PUT', netPath('rg1', 'privateDnsZones/example.internal', '2019-02-01'), { location: 'global' });
    expect(zone.body.error.message).toContain("The supported api-versions are '2026-06-01-preview, 2024-06-01, 2020-06-01, 2020-01-01, 2018-09-01'.");
  });

  it('item 12: Network converts booleans sent as strings and refuses unknown members; Storage, Key Vault and Registry stay strict (unconfirmed)', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    // The typed SDKs serialize booleans as booleans, so these bodies go over plain HTTPS.
    const sn = await sdk.h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/strbool'), { properties: { addressPrefix: '10.0.20.0/24', defaultOutboundAccess: 'False' } });
    expect(sn.status, JSON.stringify(sn.body)).toBeLessThan(300);
    expect((await sdk.network.subnets.get('rg1', 'vnet1', 'strbool')).defaultOutboundAccess).toBe(false);
    const notBool = await sdk.h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/strbool2'), { properties: { addressPrefix: '10.0.21.0/24', defaultOutboundAccess: 'no' } });
    expect(notBool.body.error.code).toBe('InvalidRequestFormat');
    const unknown = await sdk.h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/unknown'), { properties: { addressPrefix: '10.0.22.0/24', bogus: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toEqual({ code: 'InvalidJson', message: "Could not find member 'bogus' on object of type 'SubnetPropertiesFormat'. Path 'properties.bogus'." });

    const tenantId = await tenantOf(sdk.h);
    const strict: [string, unknown][] = [
      [`${storageId('rg1', 'ststrict')}?api-version=2025-08-01`, { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' }, properties: { isHnsEnabled: 'false' } }],
      [`${storageId('rg1', 'ststrict')}?api-version=2025-08-01`, { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' }, properties: { bogus: 1 } }],
      [`/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv-strict?api-version=2024-11-01`, { location: 'eastus', properties: { tenantId, sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: 'true' } }],
      [`/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerRegistry/registries/acrstrict?api-version=2025-11-01`, { location: 'eastus', sku: { name: 'Premium' }, properties: { adminUserEnabled: 'false' } }],
      [`/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerRegistry/registries/acrstrict?api-version=2025-11-01`, { location: 'eastus', sku: { name: 'Premium' }, properties: { bogus: true } }],
    ];
    for (const [url, body] of strict) {
      const r = await sdk.h.call('PUT', url, body);
      expect(r.status, url).toBe(400);
      expect(r.body.error.code).toBe('InvalidRequestContent');
    }
  });
});
