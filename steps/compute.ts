// Training compute in the training subnet, never with public IPs: the cluster (also the image
// builder, since the registry is private) and one personal instance per named data scientist.
// The cluster goes through the ML SDK (2022-10-01 has every AmlCompute property it sets); the
// instances need idleTimeBeforeShutdown, which 2022-10-01 lacks (added in 2024-04-01): they stay on
// the generic client at the workspace's version (ids.ts API.workspace).
import type { AzureMachineLearningWorkspaces, ComputeResource } from '@azure/arm-machinelearning';
import type { GenericResource, ResourceManagementClient } from '@azure/arm-resources';
import { z } from 'zod';
import { deleteWithQuery, mlVmSizes } from '../src/azure/raw.js';
import { bad, guid, int, vmSize } from '../src/config/fields.js';
import { nameProblem } from '../src/config/naming-rules.js';
import { type Finding, quote } from '../src/config/problems.js';
import type { Config } from '../src/config/schema.js';
import type { Problem } from '../src/errors.js';
import { type Ctx, type StepEnv, tagsFor } from './env.js';
import type { ResourceModule, SubnetSpec } from './module.js';
import { API, ids } from './support/ids.js';
import { computeRules } from './support/nsg-rules.js';
import { roleAssignmentsStep, ROLES } from './support/role-assignment.js';
import { rgName, sdkSetStep, sdkStep, type SetMember } from './support/sdk-step.js';
import { subnetId } from './vnet.js';

/** Every VM size the config names must be offered by Azure ML in the region, before anything is created. */
async function vmSizePreflight(ctx: Ctx): Promise<Problem[]> {
  const offered = new Set((await mlVmSizes(ctx.env.clients, ctx.env.subscriptionId, ctx.env.config.location, API.workspace)).map((s) => s.toLowerCase()));
  const wanted = [
    { path: 'compute.cluster.vmSize', size: ctx.env.config.compute.cluster.vmSize },
    ...ctx.env.config.compute.instances.map((i, n) => ({ path: `compute.instances[${n}].vmSize`, size: i.vmSize })),
  ];
  return wanted.filter((w) => !offered.has(w.size.toLowerCase())).map((w) => ({ path: w.path, message: `"${w.size}" is not offered by Azure ML in ${ctx.env.config.location}; pick a size from \`az ml compute list-sizes --location ${ctx.env.config.location}\`` }));
}

const seconds = (s: number) => `PT${s}S`;

/**
 * Compute provisions only once it can reach what it needs: the workspace's private endpoint (Azure:
 * "Provided EnableNodePublicIp 'False' requires workspace private endpoint", Azure/data-product-analytics#70),
 * the storage policy, and the way out of the chosen egress mode (route to the firewall, NAT gateway,
 * or the provisioned managed network). Steps of other modes are disabled and drop out of the graph.
 */
const COMPUTE_DEPENDS_ON = ['workspace', 'vnet', 'pe-workspace', 'service-endpoint-policy-association', 'egress-route-association', 'nat-association', 'managed-network-provision'];

/** In the managed network compute gets no subnet: Azure places it in the workspace's managed VNet. */
const inManagedNetwork = (env: StepEnv) => env.config.network.egress === 'managed';

const computeClusterStep = sdkStep<AzureMachineLearningWorkspaces, ComputeResource, ComputeResource>({
  id: 'compute-cluster',
  title: 'Compute cluster (no public IP)',
  dependsOn: COMPUTE_DEPENDS_ON,
  typicalSeconds: 60,
  resourceId: (env) => ids.compute(env, env.names.cluster),
  client: (c) => c.machineLearning(),
  body: (ctx): ComputeResource => {
    const c = ctx.env.config.compute.cluster;
    return {
      location: ctx.env.config.location,
      tags: tagsFor(ctx.env),
      identity: { type: 'SystemAssigned' },
      properties: {
        computeType: 'AmlCompute',
        description: 'Training and image builds (secure-aml)',
        disableLocalAuth: true,
        properties: {
          vmSize: c.vmSize,
          vmPriority: 'Dedicated',
          osType: 'Linux',
          scaleSettings: { minNodeCount: c.minNodes, maxNodeCount: c.maxNodes, nodeIdleTimeBeforeScaleDown: seconds(c.idleSecondsBeforeScaledown) },
          ...(inManagedNetwork(ctx.env) ? {} : { subnet: { id: subnetId(ctx.env, 'training') } }),
          enableNodePublicIp: false,
          remoteLoginPortPublicAccess: 'Disabled',
          isolatedNetwork: false,
        },
      },
    };
  },
  read: (c, env) => c.computeOperations.get(rgName(env), env.names.workspace, env.names.cluster),
  put: (c, env, body, o) => c.computeOperations.beginCreateOrUpdate(rgName(env), env.names.workspace, env.names.cluster, body, o),
  // Delete the cluster's VMs too, not only the workspace's record of them.
  del: (c, env, o) => c.computeOperations.beginDeleteAndWait(rgName(env), env.names.workspace, env.names.cluster, 'Delete', o),
  preflight: vmSizePreflight,
  outputs: (o) => ({ principalId: o.identity?.principalId ?? '' }),
});

// The cluster builds images and runs jobs whose images live in the private registry (admin user off):
// its system-assigned identity pulls them.
const clusterAcrPullStep = roleAssignmentsStep({
  id: 'compute-cluster-acr-pull',
  title: 'AcrPull on the registry for the compute cluster identity',
  dependsOn: ['compute-cluster', 'registry'],
  scopeId: (ctx) => ids.registry(ctx.env),
  assignments: (ctx) => [{ scope: ids.registry(ctx.env), role: ROLES.acrPull, principalId: ctx.outputs('compute-cluster').principalId, principalType: 'ServicePrincipal' }],
});

const computeInstancesStep = sdkSetStep<ResourceManagementClient, SetMember<GenericResource>, GenericResource>({
  id: 'compute-instances',
  title: 'Compute instances (personal, no public IP, SSH off)',
  dependsOn: COMPUTE_DEPENDS_ON,
  typicalSeconds: 300,
  enabled: (env) => env.config.compute.instances.length > 0,
  scopeId: (ctx) => ids.workspace(ctx.env),
  members: (ctx) => ctx.env.config.compute.instances.map((i): SetMember<GenericResource> => ({
    id: ids.compute(ctx.env, i.name),
    body: {
      location: ctx.env.config.location,
      tags: tagsFor(ctx.env),
      properties: {
        computeType: 'ComputeInstance',
        description: `Personal compute instance of ${i.userObjectId}`,
        disableLocalAuth: true,
        properties: {
          vmSize: i.vmSize,
          ...(inManagedNetwork(ctx.env) ? {} : { subnet: { id: subnetId(ctx.env, 'training') } }),
          enableNodePublicIp: false,
          sshSettings: { sshPublicAccess: 'Disabled' },
          computeInstanceAuthorizationType: 'personal',
          personalComputeInstanceSettings: { assignedUser: { objectId: i.userObjectId, tenantId: ctx.env.tenantId } },
          idleTimeBeforeShutdown: `PT${i.idleMinutesBeforeShutdown}M`,
        },
      },
    },
  })),
  // Generic client: the ML SDK's 2022-10-01 model has no idleTimeBeforeShutdown and would drop it.
  member: (m) => ({
    client: (c) => c.resources(),
    read: (c) => c.resources.getById(m.id, API.workspace),
    put: (c, _env, body, o) => c.resources.beginCreateOrUpdateById(m.id, API.workspace, body, o),
    // A compute DELETE requires underlyingResourceAction (Delete: the VM goes too), which the generic
    // client cannot add.
    del: (_c, env, o, ctx) => deleteWithQuery(env.clients, m.id, API.workspace, '&underlyingResourceAction=Delete', {
      pollMs: o.updateIntervalInMs ?? 10_000, signal: o.abortSignal, timeScale: env.timeScale,
      writeAhead: () => ctx.pending({ operation: 'delete', resourceId: m.id }),
    }),
  }),
});

// ---- module ----
/** The subnet the cluster and instances live in: egress allow-listed by NSG and service endpoint policy. */
export const trainingSubnet: SubnetSpec = {
  key: 'training',
  name: 'snet-training',
  nsgKey: 'training',
  nsgNameSuffix: 'training',
  defaultCidr: '10.0.1.0/24',
  minPrefix: 27,
  purpose: 'the training subnet (compute cluster and instances)',
  description: 'Training subnet (compute cluster and instances; /27 or larger). Egress allow-listed by NSG and service endpoint policy.',
  // The Storage service endpoint is what the service endpoint policy (exfiltration control) hangs off.
  properties: () => ({ privateLinkServiceNetworkPolicies: 'Disabled', serviceEndpoints: [{ service: 'Microsoft.Storage' }] }),
  nsgRules: (c) => computeRules(c.location, { publicIpCompute: c.network.computePublicIp, storage: true, viaFirewall: c.network.egress === 'firewall' }),
};

const ComputeInstance = z
  .strictObject({
    name: z.string().describe('Compute instance name: 3-24 letters, digits and hyphens, starting with a letter; unique in the region.'),
    vmSize: vmSize('Standard_DS3_v2', 'VM size of the instance.'),
    userObjectId: guid('an Entra ID object ID').describe('Object ID of the one user the instance is assigned to (personal compute: nobody else can use it).'),
    idleMinutesBeforeShutdown: int(15, 4320).default(60).describe('Shut the instance down after this many idle minutes (15-4320), so forgotten instances do not run for ever.'),
  })
  .describe('A personal compute instance in the training subnet: no public IP, SSH disabled.');

export const config = {
  compute: z
    .strictObject({
      cluster: z
        .strictObject({
          name: z.string(bad('must be a string')).default('cpu-cluster').describe('Cluster name: 2-16 letters, digits and hyphens, starting with a letter, not ending with a hyphen.'),
          vmSize: vmSize('Standard_DS3_v2', 'VM size of the cluster nodes.'),
          minNodes: int(0, 1000).default(0).describe('Minimum nodes; 0 lets the cluster scale to zero when idle.'),
          maxNodes: int(1, 1000).default(4).describe('Maximum nodes.'),
          idleSecondsBeforeScaledown: int(0, 604800).default(1800).describe('Idle seconds before nodes are released.'),
        })
        .prefault({})
        .describe('Compute cluster (AmlCompute) in the training subnet without public IPs; also builds images, since the registry is private.'),
      instances: z.array(ComputeInstance).default([]).describe('Personal compute instances, one per data scientist.'),
    })
    .prefault({})
    .describe('Compute in the training subnet.'),
};

/** Cluster bounds, and compute names: one namespace per workspace for the cluster and every instance. */
function computeFindings(c: Config): Finding[] {
  const out: Finding[] = [];
  const { minNodes, maxNodes } = c.compute.cluster;
  if (minNodes > maxNodes) {
    out.push({ path: 'compute.cluster.minNodes', message: `${minNodes} is more than compute.cluster.maxNodes (${maxNodes})`, involves: ['compute.cluster.minNodes', 'compute.cluster.maxNodes'] });
  }
  const taken = new Map<string, string>([[c.compute.cluster.name.toLowerCase(), 'compute.cluster.name']]);
  c.compute.instances.forEach((inst, i) => {
    const path = `compute.instances[${i}].name`;
    const msg = nameProblem('computeInstance', inst.name);
    if (msg) out.push({ path, message: `${quote(inst.name)} ${msg}`, involves: [path] });
    const key = inst.name.toLowerCase();
    const first = taken.get(key);
    if (first) out.push({ path, message: `${quote(inst.name)} is already used by ${first}; compute names must be unique in the workspace`, involves: [path, first] });
    else taken.set(key, path);
  });
  return out;
}

export const definition: ResourceModule = {
  id: 'Azure ML compute',
  config,
  names: [{ key: 'cluster', kind: 'cluster', path: 'compute.cluster.name', explicit: (c) => c.compute.cluster.name, derive: (c) => c.compute.cluster.name }],
  subnets: [trainingSubnet],
  findings: computeFindings,
  steps: [computeClusterStep, clusterAcrPullStep, computeInstancesStep],
};
