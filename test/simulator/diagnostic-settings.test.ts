// Microsoft.Insights diagnosticSettings as extension resources of a resource: CRUD and list, the target and
// sink checks, categories per target type, the 5-setting limit, sink reuse, retention, api-versions, and
// the cascade with the target (and its resource group).
import { describe, expect, it } from 'vitest';
import { SUB, createGroup, harness, rel, rgPath, type Harness } from './helpers.js';
import { LA_API, at, resId, vaultId } from './paas-helpers.js';
import { createStorage, createVault } from './seed.js';

const DS_API = '2021-05-01-preview';
const LEGACY_API = '2017-05-01-preview';
const lawId = (name: string, rg = 'rg1') => resId(rg, 'Microsoft.OperationalInsights', `workspaces/${name}`);
const dsId = (target: string, name: string) => `${target}/providers/Microsoft.Insights/diagnosticSettings/${name}`;
const dsPath = (target: string, name: string, api = DS_API) => at(dsId(target, name), api);
const listPath = (target: string, api = DS_API) => at(`${target}/providers/Microsoft.Insights/diagnosticSettings`, api);

const settings = (workspaceId: string | undefined, logs: unknown[] = [{ category: 'AuditEvent', enabled: true }], extra: Record<string, unknown> = {}) => ({
  properties: { ...(workspaceId ? { workspaceId } : {}), logs, metrics: [{ category: 'AllMetrics', enabled: true }], ...extra },
});

async function env(): Promise<{ h: Harness; vault: string; law: string; law2: string }> {
  const h = await harness();
  await createGroup(h);
  const vault = await createVault(h, 'kv-diag');
  for (const name of ['law-diag', 'law-two']) {
    const r = await h.call('PUT', at(lawId(name), LA_API), { location: 'eastus', properties: { sku: { name: 'PerGB2018' } } });
    expect(r.status).toBe(201);
  }
  h.clock.advance(30);
  return { h, vault, law: lawId('law-diag'), law2: lawId('law-two') };
}

describe('diagnostic settings', () => {
  it('creates, reads, lists, updates and deletes a vault setting; it appears in dump()', async () => {
    const { h, vault, law } = await env();
    const put = await h.call('PUT', dsPath(vault, 'to-law'), settings(law, [{ category: 'AuditEvent', enabled: true }], { logAnalyticsDestinationType: 'Dedicated' }));
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      id: dsId(vault, 'to-law'),
      name: 'to-law',
      type: 'Microsoft.Insights/diagnosticSettings',
      properties: {
        workspaceId: law,
        logs: [{ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
        metrics: [{ category: 'AllMetrics', enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
        logAnalyticsDestinationType: 'Dedicated',
      },
    });
    const got = await h.call('GET', dsPath(vault.toLowerCase(), 'TO-LAW'));
    expect(got.status).toBe(200);
    expect(got.body).toEqual(put.body);

    const update = await h.call('PUT', dsPath(vault, 'to-law'), settings(law, [{ categoryGroup: 'audit', enabled: true }]));
    expect(update.status).toBe(200);
    expect(update.body.properties.logs).toEqual([{ categoryGroup: 'audit', enabled: true, retentionPolicy: { enabled: false, days: 0 } }]);
    expect(update.body.properties.logAnalyticsDestinationType).toBeUndefined();

    const list = await h.call('GET', listPath(vault));
    expect(list.status).toBe(200);
    expect(list.body.value.map((s: { id: string }) => s.id)).toEqual([dsId(vault, 'to-law')]);
    expect((await h.sim.dump()).some((r) => r.id === dsId(vault, 'to-law') && r.type === 'Microsoft.Insights/diagnosticSettings')).toBe(true);
    // Extension resources are not in the resource group's listing.
    const resources = await h.call('GET', `/subscriptions/${SUB}/resourceGroups/rg1/resources?api-version=2025-04-01`);
    expect(resources.body.value.some((r: { type: string }) => r.type === 'Microsoft.Insights/diagnosticSettings')).toBe(false);

    expect((await h.call('DELETE', dsPath(vault, 'to-law'))).status).toBe(200);
    expect((await h.call('DELETE', dsPath(vault, 'to-law'))).status).toBe(204);
    const gone = await h.call('GET', dsPath(vault, 'to-law'));
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 'ResourceNotFound', message: "The diagnostic setting 'to-law' doesn't exist." }); // the RP's flat error shape
    expect((await h.call('GET', listPath(vault))).body.value).toEqual([]);
  });

  it('needs an existing target (ARM 404s) and a resource scope', async () => {
    const { h, law } = await env();
    const missing = await h.call('PUT', dsPath(vaultId('rg1', 'kv-none'), 'ds'), settings(law));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ResourceNotFound');
    expect(missing.body.error.message).toContain("'Microsoft.KeyVault/vaults/kv-none' under resource group 'rg1'");
    expect((await h.call('GET', listPath(vaultId('rg1', 'kv-none')))).status).toBe(404);
    expect((await h.call('GET', dsPath(vaultId('rg-none', 'kv'), 'ds'))).body.error.code).toBe('ResourceGroupNotFound');
    expect((await h.call('PUT', dsPath(`/subscriptions/${SUB}/resourceGroups/rg1`, 'ds'), settings(law))).status).toBe(400);
  });

  it('needs a data sink, and a workspace sink must be an existing Log Analytics workspace', async () => {
    const { h, vault, law } = await env();
    const none = await h.call('PUT', dsPath(vault, 'ds'), settings(undefined));
    expect(none.status).toBe(400);
    expect(none.body.error).toEqual({ code: 'BadRequest', message: 'At least one data sink needs to be specified.' });
    const noWs = await h.call('PUT', dsPath(vault, 'ds'), settings(lawId('law-none')));
    expect(noWs.status).toBe(400);
    expect(noWs.body.error.message).toContain('does not exist');
    expect((await h.call('PUT', dsPath(vault, 'ds'), settings(vault))).status).toBe(400);
    const notAnId = await h.call('PUT', dsPath(vault, 'ds'), settings('1c11b111-111e-1f11-b111-beef1111c1e1'));
    expect(notAnId.body.error.code).toBe('LinkedInvalidPropertyId');
    const noAccount = await h.call('PUT', dsPath(vault, 'ds'), settings(law, undefined, { storageAccountId: resId('rg1', 'Microsoft.Storage', 'storageAccounts/nostore') }));
    expect(noAccount.status).toBe(400);
    const account = await createStorage(h, 'diagstore');
    expect((await h.call('PUT', dsPath(vault, 'ds'), settings(undefined, undefined, { storageAccountId: account }))).status).toBe(200);
    const retention = await h.call('PUT', dsPath(vault, 'ds2'), settings(law, [{ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 30 } }]));
    expect(retention.body.error).toEqual({ code: 'BadRequest', message: 'Diagnostic settings does not support retention for new diagnostic settings.' });
  });

  it('accepts only the categories and groups of the target type', async () => {
    const { h, vault, law } = await env();
    const bad = await h.call('PUT', dsPath(vault, 'ds'), settings(law, [{ category: 'WorkflowRuntime', enabled: true }]));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({ code: 'BadRequest', message: "Category 'WorkflowRuntime' is not supported." });
    const group = await h.call('PUT', dsPath(vault, 'ds'), settings(law, [{ categoryGroup: 'security', enabled: true }]));
    expect(group.body.error.message).toBe("CategoryGroup: 'security' is not supported, supported ones are: 'allLogs,audit'");
    const both = await h.call('PUT', dsPath(vault, 'ds'), settings(law, [{ category: 'AuditEvent', categoryGroup: 'audit', enabled: true }]));
    expect(both.body.error.message).toBe('Diagnostic setting does not support mix of log category and log category group.');
    const mixed = await h.call('PUT', dsPath(vault, 'ds'), settings(law, [{ category: 'AuditEvent', enabled: true }, { categoryGroup: 'allLogs', enabled: true }]));
    expect(mixed.status).toBe(400);
    const metric = await h.call('PUT', dsPath(vault, 'ds'), { properties: { workspaceId: law, metrics: [{ category: 'Requests', enabled: true }] } });
    expect(metric.body.error.message).toBe("Metric category 'Requests' is not supported, supported categories are: 'AllMetrics'");
    expect((await h.call('PUT', dsPath(vault, 'ds'), settings(law, [{ category: 'azurepolicyevaluationdetails', enabled: true }]))).status).toBe(200);

    // Other types: allLogs and AllMetrics only.
    const account = await createStorage(h, 'diagtarget');
    expect((await h.call('PUT', dsPath(account, 'ds'), settings(law))).body.error.message).toBe("Category 'AuditEvent' is not supported.");
    expect((await h.call('PUT', dsPath(account, 'ds'), settings(law, [{ categoryGroup: 'allLogs', enabled: true }]))).status).toBe(200);

    // 2017-05-01-preview has no categoryGroup; other api-versions are refused.
    const legacy = await h.call('PUT', dsPath(vault, 'ds', LEGACY_API), settings(law, [{ categoryGroup: 'audit', enabled: true }]));
    expect(legacy.body.error.code).toBe('InvalidRequestContent');
    expect((await h.call('PUT', dsPath(vault, 'ds', LEGACY_API), settings(law))).status).toBe(200);
    expect((await h.call('GET', dsPath(vault, 'ds', '2020-02-02'))).body.error.code).toBe('NoRegisteredProviderFound');

    const categories = await h.call('GET', at(`${vault}/providers/Microsoft.Insights/diagnosticSettingsCategories`, DS_API));
    expect(categories.body.value.map((c: { name: string; properties: { categoryType: string } }) => `${c.name}:${c.properties.categoryType}`)).toEqual([
      'AuditEvent:Logs',
      'AzurePolicyEvaluationDetails:Logs',
      'AllMetrics:Metrics',
    ]);
    expect(categories.body.value[0].properties.categoryGroups).toEqual(['allLogs', 'audit']);
  });

  it('allows 5 settings per resource and one setting per sink and category', async () => {
    const { h, vault, law, law2 } = await env();
    expect((await h.call('PUT', dsPath(vault, 'a'), settings(law, [{ categoryGroup: 'allLogs', enabled: true }]))).status).toBe(200);
    const reuse = await h.call('PUT', dsPath(vault, 'b'), { properties: { workspaceId: law, logs: [{ category: 'AuditEvent', enabled: true }] } });
    expect(reuse.status).toBe(409);
    expect(reuse.body.error).toEqual({
      code: 'Conflict',
      message: `Data sink '${law}' is already used in diagnostic setting 'a' for category 'AuditEvent'. Data sinks can't be reused in different settings on the same category for the same resource.`,
    });
    const metrics = await h.call('PUT', dsPath(vault, 'b'), { properties: { workspaceId: law, metrics: [{ category: 'AllMetrics', enabled: true }] } });
    expect(metrics.body.error.message).toContain("for category 'AllMetrics'");
    // Same sink, disabled categories: no overlap. Another sink: fine. Updating the setting itself: fine.
    expect((await h.call('PUT', dsPath(vault, 'b'), { properties: { workspaceId: law, logs: [{ category: 'AuditEvent', enabled: false }] } })).status).toBe(200);
    expect((await h.call('PUT', dsPath(vault, 'c'), settings(law2))).status).toBe(200);
    expect((await h.call('PUT', dsPath(vault, 'a'), settings(law, [{ categoryGroup: 'allLogs', enabled: true }]))).status).toBe(200);
    const account = await createStorage(h, 'diagsink');
    for (const name of ['d', 'e']) {
      expect((await h.call('PUT', dsPath(vault, name), { properties: { storageAccountId: account, logs: [{ category: name === 'd' ? 'AuditEvent' : 'AzurePolicyEvaluationDetails', enabled: true }] } })).status).toBe(200);
    }
    const sixth = await h.call('PUT', dsPath(vault, 'f'), { properties: { storageAccountId: account, logs: [] } });
    expect(sixth.status).toBe(409);
    expect(sixth.body.error.message).toBe("The limit of 5 diagnostic settings was reached. To create new setting 'f', delete an existing one.");
    expect((await h.call('GET', listPath(vault))).body.value).toHaveLength(5);
  });

  it('go with their target: vault delete (kept while soft-deleted, back on recovery) and resource group delete', async () => {
    const { h, vault, law } = await env();
    expect((await h.call('PUT', dsPath(vault, 'ds'), settings(law))).status).toBe(200);
    expect((await h.call('DELETE', at(vault, '2024-11-01'))).status).toBe(200);
    expect((await h.call('GET', dsPath(vault, 'ds'))).status).toBe(404);
    expect((await h.sim.dump()).some((r) => r.type === 'Microsoft.Insights/diagnosticSettings')).toBe(false);
    const tenantId = (await h.call('GET', `/subscriptions/${SUB}?api-version=2022-12-01`)).body.tenantId as string;
    const recovered = await h.call('PUT', at(vault, '2024-11-01'), { location: 'eastus', properties: { tenantId, sku: { family: 'A', name: 'standard' }, createMode: 'recover' } });
    expect(recovered.status).toBe(201);
    expect((await h.call('GET', dsPath(vault, 'ds'))).status).toBe(200);

    await createGroup(h, 'rg2');
    const account = await createStorage(h, 'diagrg2', { rg: 'rg2' });
    expect((await h.call('PUT', dsPath(account, 'ds'), settings(law, [{ categoryGroup: 'allLogs', enabled: true }]))).status).toBe(200);
    const del = await h.call('DELETE', rgPath('rg2'));
    expect(del.status).toBe(202);
    h.clock.advance(600);
    expect((await h.call('GET', rel(del.headers.location))).status).toBe(200);
    const left = (await h.sim.dump()).filter((r) => r.type === 'Microsoft.Insights/diagnosticSettings').map((r) => r.id);
    expect(left).toEqual([dsId(vault, 'ds')]);
  });
});
