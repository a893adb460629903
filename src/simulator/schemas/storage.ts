// Request-body schemas for Microsoft.Storage storageAccounts, after the REST models in
// specification/storage/resource-manager/Microsoft.Storage/stable/2025-08-01/storage.json
// (StorageAccountCreateParameters, StorageAccountUpdateParameters, Encryption, NetworkRuleSet, ...).
// Note the spec's lower-case member names: encryption.keyvaultproperties.{keyname,keyversion,keyvaulturi}.
import { z } from 'zod';
import { arr, bool, enumOf, int, obj, readOnly, str, strArr, tags } from './common.js';
import { identitySchema } from './identity.js';

const STORAGE_SKUS = [
  'Standard_LRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_ZRS', 'Premium_LRS', 'Premium_ZRS', 'Standard_GZRS', 'Standard_RAGZRS',
  'StandardV2_LRS', 'StandardV2_GRS', 'StandardV2_ZRS', 'StandardV2_GZRS', 'PremiumV2_LRS', 'PremiumV2_ZRS',
] as const;
const STORAGE_KINDS = ['Storage', 'StorageV2', 'BlobStorage', 'FileStorage', 'BlockBlobStorage'] as const;
const BYPASS_VALUES = ['None', 'Logging', 'Metrics', 'AzureServices'];

const Sku = obj('Sku', { name: enumOf('SkuName', STORAGE_SKUS), tier: readOnly() });

/** `bypass` is a flags enum: "Logging, Metrics, AzureServices" is one value. */
const Bypass = str().refine((v) => v.split(',').every((x) => BYPASS_VALUES.includes(x.trim())), {
  error: (iss) => `Error converting value ${JSON.stringify(iss.input)} to type 'Microsoft.Azure.Management.Storage.Models.Bypass'.`,
});

const StorageNetworkRuleSet = obj('NetworkRuleSet', {
  bypass: Bypass.optional(),
  resourceAccessRules: arr(obj('ResourceAccessRule', { tenantId: str().optional(), resourceId: str().optional() }), 'ResourceAccessRule').optional(),
  virtualNetworkRules: arr(obj('VirtualNetworkRule', { id: str(), action: enumOf('Action', ['Allow']).optional(), state: readOnly() }), 'VirtualNetworkRule').optional(),
  ipRules: arr(obj('IPRule', { value: str(), action: enumOf('Action', ['Allow']).optional() }), 'IPRule').optional(),
  ipv6Rules: arr(obj('IPRule', { value: str(), action: enumOf('Action', ['Allow']).optional() }), 'IPRule').optional(),
  defaultAction: enumOf('DefaultAction', ['Allow', 'Deny']),
});

const EncryptionService = obj('EncryptionService', {
  enabled: bool().optional(),
  lastEnabledTime: readOnly(),
  keyType: enumOf('KeyType', ['Service', 'Account']).optional(),
});

export const Encryption = obj('Encryption', {
  services: obj('EncryptionServices', {
    blob: EncryptionService.optional(),
    file: EncryptionService.optional(),
    table: EncryptionService.optional(),
    queue: EncryptionService.optional(),
  }).optional(),
  keySource: enumOf('KeySource', ['Microsoft.Storage', 'Microsoft.Keyvault']).optional(),
  requireInfrastructureEncryption: bool().optional(),
  keyvaultproperties: obj('KeyVaultProperties', {
    keyname: str().optional(),
    keyversion: str().optional(),
    keyvaulturi: str().optional(),
    currentVersionedKeyIdentifier: readOnly(),
    lastKeyRotationTimestamp: readOnly(),
    currentVersionedKeyExpirationTimestamp: readOnly(),
  }).optional(),
  identity: obj('EncryptionIdentity', { userAssignedIdentity: str().optional(), federatedIdentityClientId: str().optional() }).optional(),
});

const SasPolicy = obj('SasPolicy', { sasExpirationPeriod: str(), expirationAction: enumOf('ExpirationAction', ['Log', 'Block']) });
const KeyPolicy = obj('KeyPolicy', { keyExpirationPeriodInDays: int() });
const RoutingPreference = obj('RoutingPreference', {
  routingChoice: enumOf('RoutingChoice', ['MicrosoftRouting', 'InternetRouting']).optional(),
  publishMicrosoftEndpoints: bool().optional(),
  publishInternetEndpoints: bool().optional(),
});
const AzureFilesIdentityBasedAuthentication = obj('AzureFilesIdentityBasedAuthentication', {
  directoryServiceOptions: enumOf('DirectoryServiceOptions', ['None', 'AADDS', 'AD', 'AADKERB']),
  activeDirectoryProperties: z.record(z.string(), z.unknown()).optional(),
  defaultSharePermission: enumOf('DefaultSharePermission', ['None', 'StorageFileDataSmbShareReader', 'StorageFileDataSmbShareContributor', 'StorageFileDataSmbShareElevatedContributor']).optional(),
  smbOAuthSettings: obj('SmbOAuthSettings', { isSmbOAuthEnabled: bool().optional() }).optional(),
});
const ImmutableStorageAccount = obj('ImmutableStorageAccount', {
  enabled: bool().optional(),
  immutabilityPolicy: obj('AccountImmutabilityPolicyProperties', {
    immutabilityPeriodSinceCreationInDays: int().optional(),
    state: enumOf('AccountImmutabilityPolicyState', ['Unlocked', 'Locked', 'Disabled']).optional(),
    allowProtectedAppendWrites: bool().optional(),
  }).optional(),
});
const CustomDomain = obj('CustomDomain', { name: str(), useSubDomainName: bool().optional() });

/** Members both the create and update property bags share. */
const commonProperties = {
  allowedCopyScope: enumOf('AllowedCopyScope', ['PrivateLink', 'AAD']).optional(),
  publicNetworkAccess: enumOf('PublicNetworkAccess', ['Enabled', 'Disabled', 'SecuredByPerimeter']).optional(),
  sasPolicy: SasPolicy.optional(),
  keyPolicy: KeyPolicy.optional(),
  customDomain: CustomDomain.optional(),
  encryption: Encryption.optional(),
  networkAcls: StorageNetworkRuleSet.optional(),
  accessTier: enumOf('AccessTier', ['Hot', 'Cool', 'Premium', 'Cold']).optional(),
  azureFilesIdentityBasedAuthentication: AzureFilesIdentityBasedAuthentication.optional(),
  supportsHttpsTrafficOnly: bool().optional(),
  isSftpEnabled: bool().optional(),
  isLocalUserEnabled: bool().optional(),
  enableExtendedGroups: bool().optional(),
  largeFileSharesState: enumOf('LargeFileSharesState', ['Disabled', 'Enabled']).optional(),
  routingPreference: RoutingPreference.optional(),
  dualStackEndpointPreference: obj('DualStackEndpointPreference', { publishIpv6Endpoint: bool().optional() }).optional(),
  allowBlobPublicAccess: bool().optional(),
  minimumTlsVersion: enumOf('MinimumTlsVersion', ['TLS1_0', 'TLS1_1', 'TLS1_2', 'TLS1_3']).optional(),
  allowSharedKeyAccess: bool().optional(),
  allowCrossTenantReplication: bool().optional(),
  defaultToOAuthAuthentication: bool().optional(),
  immutableStorageWithVersioning: ImmutableStorageAccount.optional(),
  dnsEndpointType: enumOf('DnsEndpointType', ['Standard', 'AzureDnsZone']).optional(),
  // Read-only members of StorageAccountProperties that clients echo back from a GET.
  provisioningState: readOnly(),
  primaryEndpoints: readOnly(),
  primaryLocation: readOnly(),
  statusOfPrimary: readOnly(),
  secondaryLocation: readOnly(),
  statusOfSecondary: readOnly(),
  secondaryEndpoints: readOnly(),
  creationTime: readOnly(),
  keyCreationTime: readOnly(),
  privateEndpointConnections: readOnly(),
};

const StorageIdentity = identitySchema('Identity', 'IdentityType', ['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned,UserAssigned']);

export const StorageAccountCreateParameters = obj('StorageAccountCreateParameters', {
  id: readOnly(),
  name: str().optional(),
  type: readOnly(),
  systemData: readOnly(),
  sku: Sku,
  kind: enumOf('Kind', STORAGE_KINDS),
  location: str().optional(),
  extendedLocation: obj('ExtendedLocation', { name: str().optional(), type: enumOf('ExtendedLocationType', ['EdgeZone']).optional() }).optional(),
  zones: strArr().optional(),
  placement: obj('Placement', { zonePlacementPolicy: enumOf('ZonePlacementPolicy', ['Any', 'None']).optional() }).optional(),
  tags: tags().optional(),
  identity: StorageIdentity.optional(),
  properties: obj('StorageAccountPropertiesCreateParameters', {
    ...commonProperties,
    isHnsEnabled: bool().optional(),
    isNfsV3Enabled: bool().optional(),
  }).optional(),
});

export const StorageAccountUpdateParameters = obj('StorageAccountUpdateParameters', {
  sku: Sku.optional(),
  tags: tags().optional(),
  identity: StorageIdentity.optional(),
  kind: enumOf('Kind', STORAGE_KINDS).optional(),
  zones: strArr().optional(),
  placement: obj('Placement', { zonePlacementPolicy: enumOf('ZonePlacementPolicy', ['Any', 'None']).optional() }).optional(),
  properties: obj('StorageAccountPropertiesUpdateParameters', commonProperties).optional(),
});

export const StorageAccountCheckNameAvailabilityParameters = obj('StorageAccountCheckNameAvailabilityParameters', {
  name: str(),
  type: enumOf('Type', ['Microsoft.Storage/storageAccounts']),
});

type StorageCreateBody = z.output<typeof StorageAccountCreateParameters>;
export type StorageProperties = NonNullable<StorageCreateBody['properties']>;
export type EncryptionBody = z.output<typeof Encryption>;
