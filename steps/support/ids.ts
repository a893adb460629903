// Resource ids and the api-versions each type is written at (one table, so plan, apply and the
// contract check agree). Versions are those the typed SDK clients send (src/azure/clients.ts), or,
// for the resources the generic client writes (workspace, compute instances, Log Analytics, App
// Insights, diagnostic settings), the version pinned here.
import { createHash } from 'node:crypto';
import { rgId, type StepEnv } from '../env.js';

/** Custom role definitions are named by a GUID stable per environment and role. */
function roleDefinitionGuid(env: StepEnv, key: string): string {
  const h = createHash('sha256').update(`${env.subscriptionId}|${env.names.resourceGroup}|${key}`.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const API = {
  keyVault: '2026-02-01',
  storage: '2025-08-01',
  registry: '2025-11-01',
  identity: '2024-11-30',
  logAnalytics: '2022-10-01',
  appInsights: '2020-02-02',
  // 2022-10-01 (what @azure/arm-machinelearning sends) knows neither systemDatastoresAuthMode nor
  // managedNetwork; the workspace is written at a newer version so no security property is dropped.
  // So are compute instances (idleTimeBeforeShutdown); the compute cluster and the AKS attach go
  // through the ML SDK at its 2022-10-01. Audit reads every ML resource at this version.
  workspace: '2025-06-01',
  network: '2025-05-01',
  privateDns: '2020-06-01',
  authorization: '2022-04-01',
  diagnosticSettings: '2021-05-01-preview',
  // Azure Monitor private link scopes: no stable version exists; the newest preview in the repo's specs.
  privateLinkScopes: '2021-07-01-preview',
  // What @azure/arm-containerservice 25.3.0 speaks; its client is pinned to it (src/azure/clients.ts),
  // the version of the spec in the repo and of the simulator.
  aks: '2026-04-01',
  // Cluster extensions (the Azure ML extension on AKS): the newest stable version in the repo's specs.
  kubernetesExtensions: '2024-11-01',
  // No SDK on the design card covers these (jumpbox VM, its extension and disk; auto-shutdown; feature
  // registration; DNS private resolver): generic client at a pinned stable version.
  compute: '2024-07-01',
  // Managed disks are versioned apart from VMs (Microsoft.Compute DiskRP): audit and verify read the jumpbox's OS disk.
  disks: '2024-03-02',
  devTestLab: '2018-09-15',
  features: '2021-07-01',
  dnsResolver: '2022-07-01',
} as const;

const p = (env: StepEnv, type: string, name: string) => `${rgId(env)}/providers/${type}/${name}`;

export const ids = {
  identity: (env: StepEnv) => p(env, 'Microsoft.ManagedIdentity/userAssignedIdentities', env.names.workspaceIdentity),
  keyVault: (env: StepEnv) => p(env, 'Microsoft.KeyVault/vaults', env.names.keyVault),
  cmkKey: (env: StepEnv) => `${ids.keyVault(env)}/keys/${env.names.cmkKey}`,
  storage: (env: StepEnv) => p(env, 'Microsoft.Storage/storageAccounts', env.names.storage),
  registry: (env: StepEnv) => p(env, 'Microsoft.ContainerRegistry/registries', env.names.registry),
  logAnalytics: (env: StepEnv) => p(env, 'Microsoft.OperationalInsights/workspaces', env.names.logAnalytics),
  appInsights: (env: StepEnv) => p(env, 'Microsoft.Insights/components', env.names.appInsights),
  privateLinkScope: (env: StepEnv) => p(env, 'Microsoft.Insights/privateLinkScopes', env.names.privateLinkScope),
  workspace: (env: StepEnv) => p(env, 'Microsoft.MachineLearningServices/workspaces', env.names.workspace),
  serviceEndpointPolicy: (env: StepEnv) => p(env, 'Microsoft.Network/serviceEndpointPolicies', env.names.serviceEndpointPolicy),
  privateDnsZone: (env: StepEnv, zone: string) => p(env, 'Microsoft.Network/privateDnsZones', zone),
  privateEndpoint: (env: StepEnv, name: string) => p(env, 'Microsoft.Network/privateEndpoints', name),
  compute: (env: StepEnv, name: string) => `${ids.workspace(env)}/computes/${name}`,
  aksIdentity: (env: StepEnv) => p(env, 'Microsoft.ManagedIdentity/userAssignedIdentities', `id-aks-${env.config.name}-${env.config.environment}`),
  aks: (env: StepEnv) => p(env, 'Microsoft.ContainerService/managedClusters', env.names.aks),
  roleDefinition: (env: StepEnv, key: string) => `${rgId(env)}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionGuid(env, key)}`,
};

/** The api-version to read a resource of a given type with (audit reads everything by id). */
export function apiVersionForType(type: string): string | undefined {
  const t = type.toLowerCase();
  const table: [string, string][] = [
    ['microsoft.resources/resourcegroups', '2025-04-01'],
    ['microsoft.network/privatednszones', API.privateDns],
    ['microsoft.network/dnsresolvers', API.dnsResolver],
    ['microsoft.network/', API.network],
    ['microsoft.keyvault/', API.keyVault],
    ['microsoft.storage/', API.storage],
    ['microsoft.containerregistry/', API.registry],
    ['microsoft.managedidentity/', API.identity],
    ['microsoft.operationalinsights/', API.logAnalytics],
    ['microsoft.insights/diagnosticsettings', API.diagnosticSettings],
    ['microsoft.insights/privatelinkscopes', API.privateLinkScopes],
    ['microsoft.insights/', API.appInsights],
    ['microsoft.machinelearningservices/', API.workspace],
    ['microsoft.kubernetesconfiguration/', API.kubernetesExtensions],
    ['microsoft.containerservice/', API.aks],
    ['microsoft.authorization/', API.authorization],
    ['microsoft.compute/disks', API.disks],
    // The EncryptionAtHost feature's id ends in .../providers/Microsoft.Compute/features/EncryptionAtHost.
    ['microsoft.compute/features', API.features],
    ['microsoft.compute/', API.compute],
    ['microsoft.devtestlab/', API.devTestLab],
  ];
  return table.find(([prefix]) => t.startsWith(prefix))?.[1];
}

/** The resource type of an ARM id (the last provider segment wins: extension resources). */
export function typeOfId(id: string): string {
  const parts = id.split('/').filter(Boolean);
  const i = parts.map((p) => p.toLowerCase()).lastIndexOf('providers');
  if (i < 0) return parts.length === 4 ? 'Microsoft.Resources/resourceGroups' : 'Microsoft.Resources/subscriptions';
  const ns = parts[i + 1];
  const rest = parts.slice(i + 2).filter((_, k) => k % 2 === 0);
  return [ns, ...rest].join('/');
}
