// Refusals of Azure Policy requests: each with its status, code and message (SPEC.md "Azure Policy").
import { describe, it } from 'vitest';
import { SUB, createGroup, harness } from './helpers.js';
import { expectRefused } from './refusal-helpers.js';
import { at, createVault, rgId, vaultId } from './paas-helpers.js';
import { INSIGHTS_API, KV_RBAC, POLICY_API, STORAGE_TLS, assign, assignmentBody, assignmentPath, defId, exemptionPath, queryStates } from './policy-helpers.js';

/** Built-ins (templates/policies/Machine Learning): computes local auth Modify; private DNS zones and private endpoint DINE. */
const ML_MODIFY = 'a6f9a2d0-cff7-4855-83ad-4cd750666512';
const ML_DNS_DINE = 'ee40564d-486e-4f68-a5ca-7a621edae0fb';
const ML_PE_DINE = '7838fd83-5cbb-4b5d-888c-bfa240972597';

async function withRg() {
  const h = await harness();
  await createGroup(h, 'rg1');
  return h;
}

describe('policy definition and assignment refusals', () => {
  it('404 PolicyDefinitionNotFound for an unknown built-in (GET and in an assignment)', async () => {
    const h = await withRg();
    const missing = '00000000-1111-2222-3333-444444444444';
    expectRefused(await h.call('GET', `${defId(missing)}?api-version=${POLICY_API}`), 404, 'PolicyDefinitionNotFound', `The policy definition '${missing}' could not be found.`);
    expectRefused(await h.call('PUT', assignmentPath(rgId('rg1'), 'a1'), assignmentBody(missing)), 404, 'PolicyDefinitionNotFound', 'could not be found');
  });

  it('400 UndefinedPolicyParameter / PolicyParameterValueNotAllowed (case-sensitive) / MissingPolicyParameter', async () => {
    const h = await withRg();
    expectRefused(
      await h.call('PUT', assignmentPath(rgId('rg1'), 'a1'), assignmentBody(KV_RBAC, { effect: 'Audit', bogus: 1 })),
      400,
      'UndefinedPolicyParameter',
      `The policy assignment 'a1' has the parameter(s) 'bogus' which are not defined in the policy definition '${KV_RBAC}'.`,
    );
    expectRefused(
      await h.call('PUT', assignmentPath(rgId('rg1'), 'a1'), assignmentBody(KV_RBAC, { effect: 'deny' })),
      400,
      'PolicyParameterValueNotAllowed',
      `The value 'deny' is not allowed for policy parameter 'effect' in policy definition '${KV_RBAC} version`,
    );
    const r = await h.call('PUT', assignmentPath(rgId('rg1'), 'a2'), assignmentBody(ML_DNS_DINE, {}, { location: 'eastus', identity: { type: 'SystemAssigned' } }));
    expectRefused(r, 400, 'MissingPolicyParameter', `The policy assignment 'a2' is missing the parameter(s) 'privateDnsZoneId' as defined in the policy definition '${ML_DNS_DINE}'.`);
  });

  it('400 ResourceIdentityRequired for an effect that deploys or modifies without identity; LocationRequired for an identity without location', async () => {
    const h = await withRg();
    expectRefused(
      await h.call('PUT', assignmentPath(rgId('rg1'), 'a3'), assignmentBody(ML_MODIFY)),
      400,
      'ResourceIdentityRequired',
      "The policy assignment 'a3' request is invalid. Policy assignments must include a resource identity when assigning 'Modify' policy definitions.",
    );
    const subnet = `${rgId('rg1')}/providers/Microsoft.Network/virtualNetworks/v/subnets/s`;
    expectRefused(
      await h.call('PUT', assignmentPath(rgId('rg1'), 'a3'), assignmentBody(ML_PE_DINE, { privateEndpointSubnetId: subnet })),
      400,
      'ResourceIdentityRequired',
      "must include a resource identity when assigning 'DeployIfNotExists' policy definitions.",
    );
    // Disabled deploys nothing: no identity needed.
    const disabled = await h.call('PUT', assignmentPath(rgId('rg1'), 'a3'), assignmentBody(ML_MODIFY, { effect: 'Disabled' }));
    if (disabled.status !== 201) throw new Error(JSON.stringify(disabled.body));
    expectRefused(
      await h.call('PUT', assignmentPath(rgId('rg1'), 'a4'), assignmentBody(KV_RBAC, {}, { identity: { type: 'SystemAssigned' } })),
      400,
      'LocationRequired',
      "The policy assignment 'a4' request is invalid. A location is required",
    );
    expectRefused(
      await h.call('PUT', assignmentPath(rgId('rg1'), 'a5'), assignmentBody(KV_RBAC, {}, { location: 'atlantis', identity: { type: 'SystemAssigned' } })),
      400,
      'LocationNotAvailableForResourceType',
      "The provided location 'atlantis'",
    );
  });

  it('400 InvalidResourceName for a name over 64 characters or with a reserved character', async () => {
    const h = await withRg();
    expectRefused(await h.call('PUT', assignmentPath(rgId('rg1'), 'x'.repeat(65)), assignmentBody(KV_RBAC)), 400, 'InvalidResourceName', '');
    expectRefused(await h.call('PUT', assignmentPath(rgId('rg1'), 'bad%2Aname'), assignmentBody(KV_RBAC)), 400, 'InvalidResourceName', '');
    expectRefused(await h.call('PUT', assignmentPath(rgId('rg1'), 'ends.'), assignmentBody(KV_RBAC)), 400, 'InvalidResourceName', '');
  });

  it('400 SimulatorUnsupportedProperty for overrides; InvalidRequestContent for an unknown member; InvalidFilterInQueryString for an unknown $filter', async () => {
    const h = await withRg();
    expectRefused(await h.call('PUT', assignmentPath(rgId('rg1'), 'a6'), assignmentBody(KV_RBAC, {}, {}, { overrides: [{ kind: 'policyEffect', value: 'Audit' }] })), 400, 'SimulatorUnsupportedProperty', 'overrides');
    expectRefused(await h.call('PUT', assignmentPath(rgId('rg1'), 'a6'), assignmentBody(KV_RBAC, {}, {}, { colour: 'red' })), 400, 'InvalidRequestContent', 'colour');
    expectRefused(
      await h.call('GET', `${rgId('rg1')}/providers/Microsoft.Authorization/policyAssignments?api-version=${POLICY_API}&$filter=${encodeURIComponent("displayName eq 'x'")}`),
      400,
      'InvalidFilterInQueryString',
      "displayName eq 'x'",
    );
  });

  it('400 NoRegisteredProviderFound for a version policy assignments never had', async () => {
    const h = await withRg();
    expectRefused(await h.call('PUT', assignmentPath(rgId('rg1'), 'a7', '2022-04-01'), assignmentBody(KV_RBAC)), 400, 'NoRegisteredProviderFound', "for type 'policyAssignments'");
  });
});

describe('policy exemption refusals', () => {
  it('404 PolicyAssignmentNotFound, 400 InvalidPolicyExemptionScope, 400 InvalidPolicyExemptionCategory, 404 PolicyExemptionNotFound', async () => {
    const h = await withRg();
    await createGroup(h, 'rg2');
    const a = await assign(h, 'rg1', 'kv-rbac', KV_RBAC);
    const missing = `${rgId('rg1')}/providers/Microsoft.Authorization/policyAssignments/nope`;
    expectRefused(await h.call('PUT', exemptionPath(rgId('rg1'), 'e1'), { properties: { policyAssignmentId: missing, exemptionCategory: 'Waiver' } }), 404, 'PolicyAssignmentNotFound', "The policy assignment 'nope' is not found.");
    expectRefused(await h.call('PUT', exemptionPath(rgId('rg2'), 'e1'), { properties: { policyAssignmentId: a.id, exemptionCategory: 'Waiver' } }), 400, 'InvalidPolicyExemptionScope', 'is not at or under the policy assignment scope');
    // DoNotValidate skips the scope check (spec: assignmentScopeValidation).
    const skipped = await h.call('PUT', exemptionPath(rgId('rg2'), 'e1'), { properties: { policyAssignmentId: a.id, exemptionCategory: 'Waiver', assignmentScopeValidation: 'DoNotValidate' } });
    if (skipped.status !== 201) throw new Error(JSON.stringify(skipped.body));
    expectRefused(await h.call('PUT', exemptionPath(rgId('rg1'), 'e2'), { properties: { policyAssignmentId: a.id, exemptionCategory: 'Forever' } }), 400, 'InvalidPolicyExemptionCategory', "'Forever'");
    expectRefused(await h.call('GET', exemptionPath(rgId('rg1'), 'e3')), 404, 'PolicyExemptionNotFound', "The policy exemption 'e3' is not found.");
    expectRefused(await h.call('PUT', exemptionPath(rgId('rg1'), 'e4', '2025-03-01'), { properties: { policyAssignmentId: a.id, exemptionCategory: 'Waiver' } }), 400, 'NoRegisteredProviderFound', 'policyExemptions');
  });
});

describe('policy states refusals', () => {
  it('405 MethodNotAllowed for GET queryResults, 400 InvalidFilterInQueryString, 400 InvalidQueryParameterValue, 404 OperationNotFound', async () => {
    const h = await withRg();
    await createVault(h, 'rg1', 'kvx', { enableRbacAuthorization: true });
    expectRefused(await h.call('GET', `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=${INSIGHTS_API}`), 405, 'MethodNotAllowed', 'GET');
    expectRefused(await queryStates(h, 'rg1', `&$filter=${encodeURIComponent("resourceTags eq 'x'")}`), 400, 'InvalidFilterInQueryString', 'resourceTags');
    expectRefused(await queryStates(h, 'rg1', '&$top=-1'), 400, 'InvalidQueryParameterValue', "'-1'");
    expectRefused(
      await h.call('GET', `/subscriptions/${SUB}/providers/Microsoft.PolicyInsights/asyncOperationResults/00000000-0000-0000-0000-000000000000?api-version=${INSIGHTS_API}`),
      404,
      'OperationNotFound',
      'could not be found',
    );
  });

  it('a Deny assignment of a definition with only Audit refusal does not block other resource types', async () => {
    const h = await withRg();
    await assign(h, 'rg1', 'tls', STORAGE_TLS, { effect: 'Deny' });
    // Key vaults are not storage accounts: the Deny on storage TLS does not apply.
    await createVault(h, 'rg1', 'kvfine', { enableRbacAuthorization: false });
    expectRefused(await h.call('GET', at(vaultId('rg1', 'nothere'), '2026-02-01')), 404, 'ResourceNotFound', 'nothere');
  });
});
