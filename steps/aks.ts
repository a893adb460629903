// Private AKS for real-time scoring: private API server, Azure CNI in the scoring subnet, managed
// identity that gets Network Contributor on that subnet first, Entra ID with Azure RBAC and no
// local accounts, no run command, encryption at host, the Azure Policy add-on. The Kubernetes
// version is the region's current default, resolved at run time, never pinned. Then attached to
// the workspace behind an internal load balancer.
import type { ContainerServiceClient, ManagedCluster } from '@azure/arm-containerservice';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { deleteWithQuery } from '../src/azure/raw.js';
import { AKS_CNI_MAX_PODS, aksCniAddressesNeeded, overlaps, parseCidr } from '../src/config/cidr.js';
import { bool, int, resourceName, vmSize } from '../src/config/fields.js';
import { SecureAmlError } from '../src/errors.js';
import { type StepEnv, tagsFor } from './env.js';
import { userAssignedIdentityStep } from './identity.js';
import type { ResourceModule, SubnetSpec } from './module.js';
import { armResourceStep } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';
import { computeRules } from './support/nsg-rules.js';
import { roleAssignmentsStep, ROLES } from './support/role-assignment.js';
import { modular, rgName, sdkStep } from './support/sdk-step.js';
import { subnetId } from './vnet.js';

const aksEnabled = (env: StepEnv) => env.config.aks.enabled;
/** egress firewall: nodes leave through the hub firewall (route table on the scoring subnet), not a public load balancer. */
const viaFirewall = (env: StepEnv) => env.config.network.egress === 'firewall';

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
  dependsOn: ['aks-identity', 'vnet', 'egress-route-table'],
  enabled: aksEnabled,
  scopeId: (ctx) => subnetId(ctx.env, 'scoring'),
  // With outboundType userDefinedRouting the cluster identity also manages the subnet's route table
  // (https://learn.microsoft.com/azure/aks/egress-udr: "requires permissions on the route table").
  assignments: (ctx) => [
    { scope: subnetId(ctx.env, 'scoring'), role: ROLES.networkContributor, principalId: ctx.outputs('aks-identity').principalId, principalType: 'ServicePrincipal' },
    ...(viaFirewall(ctx.env) ? [{ scope: ctx.outputs('egress-route-table').id, role: ROLES.networkContributor, principalId: ctx.outputs('aks-identity').principalId, principalType: 'ServicePrincipal' as const }] : []),
  ],
});

// The container service client is pinned to 2026-04-01 (src/azure/clients.ts), the version of the
// spec in the repo and of the simulator.
const base = sdkStep<ContainerServiceClient, ManagedCluster, ManagedCluster>({
  id: 'aks',
  title: 'Private AKS cluster (Azure CNI)',
  // The route to the firewall (and its rules) must be in place before the nodes boot: AKS checks
  // egress while provisioning (https://learn.microsoft.com/azure/aks/egress-outboundtype).
  dependsOn: ['resource-group', 'vnet', 'aks-identity', 'aks-network-role', 'egress-route-association', 'firewall-rules', 'firewall-rules-existing'],
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
      // Local accounts stay on: the Azure ML extension "doesn't support disabling local accounts for
      // AKS" (Learn how-to-deploy-kubernetes-extension, Limitations; the attach fails with "Getting
      // static credential is not allowed", Azure/AML-Kubernetes#261). Entra ID with Azure RBAC stays
      // on, and the API server is private. Audit records the exemption (policy-exemptions.ts).
      disableLocalAccounts: false,
      aadProfile: { managed: true, enableAzureRbac: true, tenantID: ctx.env.tenantId },
      apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFqdn: false, disableRunCommand: true },
      agentPoolProfiles: [{
        name: 'system', mode: 'System', type: 'VirtualMachineScaleSets', osType: 'Linux',
        count: config.aks.nodeCount, vmSize: config.aks.vmSize, maxPods: 30,
        vnetSubnetID: subnetId(ctx.env, 'scoring'), enableNodePublicIP: false, enableEncryptionAtHost: true,
      }],
      networkProfile: { networkPlugin: 'azure', networkPolicy: 'azure', loadBalancerSku: 'standard', outboundType: viaFirewall(ctx.env) ? 'userDefinedRouting' : 'loadBalancer', serviceCidr, dnsServiceIP },
      addonProfiles: { azurepolicy: { enabled: true } },
    };
  },
  read: (c, env) => c.managedClusters.get(rgName(env), env.names.aks),
  put: async (c, env, body, o) => modular(o.resumeFrom
    ? (await import('@azure/arm-containerservice')).restorePoller(c, o.resumeFrom, c.managedClusters.createOrUpdate, o)
    : c.managedClusters.createOrUpdate(rgName(env), env.names.aks, body, o)),
  del: (c, env, o) => c.managedClusters.delete(rgName(env), env.names.aks, o),
  outputs: (o) => ({ privateFqdn: o.privateFqdn ?? '', kubernetesVersion: o.currentKubernetesVersion ?? o.kubernetesVersion ?? '', kubeletObjectId: o.identityProfile?.kubeletidentity?.objectId ?? '' }),
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
const EXTENSION = 'azureml';

// The Azure ML extension on the cluster, then a Kubernetes compute (the supported way; the v1 "AKS"
// attach belongs to SDK/CLI v1). https://learn.microsoft.com/azure/machine-learning/how-to-deploy-kubernetes-extension
// Generic client: no SDK on the design card covers Microsoft.KubernetesConfiguration.
const extensionId = (env: StepEnv) => `${ids.aks(env)}/providers/Microsoft.KubernetesConfiguration/extensions/${EXTENSION}`;

/** The scoring front end's certificate and key: write-only protected settings, added at send time so no plan, diff or log shows them. */
function protectedTls(env: StepEnv): Record<string, string> {
  const tls = env.config.aks.tls;
  if (!tls) return {};
  return {
    'scoringFe.sslCert': readFileSync(tls.certFile).toString('base64'),
    'scoringFe.sslKey': readFileSync(tls.keyFile).toString('base64'),
  };
}

// The nodes pull model images from the private registry as the kubelet identity (the admin user is off).
const kubeletAcrPullStep = roleAssignmentsStep({
  id: 'aks-acr-pull',
  title: 'AcrPull on the registry for the AKS kubelet identity',
  dependsOn: ['aks', 'registry'],
  enabled: aksEnabled,
  scopeId: (ctx) => ids.registry(ctx.env),
  assignments: (ctx) => [{ scope: ids.registry(ctx.env), role: ROLES.acrPull, principalId: ctx.outputs('aks').kubeletObjectId, principalType: 'ServicePrincipal' }],
});

const extensionBase = armResourceStep({
  id: 'aks-azureml-extension',
  title: 'Azure ML extension on AKS (inference, internal load balancer, HTTPS)',
  dependsOn: ['aks'],
  enabled: aksEnabled,
  apiVersion: API.kubernetesExtensions,
  typicalSeconds: 300,
  resourceId: extensionId,
  body: (ctx) => {
    const { config } = ctx.env;
    return {
      identity: { type: 'SystemAssigned' },
      properties: {
        extensionType: 'microsoft.azureml.kubernetes',
        autoUpgradeMinorVersion: true,
        releaseTrain: 'stable',
        scope: { cluster: { releaseNamespace: 'azureml' } },
        configurationSettings: {
          enableTraining: 'False',
          enableInference: 'True',
          inferenceRouterServiceType: 'LoadBalancer',
          internalLoadBalancerProvider: 'azure',
          allowInsecureConnections: 'False',
          sslCname: config.aks.tls?.cname ?? '',
          // Three router replicas need three nodes (Learn: inferenceRouterHA).
          inferenceRouterHA: config.aks.nodeCount >= 3 ? 'True' : 'False',
        },
      },
    };
  },
});

const extensionStep: typeof extensionBase = {
  ...extensionBase,
  apply: async (ctx, desired, observed) => {
    const body = { ...desired, properties: { ...desired.properties, configurationProtectedSettings: protectedTls(ctx.env) } };
    return extensionBase.apply(ctx, body, observed);
  },
};

const kubernetesComputeBase = armResourceStep({
  id: 'aks-compute',
  title: 'AKS as the workspace\'s Kubernetes compute',
  dependsOn: ['workspace', 'aks-azureml-extension', 'aks-acr-pull'],
  enabled: aksEnabled,
  apiVersion: API.workspace,
  typicalSeconds: 60,
  resourceId: (env) => ids.compute(env, AKS_COMPUTE_NAME),
  body: (ctx) => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    identity: { type: 'SystemAssigned' },
    properties: {
      computeType: 'Kubernetes',
      resourceId: ids.aks(ctx.env),
      description: 'Real-time scoring (secure-aml)',
      disableLocalAuth: true,
      properties: { namespace: 'azureml', defaultInstanceType: 'defaultinstancetype' },
    },
  }),
});

const kubernetesComputeStep: typeof kubernetesComputeBase = {
  ...kubernetesComputeBase,
  // Detach only: the cluster and its extension are the aks steps' to delete.
  remove: async (ctx) => {
    const id = ids.compute(ctx.env, AKS_COMPUTE_NAME);
    await deleteWithQuery(ctx.env.clients, id, API.workspace, '&underlyingResourceAction=Detach', {
      pollMs: ctx.env.pollIntervalMs ?? 10_000, signal: ctx.signal, timeScale: ctx.env.timeScale,
      writeAhead: () => ctx.pending({ operation: 'delete', resourceId: id }),
    });
  },
};

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
  nsgRules: (c) => computeRules(c.location, { publicIpCompute: c.network.computePublicIp, storage: false, viaFirewall: c.network.egress === 'firewall' }),
};

export const config = {
  aks: z
    .strictObject({
      enabled: bool('Create a private AKS cluster in the scoring subnet (internal load balancer) with the Azure ML extension, for online inference. Off unless set: it needs your TLS certificate (aks.tls).', false),
      name: resourceName('aks', 'AKS cluster name (default aks-<name>-<environment>).').optional(),
      vmSize: vmSize('Standard_D4s_v3', 'VM size of the AKS nodes.'),
      nodeCount: int(1, 100).default(3).describe('Number of AKS nodes (1-100; 3 recommended for production).'),
      tls: z
        .strictObject({
          cname: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, { error: (iss) => `${JSON.stringify(iss.input)} is not a host name (e.g. scoring.contoso.internal)` })
            .describe('Host name the scoring endpoint answers to (the certificate\'s CN or SAN).'),
          certFile: z.string().min(1).describe('PEM certificate of the scoring front end (relative to the config file).'),
          keyFile: z.string().min(1).describe('PEM private key of that certificate (relative to the config file); sent only as a protected setting, never shown or stored.'),
        })
        .optional()
        .describe('HTTPS for the scoring endpoint: the extension refuses allowInsecureConnections without it (Learn how-to-deploy-kubernetes-extension, sslCname/sslCertPemFile/sslKeyPemFile).'),
    })
    .prefault({})
    .describe('Private AKS cluster for scoring.'),
};

export const definition: ResourceModule = {
  id: 'AKS',
  config,
  filePaths: ['aks.tls.certFile', 'aks.tls.keyFile'],
  findings: (c) => {
    if (!c.aks.enabled) return [];
    if (!c.aks.tls) {
      return [{
        path: 'aks.tls',
        message: 'required with aks.enabled: the scoring endpoint serves HTTPS only; give cname, certFile and keyFile (e.g. openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=scoring.contoso.internal -keyout scoring.key -out scoring.crt), or set aks.enabled false',
        involves: ['aks.tls', 'aks.enabled'],
      }];
    }
    return (['certFile', 'keyFile'] as const).filter((k) => !existsSync(c.aks.tls![k])).map((k) => ({
      path: `aks.tls.${k}`, message: `${JSON.stringify(c.aks.tls![k])} does not exist (paths are relative to the config file)`, involves: [`aks.tls.${k}`],
    }));
  },
  names: [{ key: 'aks', kind: 'aks', path: 'aks.name', explicit: (c) => c.aks.name, derive: (c, b) => c.aks.name ?? `aks-${b.name}-${b.environment}` }],
  subnets: [scoringSubnet],
  steps: [aksIdentityStep, aksNetworkRoleStep, aksStep, kubeletAcrPullStep, extensionStep, kubernetesComputeStep],
};
