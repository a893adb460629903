// The Azure ML workspace: reachable only through its private endpoint, high business impact,
// the user-assigned identity as primary identity, identity-based datastores, CMK encryption.
// Written through the generic resources client at API.workspace (2025-06-01), not the ML SDK:
// @azure/arm-machinelearning 2.1.1 speaks 2022-10-01, which has neither managedNetwork nor
// systemDatastoresAuthMode (its serialiser would drop both), nor forceToPurge on DELETE.
import { z } from 'zod';
import { deleteWithQuery } from '../src/azure/raw.js';
import { SecureAmlError } from '../src/errors.js';
import { bool, resourceName } from '../src/config/fields.js';
import { tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { armResourceStep, props } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';
import { managedNetworkOf } from './managed-network.js';

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
        managedNetwork: managedNetworkOf(config),
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

/** Azure ML keeps a deleted workspace soft-deleted for 14 days (Learn: concept-soft-delete). */
const SOFT_DELETE_DAYS = 14;

/** Azure's answer when the name is held by a soft-deleted workspace (Azure/ResourceModules#3596; Learn concept-soft-delete). */
const SOFT_DELETED = /soft-deleted workspace exists/i;

const workspaceStep: typeof base = {
  ...base,
  // After `teardown` without --purge the name stays reserved for 14 days and the PUT fails. No ARM API
  // lists soft-deleted workspaces, so the failure is explained here, with the commands that free it.
  apply: async (ctx, desired, observed) => {
    try {
      return await base.apply(ctx, desired, observed);
    } catch (e) {
      if (!SOFT_DELETED.test(e instanceof Error ? e.message : String(e))) throw e;
      const id = ids.workspace(ctx.env);
      throw new SecureAmlError(
        `The name ${ctx.env.names.workspace} is held by a soft-deleted workspace (a teardown without --purge keeps it ${SOFT_DELETE_DAYS} days). ` +
          `Recover it in the studio or portal (Azure Machine Learning > Recently deleted > Recover), or purge it for good: ` +
          `az rest --method delete --url "https://management.azure.com${id}?api-version=${API.workspace}&forceToPurge=true" — then run resume. ` +
          `(Azure: "${(e as Error).message.match(/Soft-deleted workspace exists[^"]*/i)?.[0] ?? 'Soft-deleted workspace exists. Please purge or recover it.'}")`,
      );
    }
  },
  remove: async (ctx) => {
    if (!ctx.env.purge) return base.remove(ctx);
    // Permanent delete: the workspace name is free again at once instead of in 14 days.
    const id = ids.workspace(ctx.env);
    await deleteWithQuery(ctx.env.clients, id, API.workspace, '&forceToPurge=true', {
      pollMs: ctx.env.pollIntervalMs ?? 10_000, signal: ctx.signal, timeScale: ctx.env.timeScale,
      writeAhead: () => ctx.pending({ operation: 'delete', resourceId: id }),
    });
  },
};

// ---- module ----

export const config = {
  workspace: z
    .strictObject({
      name: resourceName('workspace', 'Azure ML workspace name (default mlw-<name>-<environment>).').optional(),
      friendlyName: z.string().max(256).optional().describe('Display name shown in the studio.'),
      hbi: bool('High business impact: Microsoft-side diagnostics collect less data and local scratch disks are encrypted.', true),
    })
    .prefault({})
    .describe('The Azure ML workspace: public network access disabled, system-assigned identity.'),
};

export const definition: ResourceModule = {
  id: 'Azure ML workspace',
  config,
  names: [{ key: 'workspace', kind: 'workspace', path: 'workspace.name', explicit: (c) => c.workspace.name, derive: (c, b) => c.workspace.name ?? `mlw-${b.name}-${b.environment}` }],
  steps: [workspaceStep],
  summary: ({ state, env }) => {
    const rec = state.steps[workspaceStep.id];
    if (rec?.status !== 'done' || !rec.outputs?.id) return [];
    const url = `https://ml.azure.com/?wsid=${rec.outputs.id}&tid=${env.tenantId}`;
    return [{ key: 'studioUrl', json: url, lines: [url] }];
  },
  teardownNotes: ({ deleting, purge }) => (deleting.has(workspaceStep.id)
    ? [{ note: purge
        ? 'the workspace is deleted permanently (--purge: no soft delete).'
        : `the workspace is soft-deleted for ${SOFT_DELETE_DAYS} days (its name stays reserved); pass --purge to delete it permanently.` }]
    : []),
};
