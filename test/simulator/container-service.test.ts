// AKS managed clusters: the regional Kubernetes version list, version resolution, private clusters with Azure
// CNI in a custom subnet (the control plane identity needs Network Contributor there), addressing rules, the
// node subnet in use while the cluster exists, and the 201/202 + Azure-AsyncOperation LROs.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudState } from '../../src/simulator/state.js';
import { HOST, SUB, netPath, rel, type Harness } from './helpers.js';
import { AKS_API, READER, aksBody, clusterPath, identityWithRole, networkEnv, subnetId, vnetId } from './compute-helpers.js';

const versionsPath = (loc: string, api = AKS_API) => `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/${loc}/kubernetesVersions?api-version=${api}`;

async function loadState(h: Harness): Promise<CloudState> {
  return JSON.parse(await readFile(path.join(h.dir, 'cloud.json'), 'utf8')) as CloudState;
}

describe('AKS kubernetesVersions', () => {
  it('lists the offered minors with their patches and upgrades; 1.29 is gone', async () => {
    const h = await networkEnv();
    const r = await h.call('GET', versionsPath('eastus'));
    expect(r.status).toBe(200);
    const values = r.body.values as { version: string; isDefault?: boolean; capabilities: unknown; patchVersions: Record<string, { upgrades: string[] }> }[];
    expect(values.map((v) => v.version)).toEqual(['1.31', '1.32', '1.33']);
    expect(values.filter((v) => v.isDefault).map((v) => v.version)).toEqual(['1.32']);
    expect(values[1].capabilities).toEqual({ supportPlan: ['KubernetesOfficial'] });
    expect(Object.keys(values[1].patchVersions)).toEqual(['1.32.5', '1.32.6', '1.32.7']);
    expect(values[1].patchVersions['1.32.7'].upgrades).toEqual(['1.33.1', '1.33.2', '1.33.3']);
    expect(values[1].patchVersions['1.32.5'].upgrades).toContain('1.32.6');
    expect(values.some((v) => v.version === '1.29' || Object.keys(v.patchVersions).some((p) => p.startsWith('1.29.')))).toBe(false);
    // Every public region offers the same list; older api-versions answer too.
    expect((await h.call('GET', versionsPath('westeurope', '2024-09-01'))).body.values).toEqual(values);
    expect((await h.call('GET', versionsPath('atlantis'))).status).toBe(404);
  });
});

describe('AKS managed clusters', () => {
  it('creates a private Azure CNI cluster when its identity has Network Contributor on the subnet', async () => {
    const h = await networkEnv();
    const uai = await identityWithRole(h, 'aksid', subnetId('aks'));
    const put = await h.call('PUT', clusterPath('aks1'), aksBody({ identity: uai.id, subnet: subnetId('aks'), private: true, version: '1.32' }));
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body.properties.provisioningState).toBe('Creating');
    const asyncUrl = put.headers['azure-asyncoperation'];
    expect(asyncUrl).toMatch(new RegExp(`^${HOST}/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operations/[0-9a-f-]{36}\\?api-version=${AKS_API}$`));
    expect((await h.call('GET', rel(asyncUrl))).body.status).toBe('InProgress');
    h.clock.advance(479);
    expect((await h.call('GET', rel(asyncUrl))).body.status).toBe('InProgress'); // '#private-azurecni' takes 480 s
    h.clock.advance(1);
    expect((await h.call('GET', rel(asyncUrl))).body.status).toBe('Succeeded');

    const c = (await h.call('GET', clusterPath('aks1'))).body;
    expect(c.type).toBe('Microsoft.ContainerService/ManagedClusters');
    expect(c.properties).toMatchObject({
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: '1.32',
      currentKubernetesVersion: '1.32.7',
      nodeResourceGroup: 'MC_rg1_aks1_eastus',
      enableRBAC: true,
      apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: 'system', enablePrivateClusterPublicFQDN: false },
      networkProfile: { networkPlugin: 'azure', serviceCidr: '172.16.0.0/16', dnsServiceIP: '172.16.0.10', outboundType: 'loadBalancer', loadBalancerSku: 'standard' },
    });
    expect(c.properties.privateFQDN).toMatch(/^mlaks-[0-9a-f]{8}\.[0-9a-f-]{36}\.privatelink\.eastus\.azmk8s\.io$/);
    expect(c.properties.fqdn).toBeUndefined();
    expect(c.properties.agentPoolProfiles[0]).toMatchObject({ name: 'system', count: 3, maxPods: 30, mode: 'System', provisioningState: 'Succeeded', vnetSubnetID: subnetId('aks'), currentOrchestratorVersion: '1.32.7' });
    expect(c.identity.userAssignedIdentities[uai.id].principalId).toBe(uai.principalId);
    const kubelet = c.properties.identityProfile.kubeletidentity;
    expect(kubelet.resourceId).toMatch(/\/resourcegroups\/MC_rg1_aks1_eastus\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/aks1-agentpool$/);
    expect((await loadState(h)).principals?.[kubelet.objectId]).toMatchObject({ type: 'ServicePrincipal', ownerId: c.id });

    // The node NICs and the API server endpoint sit in the subnet: it cannot be deleted while the cluster exists.
    const subnet = (await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1/subnets/aks'))).body;
    const ipconfigs = (subnet.properties.ipConfigurations as { id: string }[]).map((x) => x.id);
    expect(ipconfigs.filter((x) => x.includes('/virtualMachineScaleSets/aks-system-'))).toHaveLength(3);
    expect(ipconfigs.some((x) => x.includes('/networkInterfaces/kube-apiserver.nic.'))).toBe(true);
    const del = await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/aks'));
    expect(del.status).toBe(400);
    expect(del.body.error.code).toBe('InUseSubnetCannotBeDeleted');

    // DELETE: 202 with both polling headers; the subnet is free once the cluster is gone.
    const gone = await h.call('DELETE', clusterPath('aks1'));
    expect(gone.status).toBe(202);
    expect(gone.headers.location).toContain('/operationresults/');
    expect(gone.headers['azure-asyncoperation']).toContain('/operations/');
    expect((await h.call('GET', clusterPath('aks1'))).body.properties.provisioningState).toBe('Deleting');
    h.clock.advance(480);
    expect((await h.call('GET', rel(gone.headers.location))).status).toBe(204);
    expect((await h.call('GET', clusterPath('aks1'))).status).toBe(404);
    expect((await loadState(h)).principals?.[kubelet.objectId]?.deletedAt).toBeDefined();
    expect((await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/aks'))).status).toBe(202);
  });

  it('fails the create (LinkedAuthorizationFailed) when the identity lacks Network Contributor on the subnet', async () => {
    const h = await networkEnv();
    // Reader on the VNet does not grant subnets/join/action.
    const uai = await identityWithRole(h, 'aksid', vnetId(), READER);
    const put = await h.call('PUT', clusterPath('aks1'), aksBody({ identity: uai.id, subnet: subnetId('aks'), private: true }));
    expect(put.status).toBe(201);
    h.clock.advance(60);
    const status = (await h.call('GET', rel(put.headers['azure-asyncoperation']))).body;
    expect(status.status).toBe('Failed');
    expect(status.error.code).toBe('LinkedAuthorizationFailed');
    expect(status.error.message).toContain('Microsoft.Network/virtualNetworks/subnets/join/action');
    expect(status.error.message).toContain(subnetId('aks'));
    expect((await h.call('GET', clusterPath('aks1'))).body.properties.provisioningState).toBe('Failed');

    // Network Contributor on the VNet (a scope above the subnet) is enough.
    const ok = await identityWithRole(h, 'aksid2', vnetId());
    const put2 = await h.call('PUT', clusterPath('aks2'), { ...aksBody({ identity: ok.id, subnet: subnetId('aks'), private: true }), properties: { ...aksBody({ identity: ok.id, subnet: subnetId('aks'), private: true }).properties, dnsPrefix: 'aks2' } });
    expect(put2.status).toBe(201);
    h.clock.advance(480);
    expect((await h.call('GET', clusterPath('aks2'))).body.properties.provisioningState).toBe('Succeeded');
  });

  it('refuses an unknown Kubernetes version and resolves a minor to its latest patch', async () => {
    const h = await networkEnv();
    for (const v of ['1.29', '1.29.9', '1.34', '1.32.99']) {
      const r = await h.call('PUT', clusterPath('aks1'), aksBody({ version: v }));
      expect(r.status, v).toBe(400);
      expect(r.body.error.code).toBe('K8sVersionNotSupported');
      expect(r.body.error.message).toContain(v);
    }
    const minor = await h.call('PUT', clusterPath('aks1'), aksBody({ version: '1.33', plugin: 'kubenet' }));
    expect(minor.status).toBe(201);
    expect(minor.body.properties).toMatchObject({ kubernetesVersion: '1.33', currentKubernetesVersion: '1.33.3' });
    // Plain latency key (public kubenet cluster): 281 s.
    h.clock.advance(281);
    expect((await h.call('GET', clusterPath('aks1'))).body.properties.provisioningState).toBe('Succeeded');
    const dflt = await h.call('PUT', clusterPath('aks2'), { ...aksBody({ plugin: 'kubenet' }), properties: { ...aksBody({ plugin: 'kubenet' }).properties, dnsPrefix: 'aks2' } });
    expect(dflt.body.properties.currentKubernetesVersion).toBe('1.32.7');
    expect(dflt.body.properties.fqdn).toMatch(/^aks2-[0-9a-f]{8}\.hcp\.eastus\.azmk8s\.io$/);
  });

  it('refuses a service CIDR overlapping the node VNet, a DNS IP outside it and an undersized Azure CNI subnet', async () => {
    const h = await networkEnv();
    const uai = await identityWithRole(h, 'aksid', subnetId('aks'));
    const overlap = await h.call('PUT', clusterPath('aks1'), aksBody({ identity: uai.id, subnet: subnetId('aks'), network: { serviceCidr: '10.0.0.0/16', dnsServiceIP: '10.0.0.10' } }));
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.code).toBe('ServiceCidrOverlapExistingSubnetsCidr');
    expect(overlap.body.error.message).toContain('10.0.0.0/16');
    const dns = await h.call('PUT', clusterPath('aks1'), aksBody({ identity: uai.id, subnet: subnetId('aks'), network: { dnsServiceIP: '172.17.0.10' } }));
    expect(dns.body.error.code).toBe('DnsServiceIPOutOfServiceCidr');
    const small = await h.call('PUT', clusterPath('aks1'), aksBody({ identity: uai.id, subnet: subnetId('small') }));
    expect(small.body.error.code).toBe('InsufficientSubnetSize');
    const ghost = await h.call('PUT', clusterPath('aks1'), aksBody({ identity: uai.id, subnet: subnetId('ghost') }));
    expect(ghost.body.error.code).toBe('InvalidParameter');
    expect(ghost.body.error.message).toContain(subnetId('ghost'));
  });

  it('checks node pools, local accounts, VM sizes and unknown members', async () => {
    const h = await networkEnv();
    const local = await h.call('PUT', clusterPath('aks1'), aksBody({ plugin: 'kubenet', extra: { disableLocalAccounts: true } }));
    expect(local.status).toBe(400);
    expect(local.body.error.message).toContain('aadProfile');
    const aad = await h.call('PUT', clusterPath('aks1'), aksBody({ plugin: 'kubenet', extra: { disableLocalAccounts: true, aadProfile: { managed: true, enableAzureRBAC: true } } }));
    expect(aad.status).toBe(201);
    expect(aad.body.properties.aadProfile).toMatchObject({ managed: true, enableAzureRBAC: true });
    const pool = (extra: Record<string, unknown>) => aksBody({ plugin: 'kubenet', pools: [{ name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D4s_v3', ...extra }] });
    expect((await h.call('PUT', clusterPath('aks2'), pool({ vmSize: 'Standard_Z99' }))).body.error.message).toContain('Standard_Z99');
    expect((await h.call('PUT', clusterPath('aks2'), pool({ mode: 'User' }))).body.error.code).toBe('MustDefineAtLeastOneSystemPool');
    expect((await h.call('PUT', clusterPath('aks2'), pool({ name: 'System' }))).body.error.code).toBe('InvalidParameter');
    expect((await h.call('PUT', clusterPath('aks2'), pool({ count: 0 }))).body.error.code).toBe('InvalidParameter');
    const unknown = await h.call('PUT', clusterPath('aks2'), pool({ flavour: 'x' }));
    expect(unknown.body.error.code).toBe('InvalidRequestContent');
    expect(unknown.body.error.message).toContain("Could not find member 'flavour' on object of type 'ManagedClusterAgentPoolProfile'");
    expect((await h.call('PUT', clusterPath('aks2'), { ...aksBody(), identity: undefined })).body.error.code).toBe('InvalidParameter');
  });
});
