// Log Analytics workspaces (body-polled create, Location-polled delete) and Application Insights
// components (workspace-based: the workspace must exist, in the same region).
import { describe, expect, it } from 'vitest';
import { createGroup, harness, rel } from './helpers.js';
import { AI_API, LA_API, at, resId } from './paas-helpers.js';

const wsId = (name: string) => resId('rg1', 'Microsoft.OperationalInsights', `workspaces/${name}`);
const aiId = (name: string) => resId('rg1', 'Microsoft.Insights', `components/${name}`);

describe('Log Analytics workspaces', () => {
  it('creates with Creating, settles to Succeeded, deletes with 202 + Location', async () => {
    const h = await harness();
    await createGroup(h);
    const r = await h.call('PUT', at(wsId('law-one'), LA_API), { location: 'eastus', properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30, publicNetworkAccessForQuery: 'Disabled' } });
    expect(r.status).toBe(201);
    expect(r.headers['azure-asyncoperation']).toBeUndefined();
    expect(r.body.properties).toMatchObject({ provisioningState: 'Creating', sku: { name: 'PerGB2018' }, retentionInDays: 30, publicNetworkAccessForIngestion: 'Enabled', publicNetworkAccessForQuery: 'Disabled' });
    expect(r.body.properties.customerId).toMatch(/^[0-9a-f-]{36}$/);
    h.clock.advance(23);
    const got = await h.call('GET', at(wsId('law-one'), '2022-10-01'));
    expect(got.body.properties.provisioningState).toBe('Succeeded');
    expect(got.body.properties.customerId).toBe(r.body.properties.customerId);
    expect((await h.call('PUT', at(wsId('law-two'), LA_API), { location: 'eastus', properties: { retentionInDays: 5 } })).status).toBe(400);
    const del = await h.call('DELETE', at(wsId('law-one'), LA_API, '&force=true'));
    expect(del.status).toBe(202);
    expect((await h.call('GET', rel(del.headers.location))).status).toBe(202);
    h.clock.advance(11);
    expect((await h.call('GET', rel(del.headers.location))).status).toBe(200);
    expect((await h.call('GET', at(wsId('law-one'), LA_API))).status).toBe(404);
  });
});

describe('Application Insights components', () => {
  it('needs an existing Log Analytics workspace in the same region', async () => {
    const h = await harness();
    await createGroup(h);
    const component = (workspace?: string, location = 'eastus') => ({
      location,
      kind: 'web',
      properties: { Application_Type: 'web', ...(workspace ? { WorkspaceResourceId: workspace } : {}), DisableLocalAuth: true },
    });
    const missing = await h.call('PUT', at(aiId('appi-one'), AI_API), component(wsId('law-none')));
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('does not exist');
    expect((await h.call('PUT', at(aiId('appi-one'), AI_API), component())).status).toBe(400);
    expect((await h.call('PUT', at(aiId('appi-one'), AI_API), { location: 'eastus', properties: { Application_Type: 'web' } })).body.error.code).toBe('InvalidRequestContent');
    await h.call('PUT', at(wsId('law-west'), LA_API), { location: 'westus' });
    expect((await h.call('PUT', at(aiId('appi-one'), AI_API), component(wsId('law-west')))).body.error.message).toContain('same region');

    await h.call('PUT', at(wsId('law-east'), LA_API), { location: 'eastus' });
    const ok = await h.call('PUT', at(aiId('appi-one'), AI_API), component(wsId('law-east')));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ kind: 'web', properties: { Application_Type: 'web', WorkspaceResourceId: wsId('law-east'), IngestionMode: 'LogAnalytics', DisableLocalAuth: true, provisioningState: 'Succeeded' } });
    const { InstrumentationKey, AppId, ConnectionString } = ok.body.properties;
    expect(ConnectionString).toBe(`InstrumentationKey=${InstrumentationKey};IngestionEndpoint=https://eastus-0.in.applicationinsights.azure.com/;LiveEndpoint=https://eastus.livediagnostics.monitor.azure.com/;ApplicationId=${AppId}`);
    const again = await h.call('PUT', at(aiId('appi-one'), '2015-05-01'), component(wsId('law-east')));
    expect(again.status).toBe(200);
    expect(again.body.properties.InstrumentationKey).toBe(InstrumentationKey);
    expect((await h.call('DELETE', at(aiId('appi-one'), AI_API))).status).toBe(200);
  });
});
