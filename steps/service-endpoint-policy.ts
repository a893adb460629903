// Service endpoint policy on the compute subnet: compute may reach only the workspace's own
// storage account over the Storage service endpoint, plus Azure ML's own storage through the
// /services/Azure/MachineLearning alias (which the portal-only guide could not script; ARM can).
// This closes the "copy the data to my own storage account" exfiltration path.
import type { NetworkManagementClient, ServiceEndpointPolicy, Subnet } from '@azure/arm-network';
import { diffSubset } from '../src/engine/diff.js';
import { type AzureStep, tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { ids } from './support/ids.js';
import { readOrUndefined, runLro } from './support/lro.js';
import { rgName, sdkStep } from './support/sdk-step.js';
import { subnetId, subnetName, vnetId } from './vnet.js';

const serviceEndpointPolicyStep = sdkStep<NetworkManagementClient, ServiceEndpointPolicy, ServiceEndpointPolicy>({
  id: 'service-endpoint-policy',
  title: 'Service endpoint policy (storage egress allow-list)',
  dependsOn: ['resource-group', 'storage'],
  typicalSeconds: 10,
  resourceId: ids.serviceEndpointPolicy,
  client: (c) => c.network(),
  body: (ctx): ServiceEndpointPolicy => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    serviceEndpointPolicyDefinitions: [
      { name: 'workspace-storage', description: 'The workspace storage account only', service: 'Microsoft.Storage', serviceResources: [ids.storage(ctx.env)] },
      { name: 'azure-machine-learning', description: 'Storage Azure ML itself needs', service: 'Global', serviceResources: ['/services/Azure/MachineLearning'] },
    ],
  }),
  read: (c, env) => c.serviceEndpointPolicies.get(rgName(env), env.names.serviceEndpointPolicy),
  put: (c, env, body, o) => c.serviceEndpointPolicies.beginCreateOrUpdate(rgName(env), env.names.serviceEndpointPolicy, body, o),
  del: (c, env, o) => c.serviceEndpointPolicies.beginDeleteAndWait(rgName(env), env.names.serviceEndpointPolicy, o),
});

/** Attaches the policy to the training subnet (a subnet PUT: one change at a time on the VNet). */
const serviceEndpointPolicyAssociationStep: AzureStep<{ serviceEndpointPolicies: { id: string }[] }, Subnet> = {
  id: 'service-endpoint-policy-association',
  title: 'Service endpoint policy on the training subnet',
  dependsOn: ['vnet', 'service-endpoint-policy'],
  typicalSeconds: 8,
  attachment: true,
  enabled: () => true,
  serialKey: (env) => vnetId(env),
  resourceId: (ctx) => subnetId(ctx.env, 'training'),
  desired: (ctx) => ({ serviceEndpointPolicies: [{ id: ctx.outputs('service-endpoint-policy').id }] }),
  read: async (ctx) => readOrUndefined(async () => (await ctx.env.clients.network()).subnets.get(ctx.env.names.resourceGroup, ctx.env.names.vnet, subnetName(ctx.env, 'training'))),
  diff: (desired, observed) => diffSubset(desired, observed && { serviceEndpointPolicies: observed.serviceEndpointPolicies?.map((p) => ({ id: p.id })) }),
  apply: async (ctx, desired, observed) => {
    const client = await ctx.env.clients.network();
    // The subnet PUT replaces the subnet: keep everything the VNet step set, add the policy.
    const body: Subnet = { ...(observed ?? {}), serviceEndpointPolicies: desired.serviceEndpointPolicies };
    return runLro(ctx, 'update', subnetId(ctx.env, 'training'), (o) =>
      client.subnets.beginCreateOrUpdate(ctx.env.names.resourceGroup, ctx.env.names.vnet, subnetName(ctx.env, 'training'), body, o));
  },
  remove: async (ctx) => {
    // Detach only; the subnet itself goes with the VNet.
    const client = await ctx.env.clients.network();
    const observed = await readOrUndefined(() => client.subnets.get(ctx.env.names.resourceGroup, ctx.env.names.vnet, subnetName(ctx.env, 'training')));
    if (!observed?.serviceEndpointPolicies?.length) return;
    const p = await client.subnets.beginCreateOrUpdate(ctx.env.names.resourceGroup, ctx.env.names.vnet, subnetName(ctx.env, 'training'),
      { ...observed, serviceEndpointPolicies: [] }, { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal });
    await p.pollUntilDone({ abortSignal: ctx.signal });
  },
  outputs: (o) => ({ id: o.id ?? '' }),
};


// ---- module ----
export const definition: ResourceModule = {
  id: 'service endpoint policy',
  names: [{ key: 'serviceEndpointPolicy', kind: 'networkResource', label: 'service endpoint policy', derive: (_c, b) => `sep-${b.name}-${b.environment}-training` }],
  steps: [serviceEndpointPolicyStep, serviceEndpointPolicyAssociationStep],
};
