// Azure RBAC as documented: does any role assignment of these principals, at the target scope or above,
// grant this action? Evaluated over ARM GET bodies of role definitions and role assignments.
// Semantics: https://learn.microsoft.com/en-us/azure/role-based-access-control/role-definitions and
// https://learn.microsoft.com/en-us/azure/role-based-access-control/scope-overview.
// Not modelled: deny assignments ("Deny assignments block users from performing specific actions even
// if a role assignment grants them access", role-definitions page), management-group inheritance,
// classic administrators, and ABAC conditions other than the role-assignment delegation pattern.
import { BUILT_IN_ROLES } from './rbac-builtin-roles.js';
import { evaluateCondition } from './rbac-condition.js';
import { matchesAction, roleGuidOf, scopeCovers } from './rbac-match.js';
import type { ArmResource, CanOptions, Decision, Permission, RbacModel, RoleAssignment, RoleDefinition } from './rbac-types.js';

export type { ArmResource, CanOptions, Decision, Permission, RbacModel, RoleAssignment, RoleDefinition } from './rbac-types.js';
export { matchesAction, normalizeScope, roleGuidOf, scopeCovers } from './rbac-match.js';
export { evaluateCondition, parseCondition } from './rbac-condition.js';
export { BUILT_IN_ROLES } from './rbac-builtin-roles.js';

export const ROLE_DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions';
export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';

const DENY_NOTE = 'deny assignments are not modelled';
const ASSIGNMENT_SEGMENT = '/providers/microsoft.authorization/roleassignments/';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const optString = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const isType = (r: ArmResource, type: string): boolean => r.type.toLowerCase() === type.toLowerCase();

function permissionOf(v: unknown): Permission {
  const p = (v ?? {}) as Record<string, unknown>;
  return {
    actions: strings(p.actions),
    notActions: strings(p.notActions),
    dataActions: strings(p.dataActions),
    notDataActions: strings(p.notDataActions),
    condition: optString(p.condition),
    conditionVersion: optString(p.conditionVersion),
  };
}

/** A role definition GET body; `properties.type` (wire) or `roleType` (CLI/portal) says built-in or custom. */
export function roleDefinitionOf(resource: ArmResource): RoleDefinition {
  const p = resource.properties ?? {};
  const type = optString(p.type) ?? optString(p.roleType);
  return {
    guid: roleGuidOf(resource.name || resource.id),
    roleName: optString(p.roleName) ?? resource.name,
    roleType: type === 'BuiltInRole' ? 'BuiltInRole' : 'CustomRole',
    permissions: Array.isArray(p.permissions) ? p.permissions.map(permissionOf) : [],
    assignableScopes: strings(p.assignableScopes),
    source: resource.id,
  };
}

/** A role assignment GET body; the scope falls back to the prefix of the assignment's own id. */
export function roleAssignmentOf(resource: ArmResource): RoleAssignment {
  const p = resource.properties ?? {};
  const at = resource.id.toLowerCase().indexOf(ASSIGNMENT_SEGMENT);
  return {
    id: resource.id,
    roleDefinitionId: optString(p.roleDefinitionId) ?? '',
    principalId: optString(p.principalId) ?? '',
    scope: optString(p.scope) ?? (at >= 0 ? resource.id.slice(0, at) || '/' : '/'),
    condition: optString(p.condition),
    conditionVersion: optString(p.conditionVersion),
  };
}

/** Builds the model from GET bodies; definitions among the resources override the built-in table. */
export function rbacModelOf(resources: ArmResource[], builtIns: readonly RoleDefinition[] = BUILT_IN_ROLES): RbacModel {
  const roles = new Map<string, RoleDefinition>();
  for (const r of builtIns) roles.set(r.guid.toLowerCase(), r);
  for (const r of resources.filter((x) => isType(x, ROLE_DEFINITION_TYPE))) {
    const def = roleDefinitionOf(r);
    roles.set(def.guid, def);
  }
  const assignments = resources.filter((x) => isType(x, ROLE_ASSIGNMENT_TYPE)).map(roleAssignmentOf);
  return { roles, assignments };
}

type Grant = { granted: true; pattern: string } | { granted: false; why: string };

/**
 * A role grants an action when one permission block has a matching Action and no matching NotAction:
 * "Actions - NotActions = Effective control plane permissions", and NotActions "is not a deny rule"
 * (https://learn.microsoft.com/en-us/azure/role-based-access-control/role-definitions#notactions).
 * Data actions are a separate list: control plane access "is not inherited to your data plane", so
 * `*` in Actions grants no DataAction (same page, "Control and data actions").
 */
function roleGrants(role: RoleDefinition, action: string, opts: CanOptions): Grant {
  const why: string[] = [];
  for (const block of role.permissions) {
    const allow = opts.dataAction ? block.dataActions : block.actions;
    const deny = opts.dataAction ? block.notDataActions : block.notActions;
    const pattern = allow.find((p) => matchesAction(p, action));
    if (!pattern) continue;
    const excluded = deny.find((p) => matchesAction(p, action));
    if (excluded) {
      why.push(`'${pattern}' granted but excluded by ${opts.dataAction ? 'NotDataActions' : 'NotActions'} '${excluded}'`);
      continue;
    }
    if (block.condition) {
      const c = evaluateCondition(block.condition, block.conditionVersion, action, opts);
      if (c.kind !== 'allow') {
        why.push(`the role's own condition ${c.kind === 'unsupported' ? 'is not modelled (treated as not granting)' : 'fails'}: ${c.reason}`);
        continue;
      }
    }
    return { granted: true, pattern };
  }
  if (why.length === 0) why.push(`no ${opts.dataAction ? 'DataActions' : 'Actions'} entry matches`);
  return { granted: false, why: why.join('; ') };
}

/**
 * Is `action` allowed at `scope` for any of `principalIds` (a user plus the groups it belongs to, say)?
 * Assignments apply at their scope and every child scope; several roles add up.
 */
export function can(model: RbacModel, principalIds: string[], action: string, scope: string, opts: CanOptions = {}): Decision {
  const wanted = new Set(principalIds.map((p) => p.toLowerCase()));
  const candidates = model.assignments.filter((a) => wanted.has(a.principalId.toLowerCase()) && scopeCovers(a.scope, scope));
  if (candidates.length === 0) {
    return { allowed: false, reason: `no role assignment for ${principalIds.join(', ') || '(no principals)'} at ${scope} or above; ${DENY_NOTE}` };
  }
  const refusals: string[] = [];
  for (const a of candidates) {
    const role = model.roles.get(roleGuidOf(a.roleDefinitionId));
    if (!role) {
      refusals.push(`${a.id}: role definition ${a.roleDefinitionId} is unknown to the model`);
      continue;
    }
    const grant = roleGrants(role, action, opts);
    if (!grant.granted) {
      refusals.push(`${role.roleName} at ${a.scope}: ${grant.why}`);
      continue;
    }
    if (a.condition) {
      const c = evaluateCondition(a.condition, a.conditionVersion, action, opts);
      if (c.kind !== 'allow') {
        refusals.push(`${role.roleName} at ${a.scope}: assignment condition ${c.kind === 'unsupported' ? 'not modelled, treated as not granting' : 'not met'}: ${c.reason}`);
        continue;
      }
    }
    return {
      allowed: true,
      by: { assignmentId: a.id, roleDefinitionId: a.roleDefinitionId, roleName: role.roleName, scope: a.scope },
      reason: `${role.roleName} assigned at ${a.scope} grants ${action} through '${grant.pattern}'${a.condition ? ' and its condition holds' : ''}; ${DENY_NOTE}`,
    };
  }
  return { allowed: false, reason: `no assignment grants ${action}: ${refusals.join('; ')}; ${DENY_NOTE}` };
}
