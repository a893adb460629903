// The Azure ML workspace: reachable only through its private endpoint, high business impact,
// the user-assigned identity as primary identity, identity-based datastores, CMK encryption.
import { deleteWithQuery } from '../src/azure/raw.js';
import { tagsFor } from './env.js';
import { armResourceStep, props } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';

const base = armResourceStep({
  id: 'workspace',
  title: 'Azure ML workspace (private, CMK)',
  dependsOn: ['identity', 'storage', 'key-vault', 'registry', 'app-insights', 'cmk-key', 'cmk-access-identity', 'cmk-access-cosmos', 'workspace-identity-roles'],
  apiVersion: API.workspace,
  typicalSeconds: 600,
  resourceId: ids.workspace,
  body: (ctx) => {
    const { config, names } = ctx.env;
    const identityId = ids.identity(ctx.env);
    return {
      location: config.location,
      tags: tagsFor(ctx.env),
      sku: { name: 'Basic', tier: 'Basic' },
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [identityId]: {} } },
      properties: {
        friendlyName: config.workspace.friendlyName ?? names.workspace,
        storageAccount: ids.storage(ctx.env),
        keyVault: ids.keyVault(ctx.env),
        containerRegistry: ids.registry(ctx.env),
        applicationInsights: ids.appInsights(ctx.env),
        primaryUserAssignedIdentity: identityId,
        hbiWorkspace: config.workspace.hbi,
        publicNetworkAccess: 'Disabled',
        systemDatastoresAuthMode: 'Identity',
        managedNetwork: { isolationMode: 'Disabled' },
        v1LegacyMode: false,
        // The registry is private: images are built on our own cluster (created with the compute steps).
        imageBuildCompute: names.cluster,
        ...(config.cmk.enabled
          ? {
              encryption: {
                status: 'Enabled',
                identity: { userAssignedIdentity: identityId },
                keyVaultProperties: { keyVaultArmId: ids.keyVault(ctx.env), keyIdentifier: ctx.outputs('cmk-key').keyUriWithVersion, identityClientId: ctx.outputs('identity').clientId },
              },
            }
          : {}),
      },
    };
  },
  outputs: (o) => ({ workspaceId: String(props(o).workspaceId ?? ''), discoveryUrl: String(props(o).discoveryUrl ?? '') }),
});

export const workspaceStep: typeof base = {
  ...base,
  remove: async (ctx) => {
    if (!ctx.env.purge) return base.remove(ctx);
    // Permanent delete: the workspace name is free again at once instead of in 14 days.
    await deleteWithQuery(ctx.env.clients, ids.workspace(ctx.env), API.workspace, '&forceToPurge=true', ctx.env.pollIntervalMs ?? 10_000, ctx.signal);
  },
};
