// The customer VNet and its subnets in one PUT: training (compute), scoring (AKS) and private
// endpoints. No default outbound access anywhere; the compute subnet gets the Storage service
// endpoint that the service endpoint policy (exfiltration control) later hangs off.
import type { Subnet, VirtualNetwork } from '@azure/arm-network';
import { diffSubset } from '../src/engine/diff.js';
import { rgId, tagsFor, type AzureStep, type StepEnv } from './env.js';
import { deleteIfExists, readOrUndefined, runLro } from './support/lro.js';

interface VnetDesired {
  location: string;
  tags: Record<string, string>;
  addressSpace: { addressPrefixes: string[] };
  subnets: (Subnet & { name: string })[];
}

export const vnetId = (env: StepEnv) => `${rgId(env)}/providers/Microsoft.Network/virtualNetworks/${env.names.vnet}`;
export const subnetId = (env: StepEnv, which: keyof StepEnv['names']['subnets']) => `${vnetId(env)}/subnets/${env.names.subnets[which]}`;

// Subnet properties owned by later steps (policy association, routes): carried over on update so
// a VNet PUT never silently detaches them.
const CARRIED: (keyof Subnet)[] = ['serviceEndpointPolicies', 'routeTable', 'natGateway', 'delegations'];

export const vnetStep: AzureStep<VnetDesired, VirtualNetwork> = {
  id: 'vnet',
  title: 'Virtual network and subnets',
  dependsOn: ['resource-group', 'nsg-training', 'nsg-scoring', 'nsg-private-endpoints'],
  typicalSeconds: 8,
  enabled: () => true,
  serialKey: (env) => vnetId(env),
  resourceId: (ctx) => vnetId(ctx.env),
  desired: (ctx) => {
    const { config, names } = ctx.env;
    const common = { defaultOutboundAccess: false, privateEndpointNetworkPolicies: 'Disabled' as const };
    return {
      location: config.location,
      tags: tagsFor(ctx.env),
      addressSpace: { addressPrefixes: [config.network.addressSpace] },
      subnets: [
        {
          name: names.subnets.training, addressPrefix: config.network.subnets.training, ...common,
          privateLinkServiceNetworkPolicies: 'Disabled',
          networkSecurityGroup: { id: ctx.outputs('nsg-training').id },
          serviceEndpoints: [{ service: 'Microsoft.Storage' }],
        },
        {
          name: names.subnets.scoring, addressPrefix: config.network.subnets.scoring, ...common,
          networkSecurityGroup: { id: ctx.outputs('nsg-scoring').id },
        },
        {
          name: names.subnets.privateEndpoints, addressPrefix: config.network.subnets.privateEndpoints, ...common,
          networkSecurityGroup: { id: ctx.outputs('nsg-private-endpoints').id },
        },
      ],
    };
  },
  read: async (ctx) => readOrUndefined(async () => (await ctx.env.clients.network()).virtualNetworks.get(ctx.env.names.resourceGroup, ctx.env.names.vnet)),
  diff: (desired, observed) => diffSubset(desired, observed && { location: observed.location, tags: observed.tags, addressSpace: observed.addressSpace, subnets: observed.subnets }),
  apply: async (ctx, desired, observed) => {
    const client = await ctx.env.clients.network();
    const subnets = desired.subnets.map((s) => {
      const prior = observed?.subnets?.find((o) => o.name?.toLowerCase() === s.name.toLowerCase());
      const carried = Object.fromEntries(CARRIED.filter((k) => prior?.[k] !== undefined).map((k) => [k, prior![k]]));
      return { ...carried, ...s };
    });
    return runLro(ctx, observed ? 'update' : 'create', vnetId(ctx.env), (o) =>
      client.virtualNetworks.beginCreateOrUpdate(ctx.env.names.resourceGroup, ctx.env.names.vnet, { ...desired, subnets }, o));
  },
  remove: async (ctx) => {
    const client = await ctx.env.clients.network();
    await deleteIfExists(async () => {
      const p = await client.virtualNetworks.beginDelete(ctx.env.names.resourceGroup, ctx.env.names.vnet, { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal });
      await p.pollUntilDone({ abortSignal: ctx.signal });
    });
  },
  outputs: (observed, ctx) => ({
    id: observed.id ?? vnetId(ctx.env),
    trainingSubnetId: subnetId(ctx.env, 'training'),
    scoringSubnetId: subnetId(ctx.env, 'scoring'),
    privateEndpointsSubnetId: subnetId(ctx.env, 'privateEndpoints'),
  }),
};
