// The managed-mode sequence the CLI drives, through the real SDK clients: @azure/arm-resources' generic
// by-id client at 2025-06-01 for the workspace (with properties.managedNetwork) and its outbound rules,
// the client's own pipeline for the list and the provisionManagedNetwork POST (followed through its
// Location), then a compute instance (generic client, 2025-06-01) and a compute cluster through
// @azure/arm-machinelearning 2.1.1 (2022-10-01), both without a subnet and without public IPs.
import { randomUUID } from 'node:crypto';
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { ResourceManagementClient } from '@azure/arm-resources';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { Clock, SUB, harness, pollUntil } from './helpers.js';
import { APPROVER, ML_API, fqdnRule, peRule, tagRule } from './ml-managed-network-helpers.js';
import { credential, httpClient } from './sdk-client.js';



describe('Azure ML managed network through the SDK clients', () => {
  it('workspace with managedNetwork, rules PUT/GET/list/DELETE, provision, compute instance and cluster without subnet', async () => {
    // timeScale 0.001: the network's 30 model minutes are 1.8 simulated seconds; the clock ticks 5 ms per reading.
    const h = await harness({ timeScale: 0.001, latency: 'median' }, undefined, new Clock(5));
    const options = { httpClient: httpClient(h.sim) };
    const resources = new ResourceManagementClient(credential, SUB, options);
    const ml = new AzureMachineLearningWorkspaces(credential, SUB, options);
    const poll = { updateIntervalInMs: 5 };
    const rg = `/subscriptions/${SUB}/resourceGroups/rg1`;
    const host = 'https://management.azure.com';
    const send = async (method: 'GET' | 'POST', id: string, body?: unknown) => {
      const res = await resources.sendRequest(
        createPipelineRequest({ url: `${host}${id}`, method, headers: createHttpHeaders({ 'content-type': 'application/json' }), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }),
      );
      return { status: res.status, headers: res.headers, body: res.bodyAsText ? JSON.parse(res.bodyAsText) : undefined };
    };
    await resources.resourceGroups.createOrUpdate('rg1', { location: 'eastus' });
    const dep = async (id: string, api: string, body: Record<string, unknown>) => (await resources.resources.beginCreateOrUpdateByIdAndWait(id, api, body, poll)).id as string;
    const tenantId = (await resources.sendRequest(createPipelineRequest({ url: `${host}/subscriptions/${SUB}?api-version=2022-12-01` }))).bodyAsText as string;
    const storage = await dep(`${rg}/providers/Microsoft.Storage/storageAccounts/sdkmnstore`, '2025-08-01', { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } });
    const data = await dep(`${rg}/providers/Microsoft.Storage/storageAccounts/sdkmndata`, '2025-08-01', { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } });
    const vault = await dep(`${rg}/providers/Microsoft.KeyVault/vaults/sdkmnkv`, '2024-11-01', {
      location: 'eastus',
      properties: { tenantId: JSON.parse(tenantId).tenantId, sku: { family: 'A', name: 'standard' }, accessPolicies: [] },
    });
    const registry = await dep(`${rg}/providers/Microsoft.ContainerRegistry/registries/sdkmnreg`, '2025-11-01', { location: 'eastus', sku: { name: 'Premium' } });

    // The workspace with its managed network (approved outbound, Standard firewall, one rule of each type).
    const wsId = `${rg}/providers/Microsoft.MachineLearningServices/workspaces/ws-sdk`;
    const ws = await resources.resources.beginCreateOrUpdateByIdAndWait(
      wsId,
      ML_API,
      {
        location: 'eastus',
        identity: { type: 'SystemAssigned' },
        properties: {
          storageAccount: storage,
          keyVault: vault,
          containerRegistry: registry,
          managedNetwork: {
            isolationMode: 'AllowOnlyApprovedOutbound',
            firewallSku: 'Standard',
            outboundRules: { pypi: fqdnRule('pypi.org'), 'data-blob': peRule(data, 'blob'), aad: tagRule('AzureActiveDirectory', '80, 443') },
          },
        },
      },
      poll,
    );
    const mn = (ws.properties as { managedNetwork: { isolationMode: string; status: unknown; outboundRules: Record<string, { category: string; status: string }> } }).managedNetwork;
    expect(mn.isolationMode).toBe('AllowOnlyApprovedOutbound');
    expect(mn.status).toEqual({ status: 'Inactive', sparkReady: false });
    expect(mn.outboundRules.pypi).toMatchObject({ category: 'UserDefined', status: 'Inactive' });

    // The workspace identity approves the private endpoint to the extra account (Approver role on it).
    const principalId = ws.identity?.principalId as string;
    await pollUntil(
      async () =>
        (await send('GET', `${data}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`)).status === 200 &&
        (
          await resources.sendRequest(
            createPipelineRequest({
              url: `${host}${data}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`,
              method: 'PUT',
              headers: createHttpHeaders({ 'content-type': 'application/json' }),
              body: JSON.stringify({ properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${APPROVER}`, principalId, principalType: 'ServicePrincipal' } }),
            }),
          )
        ).status === 201,
      'the Approver role assignment',
    );

    // Rules: PUT (the network is not provisioned yet: 200 at once), GET, list (Required + user rules), DELETE.
    const ruleId = (name: string) => `${wsId}/outboundRules/${name}`;
    const hf = await resources.resources.beginCreateOrUpdateByIdAndWait(ruleId('huggingface'), ML_API, { properties: fqdnRule('*.huggingface.co') } as never, poll);
    expect(hf.properties).toEqual({ type: 'FQDN', category: 'UserDefined', status: 'Inactive', destination: '*.huggingface.co' });
    expect((await resources.resources.getById(ruleId('data-blob'), ML_API)).properties).toMatchObject({ type: 'PrivateEndpoint', destination: { serviceResourceId: data, subresourceTarget: 'blob' } });
    const list = await send('GET', `${wsId}/outboundRules?api-version=${ML_API}`);
    const names = (list.body.value as { name: string; properties: { category: string } }[]).map((r) => `${r.properties.category}:${r.name}`);
    expect(names).toEqual(expect.arrayContaining(['UserDefined:pypi', 'UserDefined:data-blob', 'UserDefined:aad', 'UserDefined:huggingface', 'Required:__SYS_ST_AzureMachineLearning_TCP']));
    await resources.resources.beginDeleteByIdAndWait(ruleId('huggingface'), ML_API, poll);
    expect((await send('GET', `${ruleId('huggingface')}?api-version=${ML_API}`)).status).toBe(404);

    // Provision before creating computes: 202 + Location, polled until the status document.
    const started = await send('POST', `${wsId}/provisionManagedNetwork?api-version=${ML_API}`, { includeSpark: false });
    expect(started.status).toBe(202);
    const location = started.headers.get('location') as string;
    let result: { status: number; body: unknown } = { status: 202, body: undefined };
    await pollUntil(async () => {
      result = await send('GET', location.replace(host, ''));
      return result.status !== 202;
    }, 'managed network provisioning');
    expect(result).toMatchObject({ status: 200, body: { status: 'Active', sparkReady: false } });
    const after = await resources.resources.getById(wsId, ML_API);
    expect((after.properties as { managedNetwork: { status: unknown } }).managedNetwork.status).toEqual({ status: 'Active', sparkReady: false });

    // A compute instance (generic client) and a cluster (ML SDK at 2022-10-01): no subnet, no public IP.
    const ci = await resources.resources.beginCreateOrUpdateByIdAndWait(
      `${wsId}/computes/ci-sdk-mn`,
      ML_API,
      { location: 'eastus', properties: { computeType: 'ComputeInstance', properties: { vmSize: 'Standard_DS3_v2', enableNodePublicIp: false } } } as never,
      poll,
    );
    expect((ci.properties as { provisioningState: string }).provisioningState).toBe('Succeeded');
    const cluster = await ml.computeOperations.beginCreateOrUpdateAndWait(
      'rg1',
      'ws-sdk',
      'cpu-mn',
      { location: 'eastus', properties: { computeType: 'AmlCompute', properties: { vmSize: 'Standard_DS3_v2', scaleSettings: { maxNodeCount: 2, minNodeCount: 0 }, enableNodePublicIp: false } } },
      poll,
    );
    expect(cluster.properties?.provisioningState).toBe('Succeeded');
    expect(cluster.properties?.computeType).toBe('AmlCompute');
    expect((cluster.properties as { properties?: { subnet?: unknown; enableNodePublicIp?: boolean } }).properties).toMatchObject({ enableNodePublicIp: false });
  });
});
