import { describe, expect, it } from 'vitest';
import { cloudOf, effectiveRoutes, expandTags, selectRoute, type EffectiveRoute } from '../../../src/azure-model/network/index.js';
import { ids, privateEndpoint, routeTable, storageAccount, vnet } from './builders.js';

const byPrefix = (routes: EffectiveRoute[], prefix: string): EffectiveRoute[] => routes.filter((r) => r.addressPrefix === prefix);

describe('effective routes', () => {
  it('has the system routes of a VNet: address space, reserved ranges to None, 0.0.0.0/0 to Internet', () => {
    const routes = effectiveRoutes(cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24' }])]), ids.subnet('a'));
    expect(byPrefix(routes, '10.0.0.0/16')[0]).toMatchObject({ nextHopType: 'VnetLocal', source: 'Default', state: 'Active' });
    expect(byPrefix(routes, '0.0.0.0/0')[0]).toMatchObject({ nextHopType: 'Internet' });
    expect(byPrefix(routes, '192.168.0.0/16')[0]).toMatchObject({ nextHopType: 'None' });
  });

  it('drops the None route of a reserved range the VNet claims', () => {
    const routes = effectiveRoutes(cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24' }], { prefixes: ['10.0.0.0/8'] })]), ids.subnet('a'));
    expect(byPrefix(routes, '10.0.0.0/8').map((r) => r.nextHopType)).toEqual(['VnetLocal']);
  });

  it('a UDR at the same prefix invalidates the system route and wins', () => {
    const rt = routeTable('rt', [{ name: 'to-fw', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIp: '10.1.0.4' }]);
    const cloud = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24', routeTable: rt.id }]), rt]);
    const routes = effectiveRoutes(cloud, ids.subnet('a'));
    expect(byPrefix(routes, '0.0.0.0/0').map((r) => `${r.source}:${r.state}`)).toEqual(['Default:Invalid', 'User:Active']);
    const choice = selectRoute(routes, { tags: expandTags(['Internet']) });
    expect(choice.route).toMatchObject({ source: 'User', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.1.0.4' });
  });

  it('longest prefix wins over a UDR with a shorter prefix', () => {
    const rt = routeTable('rt', [{ name: 'wide', prefix: '10.0.0.0/8', nextHopType: 'None' }]);
    const cloud = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24', routeTable: rt.id }]), rt]);
    const choice = selectRoute(effectiveRoutes(cloud, ids.subnet('a')), { ip: '10.0.2.5', tags: new Set() });
    expect(choice.route).toMatchObject({ addressPrefix: '10.0.0.0/16', nextHopType: 'VnetLocal' });
  });

  it('a service endpoint route beats a 0.0.0.0/0 UDR for the service in its locations only', () => {
    const rt = routeTable('rt', [{ name: 'to-fw', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIp: '10.1.0.4' }]);
    const cloud = cloudOf([
      vnet([{ name: 'a', prefix: '10.0.1.0/24', routeTable: rt.id, serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['westeurope', 'northeurope'] }] }]),
      rt,
    ]);
    const routes = effectiveRoutes(cloud, ids.subnet('a'));
    expect(routes.filter((r) => r.nextHopType === 'VirtualNetworkServiceEndpoint').map((r) => r.addressPrefix)).toEqual(['Storage.westeurope', 'Storage.northeurope']);
    expect(selectRoute(routes, { tags: expandTags(['Storage.westeurope', 'Internet']) }).route?.nextHopType).toBe('VirtualNetworkServiceEndpoint');
    expect(selectRoute(routes, { tags: expandTags(['Storage.eastus', 'Internet']) }).route?.nextHopType).toBe('VirtualAppliance');
  });

  it('a UDR naming the service tag overrides the service endpoint route', () => {
    const rt = routeTable('rt', [{ name: 'storage-via-fw', prefix: 'Storage', nextHopType: 'VirtualAppliance', nextHopIp: '10.1.0.4' }]);
    const cloud = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24', routeTable: rt.id, serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['westeurope'] }] }]), rt]);
    const choice = selectRoute(effectiveRoutes(cloud, ids.subnet('a')), { tags: expandTags(['Storage.westeurope']) });
    expect(choice.route).toMatchObject({ source: 'User', addressPrefix: 'Storage' });
    expect(choice.assumptions.join('\n')).toMatch(/compared as equal prefixes/);
  });

  describe('private endpoint /32 routes', () => {
    const account = storageAccount('stacct');
    const pe = privateEndpoint('pe-blob', ids.subnet('pe'), account.id, 'blob', '10.0.3.4', ['stacct.blob.core.windows.net']);

    it('beat a 0.0.0.0/0 UDR', () => {
      const rt = routeTable('rt', [{ name: 'to-fw', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIp: '10.1.0.4' }]);
      const cloud = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24', routeTable: rt.id }, { name: 'pe', prefix: '10.0.3.0/24', privateEndpointNetworkPolicies: 'Enabled' }]), rt, account, pe]);
      const choice = selectRoute(effectiveRoutes(cloud, ids.subnet('a')), { ip: '10.0.3.4', tags: new Set() });
      expect(choice.route).toMatchObject({ addressPrefix: '10.0.3.4/32', nextHopType: 'InterfaceEndpoint', id: pe.id });
    });

    it('are invalidated by a UDR no broader than the VNet space when route-table policies are on', () => {
      const rt = routeTable('rt', [{ name: 'vnet-via-fw', prefix: '10.0.0.0/16', nextHopType: 'VirtualAppliance', nextHopIp: '10.1.0.4' }]);
      const subnets = (policies: string) => vnet([{ name: 'a', prefix: '10.0.1.0/24', routeTable: rt.id }, { name: 'pe', prefix: '10.0.3.0/24', privateEndpointNetworkPolicies: policies }]);
      const on = selectRoute(effectiveRoutes(cloudOf([subnets('RouteTableEnabled'), rt, account, pe]), ids.subnet('a')), { ip: '10.0.3.4', tags: new Set() });
      expect(on.route).toMatchObject({ source: 'User', nextHopType: 'VirtualAppliance' });
      const off = selectRoute(effectiveRoutes(cloudOf([subnets('Disabled'), rt, account, pe]), ids.subnet('a')), { ip: '10.0.3.4', tags: new Set() });
      expect(off.route?.nextHopType).toBe('InterfaceEndpoint');
    });
  });

  it('adds peered VNet prefixes with next hop VNetPeering', () => {
    const peering = {
      id: `${ids.vnet()}/virtualNetworkPeerings/to-hub`,
      name: 'to-hub',
      type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
      properties: { remoteVirtualNetwork: { id: ids.vnet('hub') }, remoteAddressSpace: { addressPrefixes: ['10.1.0.0/16'] }, peeringState: 'Connected', allowVirtualNetworkAccess: true },
    };
    const cloud = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24' }]), peering]);
    const choice = selectRoute(effectiveRoutes(cloud, ids.subnet('a')), { ip: '10.1.0.4', tags: new Set() });
    expect(choice.route).toMatchObject({ nextHopType: 'VNetPeering', addressPrefix: '10.1.0.0/16' });
  });
});
