// Azure Monitor private link scopes (AMPLS): the scope (global only, access modes), scoped resources (what
// may be linked, duplicates, limits, one write at a time per scope), the back-references on workspaces and
// components (and their delete refusal while linked), the `azuremonitor` private endpoint with its
// compressed members, and the records a zone group writes into the five private link zones.
import { describe, expect, it } from 'vitest';
import { SUB, createGroup, harness, netPath, rel, type Harness } from './helpers.js';
import { AI_API, LA_API, at, resId } from './paas-helpers.js';
import { createStorage } from './seed.js';

const PLS_API = '2021-07-01-preview';
const DNS_API = '2020-06-01';
const wsId = (name: string) => resId('rg1', 'Microsoft.OperationalInsights', `workspaces/${name}`);
const aiId = (name: string) => resId('rg1', 'Microsoft.Insights', `components/${name}`);
const scopeId = (name: string) => resId('rg1', 'Microsoft.Insights', `privateLinkScopes/${name}`);
const scopedId = (scope: string, name: string) => `${scopeId(scope)}/scopedResources/${name}`;
const subnetId = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/pe`;
const ZONES = [
  'privatelink.monitor.azure.com',
  'privatelink.oms.opinsights.azure.com',
  'privatelink.ods.opinsights.azure.com',
  'privatelink.agentsvc.azure-automation.net',
  'privatelink.blob.core.windows.net',
];
const scopeBody = (location = 'global', modes: Record<string, unknown> = { ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'PrivateOnly' }) => ({
  location,
  properties: { accessModeSettings: modes },
});
const peBody = (target: string, groupId = 'azuremonitor') => ({
  location: 'eastus',
  properties: { subnet: { id: subnetId }, privateLinkServiceConnections: [{ name: 'ampls', properties: { privateLinkServiceId: target, groupIds: [groupId] } }] },
});

async function workspace(h: Harness, name: string, location = 'eastus'): Promise<string> {
  const r = await h.call('PUT', at(wsId(name), LA_API), { location, properties: { publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Disabled' } });
  expect(r.status).toBe(201);
  h.clock.advance(30);
  return r.body.properties.customerId as string;
}

async function component(h: Harness, name: string, ws: string): Promise<void> {
  const r = await h.call('PUT', at(aiId(name), AI_API), {
    location: 'eastus',
    kind: 'web',
    properties: { Application_Type: 'web', WorkspaceResourceId: wsId(ws), publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Disabled' },
  });
  expect(r.status).toBe(200);
}

/** PUT a scoped resource and let its operation finish. */
async function link(h: Harness, scope: string, name: string, linked: string): Promise<void> {
  const r = await h.call('PUT', at(scopedId(scope, name), PLS_API), { properties: { linkedResourceId: linked } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  h.clock.advance(11);
  const status = await h.call('GET', rel(r.headers['azure-asyncoperation']));
  expect(status.body.status).toBe('Succeeded');
}

async function setup(): Promise<Harness> {
  const h = await harness();
  await createGroup(h);
  await workspace(h, 'law1');
  await component(h, 'appi1', 'law1');
  expect((await h.call('PUT', at(scopeId('ampls'), PLS_API), scopeBody())).status).toBe(201);
  return h;
}

async function network(h: Harness): Promise<void> {
  await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), {
    location: 'eastus',
    properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'pe', properties: { addressPrefix: '10.0.1.0/24' } }] },
  });
  for (const z of ZONES) await h.call('PUT', netPath('rg1', `privateDnsZones/${z}`, DNS_API), { location: 'global' });
  h.clock.advance(60);
}

describe('Azure Monitor private link scopes', () => {
  it('a scope lives in global only and needs both access modes', async () => {
    const h = await harness();
    await createGroup(h);
    const east = await h.call('PUT', at(scopeId('s1'), PLS_API), scopeBody('eastus'));
    expect(east.status).toBe(400);
    expect(east.body.error).toMatchObject({ code: 'LocationNotAvailableForResourceType' });
    expect(east.body.error.message).toContain("List of available regions for the resource type is 'global'.");
    expect((await h.call('PUT', at(scopeId('s1'), PLS_API), { location: 'global', properties: {} })).body.error.code).toBe('InvalidRequestContent');
    expect((await h.call('PUT', at(scopeId('s1'), PLS_API), scopeBody('global', { ingestionAccessMode: 'Closed', queryAccessMode: 'Open' }))).body.error.code).toBe('InvalidRequestContent');
    const badExclusion = await h.call(
      'PUT',
      at(scopeId('s1'), PLS_API),
      scopeBody('global', { ingestionAccessMode: 'Open', queryAccessMode: 'Open', exclusions: [{ privateEndpointConnectionName: 'nope', queryAccessMode: 'PrivateOnly' }] }),
    );
    expect(badExclusion.body.error.code).toBe('BadRequest');
    expect((await h.call('PUT', at(scopeId('s1'), '2020-02-02'), scopeBody())).body.error.code).toBe('NoRegisteredProviderFound');

    const ok = await h.call('PUT', at(scopeId('s1'), '2023-06-01-preview'), scopeBody('Global'));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      type: 'Microsoft.Insights/privateLinkScopes',
      location: 'global',
      properties: { provisioningState: 'Succeeded', privateEndpointConnections: [], accessModeSettings: { ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'PrivateOnly', exclusions: [] } },
    });
    expect((await h.call('PUT', at(scopeId('s1'), PLS_API), scopeBody())).status).toBe(200);
    const patched = await h.call('PATCH', at(scopeId('s1'), PLS_API), { tags: { env: 'test' } });
    expect(patched.body.tags).toEqual({ env: 'test' });
    const list = await h.call('GET', `/subscriptions/${SUB}/providers/Microsoft.Insights/privateLinkScopes?api-version=${PLS_API}`);
    expect(list.body.value.map((s: { name: string }) => s.name)).toEqual(['s1']);
    const res = await h.call('GET', at(`${scopeId('s1')}/privateLinkResources/azuremonitor`, PLS_API));
    expect(res.body.properties.requiredZoneNames).toEqual(ZONES);
    expect(res.body.properties.requiredMembers).toContain('agentsolutionpackstore');
    expect((await h.call('DELETE', at(scopeId('s1'), PLS_API))).status).toBe(200);
    expect((await h.call('GET', at(scopeId('s1'), PLS_API))).status).toBe(404);
  });

  it('scoped resources: only existing workspaces and components, one write at a time, no duplicates', async () => {
    const h = await setup();
    const put = (name: string, properties: Record<string, unknown>, scope = 'ampls') => h.call('PUT', at(scopedId(scope, name), PLS_API), { properties });
    expect((await put('x', {})).body.error.code).toBe('BadRequest');
    expect((await put('x', { linkedResourceId: 'not-an-id' })).body.error.code).toBe('LinkedInvalidPropertyId');
    expect((await put('x', { linkedResourceId: wsId('missing') })).body.error.message).toContain('was not found');
    const storage = await createStorage(h, 'plsstore');
    expect((await put('x', { linkedResourceId: storage })).body.error.message).toContain('only Log Analytics workspaces');
    expect((await put('x', { linkedResourceId: resId('rg1', 'Microsoft.Insights', 'dataCollectionEndpoints/dce1') })).body.error.code).toBe('SimulatorUnsupportedProperty');
    expect((await put('x', { kind: 'metrics', linkedResourceId: wsId('law1') })).body.error.code).toBe('SimulatorUnsupportedProperty');
    expect((await put('x', { linkedResourceId: wsId('law1') }, 'nope')).body.error.code).toBe('ParentResourceNotFound');

    const first = await put('law1-link', { linkedResourceId: wsId('law1') });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ type: 'Microsoft.Insights/privateLinkScopes/scopedResources', properties: { linkedResourceId: wsId('law1'), provisioningState: 'Provisioning' } });
    expect(first.headers['azure-asyncoperation']).toContain(`/resourceGroups/rg1/providers/Microsoft.Insights/privateLinkScopeOperationStatuses/`);
    // hashicorp/terraform-provider-azurerm#22236: a second scoped resource while the first provisions.
    const busy = await put('appi1-link', { linkedResourceId: aiId('appi1') });
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toBe("Cannot modify resource while in provisioning state: 'Provisioning'");
    const running = await h.call('GET', rel(first.headers['azure-asyncoperation']));
    expect(running.body).toMatchObject({ status: 'InProgress' });
    h.clock.advance(11);
    expect((await h.call('GET', rel(first.headers['azure-asyncoperation']))).body).toMatchObject({ status: 'Succeeded' });
    expect((await h.call('GET', at(scopedId('ampls', 'law1-link'), PLS_API))).body.properties.provisioningState).toBe('Succeeded');

    // Azure/azure-rest-api-specs#28176: the same linked resource again, under another name or the same one.
    for (const name of ['again', 'law1-link']) {
      const dup = await put(name, { linkedResourceId: wsId('law1') });
      expect(dup.status).toBe(409);
      expect(dup.body.error).toMatchObject({ code: 'Conflict', message: 'Scoped resource with same linked resource id already exists in this private link scope' });
    }
    await link(h, 'ampls', 'appi1-link', aiId('appi1'));
    const list = await h.call('GET', at(`${scopeId('ampls')}/scopedResources`, PLS_API));
    expect(list.body.value.map((r: { name: string }) => r.name)).toEqual(['law1-link', 'appi1-link']);

    const ws = await h.call('GET', at(wsId('law1'), LA_API));
    const scopeGuid = ws.body.properties.privateLinkScopedResources[0].scopeId;
    expect(ws.body.properties.privateLinkScopedResources).toEqual([{ resourceId: scopedId('ampls', 'law1-link'), scopeId: scopeGuid }]);
    expect(scopeGuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(ws.body.properties).toMatchObject({ publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Disabled' });
    const ai = await h.call('GET', at(aiId('appi1'), AI_API));
    expect(ai.body.properties.PrivateLinkScopedResources).toEqual([{ ResourceId: scopedId('ampls', 'appi1-link'), ScopeId: scopeGuid }]);
    expect(ai.body.properties).toMatchObject({ publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Disabled' });
  });

  it('a linked workspace or component cannot be deleted; unlinking frees it', async () => {
    const h = await setup();
    await link(h, 'ampls', 'law1-link', wsId('law1'));
    await link(h, 'ampls', 'appi1-link', aiId('appi1'));
    const wsDel = await h.call('DELETE', at(wsId('law1'), LA_API));
    expect(wsDel.status).toBe(409);
    expect(wsDel.body.error.message).toContain('Remove it from every private link scope');
    expect((await h.call('DELETE', at(aiId('appi1'), AI_API))).status).toBe(409);

    const unlink = await h.call('DELETE', at(scopedId('ampls', 'appi1-link'), PLS_API));
    expect(unlink.status).toBe(202);
    expect((await h.call('GET', at(scopedId('ampls', 'appi1-link'), PLS_API))).body.properties.provisioningState).toBe('Deleting');
    expect((await h.call('DELETE', at(scopedId('ampls', 'law1-link'), PLS_API))).status).toBe(409);
    h.clock.advance(11);
    expect((await h.call('GET', rel(unlink.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
    expect((await h.call('GET', at(scopedId('ampls', 'appi1-link'), PLS_API))).status).toBe(404);
    expect((await h.call('DELETE', at(aiId('appi1'), AI_API))).status).toBe(200);
    // Deleting the scope takes its scoped resources along, which frees the workspace.
    expect((await h.call('DELETE', at(scopeId('ampls'), PLS_API))).status).toBe(200);
    expect((await h.call('DELETE', at(wsId('law1'), LA_API))).status).toBe(202);
  });

  it('a resource joins at most five scopes', async () => {
    const h = await setup();
    for (let i = 1; i <= 5; i++) {
      if (i > 1) await h.call('PUT', at(scopeId(`ampls${i}`), PLS_API), scopeBody());
      await link(h, i === 1 ? 'ampls' : `ampls${i}`, 'law1', wsId('law1'));
    }
    await h.call('PUT', at(scopeId('ampls6'), PLS_API), scopeBody());
    const sixth = await h.call('PUT', at(scopedId('ampls6', 'law1'), PLS_API), { properties: { linkedResourceId: wsId('law1') } });
    expect(sixth.status).toBe(400);
    expect(sixth.body.error.message).toContain('up to 5');
  });

  it('the azuremonitor endpoint: compressed members, records in the five zones, connection on the scope', async () => {
    const h = await setup();
    const cid1 = (await h.call('GET', at(wsId('law1'), LA_API))).body.properties.customerId as string;
    const cid2 = await workspace(h, 'law2');
    await link(h, 'ampls', 'law1', wsId('law1'));
    await link(h, 'ampls', 'law2', wsId('law2'));
    await link(h, 'ampls', 'appi1', aiId('appi1'));
    await network(h);
    expect((await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-bad'), peBody(scopeId('ampls'), 'blob'))).body.error.code).toBe('PrivateEndpointBadRequest');

    const pe = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-ampls'), peBody(scopeId('ampls')));
    expect(pe.status, JSON.stringify(pe.body)).toBe(201);
    h.clock.advance(60);
    const got = await h.call('GET', netPath('rg1', 'privateEndpoints/pe-ampls'));
    const dns = Object.fromEntries((got.body.properties.customDnsConfigs as { fqdn: string; ipAddresses: string[] }[]).map((c) => [c.fqdn, c.ipAddresses[0]]));
    expect(Object.keys(dns)).toEqual(
      expect.arrayContaining([
        'api.monitor.azure.com',
        'global.in.ai.monitor.azure.com',
        'scadvisorcontentpl.blob.core.windows.net',
        `${cid1}.oms.opinsights.azure.com`,
        `${cid2}.ods.opinsights.azure.com`,
        `${cid2}.agentsvc.azure-automation.net`,
        'eastus-0.in.ai.monitor.azure.com',
        'eastus.livediagnostics.monitor.azure.com',
      ]),
    );
    // Endpoint compression: both East US workspaces share the oms/ods/agentsvc addresses.
    expect(dns[`${cid1}.oms.opinsights.azure.com`]).toBe(dns[`${cid2}.oms.opinsights.azure.com`]);
    expect(dns[`${cid1}.ods.opinsights.azure.com`]).not.toBe(dns[`${cid1}.oms.opinsights.azure.com`]);
    const ips = new Set(Object.values(dns));
    expect(ips.size).toBe(8 + 3 + 2);
    const nic = await h.call('GET', rel(`https://x${got.body.properties.networkInterfaces[0].id}?api-version=2025-05-01`));
    const oms = nic.body.properties.ipConfigurations.find((c: { properties: { privateLinkConnectionProperties: { requiredMemberName: string } } }) => c.properties.privateLinkConnectionProperties.requiredMemberName === 'oms-eastus');
    expect(oms.properties.privateLinkConnectionProperties.fqdns).toEqual([`${cid1}.oms.opinsights.azure.com`, `${cid2}.oms.opinsights.azure.com`]);

    const zoneId = (z: string) => `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/privateDnsZones/${z}`;
    const group = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe-ampls/privateDnsZoneGroups/default'), {
      properties: { privateDnsZoneConfigs: ZONES.map((z) => ({ name: z.replace(/\./g, '-'), properties: { privateDnsZoneId: zoneId(z) } })) },
    });
    expect(group.status).toBe(201);
    h.clock.advance(10);
    const records = async (zone: string) =>
      Object.fromEntries(
        ((await h.call('GET', netPath('rg1', `privateDnsZones/${zone}/A`, DNS_API))).body.value as { name: string; properties: { aRecords: { ipv4Address: string }[] } }[]).map((r) => [
          r.name,
          r.properties.aRecords.map((a) => a.ipv4Address),
        ]),
      );
    const monitor = await records('privatelink.monitor.azure.com');
    expect(monitor).toMatchObject({ api: [dns['api.monitor.azure.com']], 'global.in.ai': [dns['global.in.ai.monitor.azure.com']], 'eastus-0.in.ai': [dns['eastus-0.in.ai.monitor.azure.com']] });
    expect(Object.keys(monitor)).toEqual(expect.arrayContaining(['profiler', 'live', 'snapshot', 'diagservices-query', 'global.handler.control', 'eastus.livediagnostics']));
    expect(await records('privatelink.oms.opinsights.azure.com')).toEqual({ [cid1]: [dns[`${cid1}.oms.opinsights.azure.com`]], [cid2]: [dns[`${cid1}.oms.opinsights.azure.com`]] });
    expect(Object.keys(await records('privatelink.ods.opinsights.azure.com')).sort()).toEqual([cid1, cid2].sort());
    expect(Object.keys(await records('privatelink.agentsvc.azure-automation.net')).sort()).toEqual([cid1, cid2].sort());
    expect(await records('privatelink.blob.core.windows.net')).toEqual({ scadvisorcontentpl: [dns['scadvisorcontentpl.blob.core.windows.net']] });

    const scope = await h.call('GET', at(scopeId('ampls'), PLS_API));
    expect(scope.body.properties.privateEndpointConnections).toHaveLength(1);
    const conn = scope.body.properties.privateEndpointConnections[0];
    expect(conn).toMatchObject({ type: 'Microsoft.Insights/privateLinkScopes/privateEndpointConnections', properties: { privateEndpoint: { id: got.body.id }, privateLinkServiceConnectionState: { status: 'Approved' }, provisioningState: 'Succeeded' } });
    expect((await h.call('GET', at(`${scopeId('ampls')}/privateEndpointConnections/${conn.name}`, PLS_API))).body.id).toBe(conn.id);
    expect((await h.call('GET', at(`${scopeId('ampls')}/privateEndpointConnections`, PLS_API))).body.value).toHaveLength(1);
    expect((await h.call('PUT', at(`${scopeId('ampls')}/privateEndpointConnections/${conn.name}`, PLS_API), { properties: {} })).body.error.code).toBe('SimulatorUnsupportedProperty');
    // An exclusion may now name the connection.
    const excl = await h.call('PUT', at(scopeId('ampls'), PLS_API), scopeBody('global', { ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'PrivateOnly', exclusions: [{ privateEndpointConnectionName: conn.name, queryAccessMode: 'Open' }] }));
    expect(excl.status).toBe(200);
    expect(excl.body.properties.accessModeSettings.exclusions).toEqual([{ privateEndpointConnectionName: conn.name, queryAccessMode: 'Open' }]);
  });

  it('a scope takes at most ten private endpoints', async () => {
    const h = await setup();
    await network(h);
    for (let i = 0; i < 10; i++) expect((await h.call('PUT', netPath('rg1', `privateEndpoints/pe${i}`), peBody(scopeId('ampls')))).status).toBe(201);
    h.clock.advance(60);
    const eleventh = await h.call('PUT', netPath('rg1', 'privateEndpoints/pe10'), peBody(scopeId('ampls')));
    expect(eleventh.status).toBe(400);
    expect(eleventh.body.error).toMatchObject({ code: 'PrivateEndpointBadRequest' });
    expect(eleventh.body.error.message).toContain('up to 10');
  });
});
