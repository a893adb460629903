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

export interface GraphClient {
  /** The tenant's service principal of `appId`; undefined when the tenant has none (Graph 404 Request_ResourceNotFound). */
  servicePrincipalByAppId(appId: string, signal?: AbortSignal): Promise<ServicePrincipal | undefined>;
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

export async function createGraphClient(credential: TokenCredential, options: GraphOptions): Promise<GraphClient> {
  const { bearerTokenAuthenticationPolicy, createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest } = await import('@azure/core-rest-pipeline');
  const pipeline = createPipelineFromOptions({ userAgentOptions: options.userAgentOptions, retryOptions: options.retryOptions });
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: SCOPE }));
  const httpClient = options.httpClient ?? createDefaultHttpClient();
  return {
    async servicePrincipalByAppId(appId, signal) {
      const url = `${GRAPH}/v1.0/servicePrincipals(appId='${encodeURIComponent(appId)}')?$select=id,appId,displayName`;
      const res = await pipeline.sendRequest(httpClient, createPipelineRequest({ url, method: 'GET', abortSignal: signal }));
      const text = res.bodyAsText ?? '';
      if (res.status === 200) return JSON.parse(text) as ServicePrincipal;
      const e = graphError(res.status, text);
      if (res.status === 404 && e.code === 'Request_ResourceNotFound') return undefined;
      if (res.status === 401 || res.status === 403) {
        throw new SecureAmlError(
          `Microsoft Graph refused to read the service principal of application ${appId} (${e.code}: ${e.message})`,
          'The signed-in identity needs to read service principals in the directory (default for members; for a service principal, the Application.Read.All permission).',
        );
      }
      throw new SecureAmlError(`Microsoft Graph failed to read the service principal of application ${appId}: ${e.code}: ${e.message}`, 'Check your connection and run the command again.');
    },
  };
}

/** The tenant's service principal of `appId`, or undefined when the tenant has none. */
export async function servicePrincipalByAppId(clients: AzureClients, appId: string, signal?: AbortSignal): Promise<ServicePrincipal | undefined> {
  return (await clients.graph()).servicePrincipalByAppId(appId, signal);
}
