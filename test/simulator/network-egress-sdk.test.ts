// The egress slice through the real @azure/arm-network client (36.0.0, api-version 2025-05-01) and the generic
// resources client: hub VNet + AzureFirewallSubnet, public IP, policy + rule collection group, firewall,
// peerings both ways, route table associated by subnet PUT, NAT gateway, listing, getById, teardown in order.
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import { describe, expect, it } from 'vitest';
import { Clock, SUB, harness } from './helpers.js';
import { credential, httpClient } from './sdk-client.js';



const NET = '2025-05-01';

describe('egress types through NetworkManagementClient', () => {
  it('firewall mode and NAT mode end to end, then teardown in the order Azure permits', async () => {
    // 5 ms of simulated time per request at timeScale 0.001: a 360 s firewall create ends after a few polls.
    const h = await harness({ timeScale: 0.001, latency: 'median' }, undefined, new Clock(5));
    const options = { httpClient: httpClient(h.sim) };
    const resources = new ResourceManagementClient(credential, SUB, options);
    const network = new NetworkManagementClient(credential, SUB, options);
    const poll = { updateIntervalInMs: 5 };
    const rg = 'rg-egress';
    await resources.resourceGroups.createOrUpdate(rg, { location: 'eastus' });

    const hub = await network.virtualNetworks.beginCreateOrUpdateAndWait(
      rg,
      'hub',
      { location: 'eastus', addressSpace: { addressPrefixes: ['10.100.0.0/24'] }, subnets: [{ name: 'AzureFirewallSubnet', addressPrefix: '10.100.0.0/26' }] },
      poll,
    );
    const spoke = await network.virtualNetworks.beginCreateOrUpdateAndWait(
      rg,
      'spoke',
      { location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'aks', addressPrefix: '10.0.1.0/24' }, { name: 'ml', addressPrefix: '10.0.2.0/24' }] },
      poll,
    );

    const pip = await network.publicIPAddresses.beginCreateOrUpdateAndWait(
      rg,
      'fw-pip',
      { location: 'eastus', sku: { name: 'Standard', tier: 'Regional' }, publicIPAllocationMethod: 'Static' },
      poll,
    );
    expect(pip).toMatchObject({ provisioningState: 'Succeeded', ipAddress: '203.0.113.1', publicIPAllocationMethod: 'Static', sku: { name: 'Standard', tier: 'Regional' } });

    const policy = await network.firewallPolicies.beginCreateOrUpdateAndWait(rg, 'fw-policy', { location: 'eastus', sku: { tier: 'Standard' }, dnsSettings: { enableProxy: true } }, poll);
    expect(policy.sku?.tier).toBe('Standard');
    const rcg = await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      rg,
      'fw-policy',
      'egress',
      {
        priority: 200,
        ruleCollections: [
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: 'aks-app',
            priority: 300,
            action: { type: 'Allow' },
            rules: [
              { ruleType: 'ApplicationRule', name: 'aks-tag', sourceAddresses: ['10.0.0.0/16'], protocols: [{ protocolType: 'Https', port: 443 }], fqdnTags: ['AzureKubernetesService'] },
              { ruleType: 'ApplicationRule', name: 'ml', sourceAddresses: ['10.0.2.0/24'], protocols: [{ protocolType: 'Https', port: 443 }], targetFqdns: ['*.api.azureml.ms', 'ml.azure.com'] },
            ],
          },
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: 'aks-net',
            priority: 400,
            action: { type: 'Allow' },
            rules: [
              { ruleType: 'NetworkRule', name: 'api-udp', sourceAddresses: ['10.0.0.0/16'], ipProtocols: ['UDP'], destinationAddresses: ['AzureCloud.eastus'], destinationPorts: ['1194'] },
              { ruleType: 'NetworkRule', name: 'ntp', sourceAddresses: ['*'], ipProtocols: ['UDP'], destinationFqdns: ['ntp.ubuntu.com'], destinationPorts: ['123'] },
            ],
          },
        ],
      },
      poll,
    );
    expect(rcg.provisioningState).toBe('Succeeded');
    expect(rcg.ruleCollections).toHaveLength(2);

    const fwSubnet = hub.subnets?.find((s) => s.name === 'AzureFirewallSubnet');
    const fw = await network.azureFirewalls.beginCreateOrUpdateAndWait(
      rg,
      'fw',
      {
        location: 'eastus',
        sku: { name: 'AZFW_VNet', tier: 'Standard' },
        ipConfigurations: [{ name: 'ipconfig', subnet: { id: fwSubnet?.id }, publicIPAddress: { id: pip.id } }],
        firewallPolicy: { id: policy.id },
      },
      poll,
    );
    expect(fw.provisioningState).toBe('Succeeded');
    expect(fw.ipConfigurations?.[0].privateIPAddress).toBe('10.100.0.4');
    expect(fw.sku).toEqual({ name: 'AZFW_VNet', tier: 'Standard' });
    expect(fw.firewallPolicy?.id).toBe(policy.id);
    expect((await network.publicIPAddresses.get(rg, 'fw-pip')).ipConfiguration?.id).toBe(`${fw.id}/azureFirewallIpConfigurations/ipconfig`);
    expect((await network.firewallPolicies.get(rg, 'fw-policy')).firewalls).toEqual([{ id: fw.id }]);
    expect((await network.subnets.get(rg, 'hub', 'AzureFirewallSubnet')).ipConfigurations).toEqual([{ id: `${fw.id}/azureFirewallIpConfigurations/ipconfig` }]);

    const s2h = await network.virtualNetworkPeerings.beginCreateOrUpdateAndWait(rg, 'spoke', 'spoke-to-hub', { remoteVirtualNetwork: { id: hub.id }, allowForwardedTraffic: true }, poll);
    expect(s2h.peeringState).toBe('Initiated');
    const h2s = await network.virtualNetworkPeerings.beginCreateOrUpdateAndWait(rg, 'hub', 'hub-to-spoke', { remoteVirtualNetwork: { id: spoke.id } }, poll);
    expect(h2s).toMatchObject({ peeringState: 'Connected', peeringSyncLevel: 'FullyInSync', remoteAddressSpace: { addressPrefixes: ['10.0.0.0/16'] } });
    expect((await network.virtualNetworkPeerings.get(rg, 'spoke', 'spoke-to-hub')).peeringState).toBe('Connected');
    expect((await network.virtualNetworks.get(rg, 'hub')).virtualNetworkPeerings?.map((p) => p.name)).toEqual(['hub-to-spoke']);

    const rt = await network.routeTables.beginCreateOrUpdateAndWait(
      rg,
      'spoke-rt',
      { location: 'eastus', disableBgpRoutePropagation: true, routes: [{ name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: fw.ipConfigurations?.[0].privateIPAddress }] },
      poll,
    );
    expect(rt.routes?.[0]).toMatchObject({ addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.100.0.4' });
    const aks = await network.subnets.beginCreateOrUpdateAndWait(rg, 'spoke', 'aks', { addressPrefix: '10.0.1.0/24', routeTable: { id: rt.id } }, poll);
    expect(aks.routeTable?.id).toBe(rt.id);
    expect((await network.routeTables.get(rg, 'spoke-rt')).subnets?.map((s) => s.id)).toEqual([aks.id]);

    const natPip = await network.publicIPAddresses.beginCreateOrUpdateAndWait(rg, 'nat-pip', { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' }, poll);
    const nat = await network.natGateways.beginCreateOrUpdateAndWait(rg, 'nat', { location: 'eastus', sku: { name: 'Standard' }, publicIpAddresses: [{ id: natPip.id }] }, poll);
    const ml = await network.subnets.beginCreateOrUpdateAndWait(rg, 'spoke', 'ml', { addressPrefix: '10.0.2.0/24', natGateway: { id: nat.id } }, poll);
    expect(ml.natGateway?.id).toBe(nat.id);
    expect((await network.natGateways.get(rg, 'nat')).subnets).toEqual([{ id: ml.id }]);
    expect((await network.publicIPAddresses.get(rg, 'nat-pip')).natGateway?.id).toBe(nat.id);

    // Listing and the generic client, as verify reads every resource.
    const listed = [];
    for await (const r of resources.resources.listByResourceGroup(rg)) listed.push(r.type);
    for (const t of ['publicIPAddresses', 'natGateways', 'routeTables', 'firewallPolicies', 'azureFirewalls', 'virtualNetworks']) expect(listed).toContain(`Microsoft.Network/${t}`);
    for (const id of [pip.id, nat.id, rt.id, policy.id, fw.id, rcg.id, s2h.id, rt.routes?.[0].id]) {
      const got = await resources.resources.getById(id as string, NET);
      expect(got.id).toBe(id);
    }
    const fws = [];
    for await (const f of network.azureFirewalls.list(rg)) fws.push(f.name);
    expect(fws).toEqual(['fw']);

    // Teardown: wrong order first (refused), then the order Azure permits.
    await expect(network.routeTables.beginDeleteAndWait(rg, 'spoke-rt', poll)).rejects.toMatchObject({ code: 'InUseRouteTableCannotBeDeleted' });
    await expect(network.natGateways.beginDeleteAndWait(rg, 'nat', poll)).rejects.toMatchObject({ code: 'InUseNatGatewayCannotBeDeleted' });
    await expect(network.publicIPAddresses.beginDeleteAndWait(rg, 'fw-pip', poll)).rejects.toMatchObject({ code: 'PublicIPAddressCannotBeDeleted' });
    await expect(network.firewallPolicies.beginDeleteAndWait(rg, 'fw-policy', poll)).rejects.toMatchObject({ code: 'InUseFirewallPolicyCannotBeDeleted' });

    await network.virtualNetworkPeerings.beginDeleteAndWait(rg, 'spoke', 'spoke-to-hub', poll);
    expect((await network.virtualNetworkPeerings.get(rg, 'hub', 'hub-to-spoke')).peeringState).toBe('Disconnected');
    await network.virtualNetworkPeerings.beginDeleteAndWait(rg, 'hub', 'hub-to-spoke', poll);
    await network.subnets.beginCreateOrUpdateAndWait(rg, 'spoke', 'aks', { addressPrefix: '10.0.1.0/24' }, poll);
    await network.subnets.beginCreateOrUpdateAndWait(rg, 'spoke', 'ml', { addressPrefix: '10.0.2.0/24' }, poll);
    await network.routeTables.beginDeleteAndWait(rg, 'spoke-rt', poll);
    await network.natGateways.beginDeleteAndWait(rg, 'nat', poll);
    await network.azureFirewalls.beginDeleteAndWait(rg, 'fw', poll);
    await network.firewallPolicies.beginDeleteAndWait(rg, 'fw-policy', poll);
    await network.publicIPAddresses.beginDeleteAndWait(rg, 'fw-pip', poll);
    await network.publicIPAddresses.beginDeleteAndWait(rg, 'nat-pip', poll);
    await network.virtualNetworks.beginDeleteAndWait(rg, 'hub', poll);
    const left = [];
    for await (const r of resources.resources.listByResourceGroup(rg)) left.push(r.name);
    expect(left).toEqual(['spoke']);
  });
});
