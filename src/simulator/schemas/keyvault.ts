// Request-body schemas for Microsoft.KeyVault vaults and keys, after the REST models in
// specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2026-02-01/openapi.json
// (VaultCreateOrUpdateParameters, VaultProperties, NetworkRuleSet, AccessPolicyEntry, KeyCreateParameters).
import { z } from 'zod';
import { arr, bool, enumOf, enumOfAnyCase, int, obj, readOnly, str, tags, trackedEnvelope } from './common.js';

const KEY_PERMISSIONS = ['all', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'sign', 'verify', 'get', 'list', 'create', 'update', 'import', 'delete', 'backup', 'restore', 'recover', 'purge', 'release', 'rotate', 'getrotationpolicy', 'setrotationpolicy'] as const;
const SECRET_PERMISSIONS = ['all', 'get', 'list', 'set', 'delete', 'backup', 'restore', 'recover', 'purge'] as const;
const CERTIFICATE_PERMISSIONS = ['all', 'get', 'list', 'delete', 'create', 'import', 'update', 'managecontacts', 'getissuers', 'listissuers', 'setissuers', 'deleteissuers', 'manageissuers', 'recover', 'purge', 'backup', 'restore'] as const;
const STORAGE_PERMISSIONS = ['all', 'get', 'list', 'delete', 'set', 'update', 'regeneratekey', 'recover', 'purge', 'backup', 'restore', 'setsas', 'listsas', 'getsas', 'deletesas'] as const;

const Permissions = obj('Permissions', {
  keys: arr(enumOf('KeyPermissions', KEY_PERMISSIONS), 'KeyPermissions').optional(),
  secrets: arr(enumOf('SecretPermissions', SECRET_PERMISSIONS), 'SecretPermissions').optional(),
  certificates: arr(enumOf('CertificatePermissions', CERTIFICATE_PERMISSIONS), 'CertificatePermissions').optional(),
  storage: arr(enumOf('StoragePermissions', STORAGE_PERMISSIONS), 'StoragePermissions').optional(),
});

const AccessPolicyEntry = obj('AccessPolicyEntry', {
  tenantId: str(),
  objectId: str(),
  applicationId: str().optional(),
  permissions: Permissions,
});

const VaultNetworkRuleSet = obj('NetworkRuleSet', {
  bypass: enumOf('NetworkRuleBypassOptions', ['AzureServices', 'None']).optional(),
  defaultAction: enumOf('NetworkRuleAction', ['Allow', 'Deny']).optional(),
  ipRules: arr(obj('IPRule', { value: str() }), 'IPRule').optional(),
  virtualNetworkRules: arr(obj('VirtualNetworkRule', { id: str(), ignoreMissingVnetServiceEndpoint: bool().optional() }), 'VirtualNetworkRule').optional(),
});

const VaultProperties = obj('VaultProperties', {
  tenantId: str(),
  sku: obj('Sku', { family: enumOf('SkuFamily', ['A']), name: enumOfAnyCase('SkuName', ['standard', 'premium']) }),
  accessPolicies: arr(AccessPolicyEntry, 'AccessPolicyEntry').optional(),
  vaultUri: readOnly(),
  hsmPoolResourceId: readOnly(),
  enabledForDeployment: bool().optional(),
  enabledForDiskEncryption: bool().optional(),
  enabledForTemplateDeployment: bool().optional(),
  enableSoftDelete: bool().optional(),
  softDeleteRetentionInDays: int().optional(),
  enableRbacAuthorization: bool().optional(),
  createMode: enumOf('CreateMode', ['recover', 'default']).optional(),
  enablePurgeProtection: bool().optional(),
  networkAcls: VaultNetworkRuleSet.optional(),
  provisioningState: readOnly(),
  privateEndpointConnections: readOnly(),
  publicNetworkAccess: enumOf('PublicNetworkAccess', ['Enabled', 'Disabled']).optional(),
});

export const VaultCreateOrUpdateParameters = obj('VaultCreateOrUpdateParameters', {
  ...trackedEnvelope,
  properties: VaultProperties,
});

export const VaultCheckNameAvailabilityParameters = obj('VaultCheckNameAvailabilityParameters', {
  name: str(),
  type: enumOf('Type', ['Microsoft.KeyVault/vaults']),
});

const KeyAttributes = obj('KeyAttributes', {
  enabled: bool().optional(),
  nbf: int().optional(),
  exp: int().optional(),
  created: readOnly(),
  updated: readOnly(),
  recoveryLevel: readOnly(),
  exportable: bool().optional(),
});

const RotationPolicy = obj('RotationPolicy', {
  attributes: obj('KeyRotationPolicyAttributes', { created: readOnly(), updated: readOnly(), expiryTime: str().optional() }).optional(),
  lifetimeActions: arr(
    obj('LifetimeAction', {
      trigger: obj('Trigger', { timeAfterCreate: str().optional(), timeBeforeExpiry: str().optional() }).optional(),
      action: obj('Action', { type: enumOf('KeyRotationPolicyActionType', ['rotate', 'notify', 'Rotate', 'Notify']).optional() }).optional(),
    }),
    'LifetimeAction',
  ).optional(),
});

export const KeyCreateParameters = obj('KeyCreateParameters', {
  tags: tags().optional(),
  properties: obj('KeyProperties', {
    attributes: KeyAttributes.optional(),
    kty: enumOf('JsonWebKeyType', ['EC', 'EC-HSM', 'RSA', 'RSA-HSM']).optional(),
    keyOps: arr(enumOf('JsonWebKeyOperation', ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey', 'import', 'release']), 'JsonWebKeyOperation').optional(),
    keySize: int().optional(),
    curveName: enumOf('JsonWebKeyCurveName', ['P-256', 'P-384', 'P-521', 'P-256K']).optional(),
    keyUri: readOnly(),
    keyUriWithVersion: readOnly(),
    rotationPolicy: RotationPolicy.optional(),
    release_policy: obj('KeyReleasePolicy', { contentType: str().optional(), data: str().optional() }).optional(),
  }),
});

export type VaultPropertiesBody = z.output<typeof VaultProperties>;
