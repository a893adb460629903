// Helpers for the Azure ML managed network tests: dependencies (through their own providers), a workspace
// with properties.managedNetwork, rule paths and bodies.
import { expect } from 'vitest';
import { SUB, createGroup, harness, type Harness } from './helpers.js';
import { createInsights, createRegistry, createStorage, createVault } from './seed.js';

export const ML_API = '2025-06-01';
export const APPROVER = 'b556d68e-0be0-4f35-a333-ad7ee1ce17ea';
export const wsId = (name = 'ws1') => `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
export const wsPath = (name = 'ws1', api = ML_API) => `${wsId(name)}?api-version=${api}`;
export const rulePath = (rule: string, ws = 'ws1', api = ML_API) => `${wsId(ws)}/outboundRules/${rule}?api-version=${api}`;
export const rulesPath = (ws = 'ws1', api = ML_API) => `${wsId(ws)}/outboundRules?api-version=${api}`;
export const provisionPath = (ws = 'ws1', api = ML_API) => `${wsId(ws)}/provisionManagedNetwork?api-version=${api}`;
export const computePath = (name: string, ws = 'ws1', api = ML_API) => `${wsId(ws)}/computes/${name}?api-version=${api}`;

export interface Deps {
  storage: string;
  vault: string;
  registry: string;
  insights: string;
}

/** rg1 (eastus) with storage, key vault, Premium registry and Application Insights. */
export async function depsEnv(): Promise<{ h: Harness; deps: Deps }> {
  const h = await harness();
  await createGroup(h);
  const deps = {
    storage: await createStorage(h, 'mnstore'),
    vault: await createVault(h, 'mnkv'),
    registry: await createRegistry(h, 'mnreg', 'Premium'),
    insights: await createInsights(h, 'mnai'),
  };
  return { h, deps };
}

export const wsBody = (deps: Deps, managedNetwork?: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  location: 'eastus',
  identity: { type: 'SystemAssigned' },
  properties: {
    storageAccount: deps.storage,
    keyVault: deps.vault,
    containerRegistry: deps.registry,
    applicationInsights: deps.insights,
    ...(managedNetwork ? { managedNetwork } : {}),
    ...extra,
  },
});

/** A Succeeded workspace (the clock is advanced past the model's create time). */
export async function createWorkspace(h: Harness, deps: Deps, managedNetwork?: Record<string, unknown>, name = 'ws1', extra: Record<string, unknown> = {}) {
  const r = await h.call('PUT', wsPath(name), wsBody(deps, managedNetwork, extra));
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  h.clock.advance(30);
  const ws = await h.call('GET', wsPath(name));
  expect(ws.body.properties.provisioningState).toBe('Succeeded');
  return ws.body;
}

export const peRule = (serviceResourceId: string, subresourceTarget: string, sparkEnabled = false) => ({ type: 'PrivateEndpoint', category: 'UserDefined', destination: { serviceResourceId, subresourceTarget, sparkEnabled } });
export const fqdnRule = (destination: string) => ({ type: 'FQDN', category: 'UserDefined', destination });
export const tagRule = (serviceTag: string, portRanges = '443', protocol = 'TCP') => ({ type: 'ServiceTag', category: 'UserDefined', destination: { serviceTag, protocol, portRanges } });

export const clusterBody = (props: Record<string, unknown> = {}) => ({
  location: 'eastus',
  properties: {
    computeType: 'AmlCompute',
    properties: { vmSize: 'Standard_DS3_v2', scaleSettings: { minNodeCount: 0, maxNodeCount: 2 }, enableNodePublicIp: false, ...props },
  },
});

export const instanceBody = (props: Record<string, unknown> = {}) => ({
  location: 'eastus',
  properties: { computeType: 'ComputeInstance', properties: { vmSize: 'Standard_DS3_v2', enableNodePublicIp: false, ...props } },
});
