// Refusals of Microsoft.Authorization, one request per error code, sent by @azure/arm-authorization (its
// RestError carries the simulator's status, code and message): role assignments, custom and built-in role
// definitions, their $filter, and scopes the simulator does not implement.
import { randomUUID } from 'node:crypto';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { TokenCredential } from '@azure/core-auth';
import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { SUB, createGroup, harness, type Harness } from './helpers.js';
import { assignRole, rgId } from './paas-helpers.js';

const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const SUB_SCOPE = `/subscriptions/${SUB}`;
const roleId = (guid: string) => `${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const credential: TokenCredential = { getToken: async () => ({ token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** The SDK client on the harness's simulator (in-process HttpClient). */
function client(h: Harness): AuthorizationManagementClient {
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const headers: Record<string, string> = {};
      for (const [k, v] of request.headers) headers[k] = v;
      const res = await h.sim.handle({ method: request.method, url: request.url, headers, body: typeof request.body === 'string' ? request.body : undefined });
      return { request, status: res.status, headers: createHttpHeaders(res.headers), bodyAsText: res.body ?? '' };
    },
  };
  return new AuthorizationManagementClient(credential, SUB, { httpClient });
}

/** rg1 (and rg2), and the SDK client. */
async function env(): Promise<{ h: Harness; auth: AuthorizationManagementClient }> {
  const h = await harness();
  await createGroup(h, 'rg1');
  await createGroup(h, 'rg2');
  return { h, auth: client(h) };
}

const refusal = (statusCode: number, code: string, text: string) => ({ statusCode, code, message: expect.stringContaining(text) });

const customRole = (assignableScopes: string[], extra: Record<string, unknown> = {}) => ({
  roleName: `Refusal test role ${randomUUID()}`,
  roleType: 'CustomRole',
  permissions: [{ actions: ['Microsoft.Resources/subscriptions/resourceGroups/read'] }],
  assignableScopes,
  ...extra,
});

describe('role assignments', () => {
  it('RoleAssignmentNotFound: GET of an assignment that does not exist', async () => {
    const { auth } = await env();
    const name = randomUUID();
    await expect(auth.roleAssignments.get(rgId('rg1'), name)).rejects.toMatchObject(refusal(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`));
  });

  it('InvalidRoleAssignmentId / InvalidPrincipalId: a name or a principal id that is not a GUID', async () => {
    const { auth } = await env();
    await expect(auth.roleAssignments.create(rgId('rg1'), 'reader-for-alice', { roleDefinitionId: roleId(READER), principalId: randomUUID(), principalType: 'User' })).rejects.toMatchObject(
      refusal(400, 'InvalidRoleAssignmentId', "The role assignment ID 'reader-for-alice' is not valid. The role assignment ID must be a GUID."),
    );
    await expect(auth.roleAssignments.create(rgId('rg1'), randomUUID(), { roleDefinitionId: roleId(READER), principalId: 'alice@contoso.com', principalType: 'User' })).rejects.toMatchObject(
      refusal(400, 'InvalidPrincipalId', "'alice@contoso.com' is not a GUID."),
    );
  });

  it('RoleDefinitionNotAssignableAtScope: a custom role assigned outside its assignable scopes', async () => {
    const { auth } = await env();
    const role = await auth.roleDefinitions.createOrUpdate(rgId('rg1'), randomUUID(), customRole([rgId('rg1')]));
    await expect(auth.roleAssignments.create(rgId('rg2'), randomUUID(), { roleDefinitionId: role.id as string, principalId: randomUUID(), principalType: 'User' })).rejects.toMatchObject(
      refusal(400, 'RoleDefinitionNotAssignableAtScope', `is not assignable at scope '${rgId('rg2')}'`),
    );
  });

  it('InvalidFilter: an assignment $filter other than atScope(), principalId eq and assignedTo()', async () => {
    const { auth } = await env();
    const list = async () => {
      for await (const _ of auth.roleAssignments.listForScope(rgId('rg1'), { filter: "roleDefinitionId eq 'x'" })) void _;
    };
    await expect(list()).rejects.toMatchObject(refusal(400, 'InvalidFilter', "The filter 'roleDefinitionId eq 'x'' is not supported."));
  });
});

describe('role definitions', () => {
  it('CannotModifyBuiltInRole / CannotDeleteBuiltInRole: PUT and DELETE of Reader', async () => {
    const { auth } = await env();
    await expect(auth.roleDefinitions.createOrUpdate(SUB_SCOPE, READER, customRole([SUB_SCOPE]))).rejects.toMatchObject(
      refusal(400, 'CannotModifyBuiltInRole', "The role definition 'Reader' is a built-in role and cannot be modified."),
    );
    await expect(auth.roleDefinitions.delete(SUB_SCOPE, READER)).rejects.toMatchObject(
      refusal(400, 'CannotDeleteBuiltInRole', "The role definition 'Reader' is a built-in role and cannot be deleted."),
    );
  });

  it('RoleDefinitionHasAssignments: DELETE of a custom role that is still assigned', async () => {
    const { h, auth } = await env();
    const guid = randomUUID();
    await auth.roleDefinitions.createOrUpdate(rgId('rg1'), guid, customRole([rgId('rg1')]));
    expect((await assignRole(h, rgId('rg1'), guid, randomUUID(), randomUUID(), 'User')).status).toBe(201);
    await expect(auth.roleDefinitions.delete(rgId('rg1'), guid)).rejects.toMatchObject(refusal(409, 'RoleDefinitionHasAssignments', `There are existing role assignments referencing role`));
  });

  it('InvalidRoleDefinitionId: a role definition name that is not a GUID', async () => {
    const { auth } = await env();
    await expect(auth.roleDefinitions.createOrUpdate(SUB_SCOPE, 'my-role', customRole([SUB_SCOPE]))).rejects.toMatchObject(
      refusal(400, 'InvalidRoleDefinitionId', "The role definition ID 'my-role' is not valid. The role definition ID must be a GUID."),
    );
  });

  it('RoleDefinitionNameNullOrEmpty / InvalidRoleDefinitionType: a blank roleName, a type other than CustomRole', async () => {
    const { auth } = await env();
    await expect(auth.roleDefinitions.createOrUpdate(SUB_SCOPE, randomUUID(), customRole([SUB_SCOPE], { roleName: '  ' }))).rejects.toMatchObject(
      refusal(400, 'RoleDefinitionNameNullOrEmpty', 'The role definition name (properties.roleName) cannot be null or empty.'),
    );
    await expect(auth.roleDefinitions.createOrUpdate(SUB_SCOPE, randomUUID(), customRole([SUB_SCOPE], { roleType: 'BuiltInRole' }))).rejects.toMatchObject(
      refusal(400, 'InvalidRoleDefinitionType', "The role definition type 'BuiltInRole' is not valid"),
    );
  });

  it('InvalidRoleDefinitionPermissions: no action and no data action', async () => {
    const { auth } = await env();
    await expect(auth.roleDefinitions.createOrUpdate(SUB_SCOPE, randomUUID(), customRole([SUB_SCOPE], { permissions: [{ notActions: ['*'] }] }))).rejects.toMatchObject(
      refusal(400, 'InvalidRoleDefinitionPermissions', 'The role definition must grant at least one action or data action'),
    );
  });

  it('InvalidAssignableScopes: none, the root scope, a scope that does not exist', async () => {
    const { auth } = await env();
    const put = (assignableScopes: string[]) => auth.roleDefinitions.createOrUpdate(SUB_SCOPE, randomUUID(), customRole(assignableScopes));
    await expect(put([])).rejects.toMatchObject(refusal(400, 'InvalidAssignableScopes', 'at least one assignable scope'));
    await expect(put(['/'])).rejects.toMatchObject(refusal(400, 'InvalidAssignableScopes', "The root scope '/' is reserved for built-in roles"));
    await expect(put([SUB_SCOPE, rgId('ghost')])).rejects.toMatchObject(refusal(400, 'InvalidAssignableScopes', `The assignable scope '${rgId('ghost')}' does not exist or is not valid`));
  });

  it('RoleDefinitionScopeNotInAssignableScopes: the PUT scope is not one of the assignable scopes', async () => {
    const { auth } = await env();
    await expect(auth.roleDefinitions.createOrUpdate(SUB_SCOPE, randomUUID(), customRole([rgId('rg1')]))).rejects.toMatchObject(
      refusal(400, 'RoleDefinitionScopeNotInAssignableScopes', `The scope '${SUB_SCOPE}' of the request must be one of the role definition's assignable scopes`),
    );
  });

  it('InvalidFilter: a definition $filter other than roleName eq and type eq', async () => {
    const { auth } = await env();
    const list = async () => {
      for await (const _ of auth.roleDefinitions.list(SUB_SCOPE, { filter: "description eq 'x'" })) void _;
    };
    await expect(list()).rejects.toMatchObject(refusal(400, 'InvalidFilter', "The filter 'description eq 'x'' is not supported."));
  });
});

describe('scopes', () => {
  it('InvalidScope: a scope under a subscription that is neither a resource group nor a resource', async () => {
    const { auth } = await env();
    const scope = `${SUB_SCOPE}/locations/eastus`;
    await expect(auth.roleAssignments.get(scope, randomUUID())).rejects.toMatchObject(
      refusal(400, 'InvalidScope', `The scope '${scope}' is not a tenant, subscription, resource group or resource scope the simulator implements.`),
    );
  });
});
