// Defender for Cloud plans (Microsoft.Security/pricings 2024-01-01): all Free in a new subscription,
// enabling with sub-plans, deprecated plans, and the refusals (SPEC.md "Defender for Cloud plans").
import { describe, expect, it } from 'vitest';
import { SUB, harness } from './helpers.js';
import { expectRefused } from './refusal-helpers.js';

const API = '2024-01-01';
const plan = (name: string, api = API) => `/subscriptions/${SUB}/providers/Microsoft.Security/pricings/${name}?api-version=${api}`;
const standard = (subPlan?: string) => ({ properties: { pricingTier: 'Standard', ...(subPlan ? { subPlan } : {}) } });

describe('Defender for Cloud pricings', () => {
  it('lists every plan Free in a new subscription; deprecated plans say so and name their replacement', async () => {
    const h = await harness();
    const r = await h.call('GET', `/subscriptions/${SUB}/providers/Microsoft.Security/pricings?api-version=${API}`);
    expect(r.status).toBe(200);
    const byName = Object.fromEntries(r.body.value.map((p: { name: string }) => [p.name, p]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['VirtualMachines', 'StorageAccounts', 'KeyVaults', 'Containers', 'Arm', 'Dns', 'ContainerRegistry', 'KubernetesService']));
    expect(r.body.value.every((p: { properties: { pricingTier: string } }) => p.properties.pricingTier === 'Free')).toBe(true);
    expect(byName.ContainerRegistry.properties).toMatchObject({ deprecated: true, replacedBy: ['Containers'] });
    expect(byName.KubernetesService.properties.replacedBy).toEqual(['Containers']);
    expect(byName.VirtualMachines.properties.deprecated).toBeUndefined();
    expect(byName.VirtualMachines.properties.freeTrialRemainingTime).toBe('PT0S');
  });

  it('enables a plan with a sub-plan (200), with the default sub-plan when none is given, and back to Free', async () => {
    const h = await harness();
    const st = await h.call('PUT', plan('StorageAccounts'), standard('DefenderForStorageV2'));
    expect(st.status).toBe(200);
    expect(st.body.properties).toMatchObject({ pricingTier: 'Standard', subPlan: 'DefenderForStorageV2', freeTrialRemainingTime: 'P30DT0H0M0S' });
    expect(st.body.properties.enablementTime).toMatch(/^2025-06-01T/);
    const vm = await h.call('PUT', plan('virtualmachines'), standard());
    expect(vm.body.name).toBe('VirtualMachines');
    expect(vm.body.properties.subPlan).toBe('P2');
    h.clock.advance(86400);
    const get = await h.call('GET', plan('StorageAccounts'));
    expect(get.body.properties.freeTrialRemainingTime).toBe('P29DT0H0M0S');
    // A subscription setting, not one of the subscription's resources.
    const resources = await h.call('GET', `/subscriptions/${SUB}/resources?api-version=2025-04-01`);
    expect(resources.body.value.filter((r: { type: string }) => r.type === 'Microsoft.Security/pricings')).toEqual([]);
    const off = await h.call('PUT', plan('StorageAccounts'), { properties: { pricingTier: 'Free' } });
    expect(off.body.properties).toEqual({ pricingTier: 'Free', freeTrialRemainingTime: 'PT0S' });
  });

  it('refuses an unknown plan, a sub-plan the plan does not offer, a retired sub-plan and enabling a deprecated plan (400 InvalidInputError)', async () => {
    const h = await harness();
    expectRefused(await h.call('PUT', plan('Quantum'), standard()), 400, 'InvalidInputError', "The pricing name 'Quantum' is not valid.");
    expectRefused(await h.call('PUT', plan('VirtualMachines'), standard('P3')), 400, 'InvalidInputError', "The sub-plan 'P3' is not valid for plan 'VirtualMachines'. Available sub-plans: 'P2, P1'.");
    expectRefused(await h.call('PUT', plan('Containers'), standard('P1')), 400, 'InvalidInputError', 'The plan has no sub-plans.');
    expectRefused(await h.call('PUT', plan('KeyVaults'), standard('PerTransaction')), 400, 'InvalidInputError', "The sub-plan 'PerTransaction' of plan 'KeyVaults' is deprecated");
    expectRefused(await h.call('PUT', plan('Arm'), standard('PerApiCall')), 400, 'InvalidInputError', 'is deprecated');
    expectRefused(await h.call('PUT', plan('ContainerRegistry'), standard()), 400, 'InvalidInputError', "The plan 'ContainerRegistry' is deprecated and cannot be enabled. Use the plan(s) 'Containers' instead.");
    expectRefused(await h.call('PUT', plan('StorageAccounts'), { properties: { pricingTier: 'Free', subPlan: 'PerTransaction' } }), 400, 'InvalidInputError', "pricingTier 'Standard'");
    expectRefused(await h.call('PUT', plan('StorageAccounts'), { properties: { pricingTier: 'Premium' } }), 400, 'InvalidRequestContent', 'pricingTier');
    expectRefused(await h.call('PUT', plan('StorageAccounts', '2019-01-01'), standard()), 400, 'NoRegisteredProviderFound', 'pricings');
    expectRefused(await h.call('DELETE', plan('StorageAccounts')), 405, 'MethodNotAllowed', 'DELETE');
  });
});
