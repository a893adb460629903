// Private DNS zones (2020-06-01 / 2024-06-01): location global, Azure DNS polling URLs, virtual network
// links, record sets, per-type api-versions, and the delete guard while links exist.
import { describe, expect, it } from 'vitest';
import { HOST, SUB, createGroup, harness, netPath, rel, vnetBody, type Harness } from './helpers.js';

const DNS_API = '2020-06-01';
const dnsPath = (rest: string, api = DNS_API) => netPath('rg1', `privateDnsZones/${rest}`, api);
const vnetId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/${name}`;
const ZONE = 'privatelink.blob.core.windows.net';

async function ready(): Promise<Harness> {
  const h = await harness();
  await createGroup(h);
  await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'pe', prefix: '10.0.1.0/24' }]));
  await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet2'), vnetBody([], ['10.1.0.0/16']));
  h.clock.advance(8);
  return h;
}

describe('private DNS zones', () => {
  it('PUT answers 201 Creating with Azure DNS polling URLs; location is rendered "global"', async () => {
    const h = await ready();
    const put = await h.call('PUT', dnsPath(ZONE), { location: 'Global', tags: { env: 'dev' } });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ name: ZONE, type: 'Microsoft.Network/privateDnsZones', location: 'global', properties: { provisioningState: 'Creating' } });
    expect(put.headers['azure-asyncoperation']).toMatch(
      new RegExp(`^${HOST}/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/privateDnsOperationStatuses/[0-9a-f-]{36}\\?api-version=${DNS_API}$`),
    );
    expect(put.headers.location).toContain('/privateDnsOperationResults/');
    expect(put.headers['retry-after']).toBe('60');
    expect((await h.call('GET', rel(put.headers['azure-asyncoperation']))).body).toEqual({ status: 'InProgress' });
    expect((await h.call('GET', rel(put.headers.location))).status).toBe(202);
    h.clock.advance(35); // privateDnsZones create median
    expect((await h.call('GET', rel(put.headers['azure-asyncoperation']))).body).toEqual({ status: 'Succeeded' });
    const result = await h.call('GET', rel(put.headers.location));
    expect(result.status).toBe(200);
    expect(result.body.properties).toMatchObject({
      provisioningState: 'Succeeded',
      numberOfRecordSets: 1,
      numberOfVirtualNetworkLinks: 0,
      maxNumberOfRecordSets: 25000,
      maxNumberOfVirtualNetworkLinks: 1000,
      numberOfVirtualNetworkLinksWithRegistration: 0,
    });
    expect((await h.call('GET', dnsPath(ZONE, '2024-06-01'))).status).toBe(200);
  });

  it('api-versions are per resource type', async () => {
    const h = await ready();
    const zone = await h.call('PUT', dnsPath(ZONE, '2025-05-01'), { location: 'global' });
    expect(zone.status).toBe(400);
    expect(zone.body.error.code).toBe('NoRegisteredProviderFound');
    expect(zone.body.error.message).toContain("The supported api-versions are '2026-06-01-preview, 2024-06-01, 2020-06-01, 2020-01-01, 2018-09-01'");
    // 2018-09-01 is a private DNS version only (Network has 2018-08-01 and 2018-10-01).
    const vnet = await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1', '2018-09-01'));
    expect(vnet.body.error.code).toBe('NoRegisteredProviderFound');
    expect(vnet.body.error.message).toContain("'2026-07-01, 2026-03-01, 2026-01-01, 2025-09-01, 2025-07-01, 2025-05-01, 2025-03-01, 2025-01-01, ");
  });

  it('refuses regional locations and invalid zone names', async () => {
    const h = await ready();
    const regional = await h.call('PUT', dnsPath(ZONE), { location: 'eastus' });
    expect(regional.status).toBe(400);
    expect(regional.body.error.code).toBe('LocationNotAvailableForResourceType');
    for (const bad of ['nodots', 'bad..name.com', '-lead.example.com', `${'a'.repeat(64)}.com`]) {
      const r = await h.call('PUT', dnsPath(bad), { location: 'global' });
      expect(r.body.error.code, bad).toBe('InvalidResourceName');
    }
    expect((await h.call('PUT', dnsPath(ZONE), { location: 'global', properties: { bogus: 1 } })).body.error.code).toBe('InvalidRequestContent');
  });

  it('links VNets once, checks the VNet, and blocks zone deletion while links exist', async () => {
    const h = await ready();
    await h.call('PUT', dnsPath(ZONE), { location: 'global' });
    h.clock.advance(35);
    const missing = await h.call('PUT', dnsPath(`${ZONE}/virtualNetworkLinks/l0`), { location: 'global', properties: { virtualNetwork: { id: vnetId('ghost') } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VirtualNetworkNotFound');
    const link = await h.call('PUT', dnsPath(`${ZONE}/virtualNetworkLinks/l1`), { location: 'Global', properties: { virtualNetwork: { id: vnetId('vnet1') }, registrationEnabled: false } });
    expect(link.status).toBe(201);
    expect(link.body.properties).toMatchObject({ virtualNetworkLinkState: 'InProgress', provisioningState: 'Creating', registrationEnabled: false });
    expect(link.headers['azure-asyncoperation']).toContain('/privateDnsOperationStatuses/');
    h.clock.advance(60);
    const got = await h.call('GET', dnsPath(`${ZONE}/virtualNetworkLinks/l1`));
    expect(got.body).toMatchObject({ type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks', location: 'global', properties: { virtualNetworkLinkState: 'Completed', provisioningState: 'Succeeded' } });

    const twin = await h.call('PUT', dnsPath(`${ZONE}/virtualNetworkLinks/l2`), { location: 'global', properties: { virtualNetwork: { id: vnetId('vnet1') } } });
    expect(twin.status).toBe(409);
    expect(twin.body.error.code).toBe('VirtualNetworkAlreadyLinked');
    // resolutionPolicy is a 2024-06-01 member.
    const old = await h.call('PUT', dnsPath(`${ZONE}/virtualNetworkLinks/l2`), { location: 'global', properties: { virtualNetwork: { id: vnetId('vnet2') }, resolutionPolicy: 'Default' } });
    expect(old.body.error.code).toBe('InvalidRequestContent');
    const newer = await h.call('PUT', dnsPath(`${ZONE}/virtualNetworkLinks/l2`, '2024-06-01'), { location: 'global', properties: { virtualNetwork: { id: vnetId('vnet2') }, resolutionPolicy: 'Default' } });
    expect(newer.status).toBe(201);
    h.clock.advance(60);
    expect((await h.call('GET', dnsPath(ZONE))).body.properties.numberOfVirtualNetworkLinks).toBe(2);
    expect((await h.call('GET', dnsPath(`${ZONE}/virtualNetworkLinks`))).body.value).toHaveLength(2);

    const blocked = await h.call('DELETE', dnsPath(ZONE));
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('CannotDeletePrivateDnsZoneWithVirtualNetworkLinks');
    for (const l of ['l1', 'l2']) expect((await h.call('DELETE', dnsPath(`${ZONE}/virtualNetworkLinks/${l}`))).status).toBe(202);
    h.clock.advance(30);
    const del = await h.call('DELETE', dnsPath(ZONE));
    expect(del.status).toBe(202);
    expect(del.headers.location).toContain('/privateDnsOperationResults/');
    h.clock.advance(30);
    expect((await h.call('GET', rel(del.headers.location))).status).toBe(204);
    expect((await h.call('GET', dnsPath(ZONE))).status).toBe(404);
  });

  it('A record sets: synchronous PUT/GET/DELETE, listed with the SOA under ALL and recordsets', async () => {
    const h = await ready();
    await h.call('PUT', dnsPath(ZONE), { location: 'global' });
    h.clock.advance(35);
    const put = await h.call('PUT', dnsPath(`${ZONE}/A/mystorage`), { properties: { ttl: 10, aRecords: [{ ipv4Address: '10.0.1.4' }] } });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      name: 'mystorage',
      type: 'Microsoft.Network/privateDnsZones/A',
      properties: { ttl: 10, fqdn: `mystorage.${ZONE}.`, aRecords: [{ ipv4Address: '10.0.1.4' }], isAutoRegistered: false },
    });
    expect((await h.call('PUT', dnsPath(`${ZONE}/A/bad`), { properties: { aRecords: [{ ipv4Address: '10.0.1.400' }] } })).body.error.code).toBe('InvalidIPv4Address');
    expect((await h.call('PUT', dnsPath(`${ZONE}/CNAME/x`), { properties: { cnameRecord: { cname: 'a.b' } } })).body.error.code).toBe('SimulatorUnsupportedProperty');
    const all = await h.call('GET', dnsPath(`${ZONE}/ALL`));
    expect(all.body.value.map((r: { type: string; name: string }) => `${r.type}:${r.name}`)).toEqual(['Microsoft.Network/privateDnsZones/SOA:@', 'Microsoft.Network/privateDnsZones/A:mystorage']);
    expect((await h.call('GET', dnsPath(`${ZONE}/recordsets`))).body.value).toHaveLength(2);
    expect((await h.call('GET', dnsPath(`${ZONE}/A`))).body.value).toHaveLength(1);
    expect((await h.call('GET', dnsPath(ZONE))).body.properties.numberOfRecordSets).toBe(2);
    expect((await h.call('GET', dnsPath(`${ZONE}/SOA/@`))).body.properties.soaRecord.host).toBe('azureprivatedns.net');
    expect((await h.call('DELETE', dnsPath(`${ZONE}/A/mystorage`))).status).toBe(200);
    expect((await h.call('GET', dnsPath(`${ZONE}/A/mystorage`))).status).toBe(404);
  });

  it('a VNet cannot be linked to two zones with overlapping namespaces', async () => {
    const h = await ready();
    await h.call('PUT', dnsPath(ZONE), { location: 'global' });
    await createGroup(h, 'rg2');
    await h.call('PUT', netPath('rg2', `privateDnsZones/${ZONE}`, DNS_API), { location: 'global' });
    h.clock.advance(35);
    await h.call('PUT', dnsPath(`${ZONE}/virtualNetworkLinks/l1`), { location: 'global', properties: { virtualNetwork: { id: vnetId('vnet1') } } });
    const dup = await h.call('PUT', netPath('rg2', `privateDnsZones/${ZONE}/virtualNetworkLinks/l1`, DNS_API), { location: 'global', properties: { virtualNetwork: { id: vnetId('vnet1') } } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('overlapping namespaces');
  });
});
