// Private AKS for real-time scoring: private API server, Azure CNI in the scoring subnet, managed
// identity that gets Network Contributor on that subnet first, Entra ID with Azure RBAC and no
// local accounts, no run command, encryption at host, the Azure Policy add-on. The Kubernetes
// version is the region's current default, resolved at run time, never pinned. Then attached to
// the workspace behind an internal load balancer.
import type { GenericResource } from '@azure/arm-resources';
import { kubernetesVersions } from '../src/azure/raw.js';
import { overlaps, parseCidr } from '../src/config/cidr.js';
import { SecureAmlError } from '../src/errors.js';
import { tagsFor, type StepEnv } from './env.js';
import { armResourceStep, props } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';
import { runLro } from './support/lro.js';
import { ROLES, roleAssignmentsStep } from './support/role-assignment.js';
import { subnetId } from './vnet.js';

const aksEnabled = (env: StepEnv) => env.config.aks.enabled;

/** A Kubernetes service range that overlaps nothing in the VNet (AKS refuses overlaps). */
export function serviceCidrFor(addressSpace: string): { serviceCidr: string; dnsServiceIP: string } {
  const space = parseCidr(addressSpace);
  for (const [serviceCidr, dnsServiceIP] of [['172.20.0.0/16', '172.20.0.10'], ['192.168.240.0/20', '192.168.240.10'], ['10.255.0.0/16', '10.255.0.10']]) {
    const c = parseCidr(serviceCidr);
    if (!space || !c || !overlaps(space, c)) return { serviceCidr, dnsServiceIP };
  }
  return { serviceCidr: '100.127.0.0/16', dnsServiceIP: '100.127.0.10' };
}

export const aksIdentityStep = armResourceStep({
  id: 'aks-identity',
  title: 'AKS control-plane identity',
  dependsOn: ['resource-group'],
  enabled: aksEnabled,
  apiVersion: API.identity,
  typicalSeconds: 3,
  resourceId: ids.aksIdentity,
  body: (ctx) => ({ location: ctx.env.config.location, tags: tagsFor(ctx.env) }),
  outputs: (o) => ({ principalId: String(props(o).principalId ?? ''), clientId: String(props(o).clientId ?? '') }),
});

export const aksNetworkRoleStep = roleAssignmentsStep({
  id: 'aks-network-role',
  title: 'Network Contributor on the scoring subnet for AKS',
  dependsOn: ['aks-identity', 'vnet'],
  enabled: aksEnabled,
  scopeId: (ctx) => subnetId(ctx.env, 'scoring'),
  assignments: (ctx) => [{ scope: subnetId(ctx.env, 'scoring'), role: ROLES.networkContributor, principalId: ctx.outputs('aks-identity').principalId, principalType: 'ServicePrincipal' }],
});

const base = armResourceStep({
  id: 'aks',
  title: 'Private AKS cluster (Azure CNI)',
  dependsOn: ['resource-group', 'vnet', 'aks-identity', 'aks-network-role'],
  enabled: aksEnabled,
  apiVersion: API.aks,
  typicalSeconds: 480,
  resourceId: ids.aks,
  body: (ctx) => {
    const { config, names } = ctx.env;
    const identityId = ids.aksIdentity(ctx.env);
    return {
      location: config.location,
      tags: tagsFor(ctx.env),
      sku: { name: 'Base', tier: 'Standard' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } },
      properties: {
        dnsPrefix: names.aks,
        enableRBAC: true,
        disableLocalAccounts: true,
        aadProfile: { managed: true, enableAzureRBAC: true, tenantID: ctx.env.tenantId },
        apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, disableRunCommand: true },
        agentPoolProfiles: [{
          name: 'system', mode: 'System', type: 'VirtualMachineScaleSets', osType: 'Linux',
          count: config.aks.nodeCount, vmSize: config.aks.vmSize, maxPods: 30,
          vnetSubnetID: subnetId(ctx.env, 'scoring'), enableNodePublicIP: false, enableEncryptionAtHost: true,
        }],
        networkProfile: { networkPlugin: 'azure', networkPolicy: 'azure', loadBalancerSku: 'standard', outboundType: 'loadBalancer', ...serviceCidrFor(config.network.addressSpace) },
        addonProfiles: { azurepolicy: { enabled: true } },
      },
    };
  },
  outputs: (o) => ({ privateFqdn: String(props(o).privateFQDN ?? ''), kubernetesVersion: String(props(o).currentKubernetesVersion ?? props(o).kubernetesVersion ?? '') }),
});

export const aksStep: typeof base = {
  ...base,
  apply: async (ctx, desired, observed) => {
    // Keep the running version on update; on create take the region's default now.
    let version = observed ? String(props(observed as GenericResource).kubernetesVersion ?? '') : '';
    if (!version) {
      const offered = await kubernetesVersions(ctx.env.clients, ctx.env.subscriptionId, ctx.env.config.location, API.aks);
      const chosen = offered.find((v) => v.isDefault) ?? offered.at(-1);
      if (!chosen) throw new SecureAmlError(`AKS offers no Kubernetes version in ${ctx.env.config.location}.`);
      version = chosen.version;
      ctx.report(`Kubernetes ${version} (the region's default today)`);
    }
    const body = { ...desired, properties: { ...desired.properties, kubernetesVersion: version } };
    const client = (await ctx.env.clients.resources()).resources;
    return runLro(ctx, observed ? 'update' : 'create', ids.aks(ctx.env), (o) => client.beginCreateOrUpdateById(ids.aks(ctx.env), API.aks, body, o));
  },
};

export const AKS_COMPUTE_NAME = 'scoring-aks';

export const aksAttachStep = armResourceStep({
  id: 'aks-attach',
  title: 'AKS attached to the workspace (internal load balancer)',
  dependsOn: ['workspace', 'aks'],
  enabled: aksEnabled,
  apiVersion: API.workspace,
  typicalSeconds: 300,
  resourceId: (env) => ids.compute(env, AKS_COMPUTE_NAME),
  deleteQuery: '&underlyingResourceAction=Detach',
  body: (ctx) => ({
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
        loadBalancerSubnet: ctx.env.names.subnets.scoring,
      },
    },
  }),
});
