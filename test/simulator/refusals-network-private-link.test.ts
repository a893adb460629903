// Refusals of private endpoints, their private DNS zone groups, and private DNS zones, links and record sets
// not exercised elsewhere: one request each, over ArmSimulator.handle, asserting status, code and a
// distinctive part of the message (codes and sources in SPEC.md).
import { describe, expect, it } from 'vitest';
import { createGroup, harness, netPath, SUB, vnetBody, type Harness } from './helpers.js';
import { createStorage } from './seed.js';
import { putNetwork } from './refusal-helpers.js';

const RG = 'rg1';
const loc = 'eastus';
const DNS_API = '2020-06-01';
const id = (rest: string, rg = RG) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/${rest}`;
const subnetRef = (name: string) => ({ id: id(`virtualNetworks/vnet1/subnets/${name}`) });

/** vnet1 with subnets pe and pe2. */
async function withVnet(): Promise<Harness> {
  const h = await harness();
  await createGroup(h, RG, loc);
  await put(h, 'virtualNetworks/vnet1', vnetBody([{ name: 'pe', prefix: '10.0.1.0/24' }, { name: 'pe2', prefix: '10.0.2.0/24' }]));
  return h;
}

/** A PUT that must be accepted. */
const put = (h: Harness, rest: string, body: unknown, api?: string): Promise<void> => putNetwork(h, RG, rest, body, api);

/** A PUT that must be refused with `status` and `code`; returns the message. */
async function refused(h: Harness, rest: string, body: unknown, status: number, code: string, opts: { api?: string; headers?: Record<string, string> } = {}): Promise<string> {
  const r = await h.call('PUT', netPath(RG, rest, opts.api), body, opts.headers);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  return r.body.error.message as string;
}

const connection = (target: string, extra: Record<string, unknown> = {}, name = 'conn') => ({ name, properties: { privateLinkServiceId: target, groupIds: ['blob'], ...extra } });
const peBody = (properties: Record<string, unknown>) => ({ location: loc, properties });

describe('private endpoints', () => {
  async function withStorage(): Promise<{ h: Harness; storage: string }> {
    const h = await withVnet();
    return { h, storage: await createStorage(h, 'plstore') };
  }

  it('SubnetRequiredForPrivateEndpoint: no subnet', async () => {
    const { h, storage } = await withStorage();
    const msg = await refused(h, 'privateEndpoints/pe1', peBody({ privateLinkServiceConnections: [connection(storage)] }), 400, 'SubnetRequiredForPrivateEndpoint');
    expect(msg).toContain('must reference a subnet in properties.subnet.id');
  });

  it('PrivateEndpointMustHaveConnection / OnlyOnePrivateLinkServiceConnectionPermitted: none, or two', async () => {
    const { h, storage } = await withStorage();
    expect(await refused(h, 'privateEndpoints/pe1', peBody({ subnet: subnetRef('pe') }), 400, 'PrivateEndpointMustHaveConnection')).toContain('must have one entry in privateLinkServiceConnections');
    const two = peBody({ subnet: subnetRef('pe'), privateLinkServiceConnections: [connection(storage)], manualPrivateLinkServiceConnections: [connection(storage, {}, 'manual')] });
    expect(await refused(h, 'privateEndpoints/pe1', two, 400, 'OnlyOnePrivateLinkServiceConnectionPermitted')).toContain('has 2 private link service connections; only one is permitted');
  });

  it('RequestMessageTooLong: a request message over 140 characters', async () => {
    const { h, storage } = await withStorage();
    const body = peBody({ subnet: subnetRef('pe'), manualPrivateLinkServiceConnections: [connection(storage, { requestMessage: 'm'.repeat(141) })] });
    const msg = await refused(h, 'privateEndpoints/pe1', body, 400, 'RequestMessageTooLong');
    expect(msg).toContain('/manualPrivateLinkServiceConnections/conn exceeds 140 characters');
  });

  it('SimulatorUnsupportedPrivateLinkTarget: a target type the simulator does not serve', async () => {
    const { h } = await withStorage();
    const vnet = id('virtualNetworks/vnet1');
    const msg = await refused(h, 'privateEndpoints/pe1', peBody({ subnet: subnetRef('pe'), privateLinkServiceConnections: [connection(vnet)] }), 400, 'SimulatorUnsupportedPrivateLinkTarget');
    expect(msg).toContain("Resource type 'Microsoft.Network/virtualNetworks' is a valid private link target in Azure but not implemented");
  });

  it('InvalidPrivateEndpointIpConfiguration: a static address for a member the target does not expose', async () => {
    const { h, storage } = await withStorage();
    const body = peBody({
      subnet: subnetRef('pe'),
      privateLinkServiceConnections: [connection(storage)],
      ipConfigurations: [{ name: 'static', properties: { groupId: 'blob', memberName: 'queue', privateIPAddress: '10.0.1.10' } }],
    });
    const msg = await refused(h, 'privateEndpoints/pe1', body, 400, 'InvalidPrivateEndpointIpConfiguration');
    expect(msg).toContain("names group 'blob' member 'queue', which the target does not expose. Members: blob/blob");
  });

  it('NetworkInterfaceNameAlreadyInUse: a customNetworkInterfaceName that an existing NIC has', async () => {
    const { h, storage } = await withStorage();
    await put(h, 'networkInterfaces/taken', { location: loc, properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: subnetRef('pe2') } }] } });
    const body = peBody({ subnet: subnetRef('pe'), privateLinkServiceConnections: [connection(storage)], customNetworkInterfaceName: 'taken' });
    const msg = await refused(h, 'privateEndpoints/pe1', body, 400, 'NetworkInterfaceNameAlreadyInUse');
    expect(msg).toContain(`Network interface ${id('networkInterfaces/taken')} already exists`);
  });

  it('CannotChangeSubnetOfPrivateEndpoint / CannotChangeCustomNetworkInterfaceName: on update', async () => {
    const { h, storage } = await withStorage();
    const body = (subnet: string, nicName: string) => peBody({ subnet: subnetRef(subnet), privateLinkServiceConnections: [connection(storage)], customNetworkInterfaceName: nicName });
    await put(h, 'privateEndpoints/pe1', body('pe', 'pe1-nic'));
    expect(await refused(h, 'privateEndpoints/pe1', body('pe2', 'pe1-nic'), 400, 'CannotChangeSubnetOfPrivateEndpoint')).toContain('Delete the private endpoint and create it again in the new subnet');
    expect(await refused(h, 'privateEndpoints/pe1', body('pe', 'other-nic'), 400, 'CannotChangeCustomNetworkInterfaceName')).toContain('custom network interface name of private endpoint');
  });

  it('CannotModifyNicAttachedToPrivateEndpoint: a PUT of the endpoint-managed NIC', async () => {
    const { h, storage } = await withStorage();
    await put(h, 'privateEndpoints/pe1', peBody({ subnet: subnetRef('pe'), privateLinkServiceConnections: [connection(storage)], customNetworkInterfaceName: 'pe1-nic' }));
    const nic = { location: loc, properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: subnetRef('pe') } }] } };
    const msg = await refused(h, 'networkInterfaces/pe1-nic', nic, 400, 'CannotModifyNicAttachedToPrivateEndpoint');
    expect(msg).toContain(`is managed by private endpoint ${id('privateEndpoints/pe1')} and cannot be modified`);
  });
});

describe('private DNS zone groups', () => {
  const ZONE = 'privatelink.blob.core.windows.net';
  const config = (zoneId: string | undefined, name = 'cfg') => ({ name, properties: zoneId ? { privateDnsZoneId: zoneId } : {} });
  const groupBody = (configs: unknown[]) => ({ properties: { privateDnsZoneConfigs: configs } });
  const GROUP = 'privateEndpoints/pe1/privateDnsZoneGroups/default';

  /** A settled blob endpoint pe1 and the blob private link zone in rg1. */
  async function withEndpoint(): Promise<Harness> {
    const h = await withVnet();
    const storage = await createStorage(h, 'plstore');
    await put(h, 'privateEndpoints/pe1', peBody({ subnet: subnetRef('pe'), privateLinkServiceConnections: [connection(storage)] }));
    await put(h, `privateDnsZones/${ZONE}`, { location: 'global' }, DNS_API);
    return h;
  }

  it('PrivateDnsZoneConfigsRequired / TooManyPrivateDnsZoneConfigs: none, or more than five', async () => {
    const h = await withEndpoint();
    expect(await refused(h, GROUP, groupBody([]), 400, 'PrivateDnsZoneConfigsRequired')).toContain('must have at least one entry in properties.privateDnsZoneConfigs');
    const six = Array.from({ length: 6 }, (_, i) => config(id(`privateDnsZones/zone${i}.example.com`), `c${i}`));
    expect(await refused(h, GROUP, groupBody(six), 400, 'TooManyPrivateDnsZoneConfigs')).toContain('has 6 zone configs; at most 5 are allowed');
  });

  it('MissingPrivateDnsZoneId: a config without a zone id', async () => {
    const h = await withEndpoint();
    const msg = await refused(h, GROUP, groupBody([config(id(`privateDnsZones/${ZONE}`)), config(undefined, 'empty')]), 400, 'MissingPrivateDnsZoneId');
    expect(msg).toContain('properties.privateDnsZoneConfigs[1] of');
  });

  it('DuplicatePrivateDnsZoneName: two zones of one name (in two resource groups)', async () => {
    const h = await withEndpoint();
    await createGroup(h, 'rg2', loc);
    const r = await h.call('PUT', `${id(`privateDnsZones/${ZONE}`, 'rg2')}?api-version=${DNS_API}`, { location: 'global' });
    expect(r.status).toBe(201);
    h.clock.advance(1000);
    const body = groupBody([config(id(`privateDnsZones/${ZONE}`), 'a'), config(id(`privateDnsZones/${ZONE}`, 'rg2'), 'b')]);
    const msg = await refused(h, GROUP, body, 400, 'DuplicatePrivateDnsZoneName');
    expect(msg).toContain(`references two zones named '${ZONE}'`);
  });
});

describe('private DNS zones, links and record sets', () => {
  const dns = (rest: string) => `privateDnsZones/${rest}`;
  const link = (vnet: string | undefined, extra: Record<string, unknown> = {}) => ({ location: 'global', properties: { ...(vnet ? { virtualNetwork: { id: id(`virtualNetworks/${vnet}`) } } : {}), ...extra } });

  async function withZone(...zones: string[]): Promise<Harness> {
    const h = await withVnet();
    await put(h, 'virtualNetworks/vnet2', vnetBody([], ['10.1.0.0/16']));
    for (const z of zones) await put(h, dns(z), { location: 'global' }, DNS_API);
    return h;
  }

  it('PreconditionFailed: If-Match with another etag, If-None-Match * on an existing zone', async () => {
    const h = await withZone('contoso.internal');
    const etag = (await h.call('GET', netPath(RG, dns('contoso.internal'), DNS_API))).body.etag as string;
    const stale = await refused(h, dns('contoso.internal'), { location: 'global' }, 412, 'PreconditionFailed', { api: DNS_API, headers: { 'if-match': '00000000-0000-0000-0000-000000000000' } });
    expect(stale).toBe('The condition specified using HTTP conditional header(s) is not met.');
    await refused(h, dns('contoso.internal'), { location: 'global' }, 412, 'PreconditionFailed', { api: DNS_API, headers: { 'if-none-match': '*' } });
    expect((await h.call('PUT', netPath(RG, dns('contoso.internal'), DNS_API), { location: 'global' }, { 'if-match': etag })).status).toBe(200);
  });

  it('MissingVirtualNetwork: a link without properties.virtualNetwork', async () => {
    const h = await withZone('contoso.internal');
    const msg = await refused(h, dns('contoso.internal/virtualNetworkLinks/l1'), link(undefined, { registrationEnabled: false }), 400, 'MissingVirtualNetwork', { api: DNS_API });
    expect(msg).toContain('must reference a virtual network in properties.virtualNetwork.id');
  });

  it('CannotChangeVirtualNetworkOfLink: an update naming another VNet', async () => {
    const h = await withZone('contoso.internal');
    await put(h, dns('contoso.internal/virtualNetworkLinks/l1'), link('vnet1'), DNS_API);
    const msg = await refused(h, dns('contoso.internal/virtualNetworkLinks/l1'), link('vnet2'), 400, 'CannotChangeVirtualNetworkOfLink', { api: DNS_API });
    expect(msg).toContain('Delete the link and create a new one');
  });

  it('VirtualNetworkAlreadyHasRegistrationZone: a second auto-registration zone for one VNet', async () => {
    const h = await withZone('contoso.internal', 'fabrikam.internal');
    await put(h, dns('contoso.internal/virtualNetworkLinks/l1'), link('vnet1', { registrationEnabled: true }), DNS_API);
    const msg = await refused(h, dns('fabrikam.internal/virtualNetworkLinks/l1'), link('vnet1', { registrationEnabled: true }), 409, 'VirtualNetworkAlreadyHasRegistrationZone', { api: DNS_API });
    expect(msg).toContain('can have auto-registration enabled on only one private DNS zone');
    await put(h, dns('fabrikam.internal/virtualNetworkLinks/l1'), link('vnet1', { registrationEnabled: false }), DNS_API);
  });

  it('InvalidTtl: a negative TTL', async () => {
    const h = await withZone('contoso.internal');
    const msg = await refused(h, dns('contoso.internal/A/web'), { properties: { ttl: -1, aRecords: [{ ipv4Address: '10.0.1.4' }] } }, 400, 'InvalidTtl', { api: DNS_API });
    expect(msg).toContain("The TTL -1 of record set 'web'");
  });
});
