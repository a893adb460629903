// People named in the config by user principal name or group display name become object ids before any
// step runs: role assignments name object ids, and Graph is the directory's own answer
// (https://learn.microsoft.com/graph/api/user-get, https://learn.microsoft.com/graph/api/group-list).
// An unknown or ambiguous name is bad input: exit 2, every problem at once, nothing written.
import type { DirectoryObject, GraphClient } from '../azure/graph.js';
import type { Config } from '../config/schema.js';
import type { PrincipalRef } from '../config/fields.js';
import { UsageError, type Problem } from '../errors.js';

const ROLE_LISTS = ['itAdmins', 'dataScientists', 'dataScientistSuperUsers'] as const;

/** Whether any principal in the config is named rather than given by object id. */
export function namesPeople(config: Config): boolean {
  return ROLE_LISTS.some((list) => config.roles[list].some((p) => p.objectId === undefined));
}

async function resolveOne(graph: GraphClient, p: PrincipalRef, path: string, signal?: AbortSignal): Promise<PrincipalRef | Problem> {
  if (p.user !== undefined) {
    const u = await graph.userByPrincipalName(p.user, signal);
    if (!u) return { path, message: `no user "${p.user}" in the directory; check the user principal name (az ad user show --id ${p.user}), or give objectId and type` };
    return { ...p, objectId: u.id, type: 'User', displayName: p.displayName ?? u.displayName };
  }
  if (p.group !== undefined) {
    const found: DirectoryObject[] = await graph.groupsByDisplayName(p.group, signal);
    if (found.length === 0) return { path, message: `no group named "${p.group}" in the directory; check the name (az ad group list --display-name "${p.group}"), or give objectId and type` };
    if (found.length > 1) return { path, message: `${found.length} groups are named "${p.group}" (${found.map((g) => g.id).join(', ')}); give the one you mean as objectId with type Group` };
    return { ...p, objectId: found[0].id, type: 'Group', displayName: p.displayName ?? found[0].displayName };
  }
  return p;
}

/**
 * The config with every named principal resolved to its object id and type (unchanged when none is
 * named: no Graph call). Throws a UsageError listing every unknown or ambiguous name.
 */
export interface ResolveOptions {
  signal?: AbortSignal;
  /**
   * Teardown: a person deleted from the directory since apply must not block it. Unknown names are dropped
   * (their assignments go with the resource group) and reported through `warn` instead of failing.
   */
  lenient?: { warn: (message: string) => void };
}

export async function resolvePeople(config: Config, graph: () => Promise<GraphClient>, opts: ResolveOptions = {}): Promise<Config> {
  const { signal } = opts;
  if (!namesPeople(config)) return config;
  const client = await graph();
  const problems: Problem[] = [];
  const roles = { ...config.roles };
  await Promise.all(ROLE_LISTS.map(async (list) => {
    const resolved = await Promise.all(config.roles[list].map(async (p, i) => {
      const r = await resolveOne(client, p, `roles.${list}[${i}].${p.user !== undefined ? 'user' : p.group !== undefined ? 'group' : 'objectId'}`, signal);
      if ('message' in r) {
        problems.push(r);
        return undefined;
      }
      return r;
    }));
    roles[list] = resolved.filter((p): p is PrincipalRef => p !== undefined);
  }));
  if (problems.length && opts.lenient) {
    for (const p of problems) opts.lenient.warn(`${p.path}: ${p.message}; left out`);
    return { ...config, roles };
  }
  if (problems.length) {
    problems.sort((a, b) => a.path.localeCompare(b.path));
    throw new UsageError(`Microsoft Entra ID does not know ${problems.length} of the people the config names; nothing was created:\n` + problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n'), problems, 'Fix the names in the config and run the command again.');
  }
  return { ...config, roles };
}
