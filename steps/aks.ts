// Private AKS for real-time scoring: private API server, Azure CNI in the scoring subnet, managed
// identity that gets Network Contributor on that subnet first, Entra ID with Azure RBAC and no
// local accounts, no run command, encryption at host, the Azure Policy add-on. The Kubernetes
// version is the region's current default, resolved at run time, never pinned. Then attached to
// the workspace behind an internal load balancer.
import type { ContainerServiceClient, ManagedCluster } from '@azure/arm-containerservice';
import type { AzureMachineLearningWorkspaces, ComputeResource } from '@azure/arm-machinelearning';
import { z } from 'zod';
import { AKS_CNI_MAX_PODS, aksCniAddressesNeeded, overlaps, parseCidr } from '../src/config/cidr.js';
import { bool, int, resourceName, vmSize } from '../src/config/fields.js';
import { SecureAmlError } from '../src/errors.js';
import { type StepEnv, tagsFor } from './env.js';
import { userAssignedIdentityStep } from './identity.js';
import type { ResourceModule, SubnetSpec } from './module.js';
import { ids } from './support/ids.js';
import { computeRules } from './support/nsg-rules.js';
import { roleAssignmentsStep, ROLES } from './support/role-assignment.js';
import { modular, rgName, sdkStep } from './support/sdk-step.js';
import { subnetId, subnetName } from './vnet.js';

const aksEnabled = (env: StepEnv) => env.config.aks.enabled;

/** A Kubernetes service range that overlaps nothing in the VNet (AKS refuses overlaps). */
function serviceCidrFor(addressSpace: string): { serviceCidr: string; dnsServiceIP: string } {
  const space = parseCidr(addressSpace);
  for (const [serviceCidr, dnsServiceIP] of [['172.20.0.0/16', '172.20.0.10'], ['192.168.240.0/20', '192.168.240.10'], ['10.255.0.0/16', '10.255.0.10']]) {
    const c = parseCidr(serviceCidr);
    if (!space || !c || !overlaps(space, c)) return { serviceCidr, dnsServiceIP };
  }
  return { serviceCidr: '100.127.0.0/16', dnsServiceIP: '100.127.0.10' };
}

const aksIdentityStep = userAssignedIdentityStep({
  id: 'aks-identity',
  title: 'AKS control-plane identity',
  dependsOn: ['resource-group'],
  enabled: aksEnabled,
  resourceId: ids.aksIdentity,
});

const aksNetworkRoleStep = roleAssignmentsStep({
  id: 'aks-network-role',
  title: 'Network Contributor on the scoring subnet for AKS',
  dependsOn: ['aks-identity', 'vnet'],
  enabled: aksEnabled,
  scopeId: (ctx) => subnetId(ctx.env, 'scoring'),
  assignments: (ctx) => [{ scope: subnetId(ctx.env, 'scoring'), role: ROLES.networkContributor, principalId: ctx.outputs('aks-identity').principalId, principalType: 'ServicePrincipal' }],
});

// The container service client is pinned to 2026-04-01 (src/azure/clients.ts), the version of the
// spec in the repo and of the simulator.
const base = sdkStep<ContainerServiceClient, ManagedCluster, ManagedCluster>({
  id: 'aks',
  title: 'Private AKS cluster (Azure CNI)',
  dependsOn: ['resource-group', 'vnet', 'aks-identity', 'aks-network-role'],
  enabled: aksEnabled,
  typicalSeconds: 480,
  resourceId: ids.aks,
  client: (c) => c.containerService(),
  body: (ctx): ManagedCluster => {
    const { config, names } = ctx.env;
    const identityId = ids.aksIdentity(ctx.env);
    const { serviceCidr, dnsServiceIP } = serviceCidrFor(config.network.addressSpace);
    return {
      location: config.location,
      tags: tagsFor(ctx.env),
      sku: { name: 'Base', tier: 'Standard' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } },
      dnsPrefix: names.aks,
      enableRbac: true,
      disableLocalAccounts: true,
      aadProfile: { managed: true, enableAzureRbac: true, tenantID: ctx.env.tenantId },
      apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFqdn: false, disableRunCommand: true },
      agentPoolProfiles: [{
        name: 'system', mode: 'System', type: 'VirtualMachineScaleSets', osType: 'Linux',
        count: config.aks.nodeCount, vmSize: config.aks.vmSize, maxPods: 30,
        vnetSubnetID: subnetId(ctx.env, 'scoring'), enableNodePublicIP: false, enableEncryptionAtHost: true,
      }],
      networkProfile: { networkPlugin: 'azure', networkPolicy: 'azure', loadBalancerSku: 'standard', outboundType: 'loadBalancer', serviceCidr, dnsServiceIP },
      addonProfiles: { azurepolicy: { enabled: true } },
    };
  },
  read: (c, env) => c.managedClusters.get(rgName(env), env.names.aks),
  put: async (c, env, body, o) => modular(o.resumeFrom
    ? (await import('@azure/arm-containerservice')).restorePoller(c, o.resumeFrom, c.managedClusters.createOrUpdate, o)
    : c.managedClusters.createOrUpdate(rgName(env), env.names.aks, body, o)),
  del: (c, env, o) => c.managedClusters.delete(rgName(env), env.names.aks, o),
  outputs: (o) => ({ privateFqdn: o.privateFqdn ?? '', kubernetesVersion: o.currentKubernetesVersion ?? o.kubernetesVersion ?? '' }),
});

const aksStep: typeof base = {
  ...base,
  apply: async (ctx, desired, observed) => {
    // Keep the running version on update; on create take the region's default now.
    let version = observed?.kubernetesVersion ?? '';
    if (!version) {
      const c = await ctx.env.clients.containerService();
      const offered = ((await c.managedClusters.listKubernetesVersions(ctx.env.config.location)).values ?? []).filter((v) => v.version);
      const chosen = offered.find((v) => v.isDefault) ?? offered.at(-1);
      if (!chosen) throw new SecureAmlError(`AKS offers no Kubernetes version in ${ctx.env.config.location}.`);
      version = chosen.version!;
      ctx.report(`Kubernetes ${version} (the region's default today)`);
    }
    return base.apply(ctx, { ...desired, kubernetesVersion: version }, observed);
  },
};

export const AKS_COMPUTE_NAME = 'scoring-aks';

// 2022-10-01 (what the ML SDK speaks) has every AKS compute property the attach sets.
const aksAttachStep = sdkStep<AzureMachineLearningWorkspaces, ComputeResource, ComputeResource>({
  id: 'aks-attach',
  title: 'AKS attached to the workspace (internal load balancer)',
  dependsOn: ['workspace', 'aks'],
  enabled: aksEnabled,
  typicalSeconds: 300,
  resourceId: (env) => ids.compute(env, AKS_COMPUTE_NAME),
  client: (c) => c.machineLearning(),
  body: (ctx): ComputeResource => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    properties: {
      computeType: 'AKS',
      resourceId: ids.aks(ctx.env),
      description: 'Real-time scoring (secure-aml)',
      properties: {
        clusterPurpose: 'FastProd',
        agentCount: ctx.env.config.aks.nodeCount,
        agentVmSize: ctx.env.config.aks.vmSize,
        loadBalancerType: 'InternalLoadBalancer',
        loadBalancerSubnet: subnetName(ctx.env, 'scoring'),
      },
    },
  }),
  read: (c, env) => c.computeOperations.get(rgName(env), env.names.workspace, AKS_COMPUTE_NAME),
  put: (c, env, body, o) => c.computeOperations.beginCreateOrUpdate(rgName(env), env.names.workspace, AKS_COMPUTE_NAME, body, o),
  // Detach only: the cluster is the aks step's to delete.
  del: (c, env, o) => c.computeOperations.beginDeleteAndWait(rgName(env), env.names.workspace, AKS_COMPUTE_NAME, 'Detach', o),
});

// ---- module ----
/** The subnet AKS nodes and pods live in (Azure CNI gives every pod a VNet address). */
export const scoringSubnet: SubnetSpec = {
  key: 'scoring',
  name: 'snet-scoring',
  nsgKey: 'scoring',
  nsgNameSuffix: 'scoring',
  defaultCidr: '10.0.2.0/24',
  minPrefix: 25,
  purpose: 'the scoring subnet',
  description: 'Scoring subnet for AKS with Azure CNI: needs (nodeCount + 1) × 31 usable addresses, /25 or larger.',
  needs: (c) => {
    if (!c.aks.enabled) return false;
    const n = c.aks.nodeCount;
    return { addresses: aksCniAddressesNeeded(n), why: `AKS with Azure CNI: ${n} node${n === 1 ? '' : 's'} need (${n} + 1) × ${AKS_CNI_MAX_PODS + 1}`, involves: ['aks.enabled', 'aks.nodeCount'] };
  },
  nsgRules: (c) => computeRules(c.location, { publicIpCompute: c.network.computePublicIp, aks: c.aks.enabled }),
};

export const config = {
  aks: z
    .strictObject({
      enabled: bool('Create a private AKS cluster in the scoring subnet (internal load balancer) and attach it for online inference.', true),
      name: resourceName('aks', 'AKS cluster name (default aks-<name>-<environment>).').optional(),
      vmSize: vmSize('Standard_D4s_v3', 'VM size of the AKS nodes.'),
      nodeCount: int(1, 100).default(3).describe('Number of AKS nodes (1-100; 3 recommended for production).'),
    })
    .prefault({})
    .describe('Private AKS cluster for scoring.'),
};

export const definition: ResourceModule = {
  id: 'AKS',
  config,
  names: [{ key: 'aks', kind: 'aks', path: 'aks.name', explicit: (c) => c.aks.name, derive: (c, b) => c.aks.name ?? `aks-${b.name}-${b.environment}` }],
  subnets: [scoringSubnet],
  steps: [aksIdentityStep, aksNetworkRoleStep, aksStep, aksAttachStep],
};
