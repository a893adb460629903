// Request-body schemas for Microsoft.Authorization, after the REST models in
// specification/authorization/.../stable/2022-04-01/authorization-RoleAssignmentsCalls.json and
// authorization-RoleDefinitionsCalls.json.
import { arr, enumOf, obj, readOnly, str, strArr } from './common.js';

const PRINCIPAL_TYPES = ['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'] as const;

export const RoleAssignmentCreateParameters = obj('RoleAssignmentCreateParameters', {
  id: readOnly(),
  name: readOnly(),
  type: readOnly(),
  properties: obj('RoleAssignmentProperties', {
    scope: readOnly(),
    roleDefinitionId: str(),
    principalId: str(),
    principalType: enumOf('PrincipalType', PRINCIPAL_TYPES).optional(),
    description: str().optional(),
    condition: str().optional(),
    conditionVersion: str().optional(),
    createdOn: readOnly(),
    updatedOn: readOnly(),
    createdBy: readOnly(),
    updatedBy: readOnly(),
    delegatedManagedIdentityResourceId: str().optional(),
  }),
});

const Permission = obj('Permission', {
  actions: strArr().optional(),
  notActions: strArr().optional(),
  dataActions: strArr().optional(),
  notDataActions: strArr().optional(),
});

export const RoleDefinition = obj('RoleDefinition', {
  id: readOnly(),
  name: readOnly(),
  type: readOnly(),
  properties: obj('RoleDefinitionProperties', {
    roleName: str().optional(),
    description: str().optional(),
    type: str().optional(),
    permissions: arr(Permission, 'Permission').optional(),
    assignableScopes: strArr().optional(),
    createdOn: readOnly(),
    updatedOn: readOnly(),
    createdBy: readOnly(),
    updatedBy: readOnly(),
  }).optional(),
});
