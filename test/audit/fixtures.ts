// Hand-written ARM GET bodies for the audit tests: a fully compliant environment, plus helpers.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluatePolicy, loadPolicies, type ArmResource, type EvaluateOptions, type Finding, type PolicyDefinition } from '../../src/audit/policy.js';

export const POLICY_DIR = join(fileURLToPath(new URL('.', import.meta.url)), '../../templates/policies');

const all = loadPolicies(POLICY_DIR);

/** A shipped definition by `<category>/<file>.json`. */
export function policy(rel: string): PolicyDefinition {
  const hit = all.find((p) => p.file.replace(/\\/g, '/').endsWith(`/${rel}`));
  if (!hit) throw new Error(`no shipped policy ${rel}`);
  return hit.def;
}

export function allPolicies() {
  return all;
}

export const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
export const RG = `${SUB}/resourceGroups/rg-aml`;
const P = `${RG}/providers`;

export const ids = {
  storage: `${P}/Microsoft.Storage/storageAccounts/stamlgood`,
  keyVault: `${P}/Microsoft.KeyVault/vaults/kv-aml-good`,
  registry: `${P}/Microsoft.ContainerRegistry/registries/cramlgood`,
  aks: `${P}/Microsoft.ContainerService/managedClusters/aks-aml`,
  workspace: `${P}/Microsoft.MachineLearningServices/workspaces/mlw-aml`,
  nic: `${P}/Microsoft.Network/networkInterfaces/nic-jump`,
  vnet: `${P}/Microsoft.Network/virtualNetworks/vnet-aml`,
  nsg: `${P}/Microsoft.Network/networkSecurityGroups/nsg-aml`,
  law: `${P}/Microsoft.OperationalInsights/workspaces/log-aml`,
  uai: `${P}/Microsoft.ManagedIdentity/userAssignedIdentities/id-aml`,
  workspacePe: `${P}/Microsoft.Network/privateEndpoints/pe-aml-workspace`,
  apiZone: `${P}/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms`,
  notebooksZone: `${P}/Microsoft.Network/privateDnsZones/privatelink.notebooks.azure.net`,
};
export const subnetId = (name: string) => `${ids.vnet}/subnets/${name}`;

export const clone = <T>(v: T): T => structuredClone(v);

function approvedPe(parentId: string, type?: string) {
  return {
    id: `${parentId}/privateEndpointConnections/pe-1`,
    name: 'pe-1',
    ...(type ? { type } : {}),
    properties: { privateEndpoint: { id: `${P}/Microsoft.Network/privateEndpoints/pe-1` }, privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved' }, provisioningState: 'Succeeded' },
  };
}

export function diagnosticSetting(resourceId: string, name = 'to-law', logs: unknown[] = [{ categoryGroup: 'allLogs', enabled: true }]): ArmResource {
  return {
    id: `${resourceId}/providers/Microsoft.Insights/diagnosticSettings/${name}`,
    name,
    type: 'Microsoft.Insights/diagnosticSettings',
    properties: { workspaceId: ids.law, logs, metrics: [{ category: 'AllMetrics', enabled: true }] },
  };
}

export function storageAccount(): ArmResource {
  return {
    id: ids.storage, name: 'stamlgood', type: 'Microsoft.Storage/storageAccounts', location: 'westeurope', kind: 'StorageV2', sku: { name: 'Standard_ZRS', tier: 'Standard' },
    properties: {
      allowBlobPublicAccess: false,
      allowCrossTenantReplication: false,
      allowSharedKeyAccess: false,
      minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true,
      publicNetworkAccess: 'Disabled',
      networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
      encryption: {
        keySource: 'Microsoft.Keyvault',
        requireInfrastructureEncryption: true,
        keyvaultproperties: { keyname: 'cmk', keyvaulturi: 'https://kv-aml-good.vault.azure.net/' },
        services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
      },
      privateEndpointConnections: [approvedPe(ids.storage, 'Microsoft.Storage/storageAccounts/privateEndpointConnections')],
    },
  };
}

export function keyVault(): ArmResource {
  return {
    id: ids.keyVault, name: 'kv-aml-good', type: 'Microsoft.KeyVault/vaults', location: 'westeurope',
    properties: {
      tenantId: '00000000-0000-0000-0000-0000000000aa',
      sku: { family: 'A', name: 'premium' },
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: true,
      enableRbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
      networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
      privateEndpointConnections: [approvedPe(ids.keyVault)],
    },
  };
}

export function registry(): ArmResource {
  return {
    id: ids.registry, name: 'cramlgood', type: 'Microsoft.ContainerRegistry/registries', location: 'westeurope', sku: { name: 'Premium', tier: 'Premium' },
    identity: { type: 'UserAssigned', userAssignedIdentities: { [ids.uai]: {} } },
    properties: {
      adminUserEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccess: 'Disabled',
      networkRuleBypassOptions: 'AzureServices',
      networkRuleSet: { defaultAction: 'Deny', ipRules: [] },
      policies: {
        exportPolicy: { status: 'disabled' },
        azureADAuthenticationAsArmPolicy: { status: 'disabled' },
        quarantinePolicy: { status: 'disabled' },
        trustPolicy: { type: 'Notary', status: 'disabled' },
        retentionPolicy: { days: 7, status: 'disabled' },
      },
      encryption: { status: 'enabled', keyVaultProperties: { keyIdentifier: 'https://kv-aml-good.vault.azure.net/keys/cmk', identity: '11111111-0000-0000-0000-000000000000' } },
      privateEndpointConnections: [approvedPe(ids.registry, 'Microsoft.ContainerRegistry/registries/privateEndpointConnections')],
    },
  };
}

export function registryToken(): ArmResource {
  return { id: `${ids.registry}/tokens/ci`, name: 'ci', type: 'Microsoft.ContainerRegistry/registries/tokens', properties: { status: 'disabled', scopeMapId: `${ids.registry}/scopeMaps/_repositories_pull` } };
}

export function aks(): ArmResource {
  return {
    id: ids.aks, name: 'aks-aml', type: 'Microsoft.ContainerService/managedClusters', location: 'westeurope',
    identity: { type: 'UserAssigned', userAssignedIdentities: { [ids.uai]: {} } },
    properties: {
      aadProfile: { managed: true, enableAzureRBAC: true },
      addonProfiles: { azurepolicy: { enabled: true } },
      agentPoolProfiles: [{ name: 'system', mode: 'System', count: 3, enableEncryptionAtHost: true, vnetSubnetID: subnetId('snet-aks') }],
      apiServerAccessProfile: { enablePrivateCluster: true, disableRunCommand: true },
      disableLocalAccounts: true,
      enableRBAC: true,
      networkProfile: { networkPlugin: 'azure', networkPolicy: 'azure', outboundType: 'userDefinedRouting' },
      servicePrincipalProfile: { clientId: 'msi' },
    },
  };
}

export function workspace(): ArmResource {
  return {
    id: ids.workspace, name: 'mlw-aml', type: 'Microsoft.MachineLearningServices/workspaces', location: 'westeurope', kind: 'Default',
    identity: { type: 'UserAssigned', userAssignedIdentities: { [ids.uai]: {} } },
    sku: { name: 'Basic', tier: 'Basic' },
    properties: {
      encryption: { status: 'Enabled', keyVaultProperties: { keyVaultArmId: ids.keyVault, keyIdentifier: 'https://kv-aml-good.vault.azure.net/keys/cmk' } },
      managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' },
      primaryUserAssignedIdentity: ids.uai,
      publicNetworkAccess: 'Disabled',
      v1LegacyMode: true,
      privateEndpointConnections: [approvedPe(ids.workspace, 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections')],
    },
  };
}

export function computeInstance(): ArmResource {
  return {
    id: `${ids.workspace}/computes/ci-dev`, name: 'ci-dev', type: 'Microsoft.MachineLearningServices/workspaces/computes', location: 'westeurope',
    properties: {
      computeType: 'ComputeInstance',
      disableLocalAuth: true,
      properties: {
        vmSize: 'Standard_DS3_v2',
        subnet: { id: subnetId('snet-compute') },
        idleTimeBeforeShutdown: 'PT30M',
        osImageMetadata: { currentImageVersion: '24.10.1', latestImageVersion: '24.10.1', isLatestOsImageVersion: true },
      },
    },
  };
}

export function computeCluster(): ArmResource {
  return {
    id: `${ids.workspace}/computes/cpu-cluster`, name: 'cpu-cluster', type: 'Microsoft.MachineLearningServices/workspaces/computes', location: 'westeurope',
    properties: {
      computeType: 'AmlCompute',
      disableLocalAuth: true,
      properties: { vmSize: 'Standard_DS3_v2', subnet: { id: subnetId('snet-compute') }, enableNodePublicIp: false, scaleSettings: { minNodeCount: 0, maxNodeCount: 4 } },
    },
  };
}

export function nic(): ArmResource {
  return {
    id: ids.nic, name: 'nic-jump', type: 'Microsoft.Network/networkInterfaces', location: 'westeurope',
    properties: {
      enableIPForwarding: false,
      ipConfigurations: [{
        id: `${ids.nic}/ipConfigurations/ipconfig1`, name: 'ipconfig1', type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
        properties: { privateIPAddress: '10.0.1.4', privateIPAllocationMethod: 'Dynamic', subnet: { id: subnetId('snet-compute') } },
      }],
    },
  };
}

function subnet(name: string, prefix: string, extra: Record<string, unknown> = {}) {
  return {
    id: subnetId(name), name, type: 'Microsoft.Network/virtualNetworks/subnets',
    properties: { addressPrefix: prefix, networkSecurityGroup: { id: ids.nsg }, defaultOutboundAccess: false, privateEndpointNetworkPolicies: 'Enabled', ...extra },
  };
}

export function vnet(): ArmResource {
  return {
    id: ids.vnet, name: 'vnet-aml', type: 'Microsoft.Network/virtualNetworks', location: 'westeurope',
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [subnet('snet-compute', '10.0.1.0/24'), subnet('snet-pe', '10.0.2.0/24'), subnet('snet-aks', '10.0.4.0/22')],
    },
  };
}

export function nsg(): ArmResource {
  return {
    id: ids.nsg, name: 'nsg-aml', type: 'Microsoft.Network/networkSecurityGroups', location: 'westeurope',
    properties: { securityRules: [{ id: `${ids.nsg}/securityRules/deny-internet`, name: 'deny-internet', properties: { access: 'Deny', direction: 'Outbound', priority: 4000, destinationPortRange: '*', sourceAddressPrefix: '*' } }] },
  };
}

/** The workspace's private endpoint (group amlworkspace), as a GET returns it. */
export function workspacePrivateEndpoint(): ArmResource {
  return {
    id: ids.workspacePe, name: 'pe-aml-workspace', type: 'Microsoft.Network/privateEndpoints', location: 'westeurope',
    properties: {
      subnet: { id: subnetId('snet-pe') },
      privateLinkServiceConnections: [{
        id: `${ids.workspacePe}/privateLinkServiceConnections/pe-aml-workspace`, name: 'pe-aml-workspace', type: 'Microsoft.Network/privateEndpoints/privateLinkServiceConnections',
        properties: { privateLinkServiceId: ids.workspace, groupIds: ['amlworkspace'], privateLinkServiceConnectionState: { status: 'Approved' } },
      }],
    },
  };
}

/** Its DNS zone group (a child resource GET of its own): the api.azureml.ms and notebooks zones. */
export function workspacePeZoneGroup(): ArmResource {
  return {
    id: `${ids.workspacePe}/privateDnsZoneGroups/default`, name: 'default', type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
    properties: { privateDnsZoneConfigs: [{ name: 'api', properties: { privateDnsZoneId: ids.apiZone } }, { name: 'notebooks', properties: { privateDnsZoneId: ids.notebooksZone } }] },
  };
}

/** An environment every shipped definition should find compliant. */
export function compliantEnvironment(): ArmResource[] {
  return [
    storageAccount(), keyVault(), diagnosticSetting(ids.keyVault), registry(), registryToken(), aks(),
    workspace(), diagnosticSetting(ids.workspace), computeInstance(), computeCluster(), nic(), vnet(), nsg(),
    workspacePrivateEndpoint(), workspacePeZoneGroup(),
  ];
}

/** Parameters the compliant environment is audited with (policies whose defaults are not the secure choice). */
export const SECURE_PARAMETERS: Record<string, Record<string, unknown>> = {
  // Machine Learning/ManagedNetworkIsolationMode_Audit.json defaults to isolationMode 'Disabled'.
  '6ddb1705-c8cf-450e-aa4b-19ad6703c440': { isolationMode: 'AllowOnlyApprovedOutbound' },
  // Machine Learning/Workspace_PrivateEndpoint_DINE.json and Workspace_PrivateDnsZones_DINE.json: required, no default.
  '7838fd83-5cbb-4b5d-888c-bfa240972597': { privateEndpointSubnetId: subnetId('snet-pe') },
  'ee40564d-486e-4f68-a5ca-7a621edae0fb': { privateDnsZoneId: ids.apiZone, secondPrivateDnsZoneId: ids.notebooksZone },
};

/** Effects the offline audit does not evaluate (Modify): reported not-applicable with this reason. */
export const notAnAudit = (f: Finding) => f.verdict === 'not-applicable' && / is not an audit$/.test(f.reason ?? '');

export function findingFor(findings: Finding[], resourceId: string): Finding {
  const f = findings.filter((x) => x.resourceId.toLowerCase() === resourceId.toLowerCase());
  if (f.length !== 1) throw new Error(`expected one finding for ${resourceId}, got ${f.length}: ${JSON.stringify(findings, null, 1)}`);
  return f[0];
}

export function verdict(def: PolicyDefinition, resources: ArmResource[], resourceId: string, opts?: EvaluateOptions): Finding['verdict'] {
  return findingFor(evaluatePolicy(def, resources, opts), resourceId).verdict;
}

/** Sets a dotted path (creating objects) or deletes it when value is undefined. */
export function withPath<T extends object>(obj: T, path: string, value: unknown): T {
  const out = clone(obj);
  const parts = path.split('.');
  let o = out as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    if (!o[p] || typeof o[p] !== 'object') o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
  return out;
}
