// The customer VNet and its subnets in one PUT, one subnet per SubnetSpec the modules declare
// (training, scoring, private endpoints...), each behind its own NSG. No default outbound access
// anywhere; module-specific subnet properties (the training subnet's Storage service endpoint that
// the service endpoint policy hangs off) come from the spec.
import type { Subnet, VirtualNetwork } from '@azure/arm-network';
import { z } from 'zod';
import { bool, cidr, resourceName } from '../src/config/fields.js';
import { quote } from '../src/config/problems.js';
import { EGRESS_MODES, OUTBOUND_GROUP_KEYS } from './support/egress-data.js';
import { diffSubset } from '../src/engine/diff.js';
import { type AzureStep, rgId, type StepEnv, tagsFor } from './env.js';
import type { Config } from '../src/config/schema.js';
import type { ResourceModule, SubnetSpec } from './module.js';
import { nsgStep, nsgStepId } from './nsg.js';
import { deleteIfExists, readOrUndefined, runLro } from './support/lro.js';

interface VnetDesired {
  location: string;
  tags: Record<string, string>;
  addressSpace: { addressPrefixes: string[] };
  subnets: (Subnet & { name: string })[];
}

export const vnetId = (env: StepEnv) => `${rgId(env)}/providers/Microsoft.Network/virtualNetworks/${env.names.vnet}`;
/** The name of the subnet a module declared under `key` (its SubnetSpec). */
export const subnetName = (env: StepEnv, key: string) => env.names[`subnet:${key}`];
export const subnetId = (env: StepEnv, key: string) => `${vnetId(env)}/subnets/${subnetName(env, key)}`;

/** Whether the config places this subnet in the VNet (access subnets exist only in their mode). */
export const subnetEnabled = (s: SubnetSpec, config: Config) => s.enabled?.(config) ?? true;

// Subnet properties owned by later steps (policy association, routes): carried over on update so
// a VNet PUT never silently detaches them.
const CARRIED: (keyof Subnet)[] = ['serviceEndpointPolicies', 'routeTable', 'natGateway', 'delegations'];

function vnetStep(subnets: readonly SubnetSpec[]): AzureStep<VnetDesired, VirtualNetwork> {
  return {
    id: 'vnet',
    title: 'Virtual network and subnets',
    dependsOn: ['resource-group', ...subnets.map(nsgStepId)],
    typicalSeconds: 8,
    enabled: () => true,
    serialKey: (env) => vnetId(env),
    resourceId: (ctx) => vnetId(ctx.env),
    desired: (ctx) => {
      const { config } = ctx.env;
      return {
        location: config.location,
        tags: tagsFor(ctx.env),
        addressSpace: { addressPrefixes: [config.network.addressSpace] },
        subnets: subnets.filter((s) => subnetEnabled(s, config)).map((s) => ({
          name: subnetName(ctx.env, s.key),
          addressPrefix: config.network.subnets[s.key],
          defaultOutboundAccess: false,
          privateEndpointNetworkPolicies: 'Disabled' as const,
          ...s.properties?.(config),
          ...(s.nsg === false ? {} : { networkSecurityGroup: { id: ctx.outputs(nsgStepId(s)).id } }),
        })),
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
      ...Object.fromEntries(subnets.filter((s) => subnetEnabled(s, ctx.env.config)).map((s) => [`${s.key}SubnetId`, subnetId(ctx.env, s.key)])),
    }),
  };
}

// ---- module ----
export const config = {
  network: z
    .strictObject({
      vnetName: resourceName('vnet', 'Virtual network name (default vnet-<name>-<environment>).').optional(),
      addressSpace: cidr('10.0.0.0/16', 'VNet address space; must be private (RFC 1918 or 100.64.0.0/10) and contain every subnet.'),
      computePublicIp: bool('true gives compute nodes public IPs and opens inbound BatchNodeManagement/AzureMachineLearning rules. Not recommended: the default keeps compute unreachable from the internet.', false),
      egress: z
        .enum(EGRESS_MODES, { error: (iss) => `${quote(iss.input)} is not an egress mode; expected ${EGRESS_MODES.join(', ')}` })
        .default('firewall')
        .describe(
          'How compute reaches the services it needs (env SECURE_AML_EGRESS, flag --egress). firewall: a hub VNet with Azure Firewall that allows only the documented FQDNs and service tags (strongest, ~USD 900/month for Standard). ' +
            'nat: a NAT gateway; NSGs and the service endpoint policy filter (weaker: NSGs cannot filter by FQDN; no AKS). managed: the workspace\'s managed network in AllowOnlyApprovedOutbound (one-way: it cannot be turned off; no AKS).',
        ),
      outboundGroups: z
        .array(z.enum(OUTBOUND_GROUP_KEYS, { error: (iss) => `${quote(iss.input)} is not an outbound group; expected ${OUTBOUND_GROUP_KEYS.join(', ')}` }))
        .default([])
        .describe('Optional FQDN groups compute may reach besides what Azure ML needs: python (PyPI), conda (Anaconda), github. Needs egress firewall or managed (NSGs cannot filter by FQDN).'),
    })
    .prefault({})
    .describe('Customer-managed VNet: every service is reached through private endpoints; outbound traffic is allow-listed.'),
};

export const definition: ResourceModule = {
  id: 'virtual network',
  config,
  names: [{ key: 'vnet', kind: 'vnet', path: 'network.vnetName', explicit: (c) => c.network.vnetName, derive: (c, b) => c.network.vnetName ?? `vnet-${b.name}-${b.environment}` }],
  steps: ({ subnets }) => [...subnets.map(nsgStep), vnetStep(subnets)],
};
