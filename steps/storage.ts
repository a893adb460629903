// The workspace's storage account: no public network access, no public blobs, no shared keys
// (identity-based datastores), TLS 1.2, infrastructure encryption and the customer-managed key.
import { tagsFor, type StepEnv } from './env.js';
import { armResourceStep } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';
import { globalNamePreflight } from './support/preflight.js';

const cmkDeps = (env: StepEnv) => env.config.cmk.enabled;

export const storageStep = armResourceStep({
  id: 'storage',
  title: 'Storage account (private, CMK)',
  dependsOn: ['resource-group', 'identity', 'key-vault', 'cmk-key', 'cmk-access-identity'],
  apiVersion: API.storage,
  typicalSeconds: 30,
  resourceId: ids.storage,
  body: (ctx) => {
    const cmk = cmkDeps(ctx.env);
    const identityId = ids.identity(ctx.env);
    return {
      location: ctx.env.config.location,
      tags: tagsFor(ctx.env),
      kind: 'StorageV2',
      sku: { name: 'Standard_LRS' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } },
      properties: {
        minimumTlsVersion: 'TLS1_2',
        supportsHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        allowCrossTenantReplication: false,
        isHnsEnabled: false,
        publicNetworkAccess: 'Disabled',
        networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
        encryption: {
          requireInfrastructureEncryption: true,
          services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
          ...(cmk
            ? {
                keySource: 'Microsoft.Keyvault',
                identity: { userAssignedIdentity: identityId },
                keyvaultproperties: { keyname: ctx.env.names.cmkKey, keyvaulturi: ctx.outputs('key-vault').vaultUri },
              }
            : { keySource: 'Microsoft.Storage' }),
        },
      },
    };
  },
  preflight: (ctx) => globalNamePreflight(ctx, 'storage.name', 'Microsoft.Storage', 'Microsoft.Storage/storageAccounts', ctx.env.names.storage, API.storage),
});
