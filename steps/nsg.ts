// Network security groups for the compute subnets: service-tag allow-list, deny all else.
import type { NetworkSecurityGroup, SecurityRule } from '@azure/arm-network';
import { diffSubset } from '../src/engine/diff.js';
import { rgId, tagsFor, type AzureStep, type StepEnv } from './env.js';
import { deleteIfExists, readOrUndefined, runLro } from './support/lro.js';
import { computeRules, privateEndpointRules } from './support/nsg-rules.js';

interface NsgDesired {
  location: string;
  tags: Record<string, string>;
  securityRules: (SecurityRule & { name: string })[];
}

export type NsgSubnet = 'training' | 'scoring' | 'private-endpoints';

export function nsgStep(which: NsgSubnet): AzureStep<NsgDesired, NetworkSecurityGroup> {
  const nameOf = (env: StepEnv) => ({ training: env.names.nsgTraining, scoring: env.names.nsgScoring, 'private-endpoints': env.names.nsgPrivateEndpoints })[which];
  const idOf = (env: StepEnv) => `${rgId(env)}/providers/Microsoft.Network/networkSecurityGroups/${nameOf(env)}`;
  return {
    id: `nsg-${which}`,
    title: `Network security group (${which} subnet)`,
    dependsOn: ['resource-group'],
    typicalSeconds: 8,
    enabled: () => true,
    resourceId: (ctx) => idOf(ctx.env),
    desired: (ctx) => ({
      location: ctx.env.config.location,
      tags: tagsFor(ctx.env),
      securityRules: which === 'private-endpoints'
        ? privateEndpointRules()
        : computeRules(ctx.env.config.location, {
          publicIpCompute: ctx.env.config.network.computePublicIp,
          aks: which === 'scoring' && ctx.env.config.aks.enabled,
        }),
    }),
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
