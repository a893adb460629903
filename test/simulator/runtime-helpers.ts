// An environment for the runtime-semantics tests, driven through the real SDK clients: a ticking clock
// (every reading moves it on, so SDK pollers see operations finish), a workspace with its dependencies, and
// the SDK clients wired to the in-process simulator.
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { ContainerServiceClient, type ManagedCluster } from '@azure/arm-containerservice';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import { expect } from 'vitest';
import { ML_API, wsId } from './compute-helpers.js';
import { Clock, SUB, createGroup, harness, type Harness } from './helpers.js';
import { createInsights, createRegistry, createStorage, createVault } from './seed.js';
import { credential, httpClient } from './sdk-client.js';



export interface Sdk {
  h: Harness;
  network: NetworkManagementClient;
  ml: AzureMachineLearningWorkspaces;
  aks: ContainerServiceClient;
  resources: ResourceManagementClient;
}

export const POLL = { updateIntervalInMs: 1 };

/** rg1 (eastus), vnet1 10.0.0.0/16 with subnet `endpoints` only, and a Succeeded workspace ws1. */
export async function sdkEnv(opts: { workspaceEndpoint?: boolean } = {}): Promise<Sdk> {
  // timeScale 0.01: Retry-After rounds to 0 and operations last a hundredth of the model's seconds.
  const h = await harness({ timeScale: 0.01 }, undefined, new Clock(250));
  const options = { httpClient: httpClient(h.sim) };
  const sdk: Sdk = {
    h,
    network: new NetworkManagementClient(credential, SUB, options),
    ml: new AzureMachineLearningWorkspaces(credential, SUB, options),
    aks: new ContainerServiceClient(credential, SUB, { ...options, apiVersion: '2026-04-01' }),
    resources: new ResourceManagementClient(credential, SUB, options),
  };
  await createGroup(h);
  await sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
    'rg1',
    'vnet1',
    { location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'endpoints', addressPrefix: '10.0.12.0/24' }] },
    POLL,
  );
  const storage = await createStorage(h, 'mlstore');
  const registry = await createRegistry(h, 'mlreg', 'Premium');
  const insights = await createInsights(h, 'mlai');
  const vault = await createVault(h, 'mlkv');
  const ws = await h.call('PUT', `${wsId()}?api-version=${ML_API}`, {
    location: 'eastus',
    identity: { type: 'SystemAssigned' },
    properties: { storageAccount: storage, keyVault: vault, containerRegistry: registry, applicationInsights: insights },
  });
  expect(ws.status, JSON.stringify(ws.body)).toBe(202);
  h.clock.advance(25);
  if (opts.workspaceEndpoint !== false) {
    await sdk.network.privateEndpoints.beginCreateOrUpdateAndWait(
      'rg1',
      'pe-ws1',
      {
        location: 'eastus',
        subnet: { id: subnetIdOf('endpoints') },
        privateLinkServiceConnections: [{ name: 'ws1', privateLinkServiceId: wsId(), groupIds: ['amlworkspace'] }],
      },
      POLL,
    );
  }
  return sdk;
}

export const subnetIdOf = (name: string): string => `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/${name}`;
export const nsgIdOf = (name: string): string => `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/${name}`;

/** A subnet of vnet1 through the Network SDK. */
export async function subnet(sdk: Sdk, name: string, prefix: string, props: Record<string, unknown> = {}): Promise<string> {
  const s = await sdk.network.subnets.beginCreateOrUpdateAndWait('rg1', 'vnet1', name, { addressPrefix: prefix, ...props }, POLL);
  return s.id as string;
}

/** A managed cluster in the SDK's (flattened) model: three nodes in `subnetId`, Azure CNI. */
export const sdkCluster = (subnetId: string, extra: Partial<ManagedCluster> = {}, network: Partial<NonNullable<ManagedCluster['networkProfile']>> = {}): ManagedCluster => ({
  location: 'eastus',
  sku: { name: 'Base', tier: 'Standard' },
  identity: { type: 'SystemAssigned' },
  dnsPrefix: 'mlaks',
  agentPoolProfiles: [{ name: 'system', mode: 'System', count: 3, vmSize: 'Standard_D4s_v3', osType: 'Linux', type: 'VirtualMachineScaleSets', vnetSubnetID: subnetId }],
  networkProfile: { networkPlugin: 'azure', serviceCidr: '172.16.0.0/16', dnsServiceIP: '172.16.0.10', outboundType: 'loadBalancer', loadBalancerSku: 'standard', ...network },
  ...extra,
});

/** Runs an SDK long-running call that must fail; returns what the SDK threw. */
export async function failure(p: Promise<unknown>): Promise<Error & { code?: string; statusCode?: number }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected the operation to fail');
}
