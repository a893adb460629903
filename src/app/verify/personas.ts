// verify: do the roles hold? Each custom role's people (or the role itself, through a synthetic
// assignment, when nobody is named) asked the RBAC model for the actions the least-privilege design
// allows or forbids them (seed 001 §6).
import { resolvedPrincipal } from '../../config/fields.js';
import { can, type Decision, type RbacModel } from '../../azure-model/rbac.js';
import { rgId } from '../../../steps/env.js';
import { CUSTOM_ROLES } from '../../../steps/roles.js';
import { ids } from '../../../steps/support/ids.js';
import type { MatrixInput, Row } from './checks.js';

const lc = (s: string | undefined) => (s ?? '').toLowerCase();
const nameOf = (id: string | undefined) => (id ?? '').split('/').pop() ?? '';

const ML = 'Microsoft.MachineLearningServices/workspaces';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
interface Ask { action: string; expected: 'allowed' | 'blocked'; owner?: boolean }
const SENSITIVE: string[] = [`${ML}/computes/write`, `${ML}/computes/delete`, `${ML}/privateEndpointConnections/write`, `${ML}/write`, 'Microsoft.Authorization/roleAssignments/write'];
const ASKS: Record<(typeof CUSTOM_ROLES)[number]['key'], Ask[]> = {
  'data-scientist': SENSITIVE.map((action) => ({ action, expected: 'blocked' })),
  'data-scientist-super-user': [
    { action: `${ML}/computes/write`, expected: 'allowed' },
    { action: 'Microsoft.Authorization/roleAssignments/write', expected: 'blocked', owner: true },
  ],
  'it-admin': SENSITIVE.map((action) => ({ action, expected: 'allowed' })),
};
const ROLE_LABEL: Record<string, string> = { 'data-scientist': 'data scientist', 'data-scientist-super-user': 'data scientist super user', 'it-admin': 'IT admin' };

/** Scopes in a decision's reason as their last segment (the full ids stay in decidedById and JSON). */
function shortenScopes(text: string): string {
  return text.replace(/\/subscriptions\/[^\s;:,']+/g, (id) => nameOf(id)).replace(/; deny assignments are not modelled$/, ' (deny assignments not modelled)');
}

function personaFix(ask: Ask, d: Decision, label: string, principal: string, roleId: string, file: string, scope: string): string {
  const isOurs = !!d.by && lc(d.by.roleDefinitionId).endsWith(lc(nameOf(roleId)));
  if (ask.expected === 'blocked') {
    if (!isOurs && d.by) return `remove the assignment of ${d.by.roleName} at ${d.by.scope} to ${principal}: it grants ${ask.action}`;
    if (ask.owner) return `drop Microsoft.Authorization/roleAssignments/write from the ${label} role (templates/roles/${file}), or put a condition on its assignment that excludes the Owner role (${OWNER})`;
    return `add NotActions ${ask.action} to the ${label} role${d.by ? ` "${d.by.roleName}"` : ''} (templates/roles/${file})`;
  }
  return `assign the ${label} role to ${principal} at ${scope} (secure-aml apply), or add ${ask.action} to the role's Actions (templates/roles/${file})`;
}

export function personaRows(input: MatrixInput, rows: Row[]): void {
  const { env, rbac } = input;
  const workspace = ids.workspace(env);
  for (const role of CUSTOM_ROLES) {
    const label = ROLE_LABEL[role.key] ?? role.key;
    const roleId = ids.roleDefinition(env, role.key);
    const scope = role.scope === 'workspace' ? workspace : rgId(env);
    const people = env.config.roles[role.members];
    const subjects: { subject: string; principalId: string; model: RbacModel; note?: string }[] = people.map((p) => ({
      subject: `${p.displayName ?? p.user ?? p.group ?? p.objectId} (${label})`, principalId: resolvedPrincipal(p).objectId, model: rbac,
    }));
    if (subjects.length === 0) {
      const principalId = `synthetic-${role.key}`;
      subjects.push({
        subject: `${label} role (no principal)`, principalId,
        model: { roles: rbac.roles, assignments: [...rbac.assignments, { id: `synthetic assignment of ${label} at ${scope}`, roleDefinitionId: roleId, principalId, scope }] },
        note: `roles.${role.members} is empty: the role itself is evaluated through a synthetic assignment at ${scope}`,
      });
    }
    for (const s of subjects) {
      for (const ask of ASKS[role.key]) {
        const target = `${ask.action.replace(`${ML}/`, 'workspaces/')}${ask.owner ? ' (assign Owner)' : ''}`;
        const actionScope = ask.action.includes('/computes/') ? `${workspace}/computes/probe` : workspace;
        const d = can(s.model, [s.principalId], ask.action, actionScope, ask.owner ? { requestRoleDefinitionId: OWNER } : {});
        const actual = d.allowed ? 'allowed' : 'blocked';
        const ok = actual === ask.expected;
        rows.push({
          section: 'personas', kind: 'persona', subject: s.subject, subjectId: s.principalId, target, expected: ask.expected, actual, ok,
          decidedBy: `role: ${shortenScopes(d.reason)}`,
          decidedById: d.by?.assignmentId ?? roleId,
          fix: ok ? '' : personaFix(ask, d, label, s.subject, roleId, role.file, scope),
          ...(s.note ? { note: s.note } : {}),
        });
      }
    }
  }
}
