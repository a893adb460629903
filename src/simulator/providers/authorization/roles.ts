// Role definitions as data: built-in ones from the table, custom ones from records; action matching with
// ARM's wildcards, and the question other providers ask: does a principal hold a data action at a scope?
import { key, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import { BUILT_IN_ROLES, builtInRole } from './builtin-roles.js';
import { scopeContains } from './scope.js';

export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';
export const ROLE_DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions';

export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleView {
  guid: string;
  roleName: string;
  type: 'BuiltInRole' | 'CustomRole';
  description: string;
  permissions: Permission[];
  assignableScopes: string[];
  record?: ResourceRecord;
}

export const roleGuidOf = (roleDefinitionId: string): string | undefined =>
  /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})$/i.exec(roleDefinitionId)?.[1]?.toLowerCase();

function customRoles(state: CloudState): ResourceRecord[] {
  return recordsOfType(state, ROLE_DEFINITION_TYPE);
}

export function findRole(state: CloudState, guid: string): RoleView | undefined {
  const b = builtInRole(guid);
  if (b) {
    return {
      guid: b.id,
      roleName: b.roleName,
      type: 'BuiltInRole',
      description: b.description,
      permissions: [{ actions: b.actions, notActions: b.notActions ?? [], dataActions: b.dataActions ?? [], notDataActions: b.notDataActions ?? [] }],
      assignableScopes: ['/'],
    };
  }
  const rec = customRoles(state).find((r) => key(r.name) === key(guid));
  return rec ? customView(rec) : undefined;
}

export function customView(rec: ResourceRecord): RoleView {
  const p = rec.properties as { roleName: string; description?: string; permissions: Permission[]; assignableScopes: string[] };
  return { guid: rec.name, roleName: p.roleName, type: 'CustomRole', description: p.description ?? '', permissions: p.permissions, assignableScopes: p.assignableScopes, record: rec };
}

export function allRoles(state: CloudState): RoleView[] {
  return [...BUILT_IN_ROLES.map((b) => findRole(state, b.id) as RoleView), ...customRoles(state).map(customView)];
}

/** ARM action matching: case-insensitive, '*' matches any run of characters. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

function grantsDataAction(role: RoleView, action: string): boolean {
  return role.permissions.some((p) => p.dataActions.some((a) => actionMatches(a, action)) && !p.notDataActions.some((a) => actionMatches(a, action)));
}

/** Does `principalId` hold `dataAction` at `scopeId` through a role assignment at or above it? */
export function principalHasDataAction(state: CloudState, principalId: string, scopeId: string, dataAction: string): boolean {
  return recordsOfType(state, ROLE_ASSIGNMENT_TYPE).some((ra) => {
    const p = ra.properties as { principalId: string; roleDefinitionId: string; scope: string };
    if (key(p.principalId) !== key(principalId) || !scopeContains(p.scope, scopeId)) return false;
    const guid = roleGuidOf(p.roleDefinitionId);
    const role = guid ? findRole(state, guid) : undefined;
    return role !== undefined && grantsDataAction(role, dataAction);
  });
}
