// Policy assignments: extension resources at a subscription, resource group or resource, synchronous (PUT
// answers 201 for create and update, DELETE 200 with the body or 204: the 2025-03-01 spec's responses). The
// definition must be a built-in the simulator knows; parameters are checked against it; a DeployIfNotExists
// or Modify assignment needs a managed identity, and an identity needs a location. A SystemAssigned identity
// is a new service principal in the directory, so role assignments to it work (after replication).
import { randomUUID } from 'node:crypto';
import { ArmError, badRequest, methodNotAllowed, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { latencyModel } from '../../latency-model.js';
import { modelSeconds, scaledMs } from '../../latency.js';
import { checkName, type NameRule } from '../../names.js';
import { findBuiltin, definitionNameOf, type BuiltinDefinition } from '../../policy/catalog.js';
import { POLICY_ASSIGNMENT_TYPE, assignmentProps, effectiveEffect, type AssignmentProps } from '../../policy/assignments.js';
import { normalizeRegion } from '../../regions.js';
import { parseBody } from '../../schemas/common.js';
import { PolicyAssignment } from '../../schemas/policy.js';
import { deletePrincipal, getRecord, key, putRecord, recordsOfType, registerPrincipal, removeSubtree, tenantIdOf, type CloudState, type ResourceRecord } from '../../state.js';
import { principalOf } from '../../throttle.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { isoTime } from '../kit/tracked.js';
import { notImplemented } from '../kit/not-simulated.js';
import type { Ctx } from '../types.js';
import { policyDefinitionNotFound } from './policy-definitions.js';
import { scopeContains, type Scope } from './scope.js';

/**
 * ARM-names (Microsoft.Authorization/policyAssignments): 1-64 characters (24 at a management group, not
 * simulated); no `<>*%&:\?.+/` or control characters; must not end with a period or a space.
 */
export const POLICY_NAME_RULE: NameRule = {
  min: 1,
  max: 64,
  pattern: /^(?![\s\S]*[<>*%&:\\?+/\p{Cc}])[\s\S]*[^.\s]$/u,
  describe: "Policy assignment names can be 1-64 characters long, can't use <>*%&:\\?.+/ or control characters, and can't end with a period or a space.",
};

const assignmentId = (scope: Scope, name: string): string => `${scope.id}/providers/${POLICY_ASSIGNMENT_TYPE}/${name}`;

/** 404 PolicyAssignmentNotFound (message **unconfirmed**). */
export const policyAssignmentNotFound = (name: string): ArmError => notFound('PolicyAssignmentNotFound', `The policy assignment '${name}' is not found.`);

function systemData(rec: ResourceRecord, p: AssignmentProps): Record<string, unknown> {
  return {
    createdBy: p.createdBy,
    createdByType: 'Application',
    createdAt: isoTime(rec.createdAt),
    lastModifiedBy: p.updatedBy,
    lastModifiedByType: 'Application',
    lastModifiedAt: isoTime(rec.changedAt),
  };
}

export function renderPolicyAssignment(_state: CloudState, rec: ResourceRecord): ArmResource {
  const p = assignmentProps(rec);
  return {
    id: rec.id,
    name: rec.name,
    type: POLICY_ASSIGNMENT_TYPE,
    ...(rec.location !== undefined ? { location: rec.location } : {}),
    ...(rec.identity ? { identity: rec.identity } : {}),
    properties: {
      ...(p.displayName !== undefined ? { displayName: p.displayName } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
      // ARM stamps createdBy/createdOn (and updatedBy/updatedOn after a change) into metadata (unconfirmed: seen in az CLI output).
      metadata: { ...p.metadata, createdBy: p.createdBy, createdOn: isoTime(rec.createdAt), updatedBy: rec.changedAt !== rec.createdAt ? p.updatedBy : null, updatedOn: rec.changedAt !== rec.createdAt ? isoTime(rec.changedAt) : null },
      policyDefinitionId: p.policyDefinitionId,
      definitionVersion: '1.*.*',
      scope: p.scope,
      notScopes: p.notScopes,
      parameters: p.parameters,
      enforcementMode: p.enforcementMode,
      ...(p.nonComplianceMessages ? { nonComplianceMessages: p.nonComplianceMessages } : {}),
      ...(p.assignmentType !== undefined ? { assignmentType: p.assignmentType } : {}),
      instanceId: p.instanceId,
    },
    systemData: systemData(rec, p),
  };
}

export function handlePolicyAssignment(ctx: Ctx, scope: Scope, name: string): SimResponse {
  if (scope.level === 'tenant') throw badRequest('InvalidScope', 'Policy assignments need a subscription, resource group or resource scope (management groups are not simulated).');
  const existing = getRecord(ctx.state, assignmentId(scope, name));
  switch (ctx.method) {
    case 'GET':
      if (!existing) throw policyAssignmentNotFound(name);
      return json(200, renderPolicyAssignment(ctx.state, existing));
    case 'PUT':
      return putPolicyAssignment(ctx, scope, name, existing);
    case 'DELETE': {
      // spec 2025-03-01: 200 with the deleted assignment, 204 when there was none.
      if (!existing) return empty(204);
      const body = renderPolicyAssignment(ctx.state, existing);
      removeSubtree(ctx.state, existing.id, ctx.now);
      return json(200, body);
    }
    default:
      throw methodNotAllowed(ctx.method, 'policy assignment');
  }
}

/** The definition's parameters against the assigned values: undefined, not allowed, missing (in that order). */
function checkParameters(name: string, d: BuiltinDefinition, given: Record<string, { value: unknown }>): void {
  const declared = d.def.properties.parameters ?? {};
  const declaredName = (k: string) => Object.keys(declared).find((x) => key(x) === key(k));
  const undefinedOnes = Object.keys(given).filter((k) => declaredName(k) === undefined);
  if (undefinedOnes.length > 0) {
    // Azure/terraform-azurerm-caf-enterprise-scale PR #282 (the service's message).
    throw badRequest('UndefinedPolicyParameter', `The policy assignment '${name}' has the parameter(s) '${undefinedOnes.join(',')}' which are not defined in the policy definition '${d.name}'.`);
  }
  const version = String(((d.raw.properties as Record<string, unknown>)?.version ?? (d.def.properties as { metadata?: { version?: string } }).metadata?.version) ?? '1.0.0');
  for (const [k, v] of Object.entries(given)) {
    const p = declared[declaredName(k) as string];
    // Case-sensitive: 'deny' is refused where 'Deny' is allowed (Azure/Azure-Landing-Zones#442).
    if (p.allowedValues && !p.allowedValues.some((a) => JSON.stringify(a) === JSON.stringify(v.value))) {
      throw badRequest(
        'PolicyParameterValueNotAllowed',
        `The value '${typeof v.value === 'string' ? v.value : JSON.stringify(v.value)}' is not allowed for policy parameter '${k}' in policy definition '${d.name} version ${version}'. The allowed values are '${p.allowedValues.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(', ')}'.`,
      );
    }
  }
  const missing = Object.entries(declared).filter(([k, p]) => p.defaultValue === undefined && !Object.keys(given).some((g) => key(g) === key(k))).map(([k]) => k);
  if (missing.length > 0) {
    // Azure/azure-sdk-for-net#39734 (the service's message).
    throw badRequest('MissingPolicyParameter', `The policy assignment '${name}' is missing the parameter(s) '${missing.join(',')}' as defined in the policy definition '${d.name}'.`);
  }
}

function putPolicyAssignment(ctx: Ctx, scope: Scope, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, POLICY_NAME_RULE);
  const body = parseBody(PolicyAssignment, ctx.body, 'resources');
  const p = body.properties;
  if (p.resourceSelectors?.length) throw notImplemented("Property 'properties.resourceSelectors'");
  if (p.overrides?.length) throw notImplemented("Property 'properties.overrides'");
  if (p.definitionVersion !== undefined) throw notImplemented("Property 'properties.definitionVersion'", 'built-ins are served at their latest version');
  if (p.enforcementMode === 'Enroll') throw notImplemented("enforcementMode 'Enroll'");
  if (body.identity?.type === 'UserAssigned') throw notImplemented("identity type 'UserAssigned' on policy assignments");

  const defName = definitionNameOf(p.policyDefinitionId);
  if (defName === undefined && /policySetDefinitions/i.test(p.policyDefinitionId)) throw notImplemented('Policy set definitions (initiatives)');
  const d = defName ? findBuiltin(defName) : undefined;
  if (!d) throw policyDefinitionNotFound(defName ?? p.policyDefinitionId);
  const parameters = p.parameters ?? {};
  checkParameters(name, d, parameters);

  const identityType = body.identity?.type ?? 'None';
  const effect = effectiveEffect(d.def, Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, v.value])));
  if (identityType === 'None' && ['deployifnotexists', 'modify'].includes(effect.toLowerCase())) {
    const label = effect.toLowerCase() === 'modify' ? 'Modify' : 'DeployIfNotExists';
    // Azure/azure-powershell#11996, Azure/azure-cli#13150 (Modify wording; DeployIfNotExists by analogy).
    throw badRequest('ResourceIdentityRequired', `The policy assignment '${name}' request is invalid. Policy assignments must include a resource identity when assigning '${label}' policy definitions.`);
  }
  if (identityType !== 'None' && body.location === undefined) {
    // terraform-provider-azurerm PR #2549: "location ... required when an Identity is assigned" (code and wording unconfirmed).
    throw badRequest('LocationRequired', `The policy assignment '${name}' request is invalid. A location is required when a managed identity is assigned.`);
  }
  const region = body.location !== undefined ? normalizeRegion(body.location) : undefined;
  if (body.location !== undefined && region === undefined) {
    throw badRequest('LocationNotAvailableForResourceType', `The provided location '${body.location}' is not available for resource type '${POLICY_ASSIGNMENT_TYPE}'.`);
  }
  const caller = principalOf(ctx.headers);
  const old = existing ? assignmentProps(existing) : undefined;
  const props: AssignmentProps = {
    ...(p.displayName !== undefined ? { displayName: p.displayName } : {}),
    ...(p.description !== undefined ? { description: p.description } : {}),
    policyDefinitionId: d.id,
    scope: scope.id,
    notScopes: p.notScopes ?? [],
    parameters,
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).filter(([k]) => !['createdby', 'createdon', 'updatedby', 'updatedon'].includes(k.toLowerCase()))),
    enforcementMode: p.enforcementMode ?? 'Default',
    ...(p.nonComplianceMessages ? { nonComplianceMessages: p.nonComplianceMessages } : {}),
    ...(p.assignmentType !== undefined ? { assignmentType: p.assignmentType } : {}),
    instanceId: old?.instanceId ?? randomUUID(),
    // A changed assignment is evaluated again like a new one (Learn get-compliance-data, evaluation triggers).
    evaluatedAt: ctx.now + scaledMs(ctx.latency, modelSeconds(ctx.state, ctx.latency, EVALUATION_KEY, 'create')),
    createdBy: old?.createdBy ?? caller,
    updatedBy: caller,
  };
  let identity: Record<string, unknown> | undefined;
  if (identityType === 'SystemAssigned') {
    const kept = existing?.identity?.type === 'SystemAssigned' ? String(existing.identity.principalId) : undefined;
    const principalId = kept ?? randomUUID();
    if (!kept) registerPrincipal(ctx.state, principalId, ctx.now, assignmentId(scope, name));
    identity = { type: 'SystemAssigned', principalId, tenantId: tenantIdOf(ctx.state) };
  } else if (existing?.identity?.type === 'SystemAssigned') {
    // Dropping the identity deletes its service principal.
    deletePrincipal(ctx.state, String(existing.identity.principalId), ctx.now);
  }
  const rec: ResourceRecord = {
    id: existing?.id ?? assignmentId(scope, name),
    type: POLICY_ASSIGNMENT_TYPE,
    name: existing?.name ?? name,
    subscriptionId: scope.sub as string,
    ...(scope.group ? { resourceGroup: scope.group.name } : {}),
    parentId: scope.id,
    ...(region !== undefined ? { location: region } : {}),
    ...(identity ? { identity } : {}),
    provisioningState: 'Succeeded',
    properties: props as unknown as Record<string, unknown>,
    createdAt: existing?.createdAt ?? ctx.now,
    changedAt: ctx.now,
  };
  putRecord(ctx.state, rec);
  return json(201, renderPolicyAssignment(ctx.state, rec));
}

/** Latency-model key of the first (standard) evaluation of a new or changed assignment. */
export const EVALUATION_KEY = 'Microsoft.PolicyInsights/policyStates#assignmentEvaluation';

/**
 * GET {scope}/providers/Microsoft.Authorization/policyAssignments[?$filter=atScope() | atExactScope() |
 * policyDefinitionId eq '…']: unfiltered, the assignments at, above and below the scope (spec 2025-03-01
 * PolicyAssignments_ListForResourceGroup description); atScope() at or above; atExactScope() at.
 */
export function listPolicyAssignments(ctx: Ctx, scope: Scope): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'policy assignment collection');
  if (scope.level === 'tenant') throw badRequest('InvalidScope', 'Policy assignments are listed at a subscription, resource group or resource scope.');
  const filter = (ctx.url.query.get('$filter') ?? '').trim();
  const atScope = /^atScope\(\)$/i.test(filter);
  const exact = /^atExactScope\(\)$/i.test(filter);
  const byDefinition = /^policyDefinitionId\s+eq\s+'([^']+)'$/i.exec(filter)?.[1];
  if (filter !== '' && !atScope && !exact && byDefinition === undefined) {
    throw badRequest('InvalidFilterInQueryString', `The filter '${filter}' is not supported. Supported filters are atScope(), atExactScope() and policyDefinitionId eq '{value}'.`);
  }
  const value = recordsOfType(ctx.state, POLICY_ASSIGNMENT_TYPE)
    .filter((a) => {
      const s = assignmentProps(a).scope;
      if (key(s).split('/')[2] !== scope.sub) return false;
      if (byDefinition !== undefined && key(assignmentProps(a).policyDefinitionId) !== key(byDefinition)) return false;
      if (exact) return key(s) === key(scope.id);
      const above = scopeContains(s, scope.id);
      return atScope ? above : above || scopeContains(scope.id, s);
    })
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((a) => renderPolicyAssignment(ctx.state, a));
  return json(200, { value });
}

/** The model's median for the first evaluation (used by tests and the SPEC). */
export const evaluationDelaySeconds = (): number => (latencyModel.types as unknown as Record<string, { createSeconds: number }>)[EVALUATION_KEY]?.createSeconds ?? 0;
