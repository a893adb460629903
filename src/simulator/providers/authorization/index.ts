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
import { handlePolicyAssignment, listPolicyAssignments, renderPolicyAssignment } from './policy-assignments.js';
import { handlePolicyDefinition, listPolicyDefinitions } from './policy-definitions.js';
import { handlePolicyExemption, listPolicyExemptions, renderPolicyExemption } from './policy-exemptions.js';
import { POLICY_ASSIGNMENT_TYPE, POLICY_EXEMPTION_TYPE } from '../../policy/assignments.js';

const AUTHORIZATION = 'Microsoft.Authorization';
/** 2022-04-01 is what @azure/arm-authorization 9 sends; the previews are still used for reads by older tools. */
const AUTHORIZATION_API_VERSIONS = ['2018-01-01-preview', '2020-04-01-preview', '2022-04-01'] as const;
/** Azure Policy is versioned apart from RBAC: assignments/definitions model 2025-03-01, exemptions 2022-07-01-preview. */
const POLICY_API_VERSIONS: Record<string, readonly string[]> = {
  policyassignments: ['2025-03-01'],
  policydefinitions: ['2025-03-01'],
  policyexemptions: ['2022-07-01-preview'],
};

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  if (route.scope === undefined) {
    throw badRequest('InvalidScope', `Microsoft.Authorization resources are addressed as {scope}/providers/${AUTHORIZATION}/...`);
  }
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const scope = resolveScope(ctx.state, route.scope);
  if (scope.level === 'tenant' && ((path !== 'roledefinitions' && path !== 'policydefinitions') || ctx.method !== 'GET')) {
    throw methodNotAllowed(ctx.method, 'tenant-level Microsoft.Authorization (only role definition reads are simulated)');
  }
  switch (path) {
    case 'roleassignments':
      return collection ? listAssignments(ctx, scope) : handleAssignment(ctx, scope, names[0]);
    case 'roledefinitions':
      return collection ? listDefinitions(ctx, scope) : handleDefinition(ctx, scope, names[0]);
    case 'policyassignments':
      return collection ? listPolicyAssignments(ctx, scope) : handlePolicyAssignment(ctx, scope, names[0]);
    case 'policydefinitions':
      return collection ? listPolicyDefinitions(ctx) : handlePolicyDefinition(ctx, scope, names[0]);
    case 'policyexemptions':
      return collection ? listPolicyExemptions(ctx, scope) : handlePolicyExemption(ctx, scope, names[0]);
    default:
      throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${AUTHORIZATION}'.`);
  }
}

function render(state: CloudState, rec: ResourceRecord): ArmResource {
  if (rec.type === POLICY_ASSIGNMENT_TYPE) return renderPolicyAssignment(state, rec);
  if (rec.type === POLICY_EXEMPTION_TYPE) return renderPolicyExemption(state, rec);
  return rec.type === ROLE_ASSIGNMENT_TYPE ? renderAssignment(state, rec) : renderDefinitionRecord(state, rec);
}

export const authorizationProvider: Provider = {
  namespace: AUTHORIZATION,
  apiVersions: AUTHORIZATION_API_VERSIONS,
  apiVersionsFor: (types) => POLICY_API_VERSIONS[types[0]?.toLowerCase() ?? ''] ?? AUTHORIZATION_API_VERSIONS,
  resourceTypes: ['roleAssignments', 'roleDefinitions', 'policyAssignments', 'policyDefinitions', 'policyExemptions'],
  handle,
  render,
  deleteLatencyKey: (rec) => rec.type,
};
