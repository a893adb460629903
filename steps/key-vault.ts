// Key vault and the customer-managed key. The key is created through ARM (vaults/keys), so the
// tool never needs data-plane access to a vault nobody can reach from the internet.
import { deletedVault } from '../src/azure/raw.js';
import type { Problem } from '../src/errors.js';
import { tagsFor, type Ctx } from './env.js';
import { armResourceStep, props } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';
import { globalNamePreflight } from './support/preflight.js';

export const keyVaultStep = armResourceStep({
  id: 'key-vault',
  title: 'Key vault (RBAC, purge protection, private)',
  dependsOn: ['resource-group'],
  apiVersion: API.keyVault,
  typicalSeconds: 20,
  resourceId: ids.keyVault,
  body: (ctx) => ({
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
  outputs: (o) => ({ vaultUri: String(props(o).vaultUri ?? '') }),
  preflight: async (ctx: Ctx): Promise<Problem[]> => {
    const name = ctx.env.names.keyVault;
    const gone = await deletedVault(ctx.env.clients, ctx.env.subscriptionId, ctx.env.config.location, name, API.keyVault);
    if (gone) {
      const until = gone.properties?.scheduledPurgeDate ? ` until ${gone.properties.scheduledPurgeDate}` : '';
      const purge = gone.properties?.purgeProtectionEnabled
        ? `it has purge protection, so the name stays reserved${until}: choose another name (keyVault.name) or recover it (az keyvault recover --name ${name})`
        : `recover it (az keyvault recover --name ${name}) or purge it (az keyvault purge --name ${name}), or choose another name (keyVault.name)`;
      return [{ path: 'keyVault.name', message: `"${name}" is held by a soft-deleted key vault; ${purge}` }];
    }
    return globalNamePreflight(ctx, 'keyVault.name', 'Microsoft.KeyVault', 'Microsoft.KeyVault/vaults', name, API.keyVault);
  },
});

const KEY_OPS = ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey'];

const keyBase = armResourceStep({
  id: 'cmk-key',
  title: 'Customer-managed key',
  dependsOn: ['key-vault'],
  enabled: (env) => env.config.cmk.enabled,
  apiVersion: API.keyVault,
  typicalSeconds: 2,
  createOnly: true, // ARM creates keys if absent and never changes an existing one
  resourceId: ids.cmkKey,
  body: (ctx) => ({ tags: tagsFor(ctx.env), properties: { kty: 'RSA', keySize: ctx.env.config.cmk.keySize, keyOps: KEY_OPS } }),
  outputs: (o) => ({ keyUri: String(props(o).keyUri ?? ''), keyUriWithVersion: String(props(o).keyUriWithVersion ?? '') }),
});

export const cmkKeyStep: typeof keyBase = {
  ...keyBase,
  // ARM has no DELETE for keys: the key goes (soft-deleted, recoverable) with its vault.
  remove: async (ctx) => ctx.report('removed with its key vault (ARM cannot delete keys)'),
};
