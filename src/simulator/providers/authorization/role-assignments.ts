// Role assignments: extension resources at any scope, synchronous. The rules ARM applies: GUID names,
// one assignment per (role, principal, scope), no changes of role/principal under the same name, the role
// must exist and be assignable there, and a freshly created service principal is not yet visible to the
// directory (PrincipalNotFound) unless principalType tells ARM to skip the lookup; without principalType a
// principal the directory does not hold at all fails the same way.
import { ArmError, badRequest, conflict, methodNotAllowed, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { latencyModel } from '../../latency-model.js';
import { scaledMs } from '../../latency.js';
import { isGuid } from '../../router.js';
import { RoleAssignmentCreateParameters } from '../../schemas/authorization.js';
import { parseBody } from '../../schemas/common.js';
import { findPrincipal, getRecord, key, putRecord, recordsOfType, removeSubtree, tenantIdOf, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { isoTime } from '../kit/tracked.js';
import type { Ctx } from '../types.js';
import { ROLE_ASSIGNMENT_TYPE, findRole, roleGuidOf } from './roles.js';
import { scopeContains, type Scope } from './scope.js';

const AUTH = 'Microsoft.Authorization';

interface AssignmentProps {
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  scope: string;
  description?: string;
  condition?: string;
  conditionVersion?: string;
  delegatedManagedIdentityResourceId?: string;
  createdOn: string;
  updatedOn: string;
}

const assignmentId = (scope: Scope, name: string): string => `${scope.id}/providers/${AUTH}/roleAssignments/${name}`;

export function renderAssignment(_state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties as unknown as AssignmentProps;
  return {
    id: rec.id,
    name: rec.name,
    type: ROLE_ASSIGNMENT_TYPE,
    properties: {
      roleDefinitionId: p.roleDefinitionId,
      principalId: p.principalId,
      principalType: p.principalType,
      scope: p.scope,
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.condition !== undefined ? { condition: p.condition, conditionVersion: p.conditionVersion ?? '2.0' } : {}),
      ...(p.delegatedManagedIdentityResourceId !== undefined ? { delegatedManagedIdentityResourceId: p.delegatedManagedIdentityResourceId } : {}),
      createdOn: p.createdOn,
      updatedOn: p.updatedOn,
    },
  };
}

/** How long a new principal stays invisible to role assignments: the model's median, scaled. */
const principalReplicationMs = (ctx: Ctx): number =>
  scaledMs(ctx.latency, latencyModel._meta.propagation.principalReplicationSeconds.median);

function principalNotFound(ctx: Ctx, principalId: string): ArmError {
  return badRequest(
    'PrincipalNotFound',
    `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${tenantIdOf(ctx.state)}. Check that you have the correct principal ID. ` +
      'If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. ' +
      'In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group. See https://aka.ms/docs-principaltype',
  );
}

export function handleAssignment(ctx: Ctx, scope: Scope, name: string): SimResponse {
  if (scope.level === 'tenant') throw badRequest('InvalidScope', 'Role assignments need a subscription, resource group or resource scope.');
  const existing = getRecord(ctx.state, assignmentId(scope, name));
  switch (ctx.method) {
    case 'GET':
      if (!existing) throw notFound('RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
      return json(200, renderAssignment(ctx.state, existing));
    case 'PUT':
      return putAssignment(ctx, scope, name, existing);
    case 'DELETE': {
      if (!existing) return empty(204);
      const body = renderAssignment(ctx.state, existing);
      removeSubtree(ctx.state, existing.id, ctx.now);
      return json(200, body);
    }
    default:
      throw methodNotAllowed(ctx.method, 'role assignment');
  }
}

function putAssignment(ctx: Ctx, scope: Scope, name: string, existing: ResourceRecord | undefined): SimResponse {
  if (!isGuid(name)) {
    throw badRequest('InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
  }
  const body = parseBody(RoleAssignmentCreateParameters, ctx.body, 'resources');
  const p = body.properties;
  if (!isGuid(p.principalId)) throw badRequest('InvalidPrincipalId', `A valid principal ID must be provided for role assignment. '${p.principalId}' is not a GUID.`);
  const guid = roleGuidOf(p.roleDefinitionId);
  const role = guid ? findRole(ctx.state, guid) : undefined;
  if (!guid || !role) {
    throw badRequest('RoleDefinitionDoesNotExist', `The specified role definition with ID '${guid ?? p.roleDefinitionId}' does not exist.`);
  }
  if (role.type === 'CustomRole' && !role.assignableScopes.some((s) => scopeContains(s, scope.id))) {
    throw badRequest(
      'RoleDefinitionNotAssignableAtScope',
      `The role definition '${role.roleName}' (${guid}) is not assignable at scope '${scope.id}': its assignableScopes are '${role.assignableScopes.join(', ')}'.`,
    );
  }
  const roleDefinitionId = `/subscriptions/${scope.sub}/providers/${AUTH}/roleDefinitions/${guid}`;

  if (existing) {
    const old = existing.properties as unknown as AssignmentProps;
    if (key(old.principalId) !== key(p.principalId) || roleGuidOf(old.roleDefinitionId) !== guid) {
      throw badRequest('RoleAssignmentUpdateNotPermitted', 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.');
    }
    const same = old.description === p.description && old.condition === p.condition && (p.conditionVersion === undefined || old.conditionVersion === p.conditionVersion);
    if (!same) {
      existing.properties = { ...old, description: p.description, condition: p.condition, conditionVersion: p.conditionVersion, updatedOn: isoTime(ctx.now) };
      for (const k of ['description', 'condition', 'conditionVersion'] as const) if (existing.properties[k] === undefined) delete existing.properties[k];
      existing.changedAt = ctx.now;
    }
    return json(200, renderAssignment(ctx.state, existing));
  }

  const duplicate = recordsOfType(ctx.state, ROLE_ASSIGNMENT_TYPE).find((ra) => {
    const q = ra.properties as unknown as AssignmentProps;
    return key(q.scope) === key(scope.id) && key(q.principalId) === key(p.principalId) && roleGuidOf(q.roleDefinitionId) === guid;
  });
  if (duplicate) throw conflict('RoleAssignmentExists', `The role assignment already exists. The ID of the existing role assignment is ${duplicate.name.replace(/-/g, '')}.`);

  const principal = findPrincipal(ctx.state, p.principalId);
  // Without principalType ARM looks the principal up in the directory: unknown, deleted or not yet replicated
  // fails. With principalType the lookup is skipped and the assignment is stored as given (terraform-provider-
  // azurerm PR #4168; the PrincipalNotFound message itself: "set the role assignment principalType property").
  // Users and groups the simulator never saw (configured by object id) therefore need principalType.
  if (p.principalType === undefined) {
    if (!principal || principal.deletedAt !== undefined || ctx.now - principal.createdAt < principalReplicationMs(ctx)) throw principalNotFound(ctx, p.principalId);
  }
  if (p.principalType !== undefined && principal && principal.deletedAt === undefined && ctx.now - principal.createdAt >= principalReplicationMs(ctx) && principal.type !== p.principalType) {
    throw badRequest(
      'UnmatchedPrincipalType',
      `The PrincipalId '${p.principalId.replace(/-/g, '')}' has type '${principal.type}' , which is different from specified PrincipalType '${p.principalType}'.`,
    );
  }
  const props: AssignmentProps = {
    roleDefinitionId,
    principalId: p.principalId,
    // ARM fills in the directory's type when the caller leaves it out (the principal is known by then).
    principalType: p.principalType ?? principal?.type ?? 'ServicePrincipal',
    scope: scope.id,
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.condition !== undefined ? { condition: p.condition, conditionVersion: p.conditionVersion ?? '2.0' } : {}),
    ...(p.delegatedManagedIdentityResourceId !== undefined ? { delegatedManagedIdentityResourceId: p.delegatedManagedIdentityResourceId } : {}),
    createdOn: isoTime(ctx.now),
    updatedOn: isoTime(ctx.now),
  };
  const rec: ResourceRecord = {
    id: assignmentId(scope, name),
    type: ROLE_ASSIGNMENT_TYPE,
    name: name.toLowerCase(),
    subscriptionId: scope.sub as string,
    ...(scope.group ? { resourceGroup: scope.group.name } : {}),
    parentId: scope.id,
    provisioningState: 'Succeeded',
    properties: props as unknown as Record<string, unknown>,
    createdAt: ctx.now,
    changedAt: ctx.now,
  };
  putRecord(ctx.state, rec);
  return json(201, renderAssignment(ctx.state, rec));
}

/**
 * GET {scope}/providers/Microsoft.Authorization/roleAssignments[?$filter=atScope() | principalId eq '..' | assignedTo('..')]:
 * without a filter, assignments at, above and below the scope; atScope()/assignedTo: at or above.
 */
export function listAssignments(ctx: Ctx, scope: Scope): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'role assignment collection');
  const filter = ctx.url.query.get('$filter') ?? '';
  const atOrAbove = /atScope\(\)/i.test(filter) || /assignedTo\(/i.test(filter);
  const principal = /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1] ?? /assignedTo\('([^']+)'\)/i.exec(filter)?.[1];
  if (filter !== '' && !atOrAbove && principal === undefined) {
    throw badRequest('InvalidFilter', `The filter '${filter}' is not supported. Supported filters are atScope(), principalId eq '{id}' and assignedTo('{id}').`);
  }
  const value = recordsOfType(ctx.state, ROLE_ASSIGNMENT_TYPE)
    .filter((ra) => {
      const q = ra.properties as unknown as AssignmentProps;
      const above = scopeContains(q.scope, scope.id);
      const below = scopeContains(scope.id, q.scope);
      if (key(q.scope).split('/')[2] !== scope.sub) return false;
      if (principal !== undefined && key(q.principalId) !== key(principal)) return false;
      return atOrAbove ? above : above || below;
    })
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((ra) => renderAssignment(ctx.state, ra));
  return json(200, { value });
}
