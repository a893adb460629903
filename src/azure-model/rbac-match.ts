// String semantics of Azure RBAC: action wildcards and scope containment.

// ARM action matching. `*` matches any run of characters, `/` included, anywhere in the pattern:
// Learn documents `*/read` as "read actions for all resource types of all Azure resource providers" and
// `Microsoft.Compute/virtualMachines/*` as covering "virtual machines and its child resource types"
// (https://learn.microsoft.com/en-us/azure/role-based-access-control/role-definitions#actions), and
// allows several wildcards in one string, e.g. `Microsoft.CostManagement/*/query/*`
// (https://learn.microsoft.com/en-us/azure/role-based-access-control/custom-roles#wildcard-permissions).
// (Creating a custom role with two wildcards was once refused with InvalidActionOrNotAction, see
// https://github.com/MicrosoftDocs/azure-docs/issues/74428; built-in roles and matching are unaffected.)
// Case-insensitive: the same page lists `microsoft.web/sites/restart/Action`, and Contributor's NotActions
// `Microsoft.Authorization/*/Write` is meant to exclude the lower-case `.../roleAssignments/write`.
// Consequence: `.../computes/*/write` needs text between two slashes, so it does NOT match
// `.../computes/write`, while `.../workspaces/*/write` does.
export function matchesAction(pattern: string, action: string): boolean {
  const p = pattern.toLowerCase();
  const a = action.toLowerCase();
  // Glob match with backtracking over the last `*` (linear enough for action strings).
  let pi = 0;
  let ai = 0;
  let star = -1;
  let mark = 0;
  while (ai < a.length) {
    if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ai;
    } else if (pi < p.length && p[pi] === a[ai]) {
      pi++;
      ai++;
    } else if (star >= 0) {
      pi = star + 1;
      ai = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** Lower-case, no doubled or trailing slashes; the root scope is '/'. */
export function normalizeScope(scope: string): string {
  const segments = scope.toLowerCase().split('/').filter((s) => s.length > 0);
  return `/${segments.join('/')}`;
}

/**
 * An assignment at `assigned` applies to `target` when target is that scope or lies below it, compared on
 * segment boundaries: "Lower levels inherit role permissions from higher levels"
 * (https://learn.microsoft.com/en-us/azure/role-based-access-control/scope-overview). A resource group
 * therefore covers its resources and their child resources (a workspace's computes). Management-group
 * inheritance needs the management-group tree, which ARM ids do not carry: not modelled.
 */
export function scopeCovers(assigned: string, target: string): boolean {
  const outer = normalizeScope(assigned);
  const inner = normalizeScope(target);
  return outer === '/' || inner === outer || inner.startsWith(`${outer}/`);
}

/** The GUID of a role definition id (`.../roleDefinitions/<guid>`) or a bare GUID, lower-case without braces. */
export function roleGuidOf(roleDefinitionId: string): string {
  const last = roleDefinitionId.split('/').filter((s) => s.length > 0).pop() ?? '';
  return last.replace(/[{}]/g, '').toLowerCase();
}

/** GUID comparison as ABAC's GuidEquals: case-insensitive, with or without dashes (Learn shows both forms). */
export const sameGuid = (a: string, b: string): boolean => roleGuidOf(a).replace(/-/g, '') === roleGuidOf(b).replace(/-/g, '');
