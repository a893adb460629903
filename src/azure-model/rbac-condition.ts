// ABAC conditions, limited to the one pattern Learn documents for delegating role assignment management:
//   ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR
//    (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {g1, g2}))
//   AND ((!(ActionMatches{'.../roleAssignments/delete'})) OR (@Resource[...:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {...}))
// https://learn.microsoft.com/en-us/azure/role-based-access-control/delegate-role-assignments-examples#example-constrain-roles
// Attributes: write carries the role in the request, delete on the existing assignment (resource)
// https://learn.microsoft.com/en-us/azure/role-based-access-control/conditions-authorization-actions-attributes
// Any other condition is reported as unsupported and the caller treats it as not granting.
import { matchesAction, sameGuid } from './rbac-match.js';
import type { CanOptions } from './rbac-types.js';

export type ConditionOutcome = { kind: 'allow' } | { kind: 'deny'; reason: string } | { kind: 'unsupported'; reason: string };

interface Clause {
  /** The action the clause targets (`!(ActionMatches{...}) OR ...`). */
  action: string;
  source: 'Request' | 'Resource';
  guids: string[];
}

const NOT_ACTION_MATCHES = /^!\s*\(\s*ActionMatches\s*\{\s*'([^']+)'\s*\}\s*\)$/i;
const ROLE_IN_LIST =
  /^@(Request|Resource)\[Microsoft\.Authorization\/roleAssignments:RoleDefinitionId\]\s+ForAnyOfAnyValues:GuidEquals\s*\{([^}]*)\}$/i;

/** Drops parentheses that wrap the whole expression, however many layers. */
function unwrap(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && closingOf(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

function closingOf(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Splits on a keyword (AND/OR) outside parentheses and braces. */
function splitTop(text: string, keyword: 'AND' | 'OR'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const re = new RegExp(`^\\s${keyword}\\s`, 'i');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (depth === 0 && re.test(text.slice(i, i + keyword.length + 2))) {
      parts.push(text.slice(start, i));
      start = i + keyword.length + 2;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function parseClause(text: string): Clause | undefined {
  const sides = splitTop(unwrap(text), 'OR');
  if (sides.length !== 2) return undefined;
  const target = NOT_ACTION_MATCHES.exec(unwrap(sides[0]));
  const test = ROLE_IN_LIST.exec(unwrap(sides[1]));
  if (!target || !test) return undefined;
  const guids = test[2].split(',').map((g) => g.trim()).filter((g) => g.length > 0);
  return { action: target[1], source: test[1].toLowerCase() === 'request' ? 'Request' : 'Resource', guids };
}

export function parseCondition(condition: string): Clause[] | undefined {
  const clauses = splitTop(unwrap(condition), 'AND').map(parseClause);
  return clauses.every((c): c is Clause => c !== undefined) ? clauses : undefined;
}

/**
 * Evaluates a role assignment's (or permission block's) condition for one action. Clauses that do not
 * target the action hold vacuously (`!(ActionMatches{...})` is true), which is how the documented pattern
 * leaves the role's other actions untouched.
 */
export function evaluateCondition(condition: string, conditionVersion: string | undefined, action: string, opts: CanOptions): ConditionOutcome {
  // "Currently the only accepted value is '2.0'" (https://learn.microsoft.com/en-us/rest/api/authorization/role-assignments/create).
  if (conditionVersion !== undefined && conditionVersion !== '2.0') {
    return { kind: 'unsupported', reason: `conditionVersion '${conditionVersion}' is not 2.0` };
  }
  const clauses = parseCondition(condition);
  if (!clauses) return { kind: 'unsupported', reason: `condition not modelled (only the documented RoleDefinitionId ForAnyOfAnyValues:GuidEquals pattern is): ${condition}` };
  for (const clause of clauses) {
    if (!matchesAction(clause.action, action)) continue;
    const requested = clause.source === 'Request' ? opts.requestRoleDefinitionId : opts.resourceRoleDefinitionId;
    const option = clause.source === 'Request' ? 'requestRoleDefinitionId' : 'resourceRoleDefinitionId';
    if (requested === undefined) return { kind: 'deny', reason: `condition constrains ${clause.action} by @${clause.source} RoleDefinitionId; no ${option} given` };
    if (!clause.guids.some((g) => sameGuid(g, requested))) {
      return { kind: 'deny', reason: `condition allows ${clause.action} only for roles {${clause.guids.join(', ')}}, not ${requested}` };
    }
  }
  return { kind: 'allow' };
}
