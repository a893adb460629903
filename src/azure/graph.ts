// Microsoft Graph reads the tool needs, through the same credential and HTTP client as the ARM clients
// (under --simulate every request goes to the in-process simulator). A first-party service principal is
// looked up by its application id (Graph "Get servicePrincipal", alternate key appId:
// https://learn.microsoft.com/graph/api/serviceprincipal-get?view=graph-rest-1.0): role assignments need
// its object id in the tenant, which is not the application id.
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient, PipelineRetryOptions, UserAgentPolicyOptions } from '@azure/core-rest-pipeline';
import { SecureAmlError } from '../errors.js';
import type { AzureClients } from './clients.js';

const GRAPH = 'https://graph.microsoft.com';
const SCOPE = `${GRAPH}/.default`;

export interface ServicePrincipal {
  /** The object id in this tenant: what role assignments name. */
  id: string;
  appId: string;
  displayName: string;
}

/** A user or group found by name: what a role assignment needs. */
export interface DirectoryObject {
  id: string;
  displayName: string;
  userPrincipalName?: string;
}

export interface GraphClient {
  /** The tenant's service principal of `appId`; undefined when the tenant has none (Graph 404 Request_ResourceNotFound). */
  servicePrincipalByAppId(appId: string, signal?: AbortSignal): Promise<ServicePrincipal | undefined>;
  /** The user with this user principal name (Graph "Get user": GET /users/{id | userPrincipalName}); undefined on 404. */
  userByPrincipalName(upn: string, signal?: AbortSignal): Promise<DirectoryObject | undefined>;
  /** Every group with exactly this display name (Graph "List groups", $filter=displayName eq '…'). */
  groupsByDisplayName(name: string, signal?: AbortSignal): Promise<DirectoryObject[]>;
}

export interface GraphOptions {
  httpClient?: HttpClient;
  userAgentOptions?: UserAgentPolicyOptions;
  retryOptions?: PipelineRetryOptions;
}

interface GraphErrorBody {
  error?: { code?: string; message?: string };
}

function graphError(status: number, text: string): { code: string; message: string } {
  try {
    const e = (JSON.parse(text) as GraphErrorBody).error;
    return { code: e?.code ?? `HTTP ${status}`, message: e?.message ?? text };
  } catch {
    return { code: `HTTP ${status}`, message: text };
  }
}

/** OData string literal: single quotes doubled (https://learn.microsoft.com/graph/query-parameters#escaping-single-quotes). */
const odataString = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function createGraphClient(credential: TokenCredential, options: GraphOptions): Promise<GraphClient> {
  const { bearerTokenAuthenticationPolicy, createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest } = await import('@azure/core-rest-pipeline');
  const pipeline = createPipelineFromOptions({ userAgentOptions: options.userAgentOptions, retryOptions: options.retryOptions });
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: SCOPE }));
  const httpClient = options.httpClient ?? createDefaultHttpClient();

  /** GET a Graph path: the parsed body, or undefined on 404 Request_ResourceNotFound; refusals name what was read and what permission it takes. */
  async function get<T>(path: string, what: string, permission: string, signal?: AbortSignal): Promise<T | undefined> {
    const res = await pipeline.sendRequest(httpClient, createPipelineRequest({ url: `${GRAPH}/v1.0${path}`, method: 'GET', abortSignal: signal }));
    const text = res.bodyAsText ?? '';
    if (res.status === 200) return JSON.parse(text) as T;
    const e = graphError(res.status, text);
    if (res.status === 404 && e.code === 'Request_ResourceNotFound') return undefined;
    if (res.status === 401 || res.status === 403) {
      throw new SecureAmlError(`Microsoft Graph refused to read ${what} (${e.code}: ${e.message})`, `The signed-in identity needs to read ${permission} in the directory (default for members; for a service principal, a Graph application permission).`);
    }
    throw new SecureAmlError(`Microsoft Graph failed to read ${what}: ${e.code}: ${e.message}`, 'Check your connection and run the command again.');
  }

  return {
    servicePrincipalByAppId: (appId, signal) =>
      get<ServicePrincipal>(`/servicePrincipals(appId='${encodeURIComponent(appId)}')?$select=id,appId,displayName`, `the service principal of application ${appId}`, 'service principals (Application.Read.All)', signal),
    // A UPN starting with $ must be addressed as /users('…') (Learn user-get; microsoftgraph/msgraph-sdk-dotnet#2635).
    userByPrincipalName: (upn, signal) =>
      get<DirectoryObject>(`/users${upn.startsWith('$') ? `(${encodeURIComponent(odataString(upn))})` : `/${encodeURIComponent(upn)}`}?$select=id,displayName,userPrincipalName`, `user ${upn}`, 'users (User.ReadBasic.All)', signal),
    groupsByDisplayName: async (name, signal) => {
      const filter = encodeURIComponent(`displayName eq ${odataString(name)}`);
      const page = await get<{ value: DirectoryObject[] }>(`/groups?$filter=${filter}&$select=id,displayName`, `groups named "${name}"`, 'groups (GroupMember.Read.All)', signal);
      return page?.value ?? [];
    },
  };
}

/** The tenant's service principal of `appId`, or undefined when the tenant has none. */
export async function servicePrincipalByAppId(clients: AzureClients, appId: string, signal?: AbortSignal): Promise<ServicePrincipal | undefined> {
  return (await clients.graph()).servicePrincipalByAppId(appId, signal);
}
