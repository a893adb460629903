// A minimal Microsoft Entra ID (login endpoint) for real clients against `sim serve`: OpenID configuration,
// instance discovery, and the client-credentials token endpoint (v2.0 with `scope`, v1 with `resource`),
// for service principals registered in the simulated directory (directory.ts). Tokens are JWTs with
// Entra's claims (aud, iss, tid, oid, appid, idtyp), signed with a key drawn at start-up and never kept: ARM
// and Graph in the simulator accept any bearer token, so nothing verifies them. Sources (SPEC.md "Entra ID"):
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow (request, response,
// /.default), https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc (openid-configuration),
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes (AADSTS codes), MSAL's instance
// discovery (AzureAD/microsoft-authentication-library-for-python msal/authority.py).
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { json } from './http.js';
import { directoryOf } from './directory.js';
import { registerPrincipal, tenantIdOf, type CloudState } from './state.js';
import type { SimRequest, SimResponse } from './types.js';

export interface Application {
  appId: string;
  /** Object id of its service principal in the simulated tenant. */
  servicePrincipalId: string;
  displayName: string;
  /** sha256 of each client secret: the secrets themselves are never stored. */
  secretDigests: string[];
}

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Signs this process's tokens; random, so no key sits in the source or the state. */
const SIGNING_KEY = randomBytes(32);

/** Registers an application with a new client secret; the secret is returned once and kept nowhere. */
export function createApplication(state: CloudState, displayName: string): { app: Application; secret: string } {
  const dir = directoryOf(state);
  const secret = randomBytes(30).toString('base64url');
  const app: Application = { appId: randomUUID(), servicePrincipalId: randomUUID(), displayName, secretDigests: [digest(secret)] };
  (dir.applications ??= {})[app.appId] = app;
  registerPrincipal(state, app.servicePrincipalId, 0, undefined, 'ServicePrincipal');
  return { app, secret };
}

/** Whether `appId` with `secret` is a registered credential (sim serve re-registers a saved one). */
export function hasCredential(state: CloudState, appId: string, secret: string): boolean {
  return directoryOf(state).applications?.[appId.toLowerCase()]?.secretDigests.includes(digest(secret)) ?? false;
}

/** Entra's own paths: /{tenant}/oauth2/..., /{tenant}/v2.0/.well-known/..., /common/discovery/instance, /{tenant}/discovery/... */
export const isEntraPath = (path: string): boolean =>
  /^\/[^/]+\/(oauth2\/(v2\.0\/)?token|v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|discovery\/(instance|v2\.0\/keys|keys))\/?$/i.test(path);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function aadError(status: number, error: string, code: number, description: string): SimResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

/** The tenant a path names: the simulated tenant's id, its domain, or common/organizations; undefined for another tenant. */
function tenantOf(state: CloudState, segment: string): string | undefined {
  const tid = tenantIdOf(state);
  const s = segment.toLowerCase();
  if (s === tid || s === 'common' || s === 'organizations' || s === 'simulated.onmicrosoft.com') return tid;
  return undefined;
}

function b64url(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

function accessToken(state: CloudState, app: Application, audience: string, now: number): { token: string; expiresIn: number } {
  const tid = tenantIdOf(state);
  const iat = Math.floor(now / 1000);
  const expiresIn = 3599;
  const header = { typ: 'JWT', alg: 'HS256', kid: 'arm-simulator' };
  const claims = {
    aud: audience, iss: `https://sts.windows.net/${tid}/`, iat, nbf: iat, exp: iat + expiresIn,
    appid: app.appId, appidacr: '1', idp: `https://sts.windows.net/${tid}/`, idtyp: 'app',
    oid: app.servicePrincipalId, sub: app.servicePrincipalId, tid, ver: '1.0',
  };
  const unsigned = `${b64url(header)}.${b64url(claims)}`;
  const signature = createHmac('sha256', SIGNING_KEY).update(unsigned).digest('base64url');
  return { token: `${unsigned}.${signature}`, expiresIn };
}

function openidConfiguration(origin: string, tid: string, v2: boolean): Record<string, unknown> {
  const base = `${origin}/${tid}`;
  return {
    token_endpoint: v2 ? `${base}/oauth2/v2.0/token` : `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/${v2 ? 'v2.0/' : ''}keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2 ? `${base}/v2.0` : `https://sts.windows.net/${tid}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: v2 ? `${base}/oauth2/v2.0/authorize` : `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/${v2 ? 'v2.0/' : ''}devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/${v2 ? 'v2.0/' : ''}logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'oid', 'appid'],
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

/**
 * Answers an Entra request. `origin` is where this server is reached (its own https://127.0.0.1:port):
 * every endpoint it advertises points there, also when the request came through the proxy for
 * login.microsoftonline.com. `now` is wall-clock time (clients check expiry against theirs), not the simulated clock.
 */
export function handleEntra(state: CloudState, req: SimRequest, origin: string, now = Date.now()): SimResponse {
  const url = new URL(req.url);
  const [segment, ...rest] = url.pathname.replace(/^\/+|\/+$/g, '').split('/');
  const tail = rest.join('/').toLowerCase();
  const method = req.method.toUpperCase();

  if (tail === 'discovery/instance') {
    // MSAL asks the world-wide host whether a non-Microsoft authority is legitimate; the answer names where
    // the authority's OpenID configuration is (the simulator's own).
    const authorize = url.searchParams.get('authorization_endpoint') ?? '';
    const tenant = /^https:\/\/[^/]+\/([^/]+)\//i.exec(authorize)?.[1] ?? 'common';
    const host = new URL(origin).host;
    return json(200, {
      tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  }
  const tid = tenantOf(state, segment);
  if (tail.endsWith('.well-known/openid-configuration')) {
    if (method !== 'GET') return aadError(405, 'invalid_request', 900561, 'The endpoint only accepts GET requests.');
    if (!tid) return aadError(400, 'invalid_tenant', 90002, `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    return json(200, openidConfiguration(origin, tid, tail.startsWith('v2.0/')));
  }
  if (tail.startsWith('discovery/')) return json(200, { keys: [] });

  // The token endpoint: POST, form-encoded.
  const v2 = tail === 'oauth2/v2.0/token';
  if (method !== 'POST') return aadError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
  if (!tid) return aadError(400, 'invalid_request', 90002, `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  const form = new URLSearchParams(req.body ?? '');
  const grant = form.get('grant_type');
  if (grant !== 'client_credentials') {
    return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant ?? ''}'. The simulator issues tokens for client_credentials only.`);
  }
  const clientId = (form.get('client_id') ?? '').toLowerCase();
  const app = directoryOf(state).applications?.[clientId];
  if (!GUID.test(clientId) || !app) {
    return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tid}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
  }
  const secret = form.get('client_secret');
  if (secret === null) {
    return aadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (!app.secretDigests.includes(digest(secret))) {
    return aadError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`);
  }
  let audience: string;
  if (v2) {
    const scope = form.get('scope');
    if (!scope) return aadError(400, 'invalid_request', 90014, "The required field 'scope' is missing from the credential. Ensure that you have all the necessary parameters for the login request.");
    const resource = scope.split(/\s+/).find((s) => s.endsWith('/.default'));
    if (!resource) return aadError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    audience = resource.slice(0, -'/.default'.length);
  } else {
    const resource = form.get('resource');
    if (!resource) return aadError(400, 'invalid_request', 50001, 'The resource principal named was not found in the tenant. The request body must contain the resource parameter.');
    audience = resource;
  }
  const { token, expiresIn } = accessToken(state, app, audience, now);
  return json(200, v2
    ? { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token }
    : { token_type: 'Bearer', expires_in: String(expiresIn), ext_expires_in: String(expiresIn), expires_on: String(Math.floor(now / 1000) + expiresIn), not_before: String(Math.floor(now / 1000)), resource: audience, access_token: token });
}
