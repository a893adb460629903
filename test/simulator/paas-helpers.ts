// Helpers for the PaaS provider tests (vault, storage, registry, identity, authorization, monitor):
// paths, bodies and small flows on top of helpers.ts.
import { SUB, createGroup, type Harness, type Reply } from './helpers.js';

export const KV_API = '2026-02-01';
export const ST_API = '2025-08-01';
export const ACR_API = '2025-11-01';
export const MSI_API = '2024-11-30';
export const AUTH_API = '2022-04-01';
export const LA_API = '2023-09-01';
export const AI_API = '2020-02-02';
export const OTHER_SUB = '99999999-8888-7777-6666-555555555555';

export const rgId = (rg: string, sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}`;
export const resId = (rg: string, ns: string, rest: string, sub = SUB) => `${rgId(rg, sub)}/providers/${ns}/${rest}`;
export const at = (id: string, api: string, query = '') => `${id}?api-version=${api}${query}`;

export const vaultId = (rg: string, name: string, sub = SUB) => resId(rg, 'Microsoft.KeyVault', `vaults/${name}`, sub);
export const accountId = (rg: string, name: string, sub = SUB) => resId(rg, 'Microsoft.Storage', `storageAccounts/${name}`, sub);
export const registryId = (rg: string, name: string, sub = SUB) => resId(rg, 'Microsoft.ContainerRegistry', `registries/${name}`, sub);
export const identityId = (rg: string, name: string, sub = SUB) => resId(rg, 'Microsoft.ManagedIdentity', `userAssignedIdentities/${name}`, sub);

export async function tenantOf(h: Harness, sub = SUB): Promise<string> {
  const r = await h.call('GET', `/subscriptions/${sub}?api-version=2022-12-01`);
  return r.body.tenantId as string;
}

export const vaultBody = (tenantId: string, props: Record<string, unknown> = {}, location = 'eastus') => ({
  location,
  properties: { tenantId, sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: true, ...props },
});

/** A vault that has finished DNS registration (the clock is advanced past the model's create time). */
export async function createVault(h: Harness, rg: string, name: string, props: Record<string, unknown> = {}, sub = SUB): Promise<Reply['body']> {
  const tenant = await tenantOf(h, sub);
  const r = await h.call('PUT', at(vaultId(rg, name, sub), KV_API), vaultBody(tenant, props));
  if (r.status !== 201 && r.status !== 200) throw new Error(`vault create failed: ${JSON.stringify(r.body)}`);
  h.clock.advance(60);
  return (await h.call('GET', at(vaultId(rg, name, sub), KV_API))).body;
}

export async function createKey(h: Harness, rg: string, vault: string, key: string, props: Record<string, unknown> = { kty: 'RSA', keySize: 2048 }): Promise<Reply['body']> {
  const r = await h.call('PUT', at(`${vaultId(rg, vault)}/keys/${key}`, KV_API), { properties: props });
  if (r.status !== 200) throw new Error(`key create failed: ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function createIdentity(h: Harness, rg: string, name: string, location = 'eastus'): Promise<Reply['body']> {
  const r = await h.call('PUT', at(identityId(rg, name), MSI_API), { location });
  if (r.status !== 201 && r.status !== 200) throw new Error(`identity create failed: ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function assignRole(h: Harness, scope: string, roleGuid: string, principalId: string, name: string, principalType = 'ServicePrincipal') {
  return h.call('PUT', at(`${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, AUTH_API), {
    properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`, principalId, principalType },
  });
}

export { SUB, createGroup };
