// Request-body schemas for Microsoft.ContainerRegistry registries, after the REST models in
// specification/containerregistry/.../Registry/stable/2025-11-01/containerregistry.json
// (Registry, RegistryProperties, RegistryUpdateParameters, Policies, EncryptionProperty, RegistryNameCheckRequest).
import type { z } from 'zod';
import { arr, bool, enumOf, int, obj, readOnly, str, tags, trackedEnvelope } from './common.js';
import { identitySchema } from './identity.js';

const Status = () => enumOf('PolicyStatus', ['enabled', 'disabled']);

const NetworkRuleSet = obj('NetworkRuleSet', {
  defaultAction: enumOf('DefaultAction', ['Allow', 'Deny']),
  ipRules: arr(obj('IPRule', { action: enumOf('Action', ['Allow']).optional(), value: str() }), 'IPRule').optional(),
});

const Policies = obj('Policies', {
  quarantinePolicy: obj('QuarantinePolicy', { status: Status().optional() }).optional(),
  trustPolicy: obj('TrustPolicy', { type: enumOf('TrustPolicyType', ['Notary']).optional(), status: Status().optional() }).optional(),
  retentionPolicy: obj('RetentionPolicy', { days: int().optional(), lastUpdatedTime: readOnly(), status: Status().optional() }).optional(),
  exportPolicy: obj('ExportPolicy', { status: enumOf('ExportPolicyStatus', ['enabled', 'disabled']).optional() }).optional(),
  azureADAuthenticationAsArmPolicy: obj('AzureADAuthenticationAsArmPolicy', { status: enumOf('AzureADAuthenticationAsArmPolicyStatus', ['enabled', 'disabled']).optional() }).optional(),
});

const EncryptionProperty = obj('EncryptionProperty', {
  status: enumOf('EncryptionStatus', ['enabled', 'disabled']).optional(),
  keyVaultProperties: obj('KeyVaultProperties', {
    keyIdentifier: str().optional(),
    versionedKeyIdentifier: readOnly(),
    identity: str().optional(),
    keyRotationEnabled: readOnly(),
    lastKeyRotationTimestamp: readOnly(),
  }).optional(),
});

const Sku = obj('Sku', { name: enumOf('SkuName', ['Classic', 'Basic', 'Standard', 'Premium']), tier: readOnly() });
const RegistryIdentity = identitySchema('IdentityProperties', 'ResourceIdentityType', ['SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned', 'None'], 'UserIdentityProperties');

const updatable = {
  adminUserEnabled: bool().optional(),
  networkRuleSet: NetworkRuleSet.optional(),
  policies: Policies.optional(),
  encryption: EncryptionProperty.optional(),
  dataEndpointEnabled: bool().optional(),
  publicNetworkAccess: enumOf('PublicNetworkAccess', ['Enabled', 'Disabled']).optional(),
  networkRuleBypassOptions: enumOf('NetworkRuleBypassOptions', ['AzureServices', 'None']).optional(),
  networkRuleBypassAllowedForTasks: bool().optional(),
  anonymousPullEnabled: bool().optional(),
  roleAssignmentMode: enumOf('RoleAssignmentMode', ['AbacRepositoryPermissions', 'LegacyRegistryPermissions']).optional(),
};

export const Registry = obj('Registry', {
  ...trackedEnvelope,
  sku: Sku,
  identity: RegistryIdentity.optional(),
  properties: obj('RegistryProperties', {
    ...updatable,
    zoneRedundancy: enumOf('ZoneRedundancy', ['Enabled', 'Disabled']).optional(),
    loginServer: readOnly(),
    creationDate: readOnly(),
    provisioningState: readOnly(),
    status: readOnly(),
    dataEndpointHostNames: readOnly(),
    privateEndpointConnections: readOnly(),
  }).optional(),
});

export const RegistryUpdateParameters = obj('RegistryUpdateParameters', {
  identity: RegistryIdentity.optional(),
  tags: tags().optional(),
  sku: Sku.optional(),
  properties: obj('RegistryPropertiesUpdateParameters', updatable).optional(),
});

export const RegistryNameCheckRequest = obj('RegistryNameCheckRequest', {
  name: str(),
  type: enumOf('ContainerRegistryResourceType', ['Microsoft.ContainerRegistry/registries']),
});

export type RegistryProperties = NonNullable<z.output<typeof Registry>['properties']>;
