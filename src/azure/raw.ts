// ARM calls no typed client covers (subscription lookup, provider state, Azure ML VM sizes at the
// workspace's version, DELETEs with query parameters), sent through the same pipeline as the SDK
// clients: same credential, retries, user agent and simulator wiring.
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

export async function providerRegistration(clients: AzureClients, subscriptionId: string, namespace: string): Promise<string | undefined> {
  const r = await armRequest<{ registrationState?: string }>(clients, 'GET', `/subscriptions/${subscriptionId}/providers/${namespace}`, '2025-04-01');
  return r.status === 404 ? undefined : r.body?.registrationState;
}

export interface WaitOptions {
  /** GET interval while waiting. */
  pollMs: number;
  signal: AbortSignal;
  /** The simulator's time scale (1 against Azure): the deadline is in Azure time. */
  timeScale?: number;
  /** Azure time to wait before giving up (default 60 minutes). */
  deadlineMs?: number;
  /** Write-ahead: called before the request is sent. */
  writeAhead?: () => Promise<void>;
}

export type DeleteWithQueryOptions = WaitOptions;

/** Poll `done` every pollMs until it holds, for at most the deadline (in Azure time). */
async function waitUntil(done: () => Promise<boolean>, o: WaitOptions, what: () => Error): Promise<void> {
  const deadlineMs = (o.deadlineMs ?? 60 * 60_000) * (o.timeScale ?? 1);
  const started = Date.now();
  for (;;) {
    if (o.signal.aborted) throw new Error('aborted');
    if (await done()) return;
    if (Date.now() - started > deadlineMs) throw what();
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, o.pollMs);
      o.signal.addEventListener('abort', () => { clearTimeout(t); reject(new Error('aborted')); }, { once: true });
    });
  }
}

const minutesOf = (o: WaitOptions) => Math.round((o.deadlineMs ?? 60 * 60_000) / 60_000);

/**
 * DELETE with query parameters no typed client exposes at the version the resource is written at
 * (workspace forceToPurge, compute instance underlyingResourceAction), then wait until GET says 404,
 * for at most `deadlineMs` of Azure time.
 */
export async function deleteWithQuery(clients: AzureClients, path: string, apiVersion: string, query: string, o: DeleteWithQueryOptions): Promise<void> {
  await o.writeAhead?.();
  await armRequest(clients, 'DELETE', path, apiVersion, undefined, query);
  await waitUntil(async () => (await armRequest(clients, 'GET', path, apiVersion)).status === 404, o,
    () => Object.assign(new Error(`${path} still exists ${minutesOf(o)} minutes after its DELETE was accepted; deletion did not finish.`), { code: 'DeleteTimedOut' }));
}

/**
 * A POST action no typed client exposes at the version needed (the workspace's provisionManagedNetwork),
 * then wait until `done` (a GET of the resource) says it took effect. Sending it again is harmless:
 * resume does so when the process died after the write-ahead.
 */
export async function postAndWait(clients: AzureClients, path: string, apiVersion: string, body: unknown, done: () => Promise<boolean>, o: WaitOptions): Promise<void> {
  await o.writeAhead?.();
  await armRequest(clients, 'POST', path, apiVersion, body);
  await waitUntil(done, o, () => Object.assign(new Error(`${path} did not take effect within ${minutesOf(o)} minutes.`), { code: 'ActionTimedOut' }));
}

export interface PollOptions {
  /** GET interval while waiting; absent (Azure): the answer's Retry-After, else 10 s. */
  pollMs?: number;
  signal?: AbortSignal;
  /** The simulator's time scale (1 against Azure): the deadline is in Azure time. */
  timeScale?: number;
  /** Azure time to wait before giving up (default 10 minutes). */
  deadlineMs?: number;
}

interface Sent {
  status: number;
  body: unknown;
  headers: { get(name: string): string | undefined };
}

async function send(clients: AzureClients, method: 'GET' | 'POST', url: string, body?: unknown): Promise<Sent> {
  const client = await clients.resources();
  const { createPipelineRequest, createHttpHeaders } = await import('@azure/core-rest-pipeline');
  const res = await client.sendRequest(createPipelineRequest({
    url, method,
    headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
  let parsed: unknown;
  try { parsed = res.bodyAsText ? JSON.parse(res.bodyAsText) : undefined; } catch { parsed = undefined; }
  if (res.status >= 400) {
    const err = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw Object.assign(new Error(err?.message ?? `ARM answered ${res.status} for ${method} ${url}`), { code: err?.code, statusCode: res.status, response: res });
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/**
 * A long-running POST action no typed client here exposes (the workspace's diagnose), followed to its result
 * the ARM way (azure-resource-manager-rpc async-api-reference): 200 is the result; 202 is polled at its
 * Location until that answers 200 (final-state-via location), or, with only Azure-AsyncOperation, until the
 * status document ends (Failed raises its error; Succeeded gives its `properties`).
 */
export async function postAndPoll<T>(clients: AzureClients, path: string, apiVersion: string, body: unknown, o: PollOptions = {}): Promise<T | undefined> {
  const first = await send(clients, 'POST', `${ARM}${path}?api-version=${apiVersion}`, body);
  if (first.status !== 202) return first.body as T | undefined;
  const location = first.headers.get('location');
  const status = first.headers.get('azure-asyncoperation');
  const deadline = Date.now() + (o.deadlineMs ?? 10 * 60_000) * (o.timeScale ?? 1);
  let retryAfter = first.headers.get('retry-after');
  for (;;) {
    if (o.signal?.aborted) throw new Error('aborted');
    if (Date.now() > deadline) throw Object.assign(new Error(`${path} did not finish within ${Math.round((o.deadlineMs ?? 10 * 60_000) / 60_000)} minutes.`), { code: 'ActionTimedOut' });
    const wait = o.pollMs ?? (Number(retryAfter) > 0 ? Number(retryAfter) * 1000 : 10_000);
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, wait);
      o.signal?.addEventListener('abort', () => { clearTimeout(t); reject(new Error('aborted')); }, { once: true });
    });
    if (location) {
      const r = await send(clients, 'GET', location);
      if (r.status !== 202) return r.body as T | undefined;
      retryAfter = r.headers.get('retry-after');
      continue;
    }
    if (!status) return undefined;
    const r = await send(clients, 'GET', status);
    const doc = (r.body ?? {}) as { status?: string; error?: { code?: string; message?: string }; properties?: unknown };
    retryAfter = r.headers.get('retry-after');
    if (/^(failed|canceled)$/i.test(doc.status ?? '')) throw Object.assign(new Error(doc.error?.message ?? `${path} ended ${doc.status}`), { code: doc.error?.code ?? doc.status });
    if (/^succeeded$/i.test(doc.status ?? '')) return doc.properties as T | undefined;
  }
}

/** VM sizes Azure ML offers in a region (names only). */
export async function mlVmSizes(clients: AzureClients, subscriptionId: string, location: string, apiVersion: string): Promise<string[]> {
  const r = await armRequest<{ value?: { name: string }[] }>(clients, 'GET', `/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${location}/vmSizes`, apiVersion);
  return (r.body?.value ?? []).map((v) => v.name);
}
