// The real SDK clients drive the AKS-through-the-extension path: @azure/arm-containerservice (api-version pinned
// 2026-04-01, as src/azure/clients.ts does) creates a private cluster, the generic @azure/arm-resources client
// installs the Azure ML extension (2024-11-01; no @azure/arm-kubernetesconfiguration in node_modules) and
// attaches the `Kubernetes` compute (2025-06-01), then everything is removed in order. Their pollers follow
// the Azure-AsyncOperation headers; the clock ticks per request, so operations end after a few polls.
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ResourceManagementClient } from '@azure/arm-resources';
import { describe, expect, it } from 'vitest';
import { Clock, SUB, harness } from './helpers.js';
import { clusterId, wsId } from './compute-helpers.js';
import { createInsights, createRegistry, createStorage, createVault } from './seed.js';
import { createGroup } from './helpers.js';
import { credential, httpClient } from './sdk-client.js';



describe('AKS + Azure ML extension + Kubernetes compute through the SDK clients', () => {
  it('creates a private cluster, installs the extension, attaches the compute, and removes them in order', async () => {
    // Each clock reading moves 1 s on; at timeScale 0.002 that is 500 model seconds, so every operation ends
    // within a few polls, and Retry-After (scaled) is 0.
    const h = await harness({ timeScale: 0.002 }, undefined, new Clock(1000));
    await createGroup(h);
    const ws = await h.call('PUT', `${wsId()}?api-version=2025-06-01`, {
      location: 'eastus',
      identity: { type: 'SystemAssigned' },
      properties: {
        storageAccount: await createStorage(h, 'mlstore'),
        keyVault: await createVault(h, 'mlkv'),
        containerRegistry: await createRegistry(h, 'mlreg', 'Premium'),
        applicationInsights: await createInsights(h, 'mlai'),
      },
    });
    expect(ws.status, JSON.stringify(ws.body)).toBe(202);

    const options = { httpClient: httpClient(h.sim) };
    const poll = { updateIntervalInMs: 1 };
    const aks = new ContainerServiceClient(credential, SUB, { ...options, apiVersion: '2026-04-01' });
    const cluster = await aks.managedClusters.beginCreateOrUpdateAndWait(
      'rg1',
      'aks1',
      {
        location: 'eastus',
        sku: { name: 'Base', tier: 'Standard' },
        identity: { type: 'SystemAssigned' },
        dnsPrefix: 'mlaks',
        agentPoolProfiles: [{ name: 'system', mode: 'System', count: 3, vmSize: 'Standard_D4s_v3', osType: 'Linux', type: 'VirtualMachineScaleSets' }],
        networkProfile: { networkPlugin: 'kubenet', serviceCidr: '172.16.0.0/16', dnsServiceIP: '172.16.0.10', outboundType: 'loadBalancer', loadBalancerSku: 'standard' },
        apiServerAccessProfile: { enablePrivateCluster: true },
      },
      poll,
    );
    expect(cluster.provisioningState).toBe('Succeeded');
    expect(cluster.privateFqdn).toMatch(/\.privatelink\.eastus\.azmk8s\.io$/);

    const resources = new ResourceManagementClient(credential, SUB, options);
    const extId = `${clusterId('aks1')}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`;
    const ext = await resources.resources.beginCreateOrUpdateByIdAndWait(
      extId,
      '2024-11-01',
      {
        identity: { type: 'SystemAssigned' },
        properties: {
          extensionType: 'Microsoft.AzureML.Kubernetes',
          autoUpgradeMinorVersion: true,
          releaseTrain: 'stable',
          scope: { cluster: { releaseNamespace: 'azureml' } },
          configurationSettings: {
            enableTraining: 'True',
            enableInference: 'True',
            inferenceRouterServiceType: 'LoadBalancer',
            internalLoadBalancerProvider: 'azure',
            allowInsecureConnections: 'False',
            sslCname: 'scoring.contoso.internal',
          },
          configurationProtectedSettings: { 'scoringFe.sslCert': 'Y2VydA==', 'scoringFe.sslKey': 'a2V5' },
        },
      },
      poll,
    );
    expect(ext.id).toBe(extId);
    expect(ext.properties).toMatchObject({ extensionType: 'microsoft.azureml.kubernetes', provisioningState: 'Succeeded' });
    expect((ext.properties as Record<string, unknown>).configurationProtectedSettings).toBeUndefined();
    // A refused setting surfaces as the SDK's RestError with Azure's code.
    await expect(
      resources.resources.beginCreateOrUpdateByIdAndWait(extId, '2024-11-01', { properties: { extensionType: 'Microsoft.AzureML.Kubernetes', configurationSettings: {} } }, poll),
    ).rejects.toMatchObject({ statusCode: 400, code: 'BadRequest' });

    const computeId = `${wsId()}/computes/k8s`;
    const compute = await resources.resources.beginCreateOrUpdateByIdAndWait(
      computeId,
      '2025-06-01',
      {
        location: 'eastus',
        identity: { type: 'SystemAssigned' },
        properties: { computeType: 'Kubernetes', resourceId: cluster.id, properties: { namespace: 'azureml', defaultInstanceType: 'defaultinstancetype' } },
      },
      poll,
    );
    expect(compute.properties).toMatchObject({ computeType: 'Kubernetes', provisioningState: 'Succeeded', isAttachedCompute: true, resourceId: cluster.id });
    expect(compute.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);

    // Detach (the generic client's delete cannot add underlyingResourceAction; the tool sends it itself).
    const detach = await h.call('DELETE', `${computeId}?api-version=2025-06-01&underlyingResourceAction=Detach`);
    expect(detach.status).toBe(202);
    await resources.resources.beginDeleteByIdAndWait(extId, '2024-11-01', poll);
    await expect(resources.resources.getById(extId, '2024-11-01')).rejects.toMatchObject({ statusCode: 404 });
    await expect(resources.resources.getById(computeId, '2025-06-01')).rejects.toMatchObject({ statusCode: 404 });
    await aks.managedClusters.beginDeleteAndWait('rg1', 'aks1', poll);
    await expect(aks.managedClusters.get('rg1', 'aks1')).rejects.toMatchObject({ statusCode: 404 });
  });
});
