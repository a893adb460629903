// The workspace's storage account: no public network access, no public blobs, no shared keys
// (identity-based datastores), TLS 1.2, infrastructure encryption and the customer-managed key.
// SDK model names differ from the wire: enableHttpsTrafficOnly is supportsHttpsTrafficOnly,
// networkRuleSet is networkAcls, encryption.keyVaultProperties.keyName is keyvaultproperties.keyname.
import type { StorageAccount, StorageAccountCreateParameters, StorageManagementClient } from '@azure/arm-storage';
import { z } from 'zod';
import { resourceName } from '../src/config/fields.js';
import { type StepEnv, tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { ids } from './support/ids.js';
import { globalNamePreflight } from './support/preflight.js';
import { modular, rgName, sdkStep } from './support/sdk-step.js';

const cmkDeps = (env: StepEnv) => env.config.cmk.enabled;

const storageStep = sdkStep<StorageManagementClient, StorageAccountCreateParameters, StorageAccount>({
  id: 'storage',
  title: 'Storage account (private, CMK)',
  dependsOn: ['resource-group', 'identity', 'key-vault', 'cmk-key', 'cmk-access-identity'],
  typicalSeconds: 30,
  resourceId: ids.storage,
  client: (c) => c.storage(),
  body: (ctx): StorageAccountCreateParameters => {
    const cmk = cmkDeps(ctx.env);
    const identityId = ids.identity(ctx.env);
    return {
      location: ctx.env.config.location,
      tags: tagsFor(ctx.env),
      kind: 'StorageV2',
      sku: { name: 'Standard_LRS' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } },
      minimumTlsVersion: 'TLS1_2',
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      defaultToOAuthAuthentication: true,
      allowCrossTenantReplication: false,
      isHnsEnabled: false,
      publicNetworkAccess: 'Disabled',
      networkRuleSet: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
      encryption: {
        requireInfrastructureEncryption: true,
        services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
        // Written out (no conditional spread) so the compiler checks every name; undefined is not sent.
        keySource: cmk ? 'Microsoft.Keyvault' : 'Microsoft.Storage',
        encryptionIdentity: cmk ? { encryptionUserAssignedIdentity: identityId } : undefined,
        keyVaultProperties: cmk ? { keyName: ctx.env.names.cmkKey, keyVaultUri: ctx.outputs('key-vault').vaultUri } : undefined,
      },
    };
  },
  read: (c, env) => c.storageAccounts.getProperties(rgName(env), env.names.storage),
  put: async (c, env, body, o) => modular(o.resumeFrom
    ? (await import('@azure/arm-storage')).restorePoller(c, o.resumeFrom, c.storageAccounts.create, o)
    : c.storageAccounts.create(rgName(env), env.names.storage, body, o)),
  del: (c, env, o) => c.storageAccounts.delete(rgName(env), env.names.storage, o),
  preflight: async (ctx) => {
    const c = await ctx.env.clients.storage();
    const name = ctx.env.names.storage;
    const problems = await globalNamePreflight('storage.name', name, () => c.storageAccounts.checkNameAvailability({ name, type: 'Microsoft.Storage/storageAccounts' }));
    if (!problems.length) return [];
    // checkNameAvailability says AlreadyExists either way; the subscription's own accounts tell "ours,
    // in another resource group" (the PUT would fail StorageAccountInAnotherResourceGroup, Learn
    // error-storage-account-name) from "someone else's" (StorageAccountAlreadyTaken).
    for await (const a of c.storageAccounts.list()) {
      if (a.name?.toLowerCase() !== name.toLowerCase()) continue;
      const group = a.id?.split('/')[4] ?? '?';
      return [{ path: 'storage.name', message: `"${name}" already exists in this subscription, in resource group ${group} (not ${rgName(ctx.env)}); a storage account cannot move by being created again: set storage.name to another name, or delete that account first` }];
    }
    return [{ ...problems[0], message: `${problems[0].message} (taken by another subscription)` }];
  },
});

// ---- module ----
export const config = {
  storage: z
    .strictObject({ name: resourceName('storage', 'Storage account name (default st<name><suffix>; globally unique, 3-24 lowercase letters and digits).').optional() })
    .prefault({})
    .describe('Workspace storage account: no public access, network default Deny, TLS 1.2.'),
};

export const definition: ResourceModule = {
  id: 'storage account',
  config,
  names: [{ key: 'storage', kind: 'storage', path: 'storage.name', explicit: (c) => c.storage.name, derive: (c, b) => c.storage.name ?? `st${b.name}${b.suffix}` }],
  steps: [storageStep],
};
