// Azure ML computes: the regional VM size list, AmlCompute clusters without public IPs in a subnet (which is
// then in use), compute instances with SSH disabled and an assigned user, attaching AKS clusters, and the
// DELETE contract (underlyingResourceAction, 202 + Azure-AsyncOperation + Location).
import { describe, expect, it } from 'vitest';
import { HOST, SUB, netPath, rel } from './helpers.js';
import { tenantOf } from './paas-helpers.js';
import { AKS_API, ML_API, aksBody, clusterId, clusterPath, computePath, identityWithRole, subnetId, workspaceEnv, wsId } from './compute-helpers.js';

const sizesPath = (loc: string, api = ML_API) => `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/${loc}/vmSizes?api-version=${api}`;

const cluster = (props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  location: 'eastus',
  ...extra,
  properties: {
    computeType: 'AmlCompute',
    description: 'training cluster',
    properties: {
      vmSize: 'Standard_DS3_v2',
      vmPriority: 'Dedicated',
      scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: 'PT120S' },
      subnet: { id: subnetId('training') },
      enableNodePublicIp: false,
      remoteLoginPortPublicAccess: 'Disabled',
      ...props,
    },
  },
});

describe('Azure ML vmSizes', () => {
  it('lists the sizes a region offers in the VirtualMachineSizeListResult shape', async () => {
    const h = await workspaceEnv();
    const r = await h.call('GET', sizesPath('eastus'));
    expect(r.status).toBe(200);
    const sizes = r.body.value as { name: string; gpus: number }[];
    for (const n of ['Standard_DS3_v2', 'Standard_D4s_v3', 'Standard_D8s_v3', 'Standard_D16s_v3', 'Standard_E4s_v3', 'Standard_F4s_v2', 'Standard_NC6s_v3', 'Standard_NC24ads_A100_v4']) {
      expect(sizes.map((s) => s.name)).toContain(n);
    }
    expect(sizes.find((s) => s.name === 'Standard_DS3_v2')).toMatchObject({
      family: 'standardDSv2Family',
      vCPUs: 4,
      gpus: 0,
      memoryGB: 14,
      lowPriorityCapable: true,
      premiumIO: true,
      supportedComputeTypes: expect.arrayContaining(['AmlCompute', 'ComputeInstance']),
      estimatedVMPrices: { billingCurrency: 'USD', unitOfMeasure: 'OneHour' },
    });
    expect(sizes.find((s) => s.name === 'Standard_NC24ads_A100_v4')).toMatchObject({ vCPUs: 24, gpus: 1, memoryGB: 220 });
    // A region without GPU capacity lists no GPU sizes; an unknown region is refused.
    const nogpu = (await h.call('GET', sizesPath('brazilsoutheast'))).body.value as { gpus: number }[];
    expect(nogpu.length).toBeGreaterThan(0);
    expect(nogpu.every((s) => s.gpus === 0)).toBe(true);
    expect((await h.call('GET', sizesPath('atlantis'))).status).toBe(400);
  });
});

describe('Azure ML computes', () => {
  it('creates an AmlCompute cluster without public IPs in a subnet; the subnet is then in use', async () => {
    const h = await workspaceEnv();
    const put = await h.call('PUT', computePath('cpu-cluster'), cluster({ userAccountCredentials: { adminUserName: 'azureuser', adminUserPassword: 'S3cret-Passw0rd!' } }, { identity: { type: 'SystemAssigned' } }));
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body.properties.provisioningState).toBe('Creating');
    const asyncUrl = put.headers['azure-asyncoperation'];
    expect(asyncUrl).toMatch(new RegExp(`^${HOST}/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/[0-9a-f-]{36}\\?api-version=${ML_API}&type=async$`));
    expect((await h.call('GET', rel(asyncUrl))).body.status).toBe('InProgress');
    h.clock.advance(60); // '#AmlCompute' create median
    expect((await h.call('GET', rel(asyncUrl))).body.status).toBe('Succeeded');

    const c = (await h.call('GET', computePath('cpu-cluster'))).body;
    expect(c).toMatchObject({
      id: `${wsId()}/computes/cpu-cluster`,
      type: 'Microsoft.MachineLearningServices/workspaces/computes',
      location: 'eastus',
      identity: { type: 'SystemAssigned' },
      properties: {
        computeType: 'AmlCompute',
        computeLocation: 'eastus',
        provisioningState: 'Succeeded',
        description: 'training cluster',
        isAttachedCompute: false,
        disableLocalAuth: false,
        properties: {
          vmSize: 'Standard_DS3_v2',
          vmPriority: 'Dedicated',
          osType: 'Linux',
          subnet: { id: subnetId('training') },
          enableNodePublicIp: false,
          remoteLoginPortPublicAccess: 'Disabled',
          allocationState: 'Steady',
          scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: 'PT120S' },
          userAccountCredentials: { adminUserName: 'azureuser' },
        },
      },
    });
    expect(c.identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.properties.createdOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
    // The password is write-only.
    expect(JSON.stringify(c)).not.toContain('S3cret');
    const list = (await h.call('GET', `${wsId()}/computes?api-version=${ML_API}`)).body.value;
    expect(list.map((x: { name: string }) => x.name)).toEqual(['cpu-cluster']);

    // The nodes' NICs sit in the training subnet.
    const subnet = (await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1/subnets/training'))).body;
    expect(subnet.properties.ipConfigurations).toHaveLength(1);
    const del = await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/training'));
    expect(del.status).toBe(400);
    expect(del.body.error.code).toBe('InUseSubnetCannotBeDeleted');

    // An update of the scale settings is accepted; the VM size and computeType cannot change.
    const scaled = await h.call('PUT', computePath('cpu-cluster'), cluster({ scaleSettings: { minNodeCount: 1, maxNodeCount: 8 } }));
    expect(scaled.status).toBe(200);
    expect(scaled.body.properties.provisioningState).toBe('Updating');
    h.clock.advance(60);
    const after = (await h.call('GET', computePath('cpu-cluster'))).body.properties.properties;
    expect(after).toMatchObject({ scaleSettings: { minNodeCount: 1, maxNodeCount: 8 }, currentNodeCount: 1, userAccountCredentials: { adminUserName: 'azureuser' } });
    expect((await h.call('PUT', computePath('cpu-cluster'), cluster({ vmSize: 'Standard_D4s_v3' }))).body.error.code).toBe('BadArgument');
    const retype = await h.call('PUT', computePath('cpu-cluster'), { location: 'eastus', properties: { computeType: 'ComputeInstance', properties: { vmSize: 'Standard_DS3_v2' } } });
    expect(retype.status).toBe(400);
    expect(retype.body.error.code).toBe('ComputeTypeCannotBeChanged');

    // DELETE needs underlyingResourceAction; then 202 with both polling headers.
    const noAction = await h.call('DELETE', computePath('cpu-cluster'));
    expect(noAction.status).toBe(400);
    expect(noAction.body.error.code).toBe('MissingRequiredQueryParameter');
    expect((await h.call('DELETE', computePath('cpu-cluster', ML_API, '&underlyingResourceAction=Remove'))).status).toBe(400);
    expect((await h.call('DELETE', computePath('cpu-cluster', ML_API, '&underlyingResourceAction=Detach'))).body.error.code).toBe('BadArgument');
    const gone = await h.call('DELETE', computePath('cpu-cluster', ML_API, '&underlyingResourceAction=Delete'));
    expect(gone.status).toBe(202);
    expect(gone.headers['azure-asyncoperation']).toContain('&type=async');
    expect(gone.headers.location).toContain('&type=location');
    expect((await h.call('GET', rel(gone.headers.location))).status).toBe(202);
    h.clock.advance(60);
    expect((await h.call('GET', rel(gone.headers.location))).status).toBe(204);
    expect((await h.call('GET', computePath('cpu-cluster'))).status).toBe(404);
    expect((await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/training'))).status).toBe(202);
  });

  it('refuses unknown VM sizes, missing subnets for no-public-IP nodes, bad scale settings and names', async () => {
    const h = await workspaceEnv();
    const size = await h.call('PUT', computePath('cpu'), cluster({ vmSize: 'Standard_Q64_v9' }));
    expect(size.status).toBe(400);
    expect(size.body.error.code).toBe('VMSizeNotSupported');
    expect(size.body.error.message).toContain('Standard_Q64_v9');
    expect(size.body.error.message.length).toBeLessThan(400);
    const noSubnet = await h.call('PUT', computePath('cpu'), cluster({ subnet: undefined }));
    expect(noSubnet.status).toBe(400);
    expect(noSubnet.body.error.code).toBe('SubnetRequiredForNoPublicIp');
    expect((await h.call('PUT', computePath('cpu'), cluster({ subnet: { id: subnetId('ghost') } }))).body.error.code).toBe('SubnetNotFound');
    expect((await h.call('PUT', computePath('cpu'), cluster({ scaleSettings: { minNodeCount: 5, maxNodeCount: 2 } }))).body.error.code).toBe('BadArgument');
    expect((await h.call('PUT', computePath('cpu'), cluster({ scaleSettings: { minNodeCount: 0, maxNodeCount: 2, nodeIdleTimeBeforeScaleDown: '120s' } }))).body.error.code).toBe('BadArgument');
    expect((await h.call('PUT', computePath('this-name-is-far-too-long'), cluster())).body.error.code).toBe('InvalidResourceName');
    expect((await h.call('PUT', computePath('1cpu'), cluster())).body.error.code).toBe('InvalidResourceName');
    const unknown = await h.call('PUT', computePath('cpu'), cluster({ nodeCount: 3 }));
    expect(unknown.body.error.code).toBe('InvalidRequestContent');
    expect(unknown.body.error.message).toContain("Could not find member 'nodeCount' on object of type 'AmlComputeProperties'");
    const badType = await h.call('PUT', computePath('cpu'), { location: 'eastus', properties: { computeType: 'Cluster' } });
    expect(badType.body.error.message).toContain("to type 'ComputeType'");
    // The workspace must exist and have finished provisioning.
    const orphan = await h.call('PUT', computePath('cpu', ML_API, '', 'nows'), cluster());
    expect(orphan.status).toBe(404);
    expect(orphan.body.error.code).toBe('ParentResourceNotFound');
  });

  it('serves 2022-10-01 (what @azure/arm-machinelearning 2.1.1 sends) in that version\'s shape', async () => {
    const h = await workspaceEnv();
    const OLD = '2022-10-01';
    const put = await h.call('PUT', computePath('cpu-cluster', OLD), cluster());
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.headers['azure-asyncoperation']).toContain(`api-version=${OLD}&type=async`);
    h.clock.advance(60);
    expect((await h.call('GET', computePath('cpu-cluster', OLD))).body.properties).toMatchObject({ computeType: 'AmlCompute', provisioningState: 'Succeeded' });
    expect((await h.call('GET', sizesPath('eastus', OLD))).body.value.length).toBeGreaterThan(0);
    // ComputeInstanceProperties of 2022-10-01 has no idleTimeBeforeShutdown (added in 2024): refused, not dropped.
    const ci = (props: Record<string, unknown> = {}) => ({
      location: 'eastus',
      properties: { computeType: 'ComputeInstance', properties: { vmSize: 'Standard_DS3_v2', subnet: { id: subnetId('instances') }, enableNodePublicIp: false, ...props } },
    });
    const idle = await h.call('PUT', computePath('ci-old', OLD), ci({ idleTimeBeforeShutdown: 'PT60M' }));
    expect(idle.status).toBe(400);
    expect(idle.body.error.code).toBe('InvalidRequestContent');
    expect((await h.call('PUT', computePath('ci-old', OLD), ci())).status).toBe(201);
    h.clock.advance(600);
    const old = (await h.call('GET', computePath('ci-old', OLD))).body.properties.properties;
    expect(old).not.toHaveProperty('osImageMetadata');
    expect(old).not.toHaveProperty('enableSSO');
    expect((await h.call('GET', computePath('ci-old'))).body.properties.properties).toHaveProperty('osImageMetadata');
  });

  it('creates a compute instance with SSH disabled for an assigned user', async () => {
    const h = await workspaceEnv();
    const tenantId = await tenantOf(h);
    const user = '5f0b2b7e-1c1d-4a5e-9a6b-3f3d1c2e4b5a';
    const ci = (props: Record<string, unknown> = {}) => ({
      location: 'eastus',
      properties: {
        computeType: 'ComputeInstance',
        disableLocalAuth: true,
        properties: {
          vmSize: 'Standard_DS3_v2',
          subnet: { id: subnetId('instances') },
          enableNodePublicIp: false,
          applicationSharingPolicy: 'Personal',
          sshSettings: { sshPublicAccess: 'Disabled' },
          computeInstanceAuthorizationType: 'personal',
          personalComputeInstanceSettings: { assignedUser: { objectId: user, tenantId } },
          idleTimeBeforeShutdown: 'PT60M',
          ...props,
        },
      },
    });
    expect((await h.call('PUT', computePath('ci-alice'), ci({ sshSettings: { sshPublicAccess: 'Enabled' } }))).body.error.code).toBe('BadArgument');
    expect((await h.call('PUT', computePath('ci-alice'), ci({ idleTimeBeforeShutdown: 'PT5M' }))).body.error.code).toBe('BadArgument');
    expect((await h.call('PUT', computePath('ci-alice'), ci({ personalComputeInstanceSettings: { assignedUser: { objectId: user, tenantId: '00000000-0000-0000-0000-000000000001' } } }))).body.error.code).toBe('BadArgument');
    expect((await h.call('PUT', computePath('ci'), ci())).body.error.code).toBe('InvalidResourceName');
    // idleTimeBeforeShutdown is not in the 2022-10-01 model.
    expect((await h.call('PUT', computePath('ci-alice', '2022-10-01'), ci())).body.error.code).toBe('InvalidRequestContent');

    const put = await h.call('PUT', computePath('ci-alice'), ci());
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body.properties.properties.state).toBe('Creating');
    h.clock.advance(300); // '#ComputeInstance' create median
    const got = (await h.call('GET', computePath('ci-alice'))).body;
    expect(got.properties).toMatchObject({
      computeType: 'ComputeInstance',
      provisioningState: 'Succeeded',
      disableLocalAuth: true,
      isAttachedCompute: false,
      properties: {
        state: 'Running',
        vmSize: 'Standard_DS3_v2',
        applicationSharingPolicy: 'Personal',
        sshSettings: { sshPublicAccess: 'Disabled', adminUserName: 'azureuser' },
        personalComputeInstanceSettings: { assignedUser: { objectId: user, tenantId } },
        enableNodePublicIp: false,
        idleTimeBeforeShutdown: 'PT60M',
        enableSSO: true,
      },
    });
    expect(got.properties.properties.connectivityEndpoints.publicIpAddress).toBeUndefined();
    expect(got.properties.properties.connectivityEndpoints.privateIpAddress).toMatch(/^10\.0\.2\.\d+$/);
    // Older versions render their own model.
    const old = (await h.call('GET', computePath('ci-alice', '2022-10-01'))).body.properties.properties;
    expect(old.idleTimeBeforeShutdown).toBeUndefined();
    expect(old.enableSSO).toBeUndefined();
    // An identical PUT is a no-op; a changed one is refused (instances are not updated in place).
    expect((await h.call('PUT', computePath('ci-alice'), ci())).status).toBe(200);
    expect((await h.call('PUT', computePath('ci-alice'), ci({ vmSize: 'Standard_D4s_v3' }))).body.error.code).toBe('BadArgument');
    expect((await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/instances'))).body.error.code).toBe('InUseSubnetCannotBeDeleted');
  });

  it('attaches only an existing AKS cluster of the workspace region; InternalLoadBalancer in its VNet', async () => {
    const h = await workspaceEnv();
    const aksCompute = (resourceId: string, props: Record<string, unknown> = {}) => ({
      location: 'eastus',
      properties: { computeType: 'AKS', resourceId, properties: { clusterPurpose: 'FastProd', loadBalancerType: 'InternalLoadBalancer', loadBalancerSubnet: 'aks', ...props } },
    });
    const missing = await h.call('PUT', computePath('inference'), aksCompute(clusterId('nope')));
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('ComputeResourceNotFound');
    expect(missing.body.error.message).toContain('does not exist');

    const uai = await identityWithRole(h, 'aksid', subnetId('aks'));
    const aks = await h.call('PUT', clusterPath('aks1'), aksBody({ identity: uai.id, subnet: subnetId('aks'), private: true }));
    expect(aks.status).toBe(201);
    // Not yet provisioned: refused until it has succeeded.
    expect((await h.call('PUT', computePath('inference'), aksCompute(clusterId('aks1')))).status).toBe(409);
    h.clock.advance(480);
    expect((await h.call('PUT', computePath('inference'), aksCompute(clusterId('aks1'), { loadBalancerSubnet: 'nowhere' }))).body.error.code).toBe('BadArgument');

    const put = await h.call('PUT', computePath('inference'), aksCompute(clusterId('aks1')));
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    h.clock.advance(299);
    expect((await h.call('GET', computePath('inference'))).body.properties.provisioningState).toBe('Creating');
    h.clock.advance(1); // '#AKS-attach' create median 300 s
    const got = (await h.call('GET', computePath('inference'))).body;
    const cluster0 = (await h.call('GET', clusterPath('aks1', AKS_API))).body;
    expect(got.properties).toMatchObject({
      computeType: 'AKS',
      provisioningState: 'Succeeded',
      isAttachedCompute: true,
      resourceId: clusterId('aks1'),
      computeLocation: 'eastus',
      properties: { clusterFqdn: cluster0.properties.privateFQDN, agentCount: 3, agentVmSize: 'Standard_D4s_v3', loadBalancerType: 'InternalLoadBalancer', loadBalancerSubnet: 'aks', clusterPurpose: 'FastProd' },
    });
    // Detach keeps the cluster.
    const detach = await h.call('DELETE', computePath('inference', ML_API, '&underlyingResourceAction=Detach'));
    expect(detach.status).toBe(202);
    h.clock.advance(60);
    expect((await h.call('GET', computePath('inference'))).status).toBe(404);
    expect((await h.call('GET', clusterPath('aks1', AKS_API))).body.properties.provisioningState).toBe('Succeeded');
    // Delete (not Detach) of an attached cluster deletes the cluster too.
    expect((await h.call('PUT', computePath('inference'), aksCompute(clusterId('aks1')))).status).toBe(201);
    h.clock.advance(300);
    expect((await h.call('DELETE', computePath('inference', ML_API, '&underlyingResourceAction=Delete'))).status).toBe(202);
    expect((await h.call('GET', clusterPath('aks1', AKS_API))).body.properties.provisioningState).toBe('Deleting');
    h.clock.advance(480);
    expect((await h.call('GET', clusterPath('aks1', AKS_API))).status).toBe(404);
  });
});
