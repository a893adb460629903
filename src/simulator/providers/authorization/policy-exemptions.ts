// Policy exemptions (2022-07-01-preview model): extension resources at a subscription, resource group or
// resource, synchronous (PUT 201/200, DELETE 200/204: the spec's responses). The assignment must exist and,
// unless assignmentScopeValidation is DoNotValidate, the exemption must sit at or below its scope.
import { ArmError, badRequest, methodNotAllowed, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { checkName } from '../../names.js';
import { POLICY_ASSIGNMENT_TYPE, POLICY_EXEMPTION_TYPE, assignmentProps, exemptionProps, type ExemptionProps } from '../../policy/assignments.js';
import { parseBody } from '../../schemas/common.js';
import { PolicyExemption } from '../../schemas/policy.js';
import { getRecord, key, putRecord, recordsOfType, removeSubtree, type CloudState, type ResourceRecord } from '../../state.js';
import { principalOf } from '../../throttle.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { notImplemented } from '../kit/not-simulated.js';
import { isoTime } from '../kit/tracked.js';
import type { Ctx } from '../types.js';
import { POLICY_NAME_RULE, policyAssignmentNotFound } from './policy-assignments.js';
import { scopeContains, type Scope } from './scope.js';

const CATEGORIES = ['Waiver', 'Mitigated'] as const;

const exemptionId = (scope: Scope, name: string): string => `${scope.id}/providers/${POLICY_EXEMPTION_TYPE}/${name}`;

export function renderPolicyExemption(_state: CloudState, rec: ResourceRecord): ArmResource {
  const p = exemptionProps(rec);
  return {
    id: rec.id,
    name: rec.name,
    type: POLICY_EXEMPTION_TYPE,
    properties: {
      policyAssignmentId: p.policyAssignmentId,
      policyDefinitionReferenceIds: p.policyDefinitionReferenceIds,
      exemptionCategory: p.exemptionCategory,
      ...(p.expiresOn !== undefined ? { expiresOn: p.expiresOn } : {}),
      ...(p.displayName !== undefined ? { displayName: p.displayName } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
      metadata: p.metadata,
      ...(p.assignmentScopeValidation !== undefined ? { assignmentScopeValidation: p.assignmentScopeValidation } : {}),
    },
    systemData: {
      createdBy: p.createdBy,
      createdByType: 'Application',
      createdAt: isoTime(rec.createdAt),
      lastModifiedBy: p.updatedBy,
      lastModifiedByType: 'Application',
      lastModifiedAt: isoTime(rec.changedAt),
    },
  };
}

/** 404 PolicyExemptionNotFound (message **unconfirmed**). */
const exemptionNotFound = (name: string): ArmError => notFound('PolicyExemptionNotFound', `The policy exemption '${name}' is not found.`);

export function handlePolicyExemption(ctx: Ctx, scope: Scope, name: string): SimResponse {
  if (scope.level === 'tenant') throw badRequest('InvalidScope', 'Policy exemptions need a subscription, resource group or resource scope (management groups are not simulated).');
  const existing = getRecord(ctx.state, exemptionId(scope, name));
  switch (ctx.method) {
    case 'GET':
      if (!existing) throw exemptionNotFound(name);
      return json(200, renderPolicyExemption(ctx.state, existing));
    case 'PUT':
      return putPolicyExemption(ctx, scope, name, existing);
    case 'DELETE': {
      if (!existing) return empty(204);
      const body = renderPolicyExemption(ctx.state, existing);
      removeSubtree(ctx.state, existing.id, ctx.now);
      return json(200, body);
    }
    default:
      throw methodNotAllowed(ctx.method, 'policy exemption');
  }
}

function putPolicyExemption(ctx: Ctx, scope: Scope, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, POLICY_NAME_RULE);
  const body = parseBody(PolicyExemption, ctx.body, 'resources');
  const p = body.properties;
  if (p.resourceSelectors?.length) throw notImplemented("Property 'properties.resourceSelectors'");
  const category = CATEGORIES.find((c) => key(c) === key(p.exemptionCategory));
  if (!category) {
    // The spec models the enum as a string (modelAsString); the service's refusal code is unconfirmed.
    throw badRequest('InvalidPolicyExemptionCategory', `The policy exemption '${name}' has an invalid exemption category '${p.exemptionCategory}'. The allowed values are 'Waiver, Mitigated'.`);
  }
  const assignment = recordsOfType(ctx.state, POLICY_ASSIGNMENT_TYPE).find((a) => key(a.id) === key(p.policyAssignmentId.trim()));
  if (!assignment) throw policyAssignmentNotFound(p.policyAssignmentId.split('/').pop() ?? p.policyAssignmentId);
  const assignmentScope = assignmentProps(assignment).scope;
  if (p.assignmentScopeValidation !== 'DoNotValidate' && !scopeContains(assignmentScope, scope.id)) {
    // The rule: spec 2022-07-01-preview assignmentScopeValidation ("validate the exemption is at or under the assignment scope"); code and wording unconfirmed.
    throw badRequest('InvalidPolicyExemptionScope', `The policy exemption '${name}' scope '${scope.id}' is not at or under the policy assignment scope '${assignmentScope}'.`);
  }
  if (p.expiresOn !== undefined && Number.isNaN(Date.parse(p.expiresOn))) {
    throw badRequest('InvalidRequestContent', `The request content was invalid and could not be deserialized: 'Could not convert string to DateTime: ${p.expiresOn}. Path 'properties.expiresOn'.'.`);
  }
  const caller = principalOf(ctx.headers);
  const props: ExemptionProps = {
    policyAssignmentId: assignment.id,
    policyDefinitionReferenceIds: p.policyDefinitionReferenceIds ?? [],
    exemptionCategory: category,
    ...(p.expiresOn !== undefined ? { expiresOn: new Date(p.expiresOn).toISOString() } : {}),
    ...(p.displayName !== undefined ? { displayName: p.displayName } : {}),
    ...(p.description !== undefined ? { description: p.description } : {}),
    metadata: p.metadata ?? {},
    ...(p.assignmentScopeValidation !== undefined ? { assignmentScopeValidation: p.assignmentScopeValidation } : {}),
    createdBy: existing ? exemptionProps(existing).createdBy : caller,
    updatedBy: caller,
  };
  const rec: ResourceRecord = {
    id: existing?.id ?? exemptionId(scope, name),
    type: POLICY_EXEMPTION_TYPE,
    name: existing?.name ?? name,
    subscriptionId: scope.sub as string,
    ...(scope.group ? { resourceGroup: scope.group.name } : {}),
    parentId: scope.id,
    provisioningState: 'Succeeded',
    properties: props as unknown as Record<string, unknown>,
    createdAt: existing?.createdAt ?? ctx.now,
    changedAt: ctx.now,
  };
  putRecord(ctx.state, rec);
  return json(existing ? 200 : 201, renderPolicyExemption(ctx.state, rec));
}

/**
 * GET {scope}/providers/Microsoft.Authorization/policyExemptions[?$filter=atScope() | atExactScope() |
 * excludeExpired() | policyAssignmentId eq '…']: unfiltered, at, above and below the scope (spec).
 */
export function listPolicyExemptions(ctx: Ctx, scope: Scope): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'policy exemption collection');
  if (scope.level === 'tenant') throw badRequest('InvalidScope', 'Policy exemptions are listed at a subscription, resource group or resource scope.');
  const filter = (ctx.url.query.get('$filter') ?? '').trim();
  const atScope = /^atScope\(\)$/i.test(filter);
  const exact = /^atExactScope\(\)$/i.test(filter);
  const excludeExpired = /^excludeExpired\(\)$/i.test(filter);
  const byAssignment = /^policyAssignmentId\s+eq\s+'([^']+)'$/i.exec(filter)?.[1];
  if (filter !== '' && !atScope && !exact && !excludeExpired && byAssignment === undefined) {
    throw badRequest('InvalidFilterInQueryString', `The filter '${filter}' is not supported. Supported filters are atScope(), atExactScope(), excludeExpired() and policyAssignmentId eq '{value}'.`);
  }
  const value = recordsOfType(ctx.state, POLICY_EXEMPTION_TYPE)
    .filter((e) => {
      const s = String(e.parentId);
      const p = exemptionProps(e);
      if (key(s).split('/')[2] !== scope.sub) return false;
      if (byAssignment !== undefined && key(p.policyAssignmentId) !== key(byAssignment)) return false;
      if (excludeExpired && p.expiresOn !== undefined && Date.parse(p.expiresOn) <= ctx.now) return false;
      if (exact) return key(s) === key(scope.id);
      const above = scopeContains(s, scope.id);
      return atScope ? above : above || scopeContains(scope.id, s);
    })
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((e) => renderPolicyExemption(ctx.state, e));
  return json(200, { value });
}
