// People's access (seed 001 §6): three custom roles from templates/roles/, assignable only in the
// environment's resource group, and assignments to the users, groups and service principals the
// config names. Plus the data roles the workspace's own identity needs on its resources.
import type { AuthorizationManagementClient, RoleDefinition } from '@azure/arm-authorization';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { principals, resolvedPrincipal } from '../src/config/fields.js';
import { templatePath } from '../src/paths.js';
import { type Ctx, rgId, type StepEnv } from './env.js';
import type { ResourceModule } from './module.js';
import { ids } from './support/ids.js';
import { type Assignment, onlyAssignRoles, roleAssignmentsStep, ROLES, scopeParam } from './support/role-assignment.js';
import { sdkSetStep, type SetMember } from './support/sdk-step.js';

interface RoleTemplate { roleName: string; description: string; actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }

export const CUSTOM_ROLES = [
  { key: 'it-admin', file: 'it-admin.json', members: 'itAdmins', scope: 'resourceGroup' },
  { key: 'data-scientist', file: 'data-scientist.json', members: 'dataScientists', scope: 'workspace' },
  { key: 'data-scientist-super-user', file: 'data-scientist-super-user.json', members: 'dataScientistSuperUsers', scope: 'workspace' },
] as const;

const templates = new Map<string, RoleTemplate>();
function roleTemplate(file: string): RoleTemplate {
  if (!templates.has(file)) templates.set(file, JSON.parse(readFileSync(templatePath('roles', file), 'utf8')) as RoleTemplate);
  return templates.get(file)!;
}

interface RoleDefinitionMember extends SetMember<RoleDefinition> {
  scope: string;
  /** The definition's GUID (its name). */
  guid: string;
}

const customRolesStep = sdkSetStep<AuthorizationManagementClient, RoleDefinitionMember, RoleDefinition>({
  id: 'custom-roles',
  title: 'Custom roles (IT admin, data scientist, super user)',
  dependsOn: ['resource-group'],
  typicalSeconds: 3,
  scopeId: (ctx) => rgId(ctx.env),
  members: (ctx) => CUSTOM_ROLES.map((r): RoleDefinitionMember => {
    const t = roleTemplate(r.file);
    const id = ids.roleDefinition(ctx.env, r.key);
    return {
      id,
      scope: rgId(ctx.env),
      guid: id.split('/').pop()!,
      body: {
        // Role names are unique in the tenant: qualify them with the environment.
        roleName: `${t.roleName} (${ctx.env.config.name}-${ctx.env.config.environment})`,
        description: t.description,
        roleType: 'CustomRole', // properties.type on the wire
        permissions: [{ actions: t.actions, notActions: t.notActions, dataActions: t.dataActions, notDataActions: t.notDataActions }],
        assignableScopes: [rgId(ctx.env)],
      },
    };
  }),
  // Role definitions are not long-running: written ahead, then one PUT at 2022-04-01.
  member: (m) => ({
    client: (c) => c.authorization(),
    read: (c) => c.roleDefinitions.get(scopeParam(m.scope), m.guid),
    send: (c, _env, body) => c.roleDefinitions.createOrUpdate(scopeParam(m.scope), m.guid, body),
    del: (c, _env, o) => c.roleDefinitions.delete(scopeParam(m.scope), m.guid, o),
  }),
});

/** The workspace storage's private endpoints (blob, file). */
const storageEndpoints = (env: StepEnv) => ['blob', 'file'].map((k) => ids.privateEndpoint(env, `pe-${env.config.name}-${env.config.environment}-${k}`));

function peopleAssignments(ctx: Ctx): Assignment[] {
  // Super users may hand out the environment's own roles only (constrained delegation).
  const ours = CUSTOM_ROLES.map((r) => ids.roleDefinition(ctx.env, r.key).split('/').pop()!);
  const roles = CUSTOM_ROLES.flatMap((r) => ctx.env.config.roles[r.members].map((p) => ({
    scope: r.scope === 'workspace' ? ids.workspace(ctx.env) : rgId(ctx.env),
    role: ids.roleDefinition(ctx.env, r.key),
    principalId: resolvedPrincipal(p).objectId,
    principalType: resolvedPrincipal(p).type,
    ...(r.key === 'data-scientist-super-user' ? { condition: onlyAssignRoles(ours) } : {}),
  })));
  // Datastores are identity-based (shared keys off): people read and write data as themselves, and
  // the studio's data preview needs Reader on the storage private endpoints
  // (https://learn.microsoft.com/azure/machine-learning/how-to-enable-studio-virtual-network).
  const dataUsers = [...ctx.env.config.roles.dataScientists, ...ctx.env.config.roles.dataScientistSuperUsers];
  const data = dataUsers.map(resolvedPrincipal).flatMap((p) => [
    { scope: ids.storage(ctx.env), role: ROLES.storageBlobDataContributor, principalId: p.objectId, principalType: p.type },
    ...storageEndpoints(ctx.env).map((pe) => ({ scope: pe, role: ROLES.reader, principalId: p.objectId, principalType: p.type })),
  ]);
  return [...roles, ...data];
}

const peopleRolesStep = roleAssignmentsStep({
  id: 'role-assignments',
  title: 'Role assignments for the people named in the config',
  dependsOn: ['custom-roles', 'workspace', 'storage', 'pe-blob', 'pe-file'],
  enabled: (env) => CUSTOM_ROLES.some((r) => env.config.roles[r.members].length > 0),
  scopeId: (ctx) => rgId(ctx.env),
  assignments: peopleAssignments,
});

/** What Azure ML needs its primary (user-assigned) identity to hold on the workspace's resources. */
const workspaceIdentityRolesStep = roleAssignmentsStep({
  id: 'workspace-identity-roles',
  title: 'Data roles of the workspace identity (storage, vault, registry, insights)',
  dependsOn: ['identity', 'storage', 'key-vault', 'registry', 'app-insights', 'pe-blob', 'pe-file'],
  scopeId: (ctx) => ids.identity(ctx.env),
  assignments: (ctx) => {
    const principalId = ctx.outputs('identity').principalId;
    const a = (scope: string, role: string): Assignment => ({ scope, role, principalId, principalType: 'ServicePrincipal' });
    return [
      a(ids.storage(ctx.env), ROLES.storageBlobDataContributor),
      a(ids.storage(ctx.env), ROLES.storageFileDataPrivilegedContributor),
      // Secrets of workspace connections; the key itself is reached through cmk-access-identity
      // (Key Vault Crypto Service Encryption User). Not Key Vault Administrator: no access management.
      a(ids.keyVault(ctx.env), ROLES.keyVaultSecretsOfficer),
      // Data preview through the storage private endpoints (Learn how-to-enable-studio-virtual-network).
      ...storageEndpoints(ctx.env).map((pe) => a(pe, ROLES.reader)),
      a(ids.registry(ctx.env), ROLES.acrPush),
      a(ids.appInsights(ctx.env), ROLES.contributor),
      ...(ctx.env.config.network.egress === 'managed'
        ? [ids.storage(ctx.env), ids.keyVault(ctx.env), ids.registry(ctx.env)].map((t) => a(t, ROLES.enterpriseNetworkConnectionApprover))
        : []),
    ];
  },
});

// ---- module ----
export const config = {
  roles: z
    .strictObject({
      itAdmins: principals('Principals that get the IT admin custom role (manage the workspace, not the data).'),
      dataScientists: principals('Principals that get the data scientist custom role (run jobs, no workspace or compute management).'),
      dataScientistSuperUsers: principals('Principals that get the data scientist super user role (data scientist plus compute management).'),
    })
    .prefault({})
    .describe('Least-privilege custom roles and who gets them.'),
};

export const definition: ResourceModule = {
  id: 'roles',
  config,
  steps: [workspaceIdentityRolesStep, customRolesStep, peopleRolesStep],
};
