// ARM calls no typed client covers (subscription lookup, checkNameAvailability, deleted vaults,
// provider state), sent through the same pipeline as the SDK clients: same credential, retries,
// user agent and simulator wiring.
import type { AzureClients } from './clients.js';

const ARM = 'https://management.azure.com';

export interface RawResponse<T> {
  status: number;
  body: T;
}

export async function armRequest<T = Record<string, unknown>>(clients: AzureClients, method: 'GET' | 'POST' | 'DELETE', path: string, apiVersion: string, body?: unknown, query = ''): Promise<RawResponse<T>> {
  const client = await clients.resources();
  const { createPipelineRequest, createHttpHeaders } = await import('@azure/core-rest-pipeline');
  const request = createPipelineRequest({
    url: `${ARM}${path}?api-version=${apiVersion}${query}`,
    method,
    headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await client.sendRequest(request);
  let parsed: unknown;
  try { parsed = res.bodyAsText ? JSON.parse(res.bodyAsText) : undefined; } catch { parsed = undefined; }
  if (res.status >= 400 && res.status !== 404) {
    const err = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw Object.assign(new Error(err?.message ?? `ARM answered ${res.status} for ${method} ${path}`), { code: err?.code, statusCode: res.status, response: res });
  }
  return { status: res.status, body: parsed as T };
}

export async function tenantIdOf(clients: AzureClients, subscriptionId: string): Promise<string> {
  const r = await armRequest<{ tenantId?: string }>(clients, 'GET', `/subscriptions/${subscriptionId}`, '2022-12-01');
  if (r.status === 404 || !r.body?.tenantId) throw Object.assign(new Error(`Subscription ${subscriptionId} was not found or is not visible to this identity.`), { code: 'SubscriptionNotFound', statusCode: 404 });
  return r.body.tenantId;
}

export interface NameAvailability { nameAvailable: boolean; reason?: string; message?: string }

export async function checkNameAvailability(clients: AzureClients, subscriptionId: string, namespace: string, type: string, name: string, apiVersion: string): Promise<NameAvailability> {
  const r = await armRequest<NameAvailability>(clients, 'POST', `/subscriptions/${subscriptionId}/providers/${namespace}/checkNameAvailability`, apiVersion, { name, type });
  return r.body;
}

export interface DeletedVault { id?: string; name?: string; properties?: { scheduledPurgeDate?: string; deletionDate?: string; purgeProtectionEnabled?: boolean; vaultId?: string } }

export async function deletedVault(clients: AzureClients, subscriptionId: string, location: string, name: string, apiVersion: string): Promise<DeletedVault | undefined> {
  const r = await armRequest<DeletedVault>(clients, 'GET', `/subscriptions/${subscriptionId}/providers/Microsoft.KeyVault/locations/${location}/deletedVaults/${name}`, apiVersion);
  return r.status === 404 ? undefined : r.body;
}

export async function providerRegistration(clients: AzureClients, subscriptionId: string, namespace: string): Promise<string | undefined> {
  const r = await armRequest<{ registrationState?: string }>(clients, 'GET', `/subscriptions/${subscriptionId}/providers/${namespace}`, '2025-04-01');
  return r.status === 404 ? undefined : r.body?.registrationState;
}

/** DELETE with extra query parameters no typed client exposes, then wait until GET says 404. */
export async function deleteWithQuery(clients: AzureClients, path: string, apiVersion: string, query: string, pollMs: number, signal: AbortSignal): Promise<void> {
  await armRequest(clients, 'DELETE', path, apiVersion, undefined, query);
  for (;;) {
    if (signal.aborted) throw new Error('aborted');
    const r = await armRequest(clients, 'GET', path, apiVersion);
    if (r.status === 404) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** VM sizes Azure ML offers in a region (names only). */
export async function mlVmSizes(clients: AzureClients, subscriptionId: string, location: string, apiVersion: string): Promise<string[]> {
  const r = await armRequest<{ value?: { name: string }[] }>(clients, 'GET', `/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${location}/vmSizes`, apiVersion);
  return (r.body?.value ?? []).map((v) => v.name);
}

export interface KubernetesVersion { version: string; isDefault?: boolean; patchVersions?: Record<string, unknown> }

/** Kubernetes versions AKS offers in a region now (never pinned: regions retire versions). */
export async function kubernetesVersions(clients: AzureClients, subscriptionId: string, location: string, apiVersion: string): Promise<KubernetesVersion[]> {
  const r = await armRequest<{ values?: KubernetesVersion[] }>(clients, 'GET', `/subscriptions/${subscriptionId}/providers/Microsoft.ContainerService/locations/${location}/kubernetesVersions`, apiVersion);
  return r.body?.values ?? [];
}
