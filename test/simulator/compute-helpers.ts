// Helpers for the Azure ML compute and AKS tests: a VNet with node subnets, a workspace with its dependencies
// (created through their own providers, as seed.ts does), user-assigned identities with roles, AKS bodies.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { SUB, createGroup, harness, netPath, type Harness } from './helpers.js';
import { assignRole, createIdentity } from './paas-helpers.js';
import { createInsights, createRegistry, createStorage, createVault } from './seed.js';

export const ML_API = '2025-06-01';
export const AKS_API = '2026-04-01';
export const NETWORK_CONTRIBUTOR = '4d97b98b-1d4f-4787-a291-c67834d212e7';
export const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

export const wsId = (name = 'ws1', rg = 'rg1') => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
export const computePath = (name: string, api = ML_API, query = '', ws = 'ws1') => `${wsId(ws)}/computes/${name}?api-version=${api}${query}`;
export const clusterId = (name: string, rg = 'rg1') => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
export const clusterPath = (name: string, api = AKS_API, rg = 'rg1') => `${clusterId(name, rg)}?api-version=${api}`;
export const subnetId = (name: string, vnet = 'vnet1', rg = 'rg1') => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`;
export const vnetId = (vnet = 'vnet1', rg = 'rg1') => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnet}`;

/** rg1 (eastus) with vnet1 10.0.0.0/16: training 10.0.1.0/24, instances 10.0.2.0/24, aks 10.0.4.0/22. */
export async function networkEnv(): Promise<Harness> {
  const h = await harness();
  await createGroup(h);
  const vnet = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), {
    location: 'eastus',
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [
        { name: 'training', properties: { addressPrefix: '10.0.1.0/24' } },
        { name: 'instances', properties: { addressPrefix: '10.0.2.0/24' } },
        { name: 'aks', properties: { addressPrefix: '10.0.4.0/22' } },
        { name: 'small', properties: { addressPrefix: '10.0.8.0/27' } },
      ],
    },
  });
  expect(vnet.status).toBe(201);
  h.clock.advance(10);
  return h;
}

/** networkEnv plus a Succeeded workspace ws1 (storage, key vault, registry, Application Insights). */
export async function workspaceEnv(): Promise<Harness> {
  const h = await networkEnv();
  const storage = await createStorage(h, 'mlstore');
  const registry = await createRegistry(h, 'mlreg', 'Premium');
  const insights = await createInsights(h, 'mlai');
  const vault = await createVault(h, 'mlkv');
  const ws = await h.call('PUT', `${wsId()}?api-version=${ML_API}`, {
    location: 'eastus',
    identity: { type: 'SystemAssigned' },
    properties: { storageAccount: storage, keyVault: vault, containerRegistry: registry, applicationInsights: insights, imageBuildCompute: 'cpu-cluster' },
  });
  expect(ws.status, JSON.stringify(ws.body)).toBe(202);
  h.clock.advance(25);
  expect((await h.call('GET', `${wsId()}?api-version=${ML_API}`)).body.properties.provisioningState).toBe('Succeeded');
  await workspaceEndpoint(h);
  return h;
}

/**
 * The workspace's private endpoint in subnet `endpoints` (10.0.12.0/24): no-public-IP compute needs it
 * ("Provided EnableNodePublicIp 'False' requires workspace private endpoint.", Azure/data-product-analytics#70).
 */
export async function workspaceEndpoint(h: Harness, ws = 'ws1'): Promise<void> {
  const sn = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/endpoints'), { properties: { addressPrefix: '10.0.12.0/24' } });
  expect(sn.status, JSON.stringify(sn.body)).toBeLessThan(300);
  h.clock.advance(10);
  const pe = await h.call('PUT', netPath('rg1', `privateEndpoints/pe-${ws}`), {
    location: 'eastus',
    properties: { subnet: { id: subnetId('endpoints') }, privateLinkServiceConnections: [{ name: ws, properties: { privateLinkServiceId: wsId(ws), groupIds: ['amlworkspace'] } }] },
  });
  expect(pe.status, JSON.stringify(pe.body)).toBe(201);
  h.clock.advance(30);
}

/** A user-assigned identity, optionally with Network Contributor at `scope`. */
export async function identityWithRole(h: Harness, name: string, scope?: string, role = NETWORK_CONTRIBUTOR): Promise<{ id: string; principalId: string }> {
  const uai = await createIdentity(h, 'rg1', name);
  if (scope) {
    const r = await assignRole(h, scope, role, uai.properties.principalId as string, randomUUID());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  return { id: uai.id as string, principalId: uai.properties.principalId as string };
}

export const aksBody = (opts: { identity?: string; subnet?: string; private?: boolean; plugin?: string; version?: string; network?: Record<string, unknown>; extra?: Record<string, unknown>; pools?: unknown[] } = {}) => ({
  location: 'eastus',
  sku: { name: 'Base', tier: 'Standard' },
  identity: opts.identity ? { type: 'UserAssigned', userAssignedIdentities: { [opts.identity]: {} } } : { type: 'SystemAssigned' },
  properties: {
    ...(opts.version !== undefined ? { kubernetesVersion: opts.version } : {}),
    dnsPrefix: 'mlaks',
    agentPoolProfiles: opts.pools ?? [
      { name: 'system', mode: 'System', count: 3, vmSize: 'Standard_D4s_v3', osType: 'Linux', type: 'VirtualMachineScaleSets', ...(opts.subnet ? { vnetSubnetID: opts.subnet } : {}) },
    ],
    networkProfile: { networkPlugin: opts.plugin ?? 'azure', serviceCidr: '172.16.0.0/16', dnsServiceIP: '172.16.0.10', outboundType: 'loadBalancer', loadBalancerSku: 'standard', ...(opts.network ?? {}) },
    ...(opts.private ? { apiServerAccessProfile: { enablePrivateCluster: true } } : {}),
    ...(opts.extra ?? {}),
  },
});

