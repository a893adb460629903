// Role definitions: the built-in table (readable at any scope, including the tenant root) and custom roles
// (PUT answers 201 only, as the REST spec defines; role names are unique in the tenant; every assignable
// scope must exist and the PUT scope must be one of them; a role in use cannot be deleted).
import { badRequest, conflict, methodNotAllowed, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { isGuid } from '../../router.js';
import { RoleDefinition } from '../../schemas/authorization.js';
import { parseBody } from '../../schemas/common.js';
import { key, putRecord, recordsOfType, removeSubtree, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { isoTime } from '../kit/tracked.js';
import type { Ctx } from '../types.js';
import { ROLE_ASSIGNMENT_TYPE, ROLE_DEFINITION_TYPE, allRoles, customView, findRole, roleGuidOf, type Permission, type RoleView } from './roles.js';
import { resolveScope, scopeContains, scopeSegments, type Scope } from './scope.js';

const AUTH = 'Microsoft.Authorization';
const BUILT_IN_DATE = '2015-02-02T21:55:09.8806423Z';

const definitionId = (sub: string | undefined, guid: string): string =>
  sub ? `/subscriptions/${sub}/providers/${AUTH}/roleDefinitions/${guid}` : `/providers/${AUTH}/roleDefinitions/${guid}`;

function renderRole(role: RoleView, sub: string | undefined): ArmResource {
  const rec = role.record;
  return {
    id: definitionId(sub ?? rec?.subscriptionId, role.guid),
    name: role.guid,
    type: ROLE_DEFINITION_TYPE,
    properties: {
      roleName: role.roleName,
      type: role.type,
      description: role.description,
      assignableScopes: role.assignableScopes,
      permissions: role.permissions,
      createdOn: rec ? String(rec.properties.createdOn) : BUILT_IN_DATE,
      updatedOn: rec ? String(rec.properties.updatedOn) : BUILT_IN_DATE,
      createdBy: null,
      updatedBy: null,
    },
  };
}

/** dump(): a custom role as GET returns it at its subscription. */
export const renderDefinitionRecord = (_state: CloudState, rec: ResourceRecord): ArmResource => renderRole(customView(rec), rec.subscriptionId);

export function handleDefinition(ctx: Ctx, scope: Scope, guid: string): SimResponse {
  const role = isGuid(guid) ? findRole(ctx.state, guid) : undefined;
  switch (ctx.method) {
    case 'GET':
      if (!role) throw notFound('RoleDefinitionDoesNotExist', `The specified role definition with ID '${guid}' does not exist.`);
      return json(200, renderRole(role, scope.sub));
    case 'PUT':
      return putDefinition(ctx, scope, guid, role);
    case 'DELETE': {
      if (!role) return empty(204);
      if (role.type === 'BuiltInRole') throw badRequest('CannotDeleteBuiltInRole', `The role definition '${role.roleName}' is a built-in role and cannot be deleted.`);
      const inUse = recordsOfType(ctx.state, ROLE_ASSIGNMENT_TYPE).some((ra) => roleGuidOf(String(ra.properties.roleDefinitionId)) === role.guid);
      if (inUse) throw conflict('RoleDefinitionHasAssignments', `There are existing role assignments referencing role '${role.roleName}' (${role.guid}). Delete them first.`);
      const body = renderRole(role, scope.sub);
      removeSubtree(ctx.state, (role.record as ResourceRecord).id, ctx.now);
      return json(200, body);
    }
    default:
      throw methodNotAllowed(ctx.method, 'role definition');
  }
}

function putDefinition(ctx: Ctx, scope: Scope, guid: string, existing: RoleView | undefined): SimResponse {
  if (!isGuid(guid)) throw badRequest('InvalidRoleDefinitionId', `The role definition ID '${guid}' is not valid. The role definition ID must be a GUID.`);
  if (scope.level === 'tenant' || scope.sub === undefined) throw badRequest('InvalidScope', 'Custom role definitions are created at a subscription, resource group or resource scope.');
  if (existing?.type === 'BuiltInRole') throw badRequest('CannotModifyBuiltInRole', `The role definition '${existing.roleName}' is a built-in role and cannot be modified.`);
  const body = parseBody(RoleDefinition, ctx.body, 'resources');
  const p = body.properties ?? {};
  const roleName = p.roleName?.trim() ?? '';
  if (roleName === '') throw badRequest('RoleDefinitionNameNullOrEmpty', 'The role definition name (properties.roleName) cannot be null or empty.');
  if (p.type !== undefined && p.type.toLowerCase() !== 'customrole') {
    throw badRequest('InvalidRoleDefinitionType', `The role definition type '${p.type}' is not valid: only 'CustomRole' definitions can be created.`);
  }
  const sameName = allRoles(ctx.state).find((r) => r.guid !== guid.toLowerCase() && key(r.roleName) === key(roleName));
  if (sameName) throw conflict('RoleDefinitionWithSameNameExists', 'A custom role with the same name already exists in this directory. Use a different name.');
  const permissions: Permission[] = (p.permissions ?? []).map((x) => ({
    actions: x.actions ?? [],
    notActions: x.notActions ?? [],
    dataActions: x.dataActions ?? [],
    notDataActions: x.notDataActions ?? [],
  }));
  if (permissions.length === 0 || permissions.every((x) => x.actions.length === 0 && x.dataActions.length === 0)) {
    throw badRequest('InvalidRoleDefinitionPermissions', 'The role definition must grant at least one action or data action (properties.permissions).');
  }
  const given = p.assignableScopes ?? [];
  if (given.length === 0) throw badRequest('InvalidAssignableScopes', 'The role definition must have at least one assignable scope (properties.assignableScopes).');
  const assignableScopes = given.map((s) => {
    const segs = scopeSegments(s);
    if (segs.length === 0) throw badRequest('InvalidAssignableScopes', "The root scope '/' is reserved for built-in roles and cannot be an assignable scope of a custom role.");
    try {
      return resolveScope(ctx.state, segs).id;
    } catch (err) {
      throw badRequest('InvalidAssignableScopes', `The assignable scope '${s}' does not exist or is not valid: ${(err as Error).message}`);
    }
  });
  if (!assignableScopes.some((s) => key(s) === key(scope.id))) {
    throw badRequest(
      'RoleDefinitionScopeNotInAssignableScopes',
      `The scope '${scope.id}' of the request must be one of the role definition's assignable scopes ('${given.join(', ')}').`,
    );
  }
  const prior = existing?.record;
  // Custom roles live in the tenant; the record sits at the subscription of its first PUT.
  const sub = prior?.subscriptionId ?? scope.sub;
  const rec: ResourceRecord = {
    id: definitionId(sub, guid.toLowerCase()),
    type: ROLE_DEFINITION_TYPE,
    name: guid.toLowerCase(),
    subscriptionId: sub,
    parentId: `/subscriptions/${sub}`,
    provisioningState: 'Succeeded',
    properties: {
      roleName,
      description: p.description ?? '',
      permissions,
      assignableScopes,
      createdOn: prior ? prior.properties.createdOn : isoTime(ctx.now),
      updatedOn: isoTime(ctx.now),
    },
    createdAt: prior?.createdAt ?? ctx.now,
    changedAt: ctx.now,
  };
  putRecord(ctx.state, rec);
  // The REST spec defines only 201 for this PUT (the SDK rejects 200), for creates and updates alike.
  return json(201, renderRole(customView(rec), scope.sub));
}

/** GET {scope}/providers/Microsoft.Authorization/roleDefinitions[?$filter=roleName eq '..' | type eq 'CustomRole']. */
export function listDefinitions(ctx: Ctx, scope: Scope): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'role definition collection');
  const filter = ctx.url.query.get('$filter') ?? '';
  const byName = /roleName\s+eq\s+'([^']*)'/i.exec(filter)?.[1];
  const byType = /type\s+eq\s+'([^']*)'/i.exec(filter)?.[1];
  if (filter !== '' && byName === undefined && byType === undefined) {
    throw badRequest('InvalidFilter', `The filter '${filter}' is not supported. Supported filters are roleName eq '{name}' and type eq 'BuiltInRole|CustomRole'.`);
  }
  const value = allRoles(ctx.state)
    .filter((r) => r.type === 'BuiltInRole' || r.assignableScopes.some((s) => scopeContains(s, scope.id) || scopeContains(scope.id, s)))
    .filter((r) => byName === undefined || key(r.roleName) === key(byName))
    .filter((r) => byType === undefined || key(r.type) === key(byType))
    .map((r) => renderRole(r, scope.sub));
  return json(200, { value });
}
