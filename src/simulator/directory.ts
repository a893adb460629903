// The simulated tenant's users and groups, served as Microsoft Graph v1.0 (graph.ts routes here):
// GET /users/{id | userPrincipalName}, GET /groups/{id}, GET /groups?$filter=displayName eq '…',
// POST /users and POST /groups (so another client can add people). Seeded on first use with the people
// the example config names, each registered as a directory principal (role assignments find them).
// Sources: https://learn.microsoft.com/graph/api/user-get, group-get, group-list, user-post-users,
// group-post-groups (required properties and the 400/404 bodies).
import { randomUUID } from 'node:crypto';
import type { Application } from './entra.js';
import { json } from './http.js';
import { registerPrincipal, type CloudState } from './state.js';
import type { SimResponse } from './types.js';

export interface DirectoryUser { id: string; userPrincipalName: string; displayName: string; accountEnabled: boolean }
export interface DirectoryGroup { id: string; displayName: string; mailNickname: string; securityEnabled: boolean; mailEnabled: boolean }
export interface Directory {
  users: Record<string, DirectoryUser>;
  groups: Record<string, DirectoryGroup>;
  /** App registrations with client secrets (entra.ts), keyed by lower-case appId. */
  applications?: Record<string, Application>;
}

/** The example's people (templates/secure-aml.example.yaml): the same object ids as its objectId entries. */
const SEED_USERS: Omit<DirectoryUser, 'accountEnabled'>[] = [
  { id: '6f1c2a3b-4d5e-4f60-8a71-9b8c7d6e5f40', userPrincipalName: 'alice@contoso.com', displayName: 'Alice Example' },
  { id: '3c5e7a9b-2d4f-4a6c-9e8d-7f6a5b4c3d2e', userPrincipalName: 'bob@contoso.com', displayName: 'Bob Example' },
];
const SEED_GROUPS: Pick<DirectoryGroup, 'id' | 'displayName'>[] = [
  { id: '2b7e9c41-5a3d-4e8f-9c12-3d4e5f6a7b8c', displayName: 'ML Platform Admins' },
  { id: '8d2f4e6a-1b3c-4d5e-8f90-a1b2c3d4e5f6', displayName: 'Data Science Team' },
];

export function directoryOf(state: CloudState): Directory {
  if (!state.directory) {
    const dir: Directory = { users: {}, groups: {} };
    for (const u of SEED_USERS) addUser(state, dir, { ...u, accountEnabled: true });
    for (const g of SEED_GROUPS) addGroup(state, dir, { ...g, mailNickname: g.displayName.replace(/\W+/g, '').toLowerCase(), securityEnabled: true, mailEnabled: false });
    state.directory = dir;
  }
  return state.directory;
}

function addUser(state: CloudState, dir: Directory, u: DirectoryUser): void {
  dir.users[u.id] = u;
  registerPrincipal(state, u.id, 0, undefined, 'User');
}

function addGroup(state: CloudState, dir: Directory, g: DirectoryGroup): void {
  dir.groups[g.id] = g;
  registerPrincipal(state, g.id, 0, undefined, 'Group');
}

type GraphErr = (status: number, code: string, message: string) => SimResponse;

const notFound = (err: GraphErr, id: string) => err(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

/** `$select=a,b`: only those properties (Graph adds `@odata.context`). */
function pick(o: object, select: string | null): Record<string, unknown> {
  if (!select) return { ...o };
  const keep = new Set(select.split(',').map((s) => s.trim().toLowerCase()));
  return Object.fromEntries(Object.entries(o).filter(([k]) => keep.has(k.toLowerCase())));
}

/** `displayName eq 'x'` with OData's doubled quotes; Graph compares case-insensitively (unconfirmed). */
const DISPLAY_NAME_EQ = /^\s*displayName\s+eq\s+'((?:[^']|'')*)'\s*$/i;

const CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata#';

/** Users and groups; undefined when the path is neither. */
export function handleDirectory(state: CloudState, method: string, path: string, url: URL, body: string | undefined, err: GraphErr): SimResponse | undefined {
  // GET /users/{key} and its OData key form /users('{key}') (how a UPN starting with $ is addressed).
  const keyed = /^\/v1\.0\/(users|groups)\('((?:[^']|'')*)'\)\/?$/i.exec(path);
  const m = keyed ? [keyed[0], keyed[1], keyed[2].replace(/''/g, "'")] : /^\/v1\.0\/(users|groups)(?:\/([^/]+))?\/?$/i.exec(path);
  if (!m) return undefined;
  const dir = directoryOf(state);
  const collection = m[1].toLowerCase() as 'users' | 'groups';
  const select = url.searchParams.get('$select');
  const ctx = `${CONTEXT}${collection}${select ? `(${select})` : ''}`;
  const keyOf = m[2];
  if (keyOf !== undefined) {
    if (method !== 'GET') return err(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request uri.');
    const k = keyOf.toLowerCase();
    const found = collection === 'users'
      ? Object.values(dir.users).find((u) => u.id === k || u.userPrincipalName.toLowerCase() === k)
      : dir.groups[k];
    return found ? json(200, { '@odata.context': `${ctx}/$entity`, ...pick(found, select) }) : notFound(err, keyOf);
  }
  if (method === 'GET') {
    const filter = url.searchParams.get('$filter');
    const eq = filter === null ? undefined : DISPLAY_NAME_EQ.exec(filter);
    if (filter !== null && !eq) return err(400, 'Request_UnsupportedQuery', `Unsupported query: the simulator filters ${collection} by displayName eq '…' only.`);
    const name = eq?.[1].replace(/''/g, "'").toLowerCase();
    const all: object[] = collection === 'users' ? Object.values(dir.users) : Object.values(dir.groups);
    const value = all.filter((o) => name === undefined || (o as { displayName: string }).displayName.toLowerCase() === name).map((o) => pick(o, select));
    return json(200, { '@odata.context': ctx, value });
  }
  if (method !== 'POST') return err(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request uri.');
  let b: Record<string, unknown>;
  try {
    b = JSON.parse(body ?? '') as Record<string, unknown>;
  } catch {
    return err(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  const required = collection === 'users'
    ? ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile']
    : ['displayName', 'mailEnabled', 'mailNickname', 'securityEnabled'];
  const missing = required.filter((k) => b[k] === undefined);
  if (missing.length) return err(400, 'Request_BadRequest', `Invalid value specified for property '${missing[0]}' of resource '${collection === 'users' ? 'User' : 'Group'}'.`);
  const id = randomUUID();
  if (collection === 'users') {
    const upn = String(b.userPrincipalName);
    if (Object.values(dir.users).some((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase())) {
      return err(400, 'Request_BadRequest', 'Another object with the same value for property userPrincipalName already exists.');
    }
    // The password is never kept: the simulated directory signs nobody in with it.
    const user: DirectoryUser = { id, userPrincipalName: upn, displayName: String(b.displayName), accountEnabled: b.accountEnabled === true };
    addUser(state, dir, user);
    return json(201, { '@odata.context': `${CONTEXT}users/$entity`, ...user });
  }
  const group: DirectoryGroup = { id, displayName: String(b.displayName), mailNickname: String(b.mailNickname), securityEnabled: b.securityEnabled === true, mailEnabled: b.mailEnabled === true };
  addGroup(state, dir, group);
  return json(201, { '@odata.context': `${CONTEXT}groups/$entity`, ...group });
}
