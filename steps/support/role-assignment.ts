// Role assignments: deterministic names (a GUID derived from scope, role and principal) so a re-run
// is idempotent; RoleAssignmentExists counts as success; PrincipalNotFound right after an identity
// was created is retried with backoff (directory replication), shown in the progress line.
import { createHash } from 'node:crypto';
import type { AuthorizationManagementClient, RoleAssignment, RoleAssignmentCreateParameters } from '@azure/arm-authorization';
import { classifyArmError } from '../../src/azure/arm-error.js';
import type { AzureStep, Ctx, StepEnv } from '../env.js';
import { sdkSetStep, type SetMember } from './sdk-step.js';

/** A stable GUID from its parts (name-based, like ARM template guid()). */
export function guidFrom(...parts: string[]): string {
  const h = createHash('sha256').update(parts.map((p) => p.toLowerCase()).join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const ROLES = {
  keyVaultCryptoServiceEncryptionUser: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
  keyVaultAdministrator: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  storageFileDataPrivilegedContributor: '69566ab7-960f-475b-8e7c-b3118f30c6bd',
  acrPush: '8311e382-0749-4cb8-b61a-304f252e45ec',
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  networkContributor: '4d97b98b-1d4f-4787-a291-c67834d212e7',
  // Lets the workspace identity approve the managed network's private endpoints on their targets
  // (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network).
  enterpriseNetworkConnectionApprover: 'b556d68e-0be0-4f35-a333-ad7ee1ce17ea',
} as const;

/**
 * Azure Cosmos DB's application id (public cloud; Learn "Configure customer-managed keys for your Azure Cosmos
 * DB account"). Not a principal id: role assignments name its service principal's object id in the tenant,
 * which steps/cmk-access.ts (`cosmos-principal`) resolves through Microsoft Graph.
 */
export const COSMOS_DB_APP_ID = 'a232010e-820c-4083-83bb-3ace5fc29d0b';

export type PrincipalType = 'ServicePrincipal' | 'User' | 'Group';

export interface Assignment {
  scope: string;
  /** A built-in role GUID, or a full role definition id (custom roles). */
  role: string;
  principalId: string;
  principalType: PrincipalType;
  /** ABAC condition (version 2.0) on the assignment, e.g. constrained delegation. */
  condition?: string;
}

/**
 * Constrained delegation: the assignee may create and delete role assignments only for these role
 * definitions (GUIDs), never Owner or User Access Administrator
 * (https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples#example-constrain-roles).
 */
export function onlyAssignRoles(guids: string[]): string {
  const list = `{${guids.join(', ')}}`;
  return `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${list}))`
    + ` AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${list}))`;
}

/** One assignment as a set member: its id, and the scope and name the SDK addresses it by. */
export interface AssignmentMember extends SetMember<RoleAssignmentCreateParameters> {
  scope: string;
  name: string;
}

export function assignmentMember(ctx: Ctx, a: Assignment): AssignmentMember {
  const roleDefinitionId = a.role.startsWith('/') ? a.role : `/subscriptions/${ctx.env.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${a.role}`;
  const name = guidFrom(a.scope, roleDefinitionId.split('/').pop()!, a.principalId);
  return {
    id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    scope: a.scope,
    name,
    body: { roleDefinitionId, principalId: a.principalId, principalType: a.principalType, ...(a.condition ? { condition: a.condition, conditionVersion: '2.0' } : {}) },
  };
}

/** The authorization SDK puts `{scope}` after a slash of its own: an ARM id without its leading one. */
export const scopeParam = (scope: string): string => scope.replace(/^\/+/, '');

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(t); reject(new Error('aborted')); }, { once: true });
});

/** PUT with the two answers ARM gives around fresh identities and earlier runs. */
export async function putAssignment(ctx: Ctx, m: SetMember<RoleAssignmentCreateParameters>, send: () => Promise<RoleAssignment>): Promise<RoleAssignment> {
  // Replication of a fresh identity can take minutes (latency model: median 30 s, p90 120 s).
  const delays = [2, 4, 8, 16, 30, 60, 60].map((s) => s * 1000 * (ctx.env.timeScale ?? 1));
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      const info = classifyArmError(e);
      if (info.code === 'RoleAssignmentExists') {
        ctx.report('an equivalent assignment already exists; nothing to do');
        return { id: m.id, ...m.body };
      }
      if (info.code === 'PrincipalNotFound' && attempt < delays.length) {
        ctx.report(`principal not replicated yet (PrincipalNotFound); retry ${attempt + 1}/${delays.length} in ${(delays[attempt] / 1000).toFixed(1)}s`);
        await sleep(delays[attempt], ctx.signal);
        continue;
      }
      throw e;
    }
  }
}

export interface RoleAssignmentsSpec {
  id: string;
  title: string;
  dependsOn: string[];
  enabled?: (env: StepEnv) => boolean;
  scopeId: (ctx: Ctx) => string;
  assignments: (ctx: Ctx) => Assignment[];
}

export function roleAssignmentsStep(spec: RoleAssignmentsSpec): AzureStep {
  return sdkSetStep<AuthorizationManagementClient, AssignmentMember, RoleAssignment>({
    id: spec.id,
    title: spec.title,
    dependsOn: spec.dependsOn,
    enabled: spec.enabled,
    typicalSeconds: 3,
    createOnly: true, // ARM cannot update an assignment; its name encodes all it is
    scopeId: spec.scopeId,
    // One person may be named twice (in two lists, or by name and by id): one assignment each.
    members: (ctx) => [...new Map(spec.assignments(ctx).map((a) => assignmentMember(ctx, a)).map((m) => [m.id.toLowerCase(), m])).values()],
    // Role assignments are not long-running: written ahead, then one PUT at 2022-04-01.
    member: (m) => ({
      client: (c) => c.authorization(),
      read: (c) => c.roleAssignments.get(scopeParam(m.scope), m.name),
      send: (c, _env, body) => c.roleAssignments.create(scopeParam(m.scope), m.name, body),
      del: (c, _env, o) => c.roleAssignments.delete(scopeParam(m.scope), m.name, o),
    }),
    write: putAssignment,
  });
}
