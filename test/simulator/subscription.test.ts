// The subscription (tenantId) and resource provider registration: every simulated namespace is listed and
// Registered by default; unregistering one makes its writes fail with MissingSubscriptionRegistration.
import { describe, expect, it } from 'vitest';
import { ArmSimulator } from '../../src/simulator/index.js';
import { HOST, SUB, createGroup, harness } from './helpers.js';
import { KV_API, at, tenantOf, vaultBody, vaultId } from './paas-helpers.js';

const NAMESPACES = [
  'Microsoft.Resources', 'Microsoft.Network', 'Microsoft.KeyVault', 'Microsoft.Storage', 'Microsoft.ContainerRegistry',
  'Microsoft.ManagedIdentity', 'Microsoft.Authorization', 'Microsoft.OperationalInsights', 'Microsoft.Insights',
];

describe('subscription and provider registration', () => {
  it('answers the subscription with a tenantId stable for the simulator directory', async () => {
    const h = await harness();
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const a = await h.call('GET', `/subscriptions/${SUB}?api-version=2022-12-01`);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ subscriptionId: SUB, state: 'Enabled', displayName: expect.any(String) });
    expect(a.body.tenantId).toMatch(guid);
    expect((await h.call('GET', `/subscriptions/${SUB}?api-version=2016-06-01`)).body.tenantId).toBe(a.body.tenantId);
    // Another process on the same directory sees the same tenant; another directory has its own.
    const again = await ArmSimulator.open({ dir: h.dir, timeScale: 1, latency: 'median', now: h.clock.now });
    const res = await again.handle({ method: 'GET', url: `${HOST}/subscriptions/${SUB}?api-version=2022-12-01`, headers: {} });
    expect(JSON.parse(res.body as string).tenantId).toBe(a.body.tenantId);
    expect(await tenantOf(await harness())).not.toBe(a.body.tenantId);
  });

  it('lists every simulated namespace as Registered, and unregister/register toggle writes', async () => {
    const h = await harness();
    const all = await h.call('GET', `/subscriptions/${SUB}/providers?api-version=2025-04-01`);
    const listed = all.body.value.map((p: { namespace: string }) => p.namespace);
    for (const ns of NAMESPACES) expect(listed).toContain(ns);
    for (const ns of NAMESPACES) {
      const info = await h.call('GET', `/subscriptions/${SUB}/providers/${ns}?api-version=2025-04-01`);
      expect(info.body.registrationState).toBe('Registered');
    }
    await createGroup(h);
    const tenant = await tenantOf(h);
    const un = await h.call('POST', `/subscriptions/${SUB}/providers/Microsoft.KeyVault/unregister?api-version=2025-04-01`);
    expect(un.status).toBe(200);
    expect(un.body.registrationState).toBe('NotRegistered');
    expect((await h.call('GET', `/subscriptions/${SUB}/providers/microsoft.keyvault?api-version=2021-04-01`)).body.registrationState).toBe('NotRegistered');
    const refused = await h.call('PUT', at(vaultId('rg1', 'kv-unreg1'), KV_API), vaultBody(tenant));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('MissingSubscriptionRegistration');
    expect(refused.body.error.message).toContain("namespace 'Microsoft.KeyVault'");
    // Other subscriptions are unaffected.
    const other = '22222222-3333-4444-5555-666666666666';
    expect((await h.call('GET', `/subscriptions/${other}/providers/Microsoft.KeyVault?api-version=2025-04-01`)).body.registrationState).toBe('Registered');

    const re = await h.call('POST', `/subscriptions/${SUB}/providers/Microsoft.KeyVault/register?api-version=2025-04-01`);
    expect(re.body.registrationState).toBe('Registered');
    expect((await h.call('PUT', at(vaultId('rg1', 'kv-unreg1'), KV_API), vaultBody(tenant))).status).toBe(201);
  });

  it('answers NoRegisteredProviderFound listing the supported api-versions', async () => {
    const h = await harness();
    await createGroup(h);
    const r = await h.call('GET', at(vaultId('rg1', 'kv1'), '2030-01-01'));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('NoRegisteredProviderFound');
    expect(r.body.error.message).toContain("'2026-04-01-preview, 2026-04-01, 2026-03-01-preview, 2026-02-01, 2025-05-01, 2024-12-01-preview, 2024-11-01, ");
  });
});
