// Refusals of Azure Machine Learning, one request per error code: workspace bodies (SKU, datastore auth
// mode, soft-delete retention, identities, customer-managed key access, linked resources fixed at creation)
// and computes (compute instance names per region, subnets in another region, the DELETE query parameter,
// and the AKS cluster a Kubernetes compute attaches).
import { describe, expect, it } from 'vitest';
import { netPath, type Harness } from './helpers.js';
import { ML_API, aksBody, clusterId, clusterPath, computePath, wsId } from './compute-helpers.js';
import { createIdentity } from './paas-helpers.js';
import { createStorage, createVault } from './seed.js';
import { expectRefused, withGroup } from './refusal-helpers.js';

const wsPath = (name = 'ws1') => `${wsId(name)}?api-version=${ML_API}`;
const EXT_API = '2024-11-01';
const extPath = (cluster = 'aks1') => `${clusterId(cluster)}/providers/Microsoft.KubernetesConfiguration/extensions/azureml?api-version=${EXT_API}`;

const refused = expectRefused;

const group = (): Promise<Harness> => withGroup();

/** The two dependencies a workspace requires, in rg1 (eastus). */
async function dependencies(h: Harness, suffix = ''): Promise<{ storageAccount: string; keyVault: string }> {
  return { storageAccount: await createStorage(h, `mlstore${suffix}`), keyVault: await createVault(h, `mlkv${suffix}`) };
}

/** A Succeeded workspace with a system-assigned identity on `deps`. */
async function workspace(h: Harness, name: string, deps: { storageAccount: string; keyVault: string }): Promise<void> {
  const put = await h.call('PUT', wsPath(name), { location: 'eastus', identity: { type: 'SystemAssigned' }, properties: deps });
  expect(put.status, JSON.stringify(put.body)).toBe(202);
  h.clock.advance(25);
  expect((await h.call('GET', wsPath(name))).body.properties.provisioningState).toBe('Succeeded');
}

async function workspaceGroup(): Promise<Harness> {
  const h = await group();
  await workspace(h, 'ws1', await dependencies(h));
  return h;
}

describe('workspaces', () => {
  it('InvalidSku: a SKU other than Basic', async () => {
    const h = await group();
    refused(await h.call('PUT', wsPath(), { location: 'eastus', sku: { name: 'Enterprise' } }), 400, 'InvalidSku', "SKU 'Enterprise' is not available for workspaces. Use 'Basic'.");
  });

  it('InvalidSystemDatastoresAuthMode: a mode outside AccessKey, Identity and UserDelegationSAS', async () => {
    const h = await group();
    const r = await h.call('PUT', wsPath(), { location: 'eastus', properties: { systemDatastoresAuthMode: 'Anonymous' } });
    refused(r, 400, 'InvalidSystemDatastoresAuthMode', "systemDatastoresAuthMode 'Anonymous' is invalid.");
  });

  it('InvalidSoftDeleteRetentionInDays: a retention outside 1-14 days', async () => {
    const h = await group();
    const r = await h.call('PUT', wsPath(), { location: 'eastus', properties: { softDeleteRetentionInDays: 30 } });
    refused(r, 400, 'InvalidSoftDeleteRetentionInDays', 'softDeleteRetentionInDays must be between 1 and 14 (got 30).');
  });

  it('BadRequestFormat: UserAssigned without identities, identities without UserAssigned', async () => {
    const h = await group();
    const uai = await createIdentity(h, 'rg1', 'mlid');
    const none = await h.call('PUT', wsPath(), { location: 'eastus', identity: { type: 'UserAssigned' } });
    refused(none, 400, 'BadRequestFormat', "Identity type 'UserAssigned' requires at least one entry in identity.userAssignedIdentities.");
    const system = await h.call('PUT', wsPath(), { location: 'eastus', identity: { type: 'SystemAssigned', userAssignedIdentities: { [uai.id as string]: {} } } });
    refused(system, 400, 'BadRequestFormat', "identity.userAssignedIdentities can only be set when identity.type includes 'UserAssigned' (it is 'SystemAssigned').");
  });

  it('PrimaryUserAssignedIdentityRequired: user-assigned identities only, no primary named', async () => {
    const h = await group();
    const uai = await createIdentity(h, 'rg1', 'mlid');
    const r = await h.call('PUT', wsPath(), { location: 'eastus', identity: { type: 'UserAssigned', userAssignedIdentities: { [uai.id as string]: {} } } });
    refused(r, 400, 'PrimaryUserAssignedIdentityRequired', 'properties.primaryUserAssignedIdentity must name one of them.');
  });

  it("KeyVaultKeyAccessDenied: the CMK identity, then Azure Cosmos DB's service principal, cannot wrap with the key", async () => {
    const h = await group();
    const deps = await dependencies(h);
    const uai = await createIdentity(h, 'rg1', 'mlid');
    const cmkBody = (vault: string, keyUri: string) => ({
      location: 'eastus',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [uai.id as string]: {} } },
      properties: {
        ...deps,
        primaryUserAssignedIdentity: uai.id,
        encryption: { status: 'Enabled', identity: { userAssignedIdentity: uai.id }, keyVaultProperties: { keyVaultArmId: vault, keyIdentifier: keyUri } },
      },
    });
    const vaultWithKey = async (name: string, accessPolicies: unknown[]): Promise<{ vault: string; keyUri: string }> => {
      const vault = await createVault(h, name, { purgeProtection: true, accessPolicies });
      const key = await h.call('PUT', `${vault}/keys/cmk?api-version=2024-11-01`, { properties: { kty: 'RSA', keySize: 2048 } });
      expect(key.status).toBe(200);
      return { vault, keyUri: key.body.properties.keyUri as string };
    };
    const closed = await vaultWithKey('mlkvclosed', []);
    refused(
      await h.call('PUT', wsPath(), cmkBody(closed.vault, closed.keyUri)),
      400,
      'KeyVaultKeyAccessDenied',
      "cannot get, wrap and unwrap key 'cmk' of key vault 'mlkvclosed'. Grant it an access policy with get, wrapKey and unwrapKey key permissions first.",
    );
    const identityOnly = await vaultWithKey('mlkvidonly', [{ objectId: uai.properties.principalId, permissions: { keys: ['get', 'wrapKey', 'unwrapKey'] } }]);
    refused(await h.call('PUT', wsPath(), cmkBody(identityOnly.vault, identityOnly.keyUri)), 400, 'KeyVaultKeyAccessDenied', "Azure Cosmos DB's service principal (object id ");
  });

  it('LinkedResourceCannotBeChanged: another storage account for an existing workspace', async () => {
    const h = await group();
    const deps = await dependencies(h);
    await workspace(h, 'ws1', deps);
    const other = await createStorage(h, 'mlstoreother');
    const r = await h.call('PUT', wsPath(), { location: 'eastus', identity: { type: 'SystemAssigned' }, properties: { ...deps, storageAccount: other } });
    refused(r, 400, 'LinkedResourceCannotBeChanged', `properties.storageAccount of workspace ${wsId()} cannot be changed after creation.`);
  });
});

describe('computes', () => {
  it('ComputeNameNotUnique: a compute instance name already used in the region by another workspace', async () => {
    const h = await group();
    await workspace(h, 'ws1', await dependencies(h));
    await workspace(h, 'ws2', await dependencies(h, '2'));
    const ci = { location: 'eastus', properties: { computeType: 'ComputeInstance', properties: { vmSize: 'Standard_DS3_v2' } } };
    const first = await h.call('PUT', computePath('ci-alice', ML_API, '', 'ws1'), ci);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await h.call('PUT', computePath('ci-alice', ML_API, '', 'ws2'), ci);
    refused(second, 409, 'ComputeNameNotUnique', "A compute instance named 'ci-alice' already exists in region 'eastus'.");
  });

  it('SubnetInDifferentRegion: an AmlCompute cluster in a subnet of a westus VNet', async () => {
    const h = await workspaceGroup();
    const vnet = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet-west'), {
      location: 'westus',
      properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [{ name: 'training', properties: { addressPrefix: '10.1.1.0/24' } }] },
    });
    expect(vnet.status).toBe(201);
    h.clock.advance(10);
    const subnet = `${vnet.body.id as string}/subnets/training`;
    const r = await h.call('PUT', computePath('cpu'), {
      location: 'eastus',
      properties: { computeType: 'AmlCompute', properties: { vmSize: 'Standard_DS3_v2', scaleSettings: { maxNodeCount: 1 }, subnet: { id: subnet } } },
    });
    refused(r, 400, 'SubnetInDifferentRegion', `The subnet '${subnet}' (properties.properties.subnet.id) is in region 'westus', but the workspace is in 'eastus'.`);
  });

  it('InvalidQueryParameterValue: DELETE with an underlyingResourceAction other than Delete or Detach, checked even for a missing compute', async () => {
    const h = await workspaceGroup();
    const r = await h.call('DELETE', computePath('cpu', ML_API, '&underlyingResourceAction=Unplug'));
    refused(r, 400, 'InvalidQueryParameterValue', "The value 'Unplug' of query parameter 'underlyingResourceAction' is invalid. Allowed values: Delete, Detach.");
  });
});

describe('Kubernetes computes (attached AKS clusters)', () => {
  const k8sCompute = (cluster = 'aks1') => ({
    location: 'eastus',
    identity: { type: 'SystemAssigned' },
    properties: { computeType: 'Kubernetes', resourceId: clusterId(cluster), properties: { namespace: 'default' } },
  });

  it('ComputeResourceInDifferentRegion: the cluster is in westus, the workspace in eastus', async () => {
    const h = await workspaceGroup();
    expect((await h.call('PUT', clusterPath('aks-west'), { ...aksBody(), location: 'westus' })).status).toBe(201);
    const r = await h.call('PUT', computePath('k8s'), k8sCompute('aks-west'));
    refused(r, 400, 'ComputeResourceInDifferentRegion', `The cluster '${clusterId('aks-west')}' is in region 'westus', but the workspace is in 'eastus'.`);
  });

  it('ComputeResourceNotReady: the cluster is still being created', async () => {
    const h = await workspaceGroup();
    expect((await h.call('PUT', clusterPath('aks1'), aksBody())).status).toBe(201);
    const r = await h.call('PUT', computePath('k8s'), k8sCompute());
    refused(r, 409, 'ComputeResourceNotReady', `The cluster '${clusterId('aks1')}' is in provisioning state 'Creating'; attach it once it has succeeded.`);
  });

  it('InvalidQueryParameterValue: detaching an attached cluster with an unknown underlyingResourceAction', async () => {
    const h = await workspaceGroup();
    expect((await h.call('PUT', clusterPath('aks1'), aksBody())).status).toBe(201);
    h.clock.advance(1200);
    const ext = await h.call('PUT', extPath(), {
      identity: { type: 'SystemAssigned' },
      properties: { extensionType: 'Microsoft.AzureML.Kubernetes', releaseTrain: 'stable', scope: { cluster: { releaseNamespace: 'azureml' } }, configurationSettings: { enableTraining: 'True' } },
    });
    expect(ext.status, JSON.stringify(ext.body)).toBe(201);
    h.clock.advance(300);
    const attach = await h.call('PUT', computePath('k8s'), k8sCompute());
    expect(attach.status, JSON.stringify(attach.body)).toBe(201);
    h.clock.advance(60);
    const r = await h.call('DELETE', computePath('k8s', ML_API, '&underlyingResourceAction=Unplug'));
    refused(r, 400, 'InvalidQueryParameterValue', "The value 'Unplug' of query parameter 'underlyingResourceAction' is invalid.");
    expect((await h.call('GET', computePath('k8s'))).body.properties.provisioningState).toBe('Succeeded');
  });
});

