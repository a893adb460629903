// Resource groups and the subscription: the synchronous PUT, HEAD, PATCH, and the Location-polled
// DELETE that cascades to everything in the group.
import { describe, expect, it } from 'vitest';
import { HOST, RES_API, SUB, createGroup, harness, netPath, rel, rgPath, vnetBody } from './helpers.js';

describe('resource groups', () => {
  it('creates (201), updates (200), reads, HEADs and lists a group', async () => {
    const h = await harness();
    const created = await h.call('PUT', rgPath('MyGroup'), { location: 'East US', tags: { env: 'dev' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: `/subscriptions/${SUB}/resourceGroups/MyGroup`,
      name: 'MyGroup',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'eastus',
      tags: { env: 'dev' },
      properties: { provisioningState: 'Succeeded' },
    });
    const updated = await h.call('PUT', rgPath('mygroup'), { location: 'eastus', tags: { env: 'prod' } });
    expect(updated.status).toBe(200);
    expect(updated.body.name).toBe('MyGroup'); // names keep the case given at creation
    expect(updated.body.tags).toEqual({ env: 'prod' });

    expect((await h.call('GET', `/subscriptions/${SUB}/resourceGroups/MYGROUP?api-version=${RES_API}`)).body.tags).toEqual({ env: 'prod' });
    const head = await h.call('HEAD', rgPath('MyGroup'));
    expect(head.status).toBe(204);
    expect(head.body).toBeUndefined();
    expect((await h.call('HEAD', rgPath('nope'))).status).toBe(404);

    const list = await h.call('GET', `/subscriptions/${SUB}/resourcegroups?api-version=${RES_API}&$filter=tagName eq 'env' and tagValue eq 'prod'`);
    expect(list.body.value.map((g: { name: string }) => g.name)).toEqual(['MyGroup']);
  });

  it('PATCH replaces tags synchronously', async () => {
    const h = await harness();
    await h.call('PUT', rgPath('rg1'), { location: 'westeurope', tags: { a: '1' } });
    const patched = await h.call('PATCH', rgPath('rg1'), { tags: { b: '2' } });
    expect(patched.status).toBe(200);
    expect(patched.body.tags).toEqual({ b: '2' });
  });

  it('validates location, name, tags and body like ARM', async () => {
    const h = await harness();
    expect((await h.call('PUT', rgPath('rg1'), {})).body.error.code).toBe('LocationRequired');
    const bad = await h.call('PUT', rgPath('rg1'), { location: 'mars' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('LocationNotAvailableForResourceGroup');
    expect((await h.call('PUT', rgPath('ends.with.dot.'), { location: 'eastus' })).body.error.code).toBe('InvalidResourceGroup');
    expect((await h.call('PUT', rgPath('a'.repeat(91)), { location: 'eastus' })).body.error.code).toBe('InvalidResourceGroup');
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v']));
    expect((await h.call('PUT', rgPath('rg1'), { location: 'eastus', tags })).body.error.code).toBe('InvalidTag');
    expect((await h.call('PUT', rgPath('rg1'), { location: 'eastus', tags: { t: 'v'.repeat(257) } })).body.error.code).toBe('InvalidTag');
    const unknown = await h.call('PUT', rgPath('rg1'), { location: 'eastus', colour: 'blue' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('InvalidRequestContent');
    expect(unknown.body.error.message).toContain("Could not find member 'colour' on object of type 'ResourceGroup'");
    expect((await h.call('PUT', rgPath('rg1'), { location: 'eastus', name: 'other' })).status).toBe(400);

    await h.call('PUT', rgPath('rg1'), { location: 'eastus' });
    const moved = await h.call('PUT', rgPath('rg1'), { location: 'westus' });
    expect(moved.status).toBe(409);
    expect(moved.body.error.code).toBe('InvalidResourceGroupLocation');
  });

  it('requires a supported api-version', async () => {
    const h = await harness();
    const missing = await h.call('GET', `/subscriptions/${SUB}/resourcegroups/rg1`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('MissingApiVersionParameter');
    const bad = await h.call('GET', rgPath('rg1', '2099-01-01'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('InvalidApiVersionParameter');
    for (const v of ['2024-03-01', '2024-11-01', '2025-04-01']) expect((await h.call('PUT', rgPath('rg1', v), { location: 'eastus' })).status).toBeLessThan(300);
  });

  it('answers 404 ResourceGroupNotFound for the group and for anything under it', async () => {
    const h = await harness();
    const rg = await h.call('GET', rgPath('ghost'));
    expect(rg.status).toBe(404);
    expect(rg.body.error.code).toBe('ResourceGroupNotFound');
    const put = await h.call('PUT', netPath('ghost', 'virtualNetworks/v1'), vnetBody());
    expect(put.status).toBe(404);
    expect(put.body.error.code).toBe('ResourceGroupNotFound');
    expect((await h.call('GET', netPath('ghost', 'virtualNetworks/v1'))).body.error.code).toBe('ResourceGroupNotFound');
    expect((await h.call('DELETE', rgPath('ghost'))).body.error.code).toBe('ResourceGroupNotFound');
  });

  it('DELETE returns 202 + Location, polls 202 until done, then 200, and cascades to the contents', async () => {
    const h = await harness();
    await createGroup(h, 'rg1');
    await createGroup(h, 'keep');
    await h.call('PUT', netPath('rg1', 'virtualNetworks/v1'), vnetBody([{ name: 's1', prefix: '10.0.1.0/24' }]));
    await h.call('PUT', netPath('rg1', 'networkSecurityGroups/n1'), { location: 'eastus' });
    h.clock.advance(10);

    const del = await h.call('DELETE', rgPath('rg1'));
    expect(del.status).toBe(202);
    expect(del.headers.location).toMatch(new RegExp(`^${HOST}/subscriptions/${SUB}/operationresults/[A-Za-z0-9_-]+\\?api-version=${RES_API}$`));
    expect(del.headers['retry-after']).toBe('15');
    expect((await h.call('GET', rgPath('rg1'))).body.properties.provisioningState).toBe('Deleting');
    // Writes into a group being deleted are refused.
    const during = await h.call('PUT', netPath('rg1', 'networkSecurityGroups/n2'), { location: 'eastus' });
    expect(during.status).toBe(409);
    expect(during.body.error.code).toBe('ResourceGroupBeingDeleted');

    // Empty-group delete takes 45 s in the model; the contents (VNet 11 s, NSG 10 s) are faster.
    h.clock.advance(44);
    const polling = await h.call('GET', rel(del.headers.location));
    expect(polling.status).toBe(202);
    expect(polling.headers.location).toBeDefined();
    h.clock.advance(1);
    expect((await h.call('GET', rel(del.headers.location))).status).toBe(200);

    expect((await h.call('HEAD', rgPath('rg1'))).status).toBe(404);
    expect((await h.call('GET', netPath('rg1', 'virtualNetworks/v1'))).body.error.code).toBe('ResourceGroupNotFound');
    const ids = (await h.sim.dump()).map((r) => r.id);
    expect(ids).toEqual([`/subscriptions/${SUB}/resourceGroups/keep`]);
  });

  it('lists the top-level resources of a group', async () => {
    const h = await harness();
    await createGroup(h);
    await h.call('PUT', netPath('rg1', 'virtualNetworks/v1'), { ...vnetBody([{ name: 's1', prefix: '10.0.1.0/24' }]), tags: { 'secure-aml-env': 'dev' } });
    await h.call('PUT', netPath('rg1', 'networkSecurityGroups/n1'), { location: 'eastus' });
    const all = await h.call('GET', `/subscriptions/${SUB}/resourceGroups/rg1/resources?api-version=${RES_API}`);
    expect(all.status).toBe(200);
    expect(all.body.value).toEqual([
      {
        id: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v1`,
        name: 'v1',
        type: 'Microsoft.Network/virtualNetworks',
        location: 'eastus',
        tags: { 'secure-aml-env': 'dev' },
      },
      {
        id: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/n1`,
        name: 'n1',
        type: 'Microsoft.Network/networkSecurityGroups',
        location: 'eastus',
      },
    ]);
    const tagged = await h.call('GET', `/subscriptions/${SUB}/resourceGroups/rg1/resources?api-version=${RES_API}&$filter=${encodeURIComponent("tagName eq 'secure-aml-env'")}`);
    expect(tagged.body.value.map((r: { name: string }) => r.name)).toEqual(['v1']);
    expect((await h.call('GET', `/subscriptions/${SUB}/resourceGroups/nope/resources?api-version=${RES_API}`)).body.error.code).toBe('ResourceGroupNotFound');
  });
});

describe('subscription and unknown routes', () => {
  it('answers any GUID subscription and 404s a non-GUID one', async () => {
    const h = await harness();
    const sub = await h.call('GET', `/subscriptions/${SUB}?api-version=2022-12-01`);
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({ id: `/subscriptions/${SUB}`, subscriptionId: SUB, state: 'Enabled' });
    const bad = await h.call('GET', '/subscriptions/not-a-guid?api-version=2022-12-01');
    expect(bad.status).toBe(404);
    expect(bad.body.error.code).toBe('SubscriptionNotFound');
  });

  it('fails loudly on routes, namespaces, types and methods it does not implement', async () => {
    const h = await harness();
    await createGroup(h);
    expect((await h.call('GET', `/locations?api-version=${RES_API}`)).status).toBe(404);
    const ns = await h.call('GET', `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Foo/bars/x?api-version=${RES_API}`);
    expect(ns.status).toBe(400);
    expect(ns.body.error.code).toBe('InvalidResourceNamespace');
    const type = await h.call('GET', netPath('rg1', 'loadBalancers/lb1'));
    expect(type.status).toBe(404);
    expect(type.body.error.code).toBe('InvalidResourceType');
    const method = await h.call('POST', rgPath('rg1'), {});
    expect(method.status).toBe(405);
    expect(method.body.error.code).toBe('MethodNotAllowed');
    expect((await h.call('PUT', netPath('rg1', 'virtualNetworks'), vnetBody())).status).toBe(405);
  });

  it('puts request ids on every response and echoes the correlation id', async () => {
    const h = await harness();
    const r = await h.call('GET', rgPath('none'), undefined, { 'x-ms-correlation-request-id': 'corr-1' });
    expect(r.headers['x-ms-correlation-request-id']).toBe('corr-1');
    expect(r.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const c = await h.call('GET', rgPath('none'), undefined, { 'x-ms-client-request-id': 'client-1' });
    expect(c.headers['x-ms-correlation-request-id']).toBe('client-1');
    const n = await h.call('GET', rgPath('none'));
    expect(n.headers['x-ms-correlation-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
