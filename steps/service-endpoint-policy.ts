// Service endpoint policy on the compute subnet: compute may reach only the workspace's own
// storage account over the Storage service endpoint, plus Azure ML's own storage through the
// /services/Azure/MachineLearning alias (which the portal-only guide could not script; ARM can).
// This closes the "copy the data to my own storage account" exfiltration path.
import type { NetworkManagementClient, ServiceEndpointPolicy } from '@azure/arm-network';
import { tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { ids } from './support/ids.js';
import { rgName, sdkStep } from './support/sdk-step.js';
import { subnetAssociationStep } from './support/subnet-association.js';

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
const serviceEndpointPolicyAssociationStep = subnetAssociationStep({
  id: 'service-endpoint-policy-association',
  title: 'Service endpoint policy on the training subnet',
  dependsOn: ['vnet', 'service-endpoint-policy'],
  subnets: () => ['training'],
  property: 'serviceEndpointPolicies',
  value: (ctx) => [{ id: ctx.outputs('service-endpoint-policy').id }],
});

// ---- module ----
export const definition: ResourceModule = {
  id: 'service endpoint policy',
  names: [{ key: 'serviceEndpointPolicy', kind: 'networkResource', label: 'service endpoint policy', derive: (_c, b) => `sep-${b.name}-${b.environment}-training` }],
  steps: [serviceEndpointPolicyStep, serviceEndpointPolicyAssociationStep],
};
