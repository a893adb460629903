// The resource group: container of everything and the unit the user sees in the portal. A group
// the user brought (`resourceGroup.existing`) is only read, never tagged or deleted.
import type { ResourceGroup } from '@azure/arm-resources';
import { z } from 'zod';
import { bool, resourceName } from '../src/config/fields.js';
import { diffSubset } from '../src/engine/diff.js';
import { SecureAmlError } from '../src/errors.js';
import { type AzureStep, rgId, tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { readOrUndefined } from './support/lro.js';

const resourceGroupStep: AzureStep<{ location?: string; tags?: Record<string, string> }, ResourceGroup> = {
  id: 'resource-group',
  title: 'Resource group',
  dependsOn: [],
  typicalSeconds: 2,
  enabled: () => true,
  resourceId: (ctx) => rgId(ctx.env),
  desired: (ctx) => (ctx.env.config.resourceGroup.existing ? {} : { location: ctx.env.config.location, tags: tagsFor(ctx.env) }),
  read: async (ctx) => readOrUndefined(async () => (await ctx.env.clients.resources()).resourceGroups.get(ctx.env.names.resourceGroup)),
  diff: (desired, observed) => diffSubset(desired, observed),
  apply: async (ctx, desired, observed) => {
    const name = ctx.env.names.resourceGroup;
    if (ctx.env.config.resourceGroup.existing) {
      throw new SecureAmlError(`Resource group "${name}" does not exist, but resourceGroup.existing is true.`, 'Create the group first, or set resourceGroup.existing: false to let secure-aml create it.');
    }
    // Keep tags others put on the group; ours win on conflict.
    const tags = { ...(observed?.tags ?? {}), ...desired.tags };
    return (await ctx.env.clients.resources()).resourceGroups.createOrUpdate(name, { location: desired.location!, tags });
  },
  // Deleting a group deletes everything in it: keep it while anything not ours remains.
  keep: async (ctx) => {
    const client = await ctx.env.clients.resources();
    const left: string[] = [];
    try {
      for await (const r of client.resources.listByResourceGroup(ctx.env.names.resourceGroup)) left.push(r.id ?? r.name ?? '?');
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return undefined;
      throw e;
    }
    return left.length ? `kept: it still holds ${left.length} resource(s) secure-aml did not create (${left.slice(0, 3).map((i) => i.split('/').pop()).join(', ')}${left.length > 3 ? ', …' : ''})` : undefined;
  },
  remove: async (ctx) => {
    const client = await ctx.env.clients.resources();
    const name = ctx.env.names.resourceGroup;
    if (!(await readOrUndefined(() => client.resourceGroups.get(name)))) return;
    const poller = await client.resourceGroups.beginDelete(name, { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal });
    await poller.pollUntilDone({ abortSignal: ctx.signal });
  },
  outputs: (observed) => ({ id: observed.id ?? '', name: observed.name ?? '', location: observed.location ?? '' }),
};

// ---- module ----
export const config = {
  resourceGroup: z
    .strictObject({
      name: resourceName('resourceGroup', 'Resource group name (default rg-<name>-<environment>).').optional(),
      existing: bool('true = use a resource group you already have; secure-aml never deletes it on teardown.', false),
    })
    .prefault({})
    .describe('The resource group that holds everything.'),
};

export const definition: ResourceModule = {
  id: 'resource group',
  config,
  names: [{ key: 'resourceGroup', kind: 'resourceGroup', path: 'resourceGroup.name', explicit: (c) => c.resourceGroup.name, derive: (c, b) => c.resourceGroup.name ?? `rg-${b.name}-${b.environment}` }],
  steps: [resourceGroupStep],
};
