// Request-body schemas for Microsoft.MachineLearningServices/workspaces, per api-version, after the REST
// models: 2022-10-01 machineLearningServices.json, 2024-04-01 / 2024-10-01 / 2025-06-01 workspaceRP.json.
// Each version accepts exactly the members its model has: 2022-10-01 knows neither kind nor
// managedNetwork/enableDataIsolation; systemDatastoresAuthMode first appears in 2025-06-01 (the
// 2024-10-01 model does not have it); 2025-06-01 dropped allowPublicAccessWhenBehindVnet.
import { z } from 'zod';
import { bool, enumOf, int, obj, readOnly, str, trackedEnvelopeReadOnlyName } from './common.js';

export const ML_API_VERSIONS = ['2022-10-01', '2024-04-01', '2024-10-01', '2025-06-01'] as const;
export type MlApiVersion = (typeof ML_API_VERSIONS)[number];

/** Present in the REST model, not simulated: accepted by the schema, refused by the handler. */
const notSimulated = () => z.unknown().optional();

const Sku = obj('Sku', {
  name: str(),
  tier: enumOf('SkuTier', ['Free', 'Basic', 'Standard', 'Premium']).optional(),
  size: str().optional(),
  family: str().optional(),
  capacity: int().optional(),
});

/** ManagedServiceIdentity of workspaces and computes (same model in both). */
export const ManagedServiceIdentity = obj('ManagedServiceIdentity', {
  // modelAsString in the model; the handler checks the value (case-insensitively, as ARM does).
  type: str(),
  principalId: readOnly(),
  tenantId: readOnly(),
  userAssignedIdentities: z
    .record(z.string(), obj('UserAssignedIdentity', { principalId: readOnly(), clientId: readOnly() }), {
      error: () => "Error converting value to type 'System.Collections.Generic.IDictionary`2[System.String,UserAssignedIdentity]'.",
    })
    .optional(),
});

const encryption = (version: MlApiVersion) =>
  obj('EncryptionProperty', {
    status: enumOf('EncryptionStatus', ['Enabled', 'Disabled']),
    identity: obj('IdentityForCmk', { userAssignedIdentity: str().optional() }).optional(),
    keyVaultProperties: obj(version === '2025-06-01' ? 'KeyVaultProperties' : 'EncryptionKeyVaultProperties', {
      keyVaultArmId: str(),
      keyIdentifier: str(),
      identityClientId: str().optional(),
    }),
    ...(version === '2025-06-01'
      ? { cosmosDbResourceId: notSimulated(), searchAccountResourceId: notSimulated(), storageAccountResourceId: notSimulated() }
      : {}),
  });

// OutboundRule is a discriminated model (FqdnOutboundRule: destination string; PrivateEndpointOutboundRule:
// PrivateEndpointDestination + fqdns; ServiceTagOutboundRule: ServiceTagDestination). The schema accepts the
// union's members; the handler (machine-learning-managed-network.ts) checks the destination per type, and
// matches the modelAsString enums (type, category) case-insensitively.
export const OutboundRule = obj('OutboundRule', {
  type: str(),
  category: str().optional(),
  // RuleStatus is computed by the service (Inactive/Active/Provisioning/Deleting/Failed); echoed values are ignored.
  status: readOnly(),
  destination: z.unknown().optional(),
  fqdns: z.array(str()).optional(),
  errorInformation: readOnly(),
  parentRuleNames: readOnly(),
});

/** OutboundRuleBasicResource (PUT .../workspaces/{ws}/outboundRules/{rule}): properties is required. */
export const outboundRuleResourceSchema = obj('OutboundRuleBasicResource', {
  id: readOnly(),
  name: readOnly(),
  type: readOnly(),
  systemData: readOnly(),
  properties: OutboundRule,
});

/** ManagedNetworkProvisionOptions (POST .../provisionManagedNetwork; the body is optional). */
export const provisionOptionsSchema = obj('ManagedNetworkProvisionOptions', { includeSpark: bool().optional() });

/** Api-versions whose model has the managed network (workspaces/{ws}/outboundRules, provisionManagedNetwork). */
export const MANAGED_NETWORK_VERSIONS: readonly MlApiVersion[] = ['2024-04-01', '2024-10-01', '2025-06-01'];

// ManagedNetworkSettings: 2025-06-01 workspaceRP.json adds firewallSku, managedNetworkKind (V1|V2),
// enableNetworkMonitor and the read-only firewallPublicIpAddress (changeableIsolationModes belongs to
// ManagedNetworkSettingsEx, the managedNetworks/ resource, not to the workspace's property).
const managedNetwork = (version: MlApiVersion) =>
  obj('ManagedNetworkSettings', {
    // modelAsString IsolationMode; the handler matches Disabled | AllowInternetOutbound | AllowOnlyApprovedOutbound case-insensitively.
    isolationMode: str().optional(),
    networkId: readOnly(),
    outboundRules: z.record(z.string(), OutboundRule).nullable().optional(),
    // ManagedNetworkProvisionStatus is settable in the model but only provisioning changes it; echoed values are ignored.
    status: readOnly(),
    ...(version === '2025-06-01'
      ? { firewallSku: str().optional(), managedNetworkKind: str().optional(), enableNetworkMonitor: bool().optional(), firewallPublicIpAddress: readOnly() }
      : {}),
  });

/** Members of WorkspaceProperties the simulator does not model (refused loudly by the handler). */
export const ML_NOT_SIMULATED = [
  'sharedPrivateLinkResources',
  'serviceManagedResourcesSettings',
  'serverlessComputeSettings',
  'featureStoreSettings',
  'associatedWorkspaces',
  'hubResourceId',
  'workspaceHubConfig',
  'containerRegistries',
  'enableServiceSideCMKEncryption',
  'enableSimplifiedCmk',
  'existingWorkspaces',
  'ipAllowlist',
  'keyVaults',
  'networkAcls',
  'storageAccounts',
] as const;

function workspaceProperties(version: MlApiVersion) {
  const v2022 = {
    workspaceId: readOnly(),
    description: str().optional(),
    friendlyName: str().optional(),
    keyVault: str().optional(),
    applicationInsights: str().optional(),
    containerRegistry: str().optional(),
    storageAccount: str().optional(),
    // Settable in the model, always computed by the service.
    discoveryUrl: str().optional(),
    provisioningState: readOnly(),
    encryption: encryption(version).optional(),
    hbiWorkspace: bool().optional(),
    serviceProvisionedResourceGroup: readOnly(),
    privateLinkCount: readOnly(),
    imageBuildCompute: str().optional(),
    publicNetworkAccess: enumOf('PublicNetworkAccess', ['Enabled', 'Disabled']).optional(),
    privateEndpointConnections: readOnly(),
    sharedPrivateLinkResources: notSimulated(),
    notebookInfo: readOnly(),
    serviceManagedResourcesSettings: notSimulated(),
    primaryUserAssignedIdentity: str().optional(),
    tenantId: readOnly(),
    storageHnsEnabled: readOnly(),
    mlFlowTrackingUri: readOnly(),
    v1LegacyMode: bool().optional(),
  };
  const allowPublic = { allowPublicAccessWhenBehindVnet: bool().optional() };
  const v2024 = {
    serverlessComputeSettings: notSimulated(),
    managedNetwork: managedNetwork(version).optional(),
    featureStoreSettings: notSimulated(),
    associatedWorkspaces: notSimulated(),
    enableDataIsolation: bool().optional(),
    hubResourceId: notSimulated(),
    workspaceHubConfig: notSimulated(),
  };
  const v2025 = {
    allowRoleAssignmentOnRG: bool().optional(),
    containerRegistries: notSimulated(),
    enableServiceSideCMKEncryption: notSimulated(),
    enableSimplifiedCmk: notSimulated(),
    enableSoftwareBillOfMaterials: bool().optional(),
    existingWorkspaces: notSimulated(),
    ipAllowlist: notSimulated(),
    keyVaults: notSimulated(),
    networkAcls: notSimulated(),
    provisionNetworkNow: bool().optional(),
    softDeleteRetentionInDays: int().optional(),
    storageAccounts: notSimulated(),
    // modelAsString; the handler matches AccessKey | Identity | UserDelegationSAS case-insensitively.
    systemDatastoresAuthMode: str().optional(),
  };
  if (version === '2022-10-01') return obj('WorkspaceProperties', { ...v2022, ...allowPublic });
  if (version === '2025-06-01') return obj('WorkspaceProperties', { ...v2022, ...v2024, ...v2025 });
  return obj('WorkspaceProperties', { ...v2022, ...allowPublic, ...v2024 });
}

export function workspaceSchema(version: MlApiVersion) {
  return obj('Workspace', {
    ...trackedEnvelopeReadOnlyName,
    sku: Sku.optional(),
    identity: ManagedServiceIdentity.optional(),
    ...(version === '2022-10-01' ? {} : { kind: str().optional() }),
    properties: workspaceProperties(version).optional(),
  });
}

export interface OutboundRuleBody {
  type: string;
  category?: string;
  destination?: unknown;
  fqdns?: string[];
  [k: string]: unknown;
}

export interface ManagedNetworkBody {
  isolationMode?: string;
  outboundRules?: Record<string, OutboundRuleBody> | null;
  firewallSku?: string;
  managedNetworkKind?: string;
  enableNetworkMonitor?: boolean;
  [k: string]: unknown;
}

/** The union of every version's WorkspaceProperties, as the handler reads it. */
export interface WorkspacePropertiesBody {
  description?: string;
  friendlyName?: string;
  keyVault?: string;
  applicationInsights?: string;
  containerRegistry?: string;
  storageAccount?: string;
  encryption?: {
    status: 'Enabled' | 'Disabled';
    identity?: { userAssignedIdentity?: string };
    keyVaultProperties: { keyVaultArmId: string; keyIdentifier: string; identityClientId?: string };
  };
  hbiWorkspace?: boolean;
  imageBuildCompute?: string;
  allowPublicAccessWhenBehindVnet?: boolean;
  publicNetworkAccess?: 'Enabled' | 'Disabled';
  primaryUserAssignedIdentity?: string;
  v1LegacyMode?: boolean;
  managedNetwork?: ManagedNetworkBody;
  enableDataIsolation?: boolean;
  allowRoleAssignmentOnRG?: boolean;
  enableSoftwareBillOfMaterials?: boolean;
  provisionNetworkNow?: boolean;
  softDeleteRetentionInDays?: number;
  systemDatastoresAuthMode?: string;
  [k: string]: unknown;
}

/** Members a version renders (GET bodies follow the requested version's model). */
export const ML_RENDERED_MEMBERS: Record<MlApiVersion, readonly string[]> = (() => {
  const base = [
    'workspaceId', 'description', 'friendlyName', 'keyVault', 'applicationInsights', 'containerRegistry', 'storageAccount', 'discoveryUrl',
    'provisioningState', 'encryption', 'hbiWorkspace', 'serviceProvisionedResourceGroup', 'privateLinkCount', 'imageBuildCompute',
    'publicNetworkAccess', 'privateEndpointConnections', 'notebookInfo', 'primaryUserAssignedIdentity', 'tenantId',
    'storageHnsEnabled', 'mlFlowTrackingUri', 'v1LegacyMode',
  ];
  const v2024 = [...base, 'allowPublicAccessWhenBehindVnet', 'managedNetwork', 'enableDataIsolation'];
  return {
    '2022-10-01': [...base, 'allowPublicAccessWhenBehindVnet'],
    '2024-04-01': v2024,
    '2024-10-01': v2024,
    '2025-06-01': [
      ...base, 'managedNetwork', 'enableDataIsolation', 'allowRoleAssignmentOnRG', 'enableSoftwareBillOfMaterials', 'provisionNetworkNow',
      'softDeleteRetentionInDays', 'systemDatastoresAuthMode',
    ],
  };
})();
