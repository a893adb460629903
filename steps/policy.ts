// Azure Policy at the environment's resource group (seed 004 "Assigning Azure Policies for compliance",
// issue 14 item 2): one assignment per built-in definition shipped in templates/policies, audit effects
// by default, Deny where a definition offers it with policy.enforce; exemptions recorded with their
// reason at the narrowest scope that holds them; with enforce, the roles the remediating definitions
// (DeployIfNotExists, Modify) name, granted to their assignments' identities.
// Generic resources client: no SDK on the design card covers Microsoft.Authorization policy resources
// (@azure/arm-policy is not on it).
import type { GenericResource, ResourceManagementClient } from '@azure/arm-resources';
import { z } from 'zod';
import { policyExemptions } from '../src/app/policy-exemptions.js';
import { bool } from '../src/config/fields.js';
import { type Ctx, rgId, type StepEnv } from './env.js';
import type { ResourceModule, SummaryItem, SummaryView } from './module.js';
import {
  exemptionScope, plannedAssignments, policyAssigned, POLICY_API, POLICY_MARK, type PlannedAssignment,
} from './support/policy-plan.js';
import { roleAssignmentsStep } from './support/role-assignment.js';
import { sdkSetStep, type SetMember } from './support/sdk-step.js';

/** Azure's limits: displayName 128 characters (assignments and exemptions). */
const displayName = (text: string) => `secure-aml: ${text}`.slice(0, 128);

interface PolicyBody {
  location?: string;
  identity?: { type: 'SystemAssigned' };
  properties: Record<string, unknown>;
}

function assignmentBody(env: StepEnv, a: PlannedAssignment): PolicyBody {
  return {
    // A remediating assignment gets a system-assigned identity, which needs a location ("Only required
    // when utilizing managed identity", PolicyAssignment.location in the 2025-03-01 spec).
    ...(a.remediates ? { location: env.config.location, identity: { type: 'SystemAssigned' as const } } : {}),
    properties: {
      displayName: displayName(a.displayName),
      description: `Assigned by secure-aml to environment "${env.config.environment}" (effect ${a.effect}${a.enforcementMode === 'DoNotEnforce' ? ', not enforced' : ''}).`,
      policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${a.guid}`,
      parameters: a.parameters,
      enforcementMode: a.enforcementMode,
      metadata: { [POLICY_MARK]: env.config.environment },
    },
  };
}

/** Every member of a policy set step is one ARM PUT/GET/DELETE by id at the type's pinned version. */
const byId = (apiVersion: string) => (m: SetMember<PolicyBody>) => ({
  client: (c: StepEnv['clients']) => c.resources(),
  read: (c: ResourceManagementClient) => c.resources.getById(m.id, apiVersion),
  put: (c: ResourceManagementClient, _env: StepEnv, body: PolicyBody, o: Parameters<ResourceManagementClient['resources']['beginCreateOrUpdateById']>[3]) =>
    c.resources.beginCreateOrUpdateById(m.id, apiVersion, body as GenericResource, o),
  del: async (c: ResourceManagementClient, _env: StepEnv, o: { updateIntervalInMs?: number; abortSignal: AbortSignal }) =>
    (await c.resources.beginDeleteById(m.id, apiVersion, o)).pollUntilDone({ abortSignal: o.abortSignal }),
});

// Assigned once the resources they govern exist, so a Deny (policy.enforce) never races the tool's own
// first writes; later changes meet it, and the exemptions are in place by then.
const GOVERNED = [
  'resource-group', 'vnet', 'dns-api-azureml-ms', 'dns-notebooks-azure-net', 'storage', 'key-vault', 'registry', 'workspace',
  'compute-cluster', 'compute-instances', 'aks', 'aks-compute', 'jumpbox-nic', 'pe-workspace', 'pe-blob', 'pe-file', 'pe-vault', 'pe-registry',
  'diagnostics-key-vault', 'diagnostics-workspace',
];

const baseAssignments = sdkSetStep<ResourceManagementClient, SetMember<PolicyBody>, GenericResource>({
  id: 'policy-assignments',
  title: 'Azure Policy assignments at the resource group (built-in definitions)',
  dependsOn: GOVERNED,
  typicalSeconds: 20,
  enabled: (env) => policyAssigned(env.config),
  scopeId: (ctx) => rgId(ctx.env),
  members: (ctx) => plannedAssignments(ctx.env).map((a) => ({ id: a.id, body: assignmentBody(ctx.env, a) })),
  member: byId(POLICY_API.assignments),
});

/** The set step, whose outputs also carry each remediating assignment's principal (for its roles). */
const assignmentsStep: typeof baseAssignments = {
  ...baseAssignments,
  outputs: (o, ctx) => {
    const principals = Object.fromEntries(Object.entries(o).flatMap(([id, r]) => {
      const principalId = (r?.identity as { principalId?: string } | undefined)?.principalId;
      return principalId ? [[id, principalId]] : [];
    }));
    return { ...baseAssignments.outputs(o, ctx), principals: JSON.stringify(principals) };
  },
};

interface Exemption { file: string; displayName: string; reason: string; scope: string; id: string; assignmentId: string }

function plannedExemptions(env: StepEnv): Exemption[] {
  const reasons = policyExemptions(env.config);
  const assignments = new Map(plannedAssignments(env).map((a) => [a.file, a]));
  return Object.entries(reasons).flatMap(([file, reason]) => {
    const a = assignments.get(file);
    if (!a) return [];
    const scope = exemptionScope(env, file);
    return [{ file, displayName: a.displayName, reason, scope, id: `${scope}/providers/Microsoft.Authorization/policyExemptions/${a.name}`, assignmentId: a.id }];
  });
}

const exemptionsStep = sdkSetStep<ResourceManagementClient, SetMember<PolicyBody>, GenericResource>({
  id: 'policy-exemptions',
  title: 'Azure Policy exemptions, each with its reason',
  // The workspace or the cluster is the scope of some: they must exist.
  dependsOn: ['policy-assignments', 'workspace', 'aks'],
  typicalSeconds: 5,
  enabled: (env) => policyAssigned(env.config) && plannedExemptions(env).length > 0,
  scopeId: (ctx) => rgId(ctx.env),
  members: (ctx) => plannedExemptions(ctx.env).map((e) => ({
    id: e.id,
    body: {
      properties: {
        policyAssignmentId: e.assignmentId,
        exemptionCategory: 'Waiver',
        displayName: displayName(e.displayName),
        description: e.reason.slice(0, 1024),
        metadata: { [POLICY_MARK]: ctx.env.config.environment, reason: e.reason },
      },
    },
  })),
  member: byId(POLICY_API.exemptions),
});

/**
 * With enforce, DeployIfNotExists and Modify assignments act at request time through their own identity,
 * which needs the roles their definitions name; "When using an Azure SDK, roles must be granted to the
 * managed identity manually" (Learn remediate-resources). Without enforce they are DoNotEnforce: nothing
 * is deployed or modified at request time, the tool starts no remediation task, and compliance evaluation
 * needs no role ("the assignment's identity ... is not used for evaluation of the policy definition and its
 * existence condition", same page) — so no standing Contributor / Network Contributor is granted for nothing.
 * https://learn.microsoft.com/azure/governance/policy/how-to/remediate-resources
 */
const remediationRolesStep = roleAssignmentsStep({
  id: 'policy-remediation-roles',
  title: 'Roles of the remediating policy assignments (enforce)',
  dependsOn: ['policy-assignments'],
  enabled: (env) => policyAssigned(env.config) && (env.config.policy?.enforce ?? false),
  scopeId: (ctx) => rgId(ctx.env),
  assignments: (ctx: Ctx) => {
    const principals = JSON.parse(ctx.outputs('policy-assignments').principals ?? '{}') as Record<string, string>;
    return plannedAssignments(ctx.env).filter((a) => a.remediates).flatMap((a) => {
      const principalId = Object.entries(principals).find(([id]) => id.toLowerCase() === a.id.toLowerCase())?.[1];
      if (!principalId) return [];
      return a.roleDefinitionIds.map((r) => ({ scope: rgId(ctx.env), role: r.split('/').pop()!, principalId, principalType: 'ServicePrincipal' as const }));
    });
  },
});

// ---- module ----
export const config = {
  policy: z
    .strictObject({
      assign: bool(
        'Assign Microsoft\'s built-in Azure Policy definitions (templates/policies: those seed 004 lists and those `audit` evaluates) at the environment\'s resource group, with the exemptions the baseline needs recorded with their reason.',
        true,
      ),
      enforce: bool(
        'Deny instead of audit where a definition offers Deny, and enforce DeployIfNotExists / Modify (their identities get the roles the definitions name). Default false: every assignment reports compliance and blocks nothing.',
        false,
      ),
    })
    .prefault({})
    .describe('Azure Policy assignments at the resource group.'),
};

/** Words into lines of at most `width` characters (the summary prints presentation lines as given). */
function wrapWords(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) { out.push(line); line = indent + word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

function summary(view: SummaryView): SummaryItem[] {
  if (view.state.steps['policy-assignments']?.status !== 'done') return [];
  const planned = plannedAssignments(view.env);
  const tally = (list: PlannedAssignment[]) => {
    const m = new Map<string, number>();
    for (const a of list) m.set(a.effect, (m.get(a.effect) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]).map(([effect, n]) => `${n} ${effect}`).join(', ');
  };
  const enforced = planned.filter((a) => a.enforcementMode === 'Default');
  const reportOnly = planned.filter((a) => a.enforcementMode === 'DoNotEnforce');
  const exemptions = view.state.steps['policy-exemptions']?.status === 'done' ? plannedExemptions(view.env) : [];
  const enforce = view.env.config.policy?.enforce ?? false;
  return [{
    key: 'policy',
    json: {
      assignments: planned.length, enforce,
      effects: Object.fromEntries(planned.map((a) => [a.effect, planned.filter((b) => b.effect === a.effect).length])),
      notEnforced: reportOnly.map((a) => a.displayName),
      exemptions: exemptions.map((e) => ({ definition: e.displayName, scope: e.scope, reason: e.reason })),
    },
    lines: [
      `${planned.length} Azure Policy assignments at the resource group (policy.enforce ${enforce})`,
      ...wrapWords(`enforced: ${tally(enforced)}`, 94, '  '),
      ...(reportOnly.length ? wrapWords(`not enforced, report only: ${tally(reportOnly)}`, 94, '  ') : []),
      ...exemptions.flatMap((e) => [
        ...wrapWords(`exempt at ${e.scope.split('/').pop()}: ${e.displayName}`, 94, '  '),
        ...wrapWords(`why: ${e.reason}`, 94, '    ').map((l) => (l.startsWith('why:') ? `  ${l}` : l)),
      ]),
      'compliance states: secure-aml audit (--scan evaluates now)',
    ],
  }];
}

export const definition: ResourceModule = {
  id: 'Azure Policy',
  config,
  steps: [assignmentsStep, exemptionsStep, remediationRolesStep],
  summary,
};
