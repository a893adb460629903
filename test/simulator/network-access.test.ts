// The access-route types over ArmSimulator.handle: Azure Bastion, the point-to-site VPN gateway (with its VPN
// client profile actions), the DNS private resolver and its inbound endpoint, and their back-references (subnet
// ipConfigurations / serviceAssociationLinks, public IP ipConfiguration, in-use deletes). Refusals are in
// refusals-network-access.test.ts.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudState } from '../../src/simulator/state.js';
import { netPath, rel, SUB, type Harness } from './helpers.js';
import { withGroup } from './refusal-helpers.js';

const RG = 'rg1';
const loc = 'eastus';
const TENANT = '72f988bf-0000-4000-8000-000000000001';
const id = (rest: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/${rest}`;
const stdPip = (zones?: string[]) => ({ location: loc, sku: { name: 'Standard' }, ...(zones ? { zones } : {}), properties: { publicIPAllocationMethod: 'Static' } });

/** Learn bastion-nsg's required rules, as the tool writes them. */
const BASTION_RULES = [
  ['AllowHttpsInbound', 100, 'Inbound', 'Tcp', 'Internet', '*', ['443']],
  ['AllowGatewayManagerInbound', 110, 'Inbound', 'Tcp', 'GatewayManager', '*', ['443']],
  ['AllowBastionHostCommunication', 120, 'Inbound', '*', 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701']],
  ['AllowAzureLoadBalancerInbound', 130, 'Inbound', 'Tcp', 'AzureLoadBalancer', '*', ['443']],
  ['DenyAllInbound', 4096, 'Inbound', '*', '*', '*', ['*'], 'Deny'],
  ['AllowSshRdpOutbound', 100, 'Outbound', '*', '*', 'VirtualNetwork', ['22', '3389']],
  ['AllowAzureCloudOutbound', 110, 'Outbound', 'Tcp', '*', 'AzureCloud', ['443']],
  ['AllowBastionCommunication', 120, 'Outbound', '*', 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701']],
  ['AllowHttpOutbound', 130, 'Outbound', '*', '*', 'Internet', ['80']],
] as const;

const nsgBody = (rules: readonly (readonly unknown[])[]) => ({
  location: loc,
  properties: {
    securityRules: rules.map(([name, priority, direction, protocol, src, dst, ports, access]) => ({
      name,
      properties: {
        priority,
        direction,
        protocol,
        access: access ?? 'Allow',
        sourceAddressPrefix: src,
        sourcePortRange: '*',
        destinationAddressPrefix: dst,
        ...((ports as string[]).length === 1 ? { destinationPortRange: (ports as string[])[0] } : { destinationPortRanges: ports }),
      },
    })),
  },
});

/** A PUT that must be accepted; the clock then passes its operation (gateways take the model's ~30 min). */
async function put(h: Harness, rest: string, body: unknown, api?: string): Promise<void> {
  const r = await h.call('PUT', netPath(RG, rest, api), body);
  if (r.status !== 200 && r.status !== 201) throw new Error(`PUT ${rest} -> ${r.status} ${JSON.stringify(r.body)}`);
  h.clock.advance(4000);
}

/** VNet 10.0.0.0/16 with the access subnets (names as Azure requires them). */
function accessVnet(extra: Record<string, unknown>[] = [], bastionPrefix = '10.0.4.0/26') {
  return {
    location: loc,
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [
        { name: 'AzureBastionSubnet', properties: { addressPrefix: bastionPrefix } },
        { name: 'GatewaySubnet', properties: { addressPrefix: '10.0.5.0/27' } },
        { name: 'snet-dns-inbound', properties: { addressPrefix: '10.0.5.32/28', delegations: [{ name: 'dns-resolver', properties: { serviceName: 'Microsoft.Network/dnsResolvers' } }] } },
        { name: 'workload', properties: { addressPrefix: '10.0.1.0/24' } },
        ...extra,
      ],
    },
  };
}

const bastionBody = (pip: string, subnet = id('virtualNetworks/vnet/subnets/AzureBastionSubnet'), over: Record<string, unknown> = {}, sku = 'Standard') => ({
  location: loc,
  tags: { app: 'secure-aml' },
  sku: { name: sku },
  properties: {
    enableTunneling: true,
    enableFileCopy: false,
    enableIpConnect: false,
    enableShareableLink: false,
    disableCopyPaste: true,
    scaleUnits: 2,
    ipConfigurations: [{ name: 'bastion-ipconfig', properties: { subnet: { id: subnet }, publicIPAddress: { id: pip } } }],
    ...over,
  },
});

const vpnClient = (over: Record<string, unknown> = {}) => ({
  vpnClientAddressPool: { addressPrefixes: ['172.16.201.0/24'] },
  vpnClientProtocols: ['OpenVPN'],
  vpnAuthenticationTypes: ['AAD'],
  aadTenant: `https://login.microsoftonline.com/${TENANT}/`,
  aadAudience: 'c632b3df-fb67-4d84-bdcf-b95ad541b5c8',
  aadIssuer: `https://sts.windows.net/${TENANT}/`,
  ...over,
});

const gatewayBody = (pip: string, over: Record<string, unknown> = {}, subnet = id('virtualNetworks/vnet/subnets/GatewaySubnet')) => ({
  location: loc,
  tags: { app: 'secure-aml' },
  properties: {
    gatewayType: 'Vpn',
    vpnType: 'RouteBased',
    vpnGatewayGeneration: 'Generation1',
    sku: { name: 'VpnGw1AZ', tier: 'VpnGw1AZ' },
    enableBgp: false,
    activeActive: false,
    ipConfigurations: [{ name: 'default', properties: { privateIPAllocationMethod: 'Dynamic', subnet: { id: subnet }, publicIPAddress: { id: pip } } }],
    vpnClientConfiguration: vpnClient(),
    ...over,
  },
});

/** VNet, bastion NSG on AzureBastionSubnet, and a Standard public IP. */
async function bastionReady(): Promise<Harness> {
  const h = await withGroup(RG, loc);
  await put(h, 'networkSecurityGroups/nsg-bastion', nsgBody(BASTION_RULES));
  const body = accessVnet();
  (body.properties.subnets[0].properties as Record<string, unknown>).networkSecurityGroup = { id: id('networkSecurityGroups/nsg-bastion') };
  await put(h, 'virtualNetworks/vnet', body);
  await put(h, 'publicIPAddresses/pip-bastion', stdPip());
  return h;
}

describe('bastionHosts', () => {
  it('creates a Standard bastion in AzureBastionSubnet and renders it, its subnet and its public IP', async () => {
    const h = await bastionReady();
    const r = await h.call('PUT', netPath(RG, 'bastionHosts/bas'), bastionBody(id('publicIPAddresses/pip-bastion')));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.properties.provisioningState).toBe('Updating');
    expect(r.headers['azure-asyncoperation']).toContain('/operations/');
    h.clock.advance(4000);
    const g = await h.call('GET', netPath(RG, 'bastionHosts/bas'));
    expect(g.body.properties.provisioningState).toBe('Succeeded');
    expect(g.body.sku).toEqual({ name: 'Standard' });
    expect(g.body.properties.dnsName).toMatch(/^bst-[0-9a-f-]{36}\.bastion\.azure\.com$/);
    expect(g.body.properties).toMatchObject({ enableTunneling: true, disableCopyPaste: true, scaleUnits: 2, enableIpConnect: false });
    const ipc = g.body.properties.ipConfigurations[0];
    expect(ipc.id).toBe(`${id('bastionHosts/bas')}/bastionHostIpConfigurations/bastion-ipconfig`);
    expect(ipc.properties.privateIPAllocationMethod).toBe('Dynamic');

    const subnet = await h.call('GET', netPath(RG, 'virtualNetworks/vnet/subnets/AzureBastionSubnet'));
    expect(subnet.body.properties.ipConfigurations).toEqual([{ id: ipc.id }]);
    const pip = await h.call('GET', netPath(RG, 'publicIPAddresses/pip-bastion'));
    expect(pip.body.properties.ipConfiguration).toEqual({ id: ipc.id });

    const del = await h.call('DELETE', netPath(RG, 'virtualNetworks/vnet/subnets/AzureBastionSubnet'));
    expect(del.body.error.code).toBe('InUseSubnetCannotBeDeleted');
    const pipDel = await h.call('DELETE', netPath(RG, 'publicIPAddresses/pip-bastion'));
    expect(pipDel.body.error.code).toBe('PublicIPAddressCannotBeDeleted');

    const gone = await h.call('DELETE', netPath(RG, 'bastionHosts/bas'));
    expect(gone.status).toBe(202);
    expect(gone.headers.location).toContain('/operationResults/');
    h.clock.advance(4000);
    expect((await h.call('GET', netPath(RG, 'bastionHosts/bas'))).status).toBe(404);
    expect((await h.call('DELETE', netPath(RG, 'publicIPAddresses/pip-bastion'))).status).toBe(202);
  });

  it('a Basic bastion without Standard features is accepted, and lists by resource group', async () => {
    const h = await bastionReady();
    const body = bastionBody(id('publicIPAddresses/pip-bastion'), undefined, { enableTunneling: false, disableCopyPaste: false }, 'Basic');
    await put(h, 'bastionHosts/basic', body);
    const list = await h.call('GET', netPath(RG, 'bastionHosts'));
    expect(list.body.value.map((b: { name: string }) => b.name)).toEqual(['basic']);
    expect(list.body.value[0].sku.name).toBe('Basic');
  });
});

describe('virtualNetworkGateways', () => {
  async function gatewayReady(): Promise<Harness> {
    const h = await withGroup(RG, loc);
    await put(h, 'virtualNetworks/vnet', accessVnet());
    await put(h, 'publicIPAddresses/pip-vpn', stdPip(['1', '2', '3']));
    return h;
  }

  it('creates the point-to-site gateway the tool sends and renders it', async () => {
    const h = await gatewayReady();
    const r = await h.call('PUT', netPath(RG, 'virtualNetworkGateways/vgw'), gatewayBody(id('publicIPAddresses/pip-vpn')));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    h.clock.advance(1000);
    expect((await h.call('GET', netPath(RG, 'virtualNetworkGateways/vgw'))).body.properties.provisioningState).toBe('Updating');
    h.clock.advance(3000);
    const g = await h.call('GET', netPath(RG, 'virtualNetworkGateways/vgw'));
    const p = g.body.properties;
    expect(p.provisioningState).toBe('Succeeded');
    expect(p).toMatchObject({ gatewayType: 'Vpn', vpnType: 'RouteBased', vpnGatewayGeneration: 'Generation1', enableBgp: false, activeActive: false });
    expect(p.sku).toMatchObject({ name: 'VpnGw1AZ', tier: 'VpnGw1AZ' });
    expect(p.ipConfigurations[0].properties.privateIPAddress).toBe('10.0.5.4');
    expect(p.ipConfigurations[0].id).toBe(`${id('virtualNetworkGateways/vgw')}/ipConfigurations/default`);
    expect(p.bgpSettings).toBeUndefined();
    expect(p.inboundDnsForwardingEndpoint).toBeUndefined();
    expect(p.vpnClientConfiguration).toMatchObject({ ...vpnClient(), vpnClientRootCertificates: [] });

    const subnet = await h.call('GET', netPath(RG, 'virtualNetworks/vnet/subnets/GatewaySubnet'));
    expect(subnet.body.properties.ipConfigurations).toEqual([{ id: p.ipConfigurations[0].id }]);
    expect((await h.call('DELETE', netPath(RG, 'virtualNetworks/vnet/subnets/GatewaySubnet'))).body.error.code).toBe('InUseSubnetCannotBeDeleted');
    expect((await h.call('GET', netPath(RG, 'publicIPAddresses/pip-vpn'))).body.properties.ipConfiguration).toEqual({ id: p.ipConfigurations[0].id });
  });

  it('renders bgpSettings only with enableBgp', async () => {
    const h = await gatewayReady();
    await put(h, 'virtualNetworkGateways/vgw', gatewayBody(id('publicIPAddresses/pip-vpn'), { enableBgp: true }));
    const g = await h.call('GET', netPath(RG, 'virtualNetworkGateways/vgw'));
    expect(g.body.properties.bgpSettings).toMatchObject({ asn: 65515, bgpPeeringAddress: '10.0.5.4' });
  });

  for (const action of ['generatevpnclientpackage', 'generatevpnprofile']) {
    it(`POST ${action}: 202, then the profile URL as a JSON string, with no query string`, async () => {
      const h = await gatewayReady();
      await put(h, 'virtualNetworkGateways/vgw', gatewayBody(id('publicIPAddresses/pip-vpn')));
      const r = await h.call('POST', netPath(RG, `virtualNetworkGateways/vgw/${action}`), { authenticationMethod: 'EAPTLS' });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      const result = rel(r.headers.location);
      expect((await h.call('GET', result)).status).toBe(202);
      h.clock.advance(600);
      const done = await h.call('GET', result);
      expect(done.status).toBe(200);
      expect(typeof done.body).toBe('string');
      expect(done.body).toMatch(/^https:\/\/.+\/vpnprofile\.zip$/);
      expect(done.body).not.toContain('?');
      const status = await h.call('GET', rel(r.headers['azure-asyncoperation']));
      expect(status.body.status).toBe('Succeeded');
    });
  }
});

describe('dnsResolvers and inboundEndpoints', () => {
  const endpointBody = (subnet = id('virtualNetworks/vnet/subnets/snet-dns-inbound')) => ({
    location: loc,
    tags: { app: 'secure-aml' },
    properties: { ipConfigurations: [{ subnet: { id: subnet }, privateIpAllocationMethod: 'Dynamic' }] },
  });

  it('creates a resolver and an inbound endpoint at .4 of its delegated subnet (2022-07-01)', async () => {
    const h = await withGroup(RG, loc);
    await put(h, 'virtualNetworks/vnet', accessVnet());
    await put(h, 'dnsResolvers/dnsr', { location: loc, tags: { app: 'secure-aml' }, properties: { virtualNetwork: { id: id('virtualNetworks/vnet') } } }, '2022-07-01');
    const res = await h.call('GET', netPath(RG, 'dnsResolvers/dnsr', '2022-07-01'));
    expect(res.body.properties).toMatchObject({ dnsResolverState: 'Connected', provisioningState: 'Succeeded', virtualNetwork: { id: id('virtualNetworks/vnet') } });
    expect(res.body.properties.resourceGuid).toMatch(/^[0-9a-f-]{36}$/);

    await put(h, 'dnsResolvers/dnsr/inboundEndpoints/in', endpointBody(), '2022-07-01');
    const ep = await h.call('GET', netPath(RG, 'dnsResolvers/dnsr/inboundEndpoints/in', '2022-07-01'));
    expect(ep.body.type).toBe('Microsoft.Network/dnsResolvers/inboundEndpoints');
    expect(ep.body.properties.ipConfigurations[0]).toMatchObject({ privateIpAddress: '10.0.5.36', privateIpAllocationMethod: 'Dynamic' });
    const listed = await h.call('GET', netPath(RG, 'dnsResolvers/dnsr/inboundEndpoints', '2022-07-01'));
    expect(listed.body.value).toHaveLength(1);

    const subnet = await h.call('GET', netPath(RG, 'virtualNetworks/vnet/subnets/snet-dns-inbound'));
    expect(subnet.body.properties.serviceAssociationLinks[0].id).toBe(`${id('virtualNetworks/vnet/subnets/snet-dns-inbound')}/serviceAssociationLinks/dnsResolverLink`);
    expect((await h.call('DELETE', netPath(RG, 'virtualNetworks/vnet/subnets/snet-dns-inbound'))).body.error.code).toBe('InUseSubnetCannotBeDeleted');
    expect((await h.call('DELETE', netPath(RG, 'virtualNetworks/vnet'))).body.error.code).toBe('InUseSubnetCannotBeDeleted');
    expect((await h.call('DELETE', netPath(RG, 'dnsResolvers/dnsr', '2022-07-01'))).body.error.code).toBe('DnsResolverHasEndpoints');

    expect((await h.call('DELETE', netPath(RG, 'dnsResolvers/dnsr/inboundEndpoints/in', '2022-07-01'))).status).toBe(202);
    h.clock.advance(4000);
    expect((await h.call('DELETE', netPath(RG, 'dnsResolvers/dnsr', '2022-07-01'))).status).toBe(202);
    h.clock.advance(4000);
    expect((await h.call('DELETE', netPath(RG, 'virtualNetworks/vnet/subnets/snet-dns-inbound'))).status).toBe(202);
  });

  it('answers the other published versions in a modelled shape and refuses a Network-only version', async () => {
    const h = await withGroup(RG, loc);
    await put(h, 'virtualNetworks/vnet', accessVnet());
    await put(h, 'dnsResolvers/dnsr', { location: loc, properties: { virtualNetwork: { id: id('virtualNetworks/vnet') } } }, '2025-10-01-preview');
    expect((await h.call('GET', netPath(RG, 'dnsResolvers/dnsr', '2025-05-01'))).status).toBe(200);
    const bad = await h.call('GET', netPath(RG, 'dnsResolvers/dnsr', '2024-05-01'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('NoRegisteredProviderFound');
  });
});

describe('network interfaces of virtual machines', () => {
  it('a NIC a VM lists renders virtualMachine and refuses deletion (NicInUse)', async () => {
    const h = await withGroup(RG, loc);
    await put(h, 'virtualNetworks/vnet', accessVnet());
    await put(h, 'networkInterfaces/nic', { location: loc, properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: id('virtualNetworks/vnet/subnets/workload') } } }] } });
    // The Compute provider's VM record, as it stores it (read by type; written here directly).
    const file = path.join(h.dir, 'cloud.json');
    const state = JSON.parse(await readFile(file, 'utf8')) as CloudState;
    const vmId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/jump`;
    state.resources[vmId.toLowerCase()] = {
      id: vmId, type: 'Microsoft.Compute/virtualMachines', name: 'jump', subscriptionId: SUB, resourceGroup: RG, location: loc,
      provisioningState: 'Succeeded', properties: { networkProfile: { networkInterfaces: [{ id: id('networkInterfaces/nic') }] } }, createdAt: 0, changedAt: 0,
    };
    await writeFile(file, JSON.stringify(state));
    const nic = await h.call('GET', netPath(RG, 'networkInterfaces/nic'));
    expect(nic.body.properties.virtualMachine).toEqual({ id: vmId });
    const del = await h.call('DELETE', netPath(RG, 'networkInterfaces/nic'));
    expect(del.status).toBe(400);
    expect(del.body.error.code).toBe('NicInUse');
    expect(del.body.error.message).toContain(`is used by existing resource ${vmId}`);
  });
});
