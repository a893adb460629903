// Runtime semantics (SPEC.md "Runtime semantics"): Azure ML computes consult the network model and fail the
// way Azure fails — through the real SDK clients (@azure/arm-machinelearning 2.1.1 for clusters and the v1
// attach, @azure/arm-resources at 2025-06-01 for compute instances, @azure/arm-network for the network).
import { describe, expect, it } from 'vitest';
import { networkProvider } from '../../src/simulator/providers/network/index.js';
import { clusterId, wsId } from './compute-helpers.js';
import { POLL, failure, nsgIdOf, sdkCluster, sdkEnv, subnet, subnetIdOf, type Sdk } from './runtime-helpers.js';

const instance = (subnetId: string, enableNodePublicIp = false) => ({
  location: 'eastus',
  properties: { computeType: 'ComputeInstance', properties: { vmSize: 'Standard_DS3_v2', subnet: { id: subnetId }, enableNodePublicIp } },
});

const createInstance = (sdk: Sdk, name: string, body: unknown) =>
  sdk.resources.resources.beginCreateOrUpdateByIdAndWait(`${wsId()}/computes/${name}`, '2025-06-01', body as never, POLL);

const createCluster = (sdk: Sdk, name: string, subnetId: string, minNodeCount = 0) =>
  sdk.ml.computeOperations.beginCreateOrUpdateAndWait(
    'rg1',
    'ws1',
    name,
    { location: 'eastus', properties: { computeType: 'AmlCompute', properties: { vmSize: 'Standard_DS3_v2', subnet: { id: subnetId }, enableNodePublicIp: false, scaleSettings: { minNodeCount, maxNodeCount: 2 } } } },
    POLL,
  );

const getCompute = async (sdk: Sdk, name: string) => (await sdk.h.call('GET', `${wsId()}/computes/${name}?api-version=2025-06-01`)).body;

/** Outbound rules that admit what Azure ML compute needs (the no-public-IP table), then deny the internet. */
const ALLOW_ML = [
  ['AzureMachineLearning', '*', 'Tcp'],
  ['AzureMachineLearning', '5831', 'Udp'],
  ['BatchNodeManagement.eastus', '443', '*'],
  ['Storage.eastus', '*', 'Tcp'],
  ['AzureActiveDirectory', '*', 'Tcp'],
  ['AzureResourceManager', '443', 'Tcp'],
  ['AzureFrontDoor.FrontEnd', '443', 'Tcp'],
  ['AzureFrontDoor.FirstParty', '443', 'Tcp'],
  ['MicrosoftContainerRegistry', '443', 'Tcp'],
  ['AzureMonitor', '443', 'Tcp'],
  ['VirtualNetwork', '443', 'Tcp'],
].map(([tag, port, protocol], i) => ({
  name: `allow-${i}`,
  priority: 100 + i,
  direction: 'Outbound',
  access: 'Allow',
  protocol,
  sourceAddressPrefix: 'VirtualNetwork',
  sourcePortRange: '*',
  destinationAddressPrefix: tag,
  destinationPortRange: port,
}));

const DENY_INTERNET = { name: 'deny-internet', priority: 4000, direction: 'Outbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: 'Internet', destinationPortRange: '*' };

describe('Azure ML computes consult the network model', () => {
  it('a compute instance in a private subnet without a way out fails to allocate; the record stays Failed', async () => {
    const sdk = await sdkEnv();
    const id = await subnet(sdk, 'private', '10.0.1.0/24', { defaultOutboundAccess: false });
    const err = await failure(createInstance(sdk, 'ci-private', instance(id)));
    expect(err.message).toContain('desired number of dedicated nodes could not be allocated');
    const got = await getCompute(sdk, 'ci-private');
    expect(got.properties.provisioningState).toBe('Failed');
    expect(got.properties.properties.state).toBe('CreateFailed');
    expect(got.properties.provisioningErrors[0].error.code).toBe('AllocationFailed');
    // The first documented requirement, and what refused it.
    expect(got.properties.provisioningErrors[0].error.message).toMatch(/AzureMachineLearning Tcp\/443 is not reachable: no-egress: subnet private has defaultOutboundAccess false/);
  });

  it('a compute instance whose subnet NSG blocks a required flow fails with the NSG message', async () => {
    const sdk = await sdkEnv();
    await sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait('rg1', 'nsg-tight', { location: 'eastus', securityRules: [DENY_INTERNET, { ...DENY_INTERNET, name: 'deny-all', priority: 4001, destinationAddressPrefix: '*' }] }, POLL);
    const id = await subnet(sdk, 'tight', '10.0.3.0/24', { defaultOutboundAccess: true, networkSecurityGroup: { id: nsgIdOf('nsg-tight') } });
    await failure(createInstance(sdk, 'ci-tight', instance(id)));
    const error = (await getCompute(sdk, 'ci-tight')).properties.provisioningErrors[0].error;
    expect(error.code).toBe('UserError');
    expect(error.message).toContain(`The subnet has a network security group (${nsgIdOf('nsg-tight')}) that is missing the following rules below.`);
    expect(error.message).toContain('"name":"Outbound AzureMachineLearning 443"');
  });

  it('a cluster in such a subnet is created; with minNodeCount 0 nothing fails, with minNodeCount > 0 its nodes are unusable', async () => {
    const sdk = await sdkEnv();
    const id = await subnet(sdk, 'private', '10.0.1.0/24', { defaultOutboundAccess: false });
    const idle = await createCluster(sdk, 'cpu-idle', id, 0);
    expect(idle.properties?.provisioningState).toBe('Succeeded');
    expect((await getCompute(sdk, 'cpu-idle')).properties.properties.errors).toBeNull();

    const kept = await createCluster(sdk, 'cpu-kept', id, 1);
    expect(kept.properties?.provisioningState).toBe('Succeeded');
    const p = (await getCompute(sdk, 'cpu-kept')).properties.properties;
    expect(p.errors[0].error.code).toBe('AllocationFailed');
    expect(p.errors[0].error.message).toContain('Compute cluster resize failed: desired number of dedicated nodes could not be allocated');
    expect(p.nodeStateCounts).toMatchObject({ unusableNodeCount: 1, idleNodeCount: 0 });

    // Raising minNodeCount on the idle cluster runs into the same wall.
    await createCluster(sdk, 'cpu-idle', id, 1);
    expect((await getCompute(sdk, 'cpu-idle')).properties.properties.errors[0].error.code).toBe('AllocationFailed');
  });

  it('no-public-IP compute in a workspace without a private endpoint fails (issue 15)', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const id = await subnet(sdk, 'open', '10.0.2.0/24', { defaultOutboundAccess: true });
    const err = await failure(createCluster(sdk, 'cpu', id));
    expect(err.message).toContain("Provided EnableNodePublicIp 'False' requires workspace private endpoint.");
    const got = await getCompute(sdk, 'cpu');
    expect(got.properties.provisioningState).toBe('Failed');
    expect(got.properties.provisioningErrors[0].error).toEqual({ code: 'UserError', message: "Provided EnableNodePublicIp 'False' requires workspace private endpoint." });
    await failure(createInstance(sdk, 'ci-nopip', instance(id)));
    expect((await getCompute(sdk, 'ci-nopip')).properties.provisioningErrors[0].error.code).toBe('UserError');
    // With public IPs the endpoint is not needed.
    const pip = await createInstance(sdk, 'ci-pip', instance(id, true));
    expect((pip.properties as { provisioningState?: string }).provisioningState).toBe('Succeeded');
  });

  it('a v1 attach of a cluster with local accounts disabled fails: static credentials are refused (Azure/AML-Kubernetes#261)', async () => {
    const sdk = await sdkEnv();
    const id = await subnet(sdk, 'aks', '10.0.4.0/22');
    await sdk.aks.managedClusters.beginCreateOrUpdateAndWait('rg1', 'aks1', sdkCluster(id, { disableLocalAccounts: true, aadProfile: { managed: true, enableAzureRbac: true } }), POLL);
    const err = await failure(
      sdk.ml.computeOperations.beginCreateOrUpdateAndWait('rg1', 'ws1', 'aks-attach', { location: 'eastus', properties: { computeType: 'AKS', resourceId: clusterId('aks1'), properties: { clusterPurpose: 'DevTest' } } }, POLL),
    );
    expect(err.message).toContain('Getting static credential is not allowed because this cluster is set to disable local accounts');
    const error = (await getCompute(sdk, 'aks-attach')).properties.provisioningErrors[0].error;
    expect(error).toEqual({ code: 'BadRequest', message: 'Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.' });
  });

  it('provisions when the subnet has a way out and its NSG admits the required service tags', async () => {
    const sdk = await sdkEnv();
    await sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait('rg1', 'nsg-ml', { location: 'eastus', securityRules: [...ALLOW_ML, DENY_INTERNET] }, POLL);
    const id = await subnet(sdk, 'training', '10.0.1.0/24', { defaultOutboundAccess: true, networkSecurityGroup: { id: nsgIdOf('nsg-ml') } });
    const ci = await createInstance(sdk, 'ci-ok', instance(id));
    expect((ci.properties as { provisioningState?: string }).provisioningState).toBe('Succeeded');
    await createCluster(sdk, 'cpu-ok', id, 1);
    const p = (await getCompute(sdk, 'cpu-ok')).properties.properties;
    expect(p.errors).toBeNull();
    expect(p.nodeStateCounts).toMatchObject({ idleNodeCount: 1, unusableNodeCount: 0 });
    expect(subnetIdOf('training')).toBe(id);
  });

  it.runIf(networkProvider.resourceTypes.includes('natGateways'))('provisions in a private subnet whose NAT gateway gives it a way out', async () => {
    const sdk = await sdkEnv();
    const pip = await sdk.network.publicIPAddresses.beginCreateOrUpdateAndWait('rg1', 'pip-nat', { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' }, POLL);
    const nat = await sdk.network.natGateways.beginCreateOrUpdateAndWait('rg1', 'nat-ml', { location: 'eastus', sku: { name: 'Standard' }, publicIpAddresses: [{ id: pip.id }] }, POLL);
    const id = await subnet(sdk, 'training', '10.0.1.0/24', { defaultOutboundAccess: false, natGateway: { id: nat.id } });
    const ci = await createInstance(sdk, 'ci-nat', instance(id));
    expect((ci.properties as { provisioningState?: string }).provisioningState).toBe('Succeeded');
    await createCluster(sdk, 'cpu-nat', id, 1);
    expect((await getCompute(sdk, 'cpu-nat')).properties.properties.errors).toBeNull();
  });
});
