// Runtime semantics (SPEC.md "Runtime semantics"): AKS consults the network model — nodes that cannot
// reach what AKS requires fail their bootstrap with VMExtensionProvisioningError — through the real SDK
// clients (@azure/arm-containerservice 25.3.0 at 2026-04-01, @azure/arm-network).
import { describe, expect, it } from 'vitest';
import { networkProvider } from '../../src/simulator/providers/network/index.js';
import { clusterId } from './compute-helpers.js';
import { POLL, failure, nsgIdOf, sdkCluster, sdkEnv, subnet } from './runtime-helpers.js';

const simulated = (type: string): boolean => networkProvider.resourceTypes.includes(type);

const getCluster = async (h: Awaited<ReturnType<typeof sdkEnv>>['h'], name: string) => (await h.call('GET', `${clusterId(name)}?api-version=2026-04-01`)).body;

describe('AKS consults the network model', () => {
  it('fails with VMExtensionProvisioningError exit status 50 when the node subnet cannot reach MCR', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const deny = { priority: 4000, direction: 'Outbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationPortRange: '*' };
    await sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait(
      'rg1',
      'nsg-aks',
      { location: 'eastus', securityRules: [{ ...deny, name: 'deny-internet', destinationAddressPrefix: 'Internet' }, { ...deny, name: 'deny-all', priority: 4001, destinationAddressPrefix: '*' }] },
      POLL,
    );
    const id = await subnet(sdk, 'aks', '10.0.4.0/22', { networkSecurityGroup: { id: nsgIdOf('nsg-aks') } });
    const err = await failure(sdk.aks.managedClusters.beginCreateOrUpdateAndWait('rg1', 'aks1', sdkCluster(id), POLL));
    expect(err.message).toContain('Unable to establish outbound connection from agents');
    const got = await getCluster(sdk.h, 'aks1');
    expect(got.properties.provisioningState).toBe('Failed');
  });

  it('the status document names VMExtensionProvisioningError / OutboundConnFailVMExtensionError with exit status=50', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const deny = { priority: 4000, direction: 'Outbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationPortRange: '*', destinationAddressPrefix: '*' };
    await sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait('rg1', 'nsg-closed', { location: 'eastus', securityRules: [{ ...deny, name: 'deny-all' }] }, POLL);
    const id = await subnet(sdk, 'aks', '10.0.4.0/22', { networkSecurityGroup: { id: nsgIdOf('nsg-closed') } });
    const put = await sdk.h.call('PUT', `${clusterId('aks1')}?api-version=2026-04-01`, wire(id));
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    sdk.h.clock.advance(3600);
    const status = await sdk.h.call('GET', new URL(String(put.headers['azure-asyncoperation'])).pathname + '?api-version=2026-04-01');
    expect(status.body.status).toBe('Failed');
    expect(status.body.error.code).toBe('VMExtensionProvisioningError');
    expect(status.body.error.message).toContain('command terminated with exit status=50');
    expect(status.body.error.message).toContain('mcr.microsoft.com Tcp/443 is not reachable: nsg-rule');
    expect(status.body.error.details[0].code).toBe('OutboundConnFailVMExtensionError');
  });

  it('userDefinedRouting without a route table on the node subnet is refused at once', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const id = await subnet(sdk, 'aks', '10.0.4.0/22', { defaultOutboundAccess: false });
    const err = await failure(sdk.aks.managedClusters.beginCreateOrUpdateAndWait('rg1', 'aks1', sdkCluster(id, {}, { outboundType: 'userDefinedRouting' }), POLL));
    expect(err.code).toBe('ExistingRouteTableNotAssociatedWithSubnet');
    expect(err.statusCode).toBe(400);
  });

  it.runIf(simulated('routeTables'))('userDefinedRouting with a route table that has no default route to an appliance is refused', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    await sdk.network.routeTables.beginCreateOrUpdateAndWait('rg1', 'rt-aks', { location: 'eastus', routes: [{ name: 'onprem', addressPrefix: '192.168.0.0/16', nextHopType: 'VnetLocal' }] }, POLL);
    const rt = `/subscriptions/${clusterId('x').split('/')[2]}/resourceGroups/rg1/providers/Microsoft.Network/routeTables/rt-aks`;
    const id = await subnet(sdk, 'aks', '10.0.4.0/22', { defaultOutboundAccess: false, routeTable: { id: rt } });
    const err = await failure(sdk.aks.managedClusters.beginCreateOrUpdateAndWait('rg1', 'aks1', sdkCluster(id, {}, { outboundType: 'userDefinedRouting' }), POLL));
    expect(err.code).toBe('InvalidParameter');
    expect(err.message).toContain('requires a 0.0.0.0/0 route');
  });

  it('outboundType loadBalancer gives a private subnet its own way out: the cluster provisions', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const id = await subnet(sdk, 'aks', '10.0.4.0/22', { defaultOutboundAccess: false });
    const aks = await sdk.aks.managedClusters.beginCreateOrUpdateAndWait('rg1', 'aks1', sdkCluster(id), POLL);
    expect(aks.provisioningState).toBe('Succeeded');
  });

  it.runIf(simulated('natGateways') && simulated('publicIPAddresses'))('userAssignedNATGateway: a NAT gateway on the node subnet is its way out', async () => {
    const sdk = await sdkEnv({ workspaceEndpoint: false });
    const pip = await sdk.network.publicIPAddresses.beginCreateOrUpdateAndWait('rg1', 'pip-nat', { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' }, POLL);
    const nat = await sdk.network.natGateways.beginCreateOrUpdateAndWait('rg1', 'nat-aks', { location: 'eastus', sku: { name: 'Standard' }, publicIpAddresses: [{ id: pip.id }] }, POLL);
    const id = await subnet(sdk, 'aks', '10.0.4.0/22', { defaultOutboundAccess: false, natGateway: { id: nat.id } });
    const aks = await sdk.aks.managedClusters.beginCreateOrUpdateAndWait('rg1', 'aks1', sdkCluster(id, {}, { outboundType: 'userAssignedNATGateway' }), POLL);
    expect(aks.provisioningState).toBe('Succeeded');
  });
});

/** The same cluster as ARM's wire body (for reading the operation's status document directly). */
function wire(subnetId: string): Record<string, unknown> {
  return {
    location: 'eastus',
    sku: { name: 'Base', tier: 'Standard' },
    identity: { type: 'SystemAssigned' },
    properties: {
      dnsPrefix: 'mlaks2',
      agentPoolProfiles: [{ name: 'system', mode: 'System', count: 3, vmSize: 'Standard_D4s_v3', osType: 'Linux', type: 'VirtualMachineScaleSets', vnetSubnetID: subnetId }],
      networkProfile: { networkPlugin: 'azure', serviceCidr: '172.16.0.0/16', dnsServiceIP: '172.16.0.10', outboundType: 'loadBalancer', loadBalancerSku: 'standard' },
    },
  };
}
