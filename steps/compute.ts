// Training compute in the training subnet, never with public IPs: the cluster (also the image
// builder, since the registry is private) and one personal instance per named data scientist.
import { mlVmSizes } from '../src/azure/raw.js';
import type { Problem } from '../src/errors.js';
import { tagsFor, type Ctx } from './env.js';
import { armResourceStep } from './support/arm-resource.js';
import { armSetStep } from './support/arm-set.js';
import { API, ids } from './support/ids.js';
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

export const computeClusterStep = armResourceStep({
  id: 'compute-cluster',
  title: 'Compute cluster (no public IP)',
  dependsOn: ['workspace', 'vnet', 'service-endpoint-policy-association'],
  apiVersion: API.workspace,
  typicalSeconds: 60,
  resourceId: (env) => ids.compute(env, env.names.cluster),
  deleteQuery: '&underlyingResourceAction=Delete',
  body: (ctx) => {
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
          subnet: { id: subnetId(ctx.env, 'training') },
          enableNodePublicIp: false,
          remoteLoginPortPublicAccess: 'Disabled',
          isolatedNetwork: false,
        },
      },
    };
  },
  preflight: vmSizePreflight,
});

export const computeInstancesStep = armSetStep({
  id: 'compute-instances',
  title: 'Compute instances (personal, no public IP, SSH off)',
  dependsOn: ['workspace', 'vnet', 'service-endpoint-policy-association'],
  apiVersion: API.workspace,
  typicalSeconds: 300,
  enabled: (env) => env.config.compute.instances.length > 0,
  scopeId: (ctx) => ids.workspace(ctx.env),
  deleteQuery: '&underlyingResourceAction=Delete',
  members: (ctx) => ctx.env.config.compute.instances.map((i) => ({
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
          subnet: { id: subnetId(ctx.env, 'training') },
          enableNodePublicIp: false,
          sshSettings: { sshPublicAccess: 'Disabled' },
          computeInstanceAuthorizationType: 'personal',
          personalComputeInstanceSettings: { assignedUser: { objectId: i.userObjectId, tenantId: ctx.env.tenantId } },
          idleTimeBeforeShutdown: `PT${i.idleMinutesBeforeShutdown}M`,
        },
      },
    },
  })),
});
