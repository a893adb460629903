// Virtual networks and subnets: Azure-AsyncOperation LROs, body shape, strict bodies, address rules,
// references, child resources, and one change at a time per VNet.
import { describe, expect, it } from 'vitest';
import { HOST, NET_API, SUB, createGroup, harness, netPath, pollUntil, rel, vnetBody, type Harness } from './helpers.js';

const vnetId = (rg: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;
const nsgId = (rg: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/${name}`;

async function ready(): Promise<Harness> {
  const h = await harness();
  await createGroup(h);
  return h;
}

async function settled(h: Harness, put: Promise<{ status: number }>): Promise<void> {
  const r = await put;
  if (r.status >= 300) throw new Error(`PUT failed: ${JSON.stringify(r)}`);
  h.clock.advance(60);
}

describe('virtual network LRO', () => {
  it('PUT returns 201 Updating + Azure-AsyncOperation; polling goes InProgress -> Succeeded; GET follows', async () => {
    const h = await ready();
    const put = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'training', prefix: '10.0.1.0/24' }]));
    expect(put.status).toBe(201);
    expect(put.body.properties.provisioningState).toBe('Updating');
    expect(put.headers['retry-after']).toBe('10');
    const asyncUrl = put.headers['azure-asyncoperation'];
    expect(asyncUrl).toMatch(new RegExp(`^${HOST}/subscriptions/${SUB}/providers/Microsoft.Network/locations/eastus/operations/[0-9a-f-]{36}\\?api-version=${NET_API}$`));

    const first = await h.call('GET', rel(asyncUrl));
    expect(first).toMatchObject({ status: 200, body: { status: 'InProgress' } });
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).body.properties.provisioningState).toBe('Updating');

    h.clock.advance(7.9); // VNet create median: 8 s
    expect((await h.call('GET', rel(asyncUrl))).body.status).toBe('InProgress');
    h.clock.advance(0.1);
    expect((await h.call('GET', rel(asyncUrl))).body).toEqual({ status: 'Succeeded' });
    const got = await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1'));
    expect(got.body.properties.provisioningState).toBe('Succeeded');
    expect(got.body.properties.subnets[0].properties.provisioningState).toBe('Succeeded');

    const again = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'training', prefix: '10.0.1.0/24' }]));
    expect(again.status).toBe(200);
    expect(again.body.etag).not.toBe(got.body.etag);
  });

  it('scales Retry-After and durations with timeScale and completes against the real clock', async () => {
    const h = await harness({ timeScale: 0.001, latency: 'sampled', seed: 7, now: Date.now });
    await createGroup(h);
    const put = await h.call('PUT', netPath('rg1', 'virtualNetworks/fast'), vnetBody());
    expect(put.headers['retry-after']).toBe('0');
    let status = 'InProgress';
    await pollUntil(async () => (status = (await h.call('GET', rel(put.headers['azure-asyncoperation']))).body.status) !== 'InProgress', 'the VNet operation');
    expect(status).toBe('Succeeded');
  });

  it('shapes the body like the REST examples', async () => {
    const h = await ready();
    await settled(h, h.call('PUT', netPath('rg1', 'networkSecurityGroups/nsg1'), { location: 'eastus' }));
    const body = {
      location: 'eastus',
      tags: { env: 'dev' },
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          {
            name: 'training',
            properties: {
              addressPrefix: '10.0.1.0/24',
              networkSecurityGroup: { id: nsgId('rg1', 'nsg1') },
              serviceEndpoints: [{ service: 'Microsoft.Storage' }],
              defaultOutboundAccess: false,
              privateEndpointNetworkPolicies: 'Enabled',
            },
          },
        ],
      },
    };
    await settled(h, h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), body));
    const v = (await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).body;
    expect(v).toMatchObject({
      id: vnetId('rg1', 'vnet1'),
      name: 'vnet1',
      type: 'Microsoft.Network/virtualNetworks',
      location: 'eastus',
      tags: { env: 'dev' },
      properties: { provisioningState: 'Succeeded', addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, virtualNetworkPeerings: [] },
    });
    expect(v.etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
    expect(v.properties.resourceGuid).toMatch(/^[0-9a-f-]{36}$/);
    const s = v.properties.subnets[0];
    expect(s).toMatchObject({
      id: `${vnetId('rg1', 'vnet1')}/subnets/training`,
      name: 'training',
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: {
        provisioningState: 'Succeeded',
        addressPrefix: '10.0.1.0/24',
        networkSecurityGroup: { id: nsgId('rg1', 'nsg1') },
        serviceEndpoints: [{ provisioningState: 'Succeeded', service: 'Microsoft.Storage', locations: ['eastus', 'westus'] }],
        defaultOutboundAccess: false,
        privateEndpointNetworkPolicies: 'Enabled',
        privateLinkServiceNetworkPolicies: 'Enabled',
      },
    });
    expect(s.etag).toMatch(/^W\/"/);
    // ARM maintains the back-reference on the NSG.
    const nsg = (await h.call('GET', netPath('rg1', 'networkSecurityGroups/nsg1'))).body;
    expect(nsg.properties.subnets).toEqual([{ id: s.id }]);
  });
});

describe('strict bodies', () => {
  it('rejects an unknown property with InvalidRequestFormat naming the member, model and path', async () => {
    const h = await ready();
    const body = vnetBody([{ name: 's1', prefix: '10.0.1.0/24' }]);
    (body.properties.subnets[0].properties as Record<string, unknown>).foo = 1;
    const r = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: {
        code: 'InvalidRequestFormat',
        message: 'Cannot parse the request.',
        details: [{ code: 'InvalidJson', message: "Could not find member 'foo' on object of type 'SubnetPropertiesFormat'. Path 'properties.subnets[0].properties.foo'." }],
      },
    });
    const top = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), { ...vnetBody(), sku: 'x' });
    expect(top.body.error.details[0].message).toBe("Could not find member 'sku' on object of type 'VirtualNetwork'. Path 'sku'.");
  });

  it('rejects ill-typed values and invalid enum values', async () => {
    const h = await ready();
    const typed = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), {
      location: 'eastus',
      properties: { addressSpace: { addressPrefixes: '10.0.0.0/16' } },
    });
    expect(typed.status).toBe(400);
    expect(typed.body.error.code).toBe('InvalidRequestFormat');
    expect(typed.body.error.details[0].code).toBe('InvalidJson');
    expect(typed.body.error.details[0].message).toContain("Path 'properties.addressSpace.addressPrefixes'");
    const flag = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), { ...vnetBody(), properties: { ...vnetBody().properties, enableDdosProtection: 'yes' } });
    expect(flag.body.error.details[0].message).toBe('Error converting value "yes" to type \'System.Boolean\'. Path \'properties.enableDdosProtection\'.');
    const body = vnetBody([{ name: 's1', prefix: '10.0.1.0/24' }]);
    (body.properties.subnets[0].properties as Record<string, unknown>).privateEndpointNetworkPolicies = 'Sometimes';
    const en = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), body);
    expect(en.body.error.code).toBe('InvalidRequestFormat');
    expect(en.body.error.details[0].message).toContain("'VirtualNetworkPrivateEndpointNetworkPolicies'");
  });

  it('accepts read-only members echoed back from a GET and ignores them', async () => {
    const h = await ready();
    await settled(h, h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 's1', prefix: '10.0.1.0/24' }])));
    const got = (await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).body;
    const again = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), got);
    expect(again.status).toBe(200);
    expect(again.body.properties.resourceGuid).toBe(got.properties.resourceGuid);
  });

  it('rejects a body name that differs from the URL, and members the simulator does not model', async () => {
    const h = await ready();
    expect((await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), { ...vnetBody(), name: 'other' })).status).toBe(400);
    const peer = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), {
      ...vnetBody(),
      properties: { ...vnetBody().properties, virtualNetworkPeerings: [{ name: 'p' }] },
    });
    expect(peer.status).toBe(400);
    expect(peer.body.error.code).toBe('SimulatorUnsupportedProperty');
  });
});

describe('address rules', () => {
  const put = (h: Harness, subnets: { name: string; prefix: string }[], space = ['10.0.0.0/16']) =>
    h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody(subnets, space));

  it('uses Azure codes for malformed, misaligned, too small, outside and overlapping prefixes', async () => {
    const h = await ready();
    expect((await put(h, [], ['10.0.0.0/33'])).body.error.code).toBe('InvalidAddressPrefixFormat');
    expect((await put(h, [{ name: 's', prefix: '10.0.1/24' }])).body.error.code).toBe('InvalidAddressPrefixFormat');
    const hostBits = await put(h, [{ name: 's', prefix: '10.0.1.5/24' }]);
    expect(hostBits.status).toBe(400);
    expect(hostBits.body.error.code).toBe('InvalidCIDRNotation');
    expect(hostBits.body.error.message).toContain('should be 10.0.1.0/24');
    expect((await put(h, [{ name: 's', prefix: '10.0.1.0/30' }])).body.error.code).toBe('NetcfgInvalidSubnet');
    expect((await put(h, [{ name: 's', prefix: '10.0.1.0/29' }])).status).toBe(201);
    h.clock.advance(60);
    expect((await put(h, [{ name: 's', prefix: '10.1.0.0/24' }])).body.error.code).toBe('NetcfgSubnetRangeOutsideVnet');
    const overlap = await put(h, [
      { name: 'a', prefix: '10.0.0.0/24' },
      { name: 'b', prefix: '10.0.0.128/25' },
    ]);
    expect(overlap.body.error.code).toBe('NetcfgSubnetRangesOverlap');
    expect(overlap.body.error.message).toContain("'b'");
  });

  it('checks a subnet child PUT against the VNet and its siblings', async () => {
    const h = await ready();
    await settled(h, put(h, [{ name: 'a', prefix: '10.0.0.0/24' }]));
    const outside = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/b'), { properties: { addressPrefix: '192.168.0.0/24' } });
    expect(outside.body.error.code).toBe('NetcfgSubnetRangeOutsideVnet');
    const overlap = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/b'), { properties: { addressPrefix: '10.0.0.0/25' } });
    expect(overlap.body.error.code).toBe('NetcfgSubnetRangesOverlap');
  });

  it('enforces naming rules', async () => {
    const h = await ready();
    expect((await h.call('PUT', netPath('rg1', 'virtualNetworks/v'), vnetBody())).body.error.code).toBe('InvalidResourceName');
    expect((await h.call('PUT', netPath('rg1', `virtualNetworks/${'v'.repeat(65)}`), vnetBody())).body.error.code).toBe('InvalidResourceName');
    expect((await h.call('PUT', netPath('rg1', 'virtualNetworks/bad-'), vnetBody())).body.error.code).toBe('InvalidResourceName');
    expect((await h.call('PUT', netPath('rg1', 'virtualNetworks/ok_'), vnetBody())).status).toBe(201);
    h.clock.advance(60);
    expect((await put(h, [{ name: 'has space', prefix: '10.0.0.0/24' }])).body.error.code).toBe('InvalidResourceName');
    expect((await h.call('PUT', netPath('rg1', `networkSecurityGroups/${'n'.repeat(81)}`), { location: 'eastus' })).body.error.code).toBe('InvalidResourceName');
  });
});

describe('references', () => {
  it('requires referenced NSGs to exist, be provisioned and be in the same region', async () => {
    const h = await ready();
    const missing = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 's', prefix: '10.0.0.0/24', nsg: nsgId('rg1', 'ghost') }]));
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('InvalidResourceReference');

    await h.call('PUT', netPath('rg1', 'networkSecurityGroups/west'), { location: 'westus' });
    const busy = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 's', prefix: '10.0.0.0/24', nsg: nsgId('rg1', 'west') }], ['10.0.0.0/16'], 'westus'));
    expect(busy.status).toBe(429);
    expect(busy.body.error.details[0].code).toBe('ReferencedResourceNotProvisioned');
    h.clock.advance(60);
    const region = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 's', prefix: '10.0.0.0/24', nsg: nsgId('rg1', 'west') }]));
    expect(region.status).toBe(400);
    expect(region.body.error.code).toBe('InvalidResourceReference');
    expect(region.body.error.message).toContain("'westus'");
    // References are case-insensitive.
    const ok = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet2'), vnetBody([{ name: 's', prefix: '10.0.0.0/24', nsg: nsgId('RG1', 'WEST').replace('resourceGroups', 'resourcegroups') }], ['10.0.0.0/16'], 'westus'));
    expect(ok.status).toBe(201);
  });
});

describe('subnets as child resources', () => {
  it('PUT/GET/list/DELETE a subnet with its own LRO, reflected in the VNet body', async () => {
    const h = await ready();
    await settled(h, h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'a', prefix: '10.0.0.0/24' }])));
    const put = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/b'), { properties: { addressPrefix: '10.0.1.0/24' } });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ name: 'b', id: `${vnetId('rg1', 'vnet1')}/subnets/b`, properties: { provisioningState: 'Updating' } });
    expect(put.headers['azure-asyncoperation']).toContain('/providers/Microsoft.Network/locations/eastus/operations/');
    h.clock.advance(6); // subnet create median: 6 s
    expect((await h.call('GET', rel(put.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
    const vnet = (await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).body;
    expect(vnet.properties.subnets.map((s: { name: string }) => s.name)).toEqual(['a', 'b']);
    const list = await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1/subnets'));
    expect(list.body.value).toHaveLength(2);
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/VNET1/subnets/B'))).body.name).toBe('b');

    const del = await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/b'));
    expect(del.status).toBe(202);
    expect(del.headers['azure-asyncoperation']).toBeDefined();
    expect(del.headers.location).toMatch(/\/providers\/Microsoft\.Network\/locations\/eastus\/operationResults\/[0-9a-f-]{36}\?api-version=/);
    expect((await h.call('GET', rel(del.headers.location))).status).toBe(202);
    h.clock.advance(10);
    expect((await h.call('GET', rel(del.headers.location))).status).toBe(204);
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).body.properties.subnets).toHaveLength(1);
    expect((await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/b'))).status).toBe(204);
  });

  it('times an association-only change with the #association latency', async () => {
    const h = await ready();
    await settled(h, h.call('PUT', netPath('rg1', 'networkSecurityGroups/nsg1'), { location: 'eastus' }));
    await settled(h, h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'a', prefix: '10.0.0.0/24' }])));
    const put = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/a'), {
      properties: { addressPrefix: '10.0.0.0/24', networkSecurityGroup: { id: nsgId('rg1', 'nsg1') } },
    });
    expect(put.status).toBe(200);
    h.clock.advance(7); // plain subnet PUT would be done after 6 s; association takes 8 s
    expect((await h.call('GET', rel(put.headers['azure-asyncoperation']))).body.status).toBe('InProgress');
    h.clock.advance(1);
    expect((await h.call('GET', rel(put.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
  });

  it('a VNet PUT replaces the subnet list: omitted unused subnets are deleted', async () => {
    const h = await ready();
    await settled(h, h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'a', prefix: '10.0.0.0/24' }, { name: 'b', prefix: '10.0.1.0/24' }])));
    await settled(h, h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'b', prefix: '10.0.1.0/24' }])));
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1/subnets/a'))).body.error.code).toBe('NotFound');
    await settled(h, h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } }));
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).body.properties.subnets).toEqual([]);
  });
});

describe('404s, PATCH, DELETE, api-version', () => {
  it('distinguishes ResourceNotFound, ParentResourceNotFound and NotFound', async () => {
    const h = await ready();
    const top = await h.call('GET', netPath('rg1', 'virtualNetworks/x'));
    expect(top.status).toBe(404);
    expect(top.body.error).toEqual({
      code: 'ResourceNotFound',
      message: "The Resource 'Microsoft.Network/virtualNetworks/x' under resource group 'rg1' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    });
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/x/subnets/s'))).body.error.code).toBe('ParentResourceNotFound');
    expect((await h.call('PUT', netPath('rg1', 'virtualNetworks/x/subnets/s'), { properties: { addressPrefix: '10.0.0.0/24' } })).body.error.code).toBe('ParentResourceNotFound');
    await settled(h, h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody()));
    const child = await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1/subnets/s'));
    expect(child.status).toBe(404);
    expect(child.body.error.code).toBe('NotFound');
    expect((await h.call('HEAD', netPath('rg1', 'virtualNetworks/vnet1'))).status).toBe(204);
    expect((await h.call('HEAD', netPath('rg1', 'virtualNetworks/x'))).status).toBe(404);
  });

  it('PATCH updates tags synchronously', async () => {
    const h = await ready();
    await settled(h, h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody()));
    const r = await h.call('PATCH', netPath('rg1', 'virtualNetworks/vnet1'), { tags: { a: 'b' } });
    expect(r.status).toBe(200);
    expect(r.body.tags).toEqual({ a: 'b' });
    expect(r.body.properties.provisioningState).toBe('Succeeded');
    expect((await h.call('PATCH', netPath('rg1', 'virtualNetworks/vnet1'), { tags: {}, location: 'x' })).body.error.code).toBe('InvalidRequestFormat');
  });

  it('DELETE: 202 with both headers until done, 204 when absent', async () => {
    const h = await ready();
    await settled(h, h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'a', prefix: '10.0.0.0/24' }])));
    const del = await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1'));
    expect(del.status).toBe(202);
    expect(del.headers['azure-asyncoperation']).toContain('/operations/');
    expect(del.headers.location).toContain('/operationResults/');
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).body.properties.provisioningState).toBe('Deleting');
    h.clock.advance(11);
    expect((await h.call('GET', rel(del.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).status).toBe(404);
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1/subnets/a'))).body.error.code).toBe('ParentResourceNotFound');
    expect((await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1'))).status).toBe(204);
  });

  it('rejects unsupported api-versions with NoRegisteredProviderFound and accepts the listed ones', async () => {
    const h = await ready();
    const r = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1', '2020-01-01'), vnetBody());
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('NoRegisteredProviderFound');
    expect(r.body.error.message).toContain("location 'eastus' and API version '2020-01-01' for type 'virtualNetworks'");
    for (const [i, v] of ['2024-05-01', '2024-07-01', '2025-01-01', '2025-05-01'].entries()) {
      expect((await h.call('PUT', netPath('rg1', `virtualNetworks/v${i}x`, v), vnetBody())).status).toBe(201);
    }
  });
});

describe('one change at a time per VNet', () => {
  it('answers 429 RetryableErrorDueToAnotherOperation while the VNet or a subnet is being written; other VNets are free', async () => {
    const h = await ready();
    await settled(h, h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'a', prefix: '10.0.0.0/24' }])));
    const first = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/b'), { properties: { addressPrefix: '10.0.1.0/24' } });
    expect(first.status).toBe(201);
    h.clock.advance(1.5);
    const second = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/c'), { properties: { addressPrefix: '10.0.2.0/24' } });
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('RetryableErrorDueToAnotherOperation');
    expect(second.body.error.message).toContain('PutSubnetOperation');
    expect(second.headers['retry-after']).toBe('5'); // 4.5 s left, rounded up
    const vnetWrite = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'a', prefix: '10.0.0.0/24' }]));
    expect(vnetWrite.status).toBe(429);
    expect((await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/a'))).status).toBe(429);
    // A different VNet is not blocked.
    expect((await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet2'), vnetBody())).status).toBe(201);
    // Refused requests change nothing.
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1/subnets/c'))).status).toBe(404);
    h.clock.advance(4.5);
    expect((await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/c'), { properties: { addressPrefix: '10.0.2.0/24' } })).status).toBe(201);
  });

  it('Retry-After of the 429 is at least 1 with a tiny timeScale', async () => {
    const clockless = await harness({ timeScale: 0.001 });
    await createGroup(clockless);
    await clockless.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody());
    const r = await clockless.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody());
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('1');
  });
});

describe('paths', () => {
  it('matches namespaces, types and names case-insensitively and lists at subscription scope', async () => {
    const h = await ready();
    const put = await h.call('PUT', `/subscriptions/${SUB}/RESOURCEGROUPS/RG1/providers/microsoft.network/VIRTUALNETWORKS/Vnet1?api-version=${NET_API}`, vnetBody());
    expect(put.status).toBe(201);
    expect(put.body.id).toBe(vnetId('rg1', 'Vnet1'));
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).body.name).toBe('Vnet1');
    const all = await h.call('GET', `/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks?api-version=${NET_API}`);
    expect(all.body.value.map((v: { id: string }) => v.id)).toEqual([vnetId('rg1', 'Vnet1')]);
    const info = await h.call('GET', `/subscriptions/${SUB}/providers/Microsoft.Network?api-version=2025-04-01`);
    expect(info.body).toMatchObject({ namespace: 'Microsoft.Network', registrationState: 'Registered' });
  });
});
