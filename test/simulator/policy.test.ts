// Azure Policy in the simulator: built-in definitions, assignments (identity, listing), exemptions,
// compliance states after the modelled evaluation delay or an on-demand scan, and Deny at request time.
import { describe, expect, it } from 'vitest';
import { evaluationDelaySeconds } from '../../src/simulator/providers/authorization/policy-assignments.js';
import { SUB, createGroup, harness, rel } from './helpers.js';
import { AUTH_API, KV_API, at, createVault, rgId, tenantOf, vaultBody, vaultId } from './paas-helpers.js';
import { EXEMPTION_API, INSIGHTS_API, KV_PUBLIC, KV_RBAC, POLICY_API, assign, assignmentBody, assignmentPath, defId, exemptionPath, queryStates } from './policy-helpers.js';

describe('built-in policy definitions', () => {
  it('serves the templates/policies files at the tenant root and under a subscription, policyType BuiltIn', async () => {
    const h = await harness();
    const r = await h.call('GET', `${defId(KV_RBAC)}?api-version=${POLICY_API}`);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(defId(KV_RBAC));
    expect(r.body.properties.policyType).toBe('BuiltIn');
    expect(r.body.properties.displayName).toBe('Azure Key Vault should use RBAC permission model');
    const s = await h.call('GET', `/subscriptions/${SUB}${defId(KV_PUBLIC)}?api-version=${POLICY_API}`);
    expect(s.status).toBe(200);
  });
});

describe('policy assignments', () => {
  it('creates (201), reads, lists with atScope() and deletes (200, then 204) an assignment at a resource group', async () => {
    const h = await harness();
    await createGroup(h, 'rg1');
    const put = await h.call('PUT', assignmentPath(rgId('rg1'), 'kv-rbac'), assignmentBody(KV_RBAC, { effect: 'Audit' }));
    expect(put.status).toBe(201);
    expect(put.body.properties.scope).toBe(rgId('rg1'));
    expect(put.body.properties.notScopes).toEqual([]);
    expect(put.body.properties.enforcementMode).toBe('Default');
    expect(put.body.properties.metadata['secure-aml-env']).toBe('dev');
    expect(put.body.properties.metadata.createdOn).toMatch(/^\d{4}-/);
    expect(put.body.systemData.createdAt).toMatch(/^\d{4}-/);
    const list = await h.call('GET', `${rgId('rg1')}/providers/Microsoft.Authorization/policyAssignments?api-version=${POLICY_API}&$filter=atScope()`);
    expect(list.body.value.map((a: { name: string }) => a.name)).toEqual(['kv-rbac']);
    expect((await h.call('GET', assignmentPath(rgId('rg1'), 'kv-rbac'))).status).toBe(200);
    expect((await h.call('DELETE', assignmentPath(rgId('rg1'), 'kv-rbac'))).status).toBe(200);
    expect((await h.call('DELETE', assignmentPath(rgId('rg1'), 'kv-rbac'))).status).toBe(204);
    expect((await h.call('GET', assignmentPath(rgId('rg1'), 'kv-rbac'))).body.error.code).toBe('PolicyAssignmentNotFound');
  });

  it('gives a SystemAssigned identity a directory principal that role assignments accept after replication', async () => {
    const h = await harness();
    await createGroup(h, 'rg1');
    const put = await h.call('PUT', assignmentPath(rgId('rg1'), 'with-id'), assignmentBody(KV_RBAC, {}, { location: 'eastus', identity: { type: 'SystemAssigned' } }));
    expect(put.status).toBe(201);
    expect(put.body.identity.type).toBe('SystemAssigned');
    expect(put.body.identity.tenantId).toBe(await tenantOf(h));
    h.clock.advance(600);
    const ra = await h.call('PUT', `${rgId('rg1')}/providers/Microsoft.Authorization/roleAssignments/0f8d3b8e-2a3b-4c5d-8e9f-0a1b2c3d4e5f?api-version=${AUTH_API}`, {
      properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`, principalId: put.body.identity.principalId },
    });
    expect(ra.status, JSON.stringify(ra.body)).toBe(201);
    expect(ra.body.properties.principalType).toBe('ServicePrincipal');
  });
});

describe('assignment scopes and exemption expiry', () => {
  it('lists subscription, group and resource assignments by scope; an expired exemption no longer exempts', async () => {
    const h = await harness();
    await createGroup(h, 'rg1');
    await createVault(h, 'rg1', 'kvscope', { enableRbacAuthorization: false });
    const sub = await h.call('PUT', assignmentPath(`/subscriptions/${SUB}`, 'at-sub'), assignmentBody(KV_PUBLIC));
    expect(sub.status).toBe(201);
    expect((await h.call('PUT', assignmentPath(vaultId('rg1', 'kvscope'), 'at-vault'), assignmentBody(KV_RBAC))).status).toBe(201);
    const names = async (filter: string) =>
      (await h.call('GET', `${rgId('rg1')}/providers/Microsoft.Authorization/policyAssignments?api-version=${POLICY_API}${filter}`)).body.value.map((a: { name: string }) => a.name);
    expect(await names('')).toEqual(['at-sub', 'at-vault']);
    expect(await names('&$filter=atScope()')).toEqual(['at-sub']);
    expect(await names('&$filter=atExactScope()')).toEqual([]);
    const ex = await h.call('PUT', exemptionPath(vaultId('rg1', 'kvscope'), 'short'), {
      properties: { policyAssignmentId: sub.body.id, exemptionCategory: 'waiver', expiresOn: '2025-06-01T01:00:00Z' },
    });
    expect(ex.body.properties.exemptionCategory).toBe('Waiver');
    h.clock.advance(evaluationDelaySeconds());
    const state = async () => (await queryStates(h, 'rg1', `&$filter=${encodeURIComponent(`policyAssignmentId eq '${sub.body.id}'`)}`)).body.value[0].complianceState;
    expect(await state()).toBe('Exempt');
    h.clock.advance(3600);
    expect(await state()).toBe('NonCompliant');
  });
});

describe('compliance states (Microsoft.PolicyInsights)', () => {
  it('shows no state before the first evaluation, then NonCompliant/Compliant rows; Exempt once exempted', async () => {
    const h = await harness();
    await createGroup(h, 'rg1');
    await createVault(h, 'rg1', 'kvrbac1', { enableRbacAuthorization: true });
    await createVault(h, 'rg1', 'kvpolicy1', { enableRbacAuthorization: false });
    const a = await assign(h, 'rg1', 'kv-rbac', KV_RBAC, { effect: 'Audit' });
    const early = await queryStates(h, 'rg1');
    expect(early.status).toBe(200);
    expect(early.body['@odata.count']).toBe(0);
    h.clock.advance(evaluationDelaySeconds());
    const r = await queryStates(h, 'rg1');
    const byName = Object.fromEntries(r.body.value.map((v: { resourceId: string; complianceState: string }) => [v.resourceId.split('/').pop(), v]));
    expect(byName.kvpolicy1.complianceState).toBe('NonCompliant');
    expect(byName.kvpolicy1.isCompliant).toBe(false);
    expect(byName.kvpolicy1.policyDefinitionAction).toBe('audit');
    expect(byName.kvpolicy1.policyAssignmentId).toBe(a.id);
    expect(byName.kvrbac1.complianceState).toBe('Compliant');
    expect(r.body['@odata.count']).toBe(2);

    const ex = await h.call('PUT', exemptionPath(vaultId('rg1', 'kvpolicy1'), 'waive-kv'), {
      properties: { policyAssignmentId: a.id, exemptionCategory: 'Waiver', displayName: 'legacy vault', metadata: { 'secure-aml-env': 'dev', reason: 'migrating' } },
    });
    expect(ex.status).toBe(201);
    const filtered = await queryStates(h, 'rg1', `&$filter=${encodeURIComponent(`policyAssignmentId eq '${a.id}' and complianceState eq 'Exempt'`)}`);
    expect(filtered.body.value.map((v: { resourceId: string }) => v.resourceId)).toEqual([vaultId('rg1', 'kvpolicy1')]);
    const top = await queryStates(h, 'rg1', '&$top=1');
    expect(top.body.value).toHaveLength(1);
    const list = await h.call('GET', `${rgId('rg1')}/providers/Microsoft.Authorization/policyExemptions?api-version=${EXEMPTION_API}`);
    expect(list.body.value.map((e: { name: string }) => e.name)).toEqual(['waive-kv']);
  });

  it('triggerEvaluation answers 202 + Location, polls 202 until the scan ends, then states appear', async () => {
    const h = await harness();
    await createGroup(h, 'rg1');
    await createVault(h, 'rg1', 'kvpolicy2', { enableRbacAuthorization: false });
    await assign(h, 'rg1', 'kv-rbac', KV_RBAC);
    const t = await h.call('POST', `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.PolicyInsights/policyStates/latest/triggerEvaluation?api-version=${INSIGHTS_API}`);
    expect(t.status).toBe(202);
    const poll = rel(t.headers.location);
    expect((await h.call('GET', poll)).status).toBe(202);
    expect((await queryStates(h, 'rg1')).body.value).toHaveLength(0);
    h.clock.advance(180);
    const done = await h.call('GET', poll);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('Succeeded');
    const states = await queryStates(h, 'rg1');
    expect(states.body.value.map((v: { complianceState: string }) => v.complianceState)).toEqual(['NonCompliant']);
  });
});

describe('Deny at request time', () => {
  it('refuses a write the assignment denies (403 RequestDisallowedByPolicy with PolicyViolation), lifts it with an exemption and for DoNotEnforce', async () => {
    const h = await harness();
    await createGroup(h, 'rg1');
    const a = await assign(h, 'rg1', 'deny-kv', KV_RBAC, { effect: 'Deny' });
    const tenant = await tenantOf(h);
    const r = await h.call('PUT', at(vaultId('rg1', 'kvdenied'), KV_API), vaultBody(tenant, { enableRbacAuthorization: false }));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('RequestDisallowedByPolicy');
    expect(r.body.error.message).toContain("Resource 'kvdenied' was disallowed by policy. Policy identifiers: '[");
    expect(r.body.error.target).toBe('kvdenied');
    expect(r.body.error.additionalInfo[0].type).toBe('PolicyViolation');
    expect(r.body.error.additionalInfo[0].info.policyAssignmentId).toBe(a.id);
    expect(r.body.error.additionalInfo[0].info.policyDefinitionEffect).toBe('deny');
    // A compliant body passes.
    expect((await h.call('PUT', at(vaultId('rg1', 'kvok'), KV_API), vaultBody(tenant, { enableRbacAuthorization: true }))).status).toBe(201);
    // An exemption at the (future) resource's resource group lifts the Deny.
    const ex = await h.call('PUT', exemptionPath(rgId('rg1'), 'allow-legacy'), { properties: { policyAssignmentId: a.id, exemptionCategory: 'Mitigated' } });
    expect(ex.status).toBe(201);
    expect((await h.call('PUT', at(vaultId('rg1', 'kvdenied'), KV_API), vaultBody(tenant, { enableRbacAuthorization: false }))).status).toBe(201);
    expect((await h.call('DELETE', exemptionPath(rgId('rg1'), 'allow-legacy'))).status).toBe(200);
    // DoNotEnforce: audited, never denied.
    const dn = await h.call('PUT', assignmentPath(rgId('rg1'), 'deny-kv'), assignmentBody(KV_RBAC, { effect: 'Deny' }, {}, { enforcementMode: 'DoNotEnforce' }));
    expect(dn.status).toBe(201);
    expect((await h.call('PUT', at(vaultId('rg1', 'kvdenied2'), KV_API), vaultBody(tenant, { enableRbacAuthorization: false }))).status).toBe(201);
  });
});
