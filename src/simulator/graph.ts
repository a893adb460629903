// A minimal Microsoft Graph (v1.0) for the directory objects Azure's first-party services own: the
// service principal of an application Microsoft publishes (Azure Cosmos DB) exists in every tenant with
// an object id of that tenant — not its application id — and role assignments name the object id.
// Served in process and over HTTPS (server.ts) alike, routed by the `/v1.0/` path prefix (ARM paths
// never start with it). Graph's error body is `{ error: { code, message, innerError } }`, not ARM's.
import { createHash } from 'node:crypto';
import { handleDirectory } from './directory.js';
import { json } from './http.js';
import { deletePrincipal, findPrincipal, registerPrincipal, tenantIdOf, type CloudState } from './state.js';
import type { SimRequest, SimResponse } from './types.js';

/** Azure Cosmos DB's application id (public cloud), Learn "Configure customer-managed keys for your Azure Cosmos DB account". */
export const COSMOS_DB_APP_ID = 'a232010e-820c-4083-83bb-3ace5fc29d0b';

/** First-party applications whose service principals the simulated tenant holds. */
const FIRST_PARTY: Record<string, { displayName: string }> = {
  [COSMOS_DB_APP_ID]: { displayName: 'Azure Cosmos DB' },
};

/** Graph requests: `/v1.0/...` and `/beta/...`. */
export const isGraphPath = (path: string): boolean => /^\/(v1\.0|beta)(\/|$)/i.test(path);

/** The object id a first-party app's service principal has in this tenant: stable per tenant, never the app id. */
function objectIdFor(state: CloudState, appId: string): string {
  const h = createHash('sha256').update(`${tenantIdOf(state)}|sp|${appId.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: 'Application';
}

/**
 * The first-party service principal of `appId` in this tenant, or undefined (unknown app, or deleted from
 * the tenant). It is registered as a long-existing directory principal, so role assignments to it behave
 * like those to any replicated service principal.
 */
export function firstPartyServicePrincipal(state: CloudState, appId: string): ServicePrincipal | undefined {
  const app = FIRST_PARTY[appId.toLowerCase()];
  if (!app) return undefined;
  const id = objectIdFor(state, appId);
  const known = findPrincipal(state, id) ?? registerPrincipal(state, id, 0, undefined, 'ServicePrincipal');
  if (known.deletedAt !== undefined) return undefined;
  return { id, appId: appId.toLowerCase(), displayName: app.displayName, servicePrincipalType: 'Application' };
}

const graphError = (status: number, code: string, message: string, headers: Record<string, string>): SimResponse =>
  json(status, { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': headers['x-ms-request-id'] ?? '', 'client-request-id': headers['client-request-id'] ?? '' } } });

/** `$select=id,appId` keeps those properties (Graph returns only what was selected, plus `@odata.context`). */
function selected(sp: ServicePrincipal, select: string | null): Record<string, unknown> {
  if (!select) return { ...sp };
  const keep = new Set(select.split(',').map((s) => s.trim().toLowerCase()));
  return Object.fromEntries(Object.entries(sp).filter(([k]) => keep.has(k.toLowerCase())));
}

const BY_APP_ID = /^\/v1\.0\/serviceprincipals\(appid='([^']*)'\)\/?$/i;
const COLLECTION = /^\/v1\.0\/serviceprincipals\/?$/i;
const FILTER_APP_ID = /^\s*appId\s+eq\s+'([^']*)'\s*$/i;

/** Answers a Graph request against the simulated directory. */
export function handleGraph(state: CloudState, req: SimRequest, headers: Record<string, string>): SimResponse {
  const u = new URL(req.url);
  const path = decodeURIComponent(u.pathname);
  // No bearer token: Graph answers 401 InvalidAuthenticationToken "Access token is empty."
  if (!/^Bearer\s+\S+/i.test(headers.authorization ?? '')) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', headers);
  const method = req.method.toUpperCase();
  const select = u.searchParams.get('$select');
  const context = 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals';
  const byAppId = BY_APP_ID.exec(path);
  if (byAppId) {
    const appId = byAppId[1];
    const sp = firstPartyServicePrincipal(state, appId);
    if (!sp) {
      return graphError(404, 'Request_ResourceNotFound', `Resource '${appId}' does not exist or one of its queried reference-property objects are not present.`, headers);
    }
    if (method === 'GET') return json(200, { '@odata.context': `${context}${select ? `(${select})` : ''}/$entity`, ...selected(sp, select) });
    // Deleting a first-party service principal (Graph "Delete servicePrincipal"): the tenant then lacks it.
    if (method === 'DELETE') {
      deletePrincipal(state, sp.id, 0);
      return { status: 204, headers: {} };
    }
    return graphError(405, 'Request_BadRequest', `Specified HTTP method is not allowed for the request uri.`, headers);
  }
  if (COLLECTION.test(path) && method === 'GET') {
    const filter = u.searchParams.get('$filter');
    const m = filter === null ? undefined : FILTER_APP_ID.exec(filter);
    if (!m) return graphError(400, 'Request_UnsupportedQuery', `Unsupported query: the simulator serves servicePrincipals only with $filter=appId eq '{appId}'.`, headers);
    const sp = firstPartyServicePrincipal(state, m[1]);
    return json(200, { '@odata.context': `${context}${select ? `(${select})` : ''}`, value: sp ? [selected(sp, select)] : [] });
  }
  const people = handleDirectory(state, method, path, u, req.body, (status, code, message) => graphError(status, code, message, headers));
  if (people) return people;
  return graphError(400, 'BadRequest', `Resource not found for the segment '${path.split('/').filter(Boolean)[1] ?? ''}'.`, headers);
}
