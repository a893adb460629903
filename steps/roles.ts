// People's access (seed 001 §6): three custom roles from templates/roles/, assignable only in the
// environment's resource group, and assignments to the users, groups and service principals the
// config names. Plus the data roles the workspace's own identity needs on its resources.
import { readFileSync } from 'node:fs';
import { templatePath } from '../src/paths.js';
import { rgId, type Ctx } from './env.js';
import { armSetStep } from './support/arm-set.js';
import { API, ids } from './support/ids.js';
import { ROLES, roleAssignmentsStep, type Assignment } from './support/role-assignment.js';

interface RoleTemplate { roleName: string; description: string; actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }

export const CUSTOM_ROLES = [
  { key: 'it-admin', file: 'it-admin.json', members: 'itAdmins', scope: 'resourceGroup' },
  { key: 'data-scientist', file: 'data-scientist.json', members: 'dataScientists', scope: 'workspace' },
  { key: 'data-scientist-super-user', file: 'data-scientist-super-user.json', members: 'dataScientistSuperUsers', scope: 'workspace' },
] as const;

const templates = new Map<string, RoleTemplate>();
export function roleTemplate(file: string): RoleTemplate {
  if (!templates.has(file)) templates.set(file, JSON.parse(readFileSync(templatePath('roles', file), 'utf8')) as RoleTemplate);
  return templates.get(file)!;
}

export const customRolesStep = armSetStep({
  id: 'custom-roles',
  title: 'Custom roles (IT admin, data scientist, super user)',
  dependsOn: ['resource-group'],
  apiVersion: API.authorization,
  typicalSeconds: 3,
  scopeId: (ctx) => rgId(ctx.env),
  members: (ctx) => CUSTOM_ROLES.map((r) => {
    const t = roleTemplate(r.file);
    return {
      id: ids.roleDefinition(ctx.env, r.key),
      body: {
        properties: {
          // Role names are unique in the tenant: qualify them with the environment.
          roleName: `${t.roleName} (${ctx.env.config.name}-${ctx.env.config.environment})`,
          description: t.description,
          type: 'CustomRole',
          permissions: [{ actions: t.actions, notActions: t.notActions, dataActions: t.dataActions, notDataActions: t.notDataActions }],
          assignableScopes: [rgId(ctx.env)],
        },
      },
    };
  }),
});

function peopleAssignments(ctx: Ctx): Assignment[] {
  return CUSTOM_ROLES.flatMap((r) => ctx.env.config.roles[r.members].map((p) => ({
    scope: r.scope === 'workspace' ? ids.workspace(ctx.env) : rgId(ctx.env),
    role: ids.roleDefinition(ctx.env, r.key),
    principalId: p.objectId,
    principalType: p.type,
  })));
}

export const peopleRolesStep = roleAssignmentsStep({
  id: 'role-assignments',
  title: 'Role assignments for the people named in the config',
  dependsOn: ['custom-roles', 'workspace'],
  enabled: (env) => CUSTOM_ROLES.some((r) => env.config.roles[r.members].length > 0),
  scopeId: (ctx) => rgId(ctx.env),
  assignments: peopleAssignments,
});

/** What Azure ML needs its primary (user-assigned) identity to hold on the workspace's resources. */
export const workspaceIdentityRolesStep = roleAssignmentsStep({
  id: 'workspace-identity-roles',
  title: 'Data roles of the workspace identity (storage, vault, registry, insights)',
  dependsOn: ['identity', 'storage', 'key-vault', 'registry', 'app-insights'],
  scopeId: (ctx) => ids.identity(ctx.env),
  assignments: (ctx) => {
    const principalId = ctx.outputs('identity').principalId;
    const a = (scope: string, role: string): Assignment => ({ scope, role, principalId, principalType: 'ServicePrincipal' });
    return [
      a(ids.storage(ctx.env), ROLES.storageBlobDataContributor),
      a(ids.storage(ctx.env), ROLES.storageFileDataPrivilegedContributor),
      a(ids.keyVault(ctx.env), ROLES.keyVaultAdministrator),
      a(ids.registry(ctx.env), ROLES.acrPush),
      a(ids.appInsights(ctx.env), ROLES.contributor),
    ];
  },
});
