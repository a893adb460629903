// Dependencies of the private link / workspace tests, created through their own providers (storage,
// registry, Log Analytics + Application Insights, key vault), each settled by advancing the clock.
import { SUB, type Harness } from './helpers.js';

const KV_API = '2024-11-01';

export const resourceId = (rg: string, type: string, name: string): string => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/${type}/${name}`;

export async function tenantOf(h: Harness): Promise<string> {
  return (await h.call('GET', `/subscriptions/${SUB}?api-version=2022-12-01`)).body.tenantId as string;
}

/** A key vault through the Key Vault provider (settles after its DNS registration). */
export async function createVault(h: Harness, name: string, opts: { purgeProtection?: boolean; location?: string; accessPolicies?: unknown[]; rg?: string } = {}): Promise<string> {
  const tenantId = await tenantOf(h);
  const r = await h.call('PUT', `/subscriptions/${SUB}/resourceGroups/${opts.rg ?? 'rg1'}/providers/Microsoft.KeyVault/vaults/${name}?api-version=${KV_API}`, {
    location: opts.location ?? 'eastus',
    properties: {
      tenantId,
      sku: { family: 'A', name: 'standard' },
      accessPolicies: (opts.accessPolicies ?? []).map((a) => ({ tenantId, ...(a as object) })),
      ...(opts.purgeProtection ? { enablePurgeProtection: true } : {}),
    },
  });
  if (r.status >= 300) throw new Error(`vault ${name}: ${JSON.stringify(r.body)}`);
  h.clock.advance(20);
  return r.body.id as string;
}


const put = async (h: Harness, id: string, api: string, body: unknown, settleSeconds: number): Promise<string> => {
  const r = await h.call('PUT', `${id}?api-version=${api}`, body);
  if (r.status >= 300) throw new Error(`${id}: ${r.status} ${JSON.stringify(r.body)}`);
  h.clock.advance(settleSeconds);
  return id;
};

export const createStorage = (h: Harness, name: string, opts: { rg?: string; location?: string; sku?: string; kind?: string } = {}): Promise<string> =>
  put(h, resourceId(opts.rg ?? 'rg1', 'Microsoft.Storage/storageAccounts', name), '2025-08-01', { location: opts.location ?? 'eastus', kind: opts.kind ?? 'StorageV2', sku: { name: opts.sku ?? 'Standard_LRS' } }, 60);

export const createRegistry = (h: Harness, name: string, sku: 'Basic' | 'Standard' | 'Premium', opts: { rg?: string; location?: string } = {}): Promise<string> =>
  put(h, resourceId(opts.rg ?? 'rg1', 'Microsoft.ContainerRegistry/registries', name), '2025-11-01', { location: opts.location ?? 'eastus', sku: { name: sku } }, 60);

export async function createInsights(h: Harness, name: string, opts: { rg?: string; location?: string } = {}): Promise<string> {
  const rg = opts.rg ?? 'rg1';
  const location = opts.location ?? 'eastus';
  const law = await put(h, resourceId(rg, 'Microsoft.OperationalInsights/workspaces', `${name}-law`), '2023-09-01', { location, properties: { sku: { name: 'PerGB2018' } } }, 60);
  return put(h, resourceId(rg, 'Microsoft.Insights/components', name), '2020-02-02', { location, kind: 'web', properties: { Application_Type: 'web', WorkspaceResourceId: law } }, 60);
}
