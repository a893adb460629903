// One network security group per subnet a module declares, with that subnet's rules (its
// SubnetSpec.nsgRules): service-tag allow-list, deny all else.
import type { NetworkSecurityGroup, SecurityRule } from '@azure/arm-network';
import { diffSubset } from '../src/engine/diff.js';
import { type AzureStep, rgId, type StepEnv, tagsFor } from './env.js';
import type { SubnetSpec } from './module.js';
import { deleteIfExists, readOrUndefined, runLro } from './support/lro.js';

interface NsgDesired {
  location: string;
  tags: Record<string, string>;
  securityRules: (SecurityRule & { name: string })[];
}

export const nsgName = (env: StepEnv, subnetKey: string) => env.names[`nsg:${subnetKey}`];
export const nsgStepId = (spec: SubnetSpec) => `nsg-${spec.nsgKey}`;

export function nsgStep(spec: SubnetSpec): AzureStep<NsgDesired, NetworkSecurityGroup> {
  const nameOf = (env: StepEnv) => nsgName(env, spec.key);
  const idOf = (env: StepEnv) => `${rgId(env)}/providers/Microsoft.Network/networkSecurityGroups/${nameOf(env)}`;
  return {
    id: nsgStepId(spec),
    title: `Network security group (${spec.nsgKey} subnet)`,
    dependsOn: ['resource-group'],
    typicalSeconds: 8,
    enabled: (env) => spec.nsg !== false && (spec.enabled?.(env.config) ?? true),
    // The VNet's subnet refers to its NSG until the VNet update drops the subnet.
    referencedBy: ['vnet'],
    resourceId: (ctx) => idOf(ctx.env),
    desired: (ctx) => ({ location: ctx.env.config.location, tags: tagsFor(ctx.env), securityRules: spec.nsgRules(ctx.env.config) }),
    read: async (ctx) => readOrUndefined(async () => (await ctx.env.clients.network()).networkSecurityGroups.get(ctx.env.names.resourceGroup, nameOf(ctx.env))),
    diff: (desired, observed) => diffSubset(desired, observed && { location: observed.location, tags: observed.tags, securityRules: observed.securityRules }),
    apply: async (ctx, desired, observed) => {
      const client = await ctx.env.clients.network();
      return runLro(ctx, observed ? 'update' : 'create', idOf(ctx.env), (o) =>
        client.networkSecurityGroups.beginCreateOrUpdate(ctx.env.names.resourceGroup, nameOf(ctx.env), desired, o));
    },
    remove: async (ctx) => {
      const client = await ctx.env.clients.network();
      await deleteIfExists(async () => {
        const p = await client.networkSecurityGroups.beginDelete(ctx.env.names.resourceGroup, nameOf(ctx.env), { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal });
        await p.pollUntilDone({ abortSignal: ctx.signal });
      });
    },
    outputs: (observed) => ({ id: observed.id ?? '' }),
  };
}
