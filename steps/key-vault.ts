// Key vault and the customer-managed key. The key is created through ARM (vaults/keys), so the
// tool never needs data-plane access to a vault nobody can reach from the internet.
import type { JsonWebKeyOperation, Key, KeyCreateParameters, KeyVaultManagementClient, Vault, VaultCreateOrUpdateParameters } from '@azure/arm-keyvault';
import { z } from 'zod';
import { bad, bool, resourceName } from '../src/config/fields.js';
import { NAME_RULES } from '../src/config/naming-rules.js';
import type { Problem } from '../src/errors.js';
import { type Ctx, tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { ids } from './support/ids.js';
import { readOrUndefined } from './support/lro.js';
import { globalNamePreflight } from './support/preflight.js';
import { modular, rgName, sdkStep } from './support/sdk-step.js';

const keyVaultStep = sdkStep<KeyVaultManagementClient, VaultCreateOrUpdateParameters, Vault>({
  id: 'key-vault',
  title: 'Key vault (RBAC, purge protection, private)',
  dependsOn: ['resource-group'],
  typicalSeconds: 20,
  resourceId: ids.keyVault,
  client: (c) => c.keyVault(),
  body: (ctx): VaultCreateOrUpdateParameters => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    properties: {
      tenantId: ctx.env.tenantId,
      sku: { family: 'A', name: 'standard' },
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: true,
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      publicNetworkAccess: 'Disabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
    },
  }),
  read: (c, env) => c.vaults.get(rgName(env), env.names.keyVault),
  put: async (c, env, body, o) => modular(o.resumeFrom
    ? (await import('@azure/arm-keyvault')).restorePoller(c, o.resumeFrom, c.vaults.createOrUpdate, o)
    : c.vaults.createOrUpdate(rgName(env), env.names.keyVault, body, o)),
  del: (c, env, o) => c.vaults.delete(rgName(env), env.names.keyVault, o),
  outputs: (o) => ({ vaultUri: o.properties.vaultUri ?? '' }),
  preflight: async (ctx: Ctx): Promise<Problem[]> => {
    const name = ctx.env.names.keyVault;
    const c = await ctx.env.clients.keyVault();
    const gone = await readOrUndefined(() => c.vaults.getDeleted(name, ctx.env.config.location));
    if (gone) {
      const date = gone.properties?.scheduledPurgeDate;
      const until = date ? ` until ${date instanceof Date ? date.toISOString() : String(date)}` : '';
      const purge = gone.properties?.purgeProtectionEnabled
        ? `it has purge protection, so the name stays reserved${until}: choose another name (keyVault.name) or recover it (az keyvault recover --name ${name})`
        : `recover it (az keyvault recover --name ${name}) or purge it (az keyvault purge --name ${name}), or choose another name (keyVault.name)`;
      return [{ path: 'keyVault.name', message: `"${name}" is held by a soft-deleted key vault; ${purge}` }];
    }
    return globalNamePreflight('keyVault.name', name, () => c.vaults.checkNameAvailability({ name, type: 'Microsoft.KeyVault/vaults' }));
  },
});

const KEY_OPS: JsonWebKeyOperation[] = ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey'];

const cmkKeyStep = sdkStep<KeyVaultManagementClient, KeyCreateParameters, Key>({
  id: 'cmk-key',
  title: 'Customer-managed key',
  dependsOn: ['key-vault'],
  enabled: (env) => env.config.cmk.enabled,
  typicalSeconds: 2,
  createOnly: true, // ARM creates keys if absent and never changes an existing one
  resourceId: ids.cmkKey,
  client: (c) => c.keyVault(),
  body: (ctx): KeyCreateParameters => ({ tags: tagsFor(ctx.env), properties: { kty: 'RSA', keySize: ctx.env.config.cmk.keySize, keyOps: KEY_OPS } }),
  read: (c, env) => c.keys.get(rgName(env), env.names.keyVault, env.names.cmkKey),
  // Not long-running: written ahead, then one PUT (vaults/keys, 2026-02-01).
  send: (c, env, body) => c.keys.createIfNotExist(rgName(env), env.names.keyVault, env.names.cmkKey, body),
  // ARM has no DELETE for keys: the key goes (soft-deleted, recoverable) with its vault.
  del: async (_c, _env, _o, ctx) => ctx.report('removed with its key vault (ARM cannot delete keys)'),
  outputs: (o) => ({ keyUri: o.keyUri ?? '', keyUriWithVersion: o.keyUriWithVersion ?? '' }),
});

// ---- module ----
/** Key Vault keeps a deleted vault with purge protection for its retention period (default 90 days). */
const PURGE_PROTECTION_DAYS = 90;

export const config = {
  keyVault: z
    .strictObject({ name: resourceName('keyVault', 'Key vault name (default kv<name><suffix>; globally unique).').optional() })
    .prefault({})
    .describe('Key vault for the workspace and the customer-managed key: RBAC, purge protection, no public network access.'),
  cmk: z
    .strictObject({
      enabled: bool('Encrypt workspace data with your own key from the key vault instead of a Microsoft-managed key.', true),
      keyName: z
        .string(bad(`must be ${NAME_RULES.cmkKey.rule}`))
        .min(1, bad(`must be ${NAME_RULES.cmkKey.rule}`))
        .max(127, bad(`must be ${NAME_RULES.cmkKey.rule}`))
        .regex(NAME_RULES.cmkKey.pattern, bad(`must be ${NAME_RULES.cmkKey.rule}`))
        .default('aml-cmk')
        .describe('Name of the RSA key in the key vault.'),
      keySize: z.literal([2048, 3072, 4096], bad('must be 2048, 3072 or 4096')).default(2048).describe('RSA key size in bits (2048 as the reference baseline; 3072 or 4096 if your policy asks for more).'),
    })
    .prefault({})
    .describe('Customer-managed key, created through ARM so the tool never needs data-plane access to the private vault.'),
};

export const definition: ResourceModule = {
  id: 'key vault',
  config,
  names: [
    { key: 'keyVault', kind: 'keyVault', path: 'keyVault.name', explicit: (c) => c.keyVault.name, derive: (c, b) => c.keyVault.name ?? `kv${b.name}${b.suffix}` },
    { key: 'cmkKey', kind: 'cmkKey', path: 'cmk.keyName', explicit: (c) => c.cmk.keyName, derive: (c) => c.cmk.keyName },
  ],
  steps: [keyVaultStep, cmkKeyStep],
  teardownNotes: ({ env, deleting }) => (deleting.has(keyVaultStep.id) && env.config.cmk.enabled
    ? [{
        note: `the key vault has purge protection (required for customer-managed keys): after deletion it stays soft-deleted and its name "${env.names.keyVault}" reserved for ${PURGE_PROTECTION_DAYS} days.`,
        softDeleted: `key vault ${env.names.keyVault}: name reserved until purged (purge protection: ${PURGE_PROTECTION_DAYS} days)`,
      }]
    : []),
};
