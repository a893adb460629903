// Microsoft.KubernetesConfiguration extensions on AKS (the Azure ML extension) and the Azure ML `Kubernetes`
// compute that attaches the cluster: the LRO, the settings the extension refuses, the install's completion
// point, and every refusal of the attach.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudState } from '../../src/simulator/state.js';
import { HOST, SUB, rel, type Harness } from './helpers.js';
import { aksBody, clusterId, clusterPath, computePath, workspaceEnv } from './compute-helpers.js';

const EXT_API = '2024-11-01';
const extId = (name = 'azureml', cluster = 'aks1') => `${clusterId(cluster)}/providers/Microsoft.KubernetesConfiguration/extensions/${name}`;
const extPath = (name = 'azureml', cluster = 'aks1', api = EXT_API) => `${extId(name, cluster)}?api-version=${api}`;

/** The settings issue 12 asks for: inference behind an internal load balancer, HTTPS with a certificate. */
const azureml = (settings: Record<string, string> = {}, protectedSettings: Record<string, string> = { 'scoringFe.sslCert': 'Y2VydA==', 'scoringFe.sslKey': 'a2V5' }) => ({
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
      ...settings,
    },
    configurationProtectedSettings: protectedSettings,
  },
});

async function withCluster(extra: Record<string, unknown> = {}, pools?: unknown[]): Promise<Harness> {
  const h = await workspaceEnv();
  const put = await h.call('PUT', clusterPath('aks1'), aksBody({ private: true, plugin: 'kubenet', extra, ...(pools ? { pools } : {}) }));
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  h.clock.advance(1200);
  expect((await h.call('GET', clusterPath('aks1'))).body.properties.provisioningState).toBe('Succeeded');
  return h;
}

async function installed(h: Harness): Promise<void> {
  const put = await h.call('PUT', extPath(), azureml());
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  h.clock.advance(300);
  expect((await h.call('GET', extPath())).body.properties.provisioningState).toBe('Succeeded');
}

const refusal = async (h: Harness, body: unknown, status = 400) => {
  const r = await h.call('PUT', extPath(), body);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body.error as { code: string; message: string };
};

async function editState(h: Harness, edit: (s: CloudState) => void): Promise<void> {
  const file = path.join(h.dir, 'cloud.json');
  const s = JSON.parse(await readFile(file, 'utf8')) as CloudState;
  edit(s);
  await writeFile(file, JSON.stringify(s));
}

const k8sCompute = (props: Record<string, unknown> = {}, identity: unknown = { type: 'SystemAssigned' }, resourceId = clusterId('aks1')) => ({
  location: 'eastus',
  identity,
  properties: { computeType: 'Kubernetes', resourceId, properties: { namespace: 'default', ...props } },
});

describe('Azure ML extension on AKS (Microsoft.KubernetesConfiguration/extensions)', () => {
  it('installs through 201 Creating + Azure-AsyncOperation, renders no protected settings, one per type, PATCH 202, DELETE 202', async () => {
    const h = await withCluster();
    const put = await h.call('PUT', extPath(), azureml());
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body).toMatchObject({ id: extId(), name: 'azureml', type: 'Microsoft.KubernetesConfiguration/extensions' });
    expect(put.body.properties).toMatchObject({ extensionType: 'microsoft.azureml.kubernetes', provisioningState: 'Creating', currentVersion: null, releaseTrain: 'stable' });
    expect(put.body.properties.configurationProtectedSettings).toBeUndefined();
    expect(JSON.stringify(put.body)).not.toContain('a2V5');
    expect(put.body.identity).toMatchObject({ type: 'SystemAssigned' });
    expect(put.body.identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const asyncUrl = put.headers['azure-asyncoperation'];
    expect(asyncUrl).toMatch(new RegExp(`^${HOST}${extId()}/operations/[0-9a-f-]{36}\\?api-version=${EXT_API}$`));
    expect((await h.call('GET', rel(asyncUrl))).body.status).toBe('InProgress');
    h.clock.advance(299);
    expect((await h.call('GET', rel(asyncUrl))).body.status).toBe('InProgress');
    h.clock.advance(1);
    expect((await h.call('GET', rel(asyncUrl))).body.status).toBe('Succeeded');

    const got = (await h.call('GET', extPath())).body;
    expect(got.properties).toMatchObject({ provisioningState: 'Succeeded', currentVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/), errorInfo: null, scope: { cluster: { releaseNamespace: 'azureml' } } });
    expect(got.properties.configurationSettings).toMatchObject({ internalLoadBalancerProvider: 'azure', inferenceRouterServiceType: 'LoadBalancer' });
    expect(got.properties.configurationProtectedSettings).toBeUndefined();
    const list = await h.call('GET', `${clusterId('aks1')}/providers/Microsoft.KubernetesConfiguration/extensions?api-version=${EXT_API}`);
    expect(list.body.value.map((e: { name: string }) => e.name)).toEqual(['azureml']);

    // One extension of a type per cluster.
    const second = await h.call('PUT', extPath('azureml2'), azureml());
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('Conflict');

    // PATCH merges settings and answers 202 + Azure-AsyncOperation.
    const patch = await h.call('PATCH', extPath(), { properties: { configurationSettings: { inferenceRouterHA: 'False' } } });
    expect(patch.status, JSON.stringify(patch.body)).toBe(202);
    expect(patch.body.properties).toMatchObject({ provisioningState: 'Updating' });
    expect(patch.body.properties.configurationSettings).toMatchObject({ inferenceRouterHA: 'False', internalLoadBalancerProvider: 'azure' });
    expect((await h.call('PUT', extPath(), azureml())).status).toBe(409); // one operation at a time
    h.clock.advance(300);

    const del = await h.call('DELETE', extPath());
    expect(del.status).toBe(202);
    const delStatus = rel(del.headers['azure-asyncoperation']);
    expect((await h.call('GET', extPath())).body.properties.provisioningState).toBe('Deleting');
    h.clock.advance(120);
    expect((await h.call('GET', delStatus)).body.status).toBe('Succeeded');
    expect((await h.call('GET', extPath())).status).toBe(404);
    expect((await h.call('DELETE', extPath())).status).toBe(204);
  });

  it('refuses settings the extension documents as invalid', async () => {
    const h = await withCluster();
    const cases: [Record<string, string>, Record<string, string> | undefined, string][] = [
      [{ enableTraining: 'False', enableInference: 'False' }, undefined, 'either enable Machine Learning training or inference'],
      [{ inferenceRouterServiceType: 'ingress' }, undefined, 'inferenceRouterServiceType=ClusterIP'],
      [{ sslCname: '' }, undefined, 'specify sslCname'],
      [{}, {}, 'To enable HTTPs endpoint, either provide sslCertPemFile and sslKeyPemFile'],
      [{ inferenceRouterServiceType: 'NodePort' }, undefined, 'When using nodePort as inferenceRouterServiceType'],
      [{ inferenceRouterServiceType: 'ClusterIP' }, undefined, 'needs inferenceRouterServiceType=LoadBalancer'],
      [{ internalLoadBalancerProvider: 'metallb' }, undefined, "only 'azure'"],
      [{ enableTraining: 'yes' }, undefined, "'enableTraining' must be True or False"],
      [{ 'scoringFe.sslKey': 'a2V5' }, { 'scoringFe.sslCert': 'Y2VydA==' }, 'is a TLS secret: pass it in configurationProtectedSettings'],
      [{ sslCname: 'x' }, { sslCname: 'x', 'scoringFe.sslCert': 'c', 'scoringFe.sslKey': 'k' }, 'Duplicate keys'],
    ];
    for (const [settings, prot, text] of cases) {
      const err = await refusal(h, azureml(settings, prot));
      expect(err.code, text).toBe('BadRequest');
      expect(err.message).toContain(text);
    }
    // HTTP is allowed when asked for explicitly; sslSecret is the other way to HTTPS.
    expect((await h.call('PUT', extPath('plainhttp'), azureml({ allowInsecureConnections: 'True', sslCname: '' }, {}))).status).toBe(201);
    h.clock.advance(300);
    await h.call('DELETE', extPath('plainhttp'));
    h.clock.advance(120);
    expect((await h.call('PUT', extPath(), azureml({ sslSecret: 'azureml-fe-tls' }, {}))).status).toBe(201);
  });

  it('refuses unknown and unsimulated types, namespace scope, version with auto-upgrade, a missing or busy cluster', async () => {
    const h = await withCluster();
    const base = azureml();
    expect((await refusal(h, { ...base, properties: { ...base.properties, extensionType: 'contoso.widgets' } })).message).toContain("Extension type 'contoso.widgets' is not supported in region 'eastus'");
    expect((await refusal(h, { ...base, properties: { ...base.properties, extensionType: 'microsoft.flux' } })).code).toBe('SimulatorUnsupportedProperty');
    expect((await refusal(h, { ...base, properties: { ...base.properties, extensionType: undefined } })).message).toContain('extensionType is required');
    expect((await refusal(h, { ...base, properties: { ...base.properties, scope: { namespace: { targetNamespace: 'ml' } } } })).message).toContain("Invalid scope 'namespace'");
    expect((await refusal(h, { ...base, properties: { ...base.properties, scope: { cluster: { releaseNamespace: 'ml' } } } })).message).toContain("namespace 'azureml'");
    expect((await refusal(h, { ...base, properties: { ...base.properties, version: '1.1.90' } })).message).toContain("autoUpgradeMinorVersion must be 'false'");
    expect((await refusal(h, { ...base, properties: { ...base.properties, releaseTrain: 'nightly' } })).message).toContain("Release train 'nightly'");
    expect((await refusal(h, { ...base, location: 'eastus' })).code).toBe('InvalidRequestContent'); // a proxy resource
    expect((await refusal(h, { ...base, plan: { name: 'x' } })).code).toBe('SimulatorUnsupportedProperty');
    const pinned = await h.call('PUT', extPath(), { ...base, properties: { ...base.properties, autoUpgradeMinorVersion: false, version: '1.1.90' } });
    expect(pinned.status, JSON.stringify(pinned.body)).toBe(201);
    expect(pinned.body.properties.version).toBe('1.1.90');

    const missing = await h.call('PUT', extPath('azureml', 'nope'), base);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ResourceNotFound');
    expect((await h.call('PUT', extPath('azureml', 'aks1', '2030-01-01'), base)).body.error.code).toBe('NoRegisteredProviderFound');
    // A cluster still being created cannot take extensions.
    expect((await h.call('PUT', clusterPath('aks2'), aksBody({ plugin: 'kubenet' }))).status).toBe(201);
    const busy = await h.call('PUT', extPath('azureml', 'aks2'), base);
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain("provisioning state 'Creating'");
    // The subscription must be registered for Microsoft.KubernetesConfiguration.
    await h.call('POST', `/subscriptions/${SUB}/providers/Microsoft.KubernetesConfiguration/unregister?api-version=2025-04-01`);
    expect((await h.call('PUT', extPath('other'), base)).body.error.code).toBe('MissingSubscriptionRegistration');
  });

  it('fails the install (ExtensionOperationFailed, errorInfo) when inferenceRouterHA meets fewer than three nodes', async () => {
    const h = await withCluster({}, [{ name: 'system', mode: 'System', count: 2, vmSize: 'Standard_D4s_v3', osType: 'Linux', type: 'VirtualMachineScaleSets' }]);
    const put = await h.call('PUT', extPath(), azureml());
    expect(put.status).toBe(201);
    h.clock.advance(300);
    const status = (await h.call('GET', rel(put.headers['azure-asyncoperation']))).body;
    expect(status).toMatchObject({ status: 'Failed', error: { code: 'ExtensionOperationFailed' } });
    expect(status.error.message).toContain('E40002 INSUFFICIENT_NODE');
    const got = (await h.call('GET', extPath())).body;
    expect(got.properties.provisioningState).toBe('Failed');
    expect(got.properties.errorInfo.code).toBe('ExtensionOperationFailed');
    // inferenceRouterHA=False on two nodes installs.
    const fixed = await h.call('PATCH', extPath(), { properties: { configurationSettings: { inferenceRouterHA: 'False' } } });
    expect(fixed.status).toBe(202);
    h.clock.advance(300);
    expect((await h.call('GET', extPath())).body.properties).toMatchObject({ provisioningState: 'Succeeded', errorInfo: null });
  });

  it('goes with its cluster: deleting the cluster deletes the extension', async () => {
    const h = await withCluster();
    await installed(h);
    expect((await h.call('DELETE', clusterPath('aks1'))).status).toBe(202);
    h.clock.advance(1200);
    expect((await h.call('GET', clusterPath('aks1'))).status).toBe(404);
    const state = JSON.parse(await readFile(path.join(h.dir, 'cloud.json'), 'utf8')) as CloudState;
    expect(Object.keys(state.resources).some((k) => k.includes('/microsoft.kubernetesconfiguration/extensions/'))).toBe(false);
  });
});

describe('Azure ML Kubernetes compute', () => {
  it('attaches a cluster with the extension, renders KubernetesProperties, detaches without touching the cluster', async () => {
    const h = await withCluster();
    await installed(h);
    const put = await h.call('PUT', computePath('k8s'), k8sCompute({ defaultInstanceType: 'cpu', instanceTypes: { cpu: { resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '8Gi' } } } } }));
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body.properties).toMatchObject({ computeType: 'Kubernetes', provisioningState: 'Creating', isAttachedCompute: true, resourceId: clusterId('aks1'), computeLocation: 'eastus' });
    h.clock.advance(60);
    const got = (await h.call('GET', computePath('k8s'))).body;
    expect(got.properties.provisioningState).toBe('Succeeded');
    expect(got.properties.properties).toMatchObject({ namespace: 'default', defaultInstanceType: 'cpu', extensionInstanceReleaseTrain: 'stable', extensionPrincipalId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(got.properties.properties.relayConnectionString).toBeUndefined();
    expect(got.identity).toMatchObject({ type: 'SystemAssigned' });

    const del = await h.call('DELETE', computePath('k8s', undefined, '&underlyingResourceAction=Delete'));
    expect(del.status).toBe(400);
    expect(del.body.error.message).toContain('underlyingResourceAction=Detach');
    const detach = await h.call('DELETE', computePath('k8s', undefined, '&underlyingResourceAction=Detach'));
    expect(detach.status).toBe(202);
    h.clock.advance(30);
    expect((await h.call('GET', computePath('k8s'))).status).toBe(404);
    expect((await h.call('GET', clusterPath('aks1'))).body.properties.provisioningState).toBe('Succeeded');
    expect((await h.call('GET', extPath())).body.properties.provisioningState).toBe('Succeeded');
  });

  it('refuses the attach without a Succeeded extension, on a cluster without local accounts, in a managed-network workspace', async () => {
    const h = await withCluster();
    const none = await h.call('PUT', computePath('k8s'), k8sCompute());
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'AzureMLExtensionNotInstalled' });
    expect(none.body.error.message).toContain('not installed');
    expect((await h.call('PUT', extPath(), azureml())).status).toBe(201);
    const creating = await h.call('PUT', computePath('k8s'), k8sCompute());
    expect(creating.body.error.message).toContain("provisioning state 'Creating'");
    h.clock.advance(300);

    await editState(h, (s) => {
      const ws = Object.values(s.resources).find((r) => r.type === 'Microsoft.MachineLearningServices/workspaces');
      if (ws) ws.properties.managedNetwork = { isolationMode: 'AllowOnlyApprovedOutbound' };
    });
    const managed = await h.call('PUT', computePath('k8s'), k8sCompute());
    expect(managed.status).toBe(400);
    expect(managed.body.error.message).toContain('not supported with a workspace managed network');
    await editState(h, (s) => {
      const ws = Object.values(s.resources).find((r) => r.type === 'Microsoft.MachineLearningServices/workspaces');
      if (ws) ws.properties.managedNetwork = { isolationMode: 'Disabled' };
    });

    await editState(h, (s) => {
      const c = Object.values(s.resources).find((r) => r.type === 'Microsoft.ContainerService/managedClusters');
      if (c) c.properties.disableLocalAccounts = true;
    });
    const local = await h.call('PUT', computePath('k8s'), k8sCompute());
    expect(local.status).toBe(400);
    expect(local.body.error).toEqual({
      code: 'BadRequest',
      message: 'Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.',
    });
  });

  it('refuses bad identities, namespaces, instance types, other subscriptions and type changes', async () => {
    const h = await withCluster();
    await installed(h);
    const bad = async (body: unknown, text: string, code = 'BadArgument') => {
      const r = await h.call('PUT', computePath('k8s'), body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toContain(text);
    };
    const uai = await h.call('PUT', `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/k8sid?api-version=2023-01-31`, { location: 'eastus' });
    await bad(k8sCompute({}, { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [uai.body.id]: {} } }), 'not both');
    await bad(k8sCompute({ namespace: 'team-a' }), "namespace 'team-a' does not exist");
    await bad(k8sCompute({ namespace: 'Team_A' }), 'not a valid Kubernetes namespace');
    await bad(k8sCompute({ defaultInstanceType: 'gpu', instanceTypes: { cpu: {} } }), "defaultInstanceType 'gpu'");
    await bad(k8sCompute({ instanceTypes: { cpu: { resources: { limits: { cpu: 'lots' } } } } }), 'not a Kubernetes quantity');
    await bad(k8sCompute({ instanceTypes: { cpu: { resources: { limits: { disk: '1Gi' } } } } }), "'disk' is not supported");
    await bad(k8sCompute({ relayConnectionString: 'Endpoint=sb://x' }), 'relayConnectionString', 'SimulatorUnsupportedProperty');
    await bad(k8sCompute({}, undefined, clusterId('aks1').replace(SUB, '99999999-2222-3333-4444-555555555555')), 'cross subscription', 'ComputeResourceInDifferentSubscription');
    await bad(k8sCompute({}, undefined, clusterId('nope')), 'was not found', 'ComputeResourceNotFound');
    await bad(k8sCompute({}, undefined, `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/arc1`), 'Arc', 'SimulatorUnsupportedProperty');

    // A user-assigned identity alone is fine; an AmlCompute cannot become Kubernetes.
    expect((await h.call('PUT', computePath('k8s'), k8sCompute({}, { type: 'UserAssigned', userAssignedIdentities: { [uai.body.id]: {} } }))).status).toBe(201);
    h.clock.advance(60);
    const aml = await h.call('PUT', computePath('cpu'), { location: 'eastus', properties: { computeType: 'AmlCompute', properties: { vmSize: 'Standard_DS3_v2', scaleSettings: { maxNodeCount: 1 } } } });
    expect(aml.status, JSON.stringify(aml.body)).toBe(201);
    h.clock.advance(300);
    const change = await h.call('PUT', computePath('cpu'), k8sCompute());
    expect(change.body.error.code).toBe('ComputeTypeCannotBeChanged');
  });
});
