// The shapes the permission model reads and answers with. Inputs are ARM GET bodies of
// Microsoft.Authorization/roleDefinitions and roleAssignments (REST 2022-04-01,
// https://learn.microsoft.com/en-us/rest/api/authorization/role-definitions/get and
// https://learn.microsoft.com/en-us/rest/api/authorization/role-assignments/get).

/** A resource as its ARM GET body; only what this library reads is typed. */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  properties?: Record<string, unknown>;
  [k: string]: unknown;
}

/** One block of a role definition's `permissions[]`; NotActions subtract within the same block only. */
export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
  /** Built-in roles such as Key Vault Data Access Administrator carry an ABAC condition on a block. */
  condition?: string;
  conditionVersion?: string;
}

export interface RoleDefinition {
  /** The definition's GUID (its `name`); built-in roles have the same GUID everywhere. */
  guid: string;
  roleName: string;
  roleType: 'BuiltInRole' | 'CustomRole';
  permissions: Permission[];
  assignableScopes: string[];
  /** Where the permissions were taken from (a Learn URL for the built-in table, the resource id otherwise). */
  source: string;
}

export interface RoleAssignment {
  id: string;
  roleDefinitionId: string;
  principalId: string;
  scope: string;
  condition?: string;
  conditionVersion?: string;
}

export interface RbacModel {
  /** Role definitions keyed by lower-case GUID. */
  roles: Map<string, RoleDefinition>;
  assignments: RoleAssignment[];
}

export interface CanOptions {
  /** Evaluate DataActions/NotDataActions instead of Actions/NotActions. */
  dataAction?: boolean;
  /** For roleAssignments/write: the role the caller asks to assign (GUID or full role definition id). */
  requestRoleDefinitionId?: string;
  /** For roleAssignments/delete: the role of the assignment being deleted (GUID or full id). */
  resourceRoleDefinitionId?: string;
}

export interface Decision {
  allowed: boolean;
  by?: { assignmentId: string; roleDefinitionId: string; roleName: string; scope: string };
  reason: string;
}
