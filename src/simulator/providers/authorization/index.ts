// Microsoft.Authorization: role assignments and role definitions, extension resources routed from
// `{scope}/providers/Microsoft.Authorization/...` (router.ts 'extension' routes) with the scope resolved here.
import { ArmError, badRequest, methodNotAllowed } from '../../errors.js';
import type { CloudState, ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx, Provider, ProviderRoute } from '../types.js';
import { listAssignments, handleAssignment, renderAssignment } from './role-assignments.js';
import { handleDefinition, listDefinitions, renderDefinitionRecord } from './role-definitions.js';
import { ROLE_ASSIGNMENT_TYPE } from './roles.js';
import { resolveScope } from './scope.js';

const AUTHORIZATION = 'Microsoft.Authorization';
/** 2022-04-01 is what @azure/arm-authorization 9 sends; the previews are still used for reads by older tools. */
const AUTHORIZATION_API_VERSIONS = ['2018-01-01-preview', '2020-04-01-preview', '2022-04-01'] as const;

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  if (route.scope === undefined) {
    throw badRequest('InvalidScope', `Microsoft.Authorization resources are addressed as {scope}/providers/${AUTHORIZATION}/...`);
  }
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const scope = resolveScope(ctx.state, route.scope);
  if (scope.level === 'tenant' && (path !== 'roledefinitions' || ctx.method !== 'GET')) {
    throw methodNotAllowed(ctx.method, 'tenant-level Microsoft.Authorization (only role definition reads are simulated)');
  }
  switch (path) {
    case 'roleassignments':
      return collection ? listAssignments(ctx, scope) : handleAssignment(ctx, scope, names[0]);
    case 'roledefinitions':
      return collection ? listDefinitions(ctx, scope) : handleDefinition(ctx, scope, names[0]);
    default:
      throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${AUTHORIZATION}'.`);
  }
}

function render(state: CloudState, rec: ResourceRecord): ArmResource {
  return rec.type === ROLE_ASSIGNMENT_TYPE ? renderAssignment(state, rec) : renderDefinitionRecord(state, rec);
}

export const authorizationProvider: Provider = {
  namespace: AUTHORIZATION,
  apiVersions: AUTHORIZATION_API_VERSIONS,
  resourceTypes: ['roleAssignments', 'roleDefinitions'],
  handle,
  render,
  deleteLatencyKey: (rec) => rec.type,
};
