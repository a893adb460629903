// The resource group: container of everything and the unit the user sees in the portal. A group
// the user brought (`resourceGroup.existing`) is only read, never tagged or deleted.
import type { ResourceGroup } from '@azure/arm-resources';
import { SecureAmlError } from '../src/errors.js';
import { diffSubset } from '../src/engine/diff.js';
import { rgId, tagsFor, type AzureStep } from './env.js';
import { readOrUndefined } from './support/lro.js';

export const resourceGroupStep: AzureStep<{ location?: string; tags?: Record<string, string> }, ResourceGroup> = {
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
  remove: async (ctx) => {
    const client = await ctx.env.clients.resources();
    const name = ctx.env.names.resourceGroup;
    const exists = await readOrUndefined(() => client.resourceGroups.get(name));
    if (!exists) return;
    // Deleting a group deletes everything in it: refuse while anything not ours remains.
    const left: string[] = [];
    for await (const r of client.resources.listByResourceGroup(name)) left.push(r.id ?? r.name ?? '?');
    if (left.length > 0) {
      ctx.report(`kept: the group still holds ${left.length} resource(s) secure-aml did not create`);
      throw new SecureAmlError(`Resource group "${name}" was kept: it still contains ${left.length} resource(s) not created by secure-aml (${left.slice(0, 3).join(', ')}${left.length > 3 ? ', …' : ''}).`,
        'Move or delete those resources yourself, then run teardown again to remove the group.');
    }
    const poller = await client.resourceGroups.beginDelete(name, { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal });
    await poller.pollUntilDone({ abortSignal: ctx.signal });
  },
  outputs: (observed) => ({ id: observed.id ?? '', name: observed.name ?? '', location: observed.location ?? '' }),
};
