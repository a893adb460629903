// egress: firewall (the default). A hub VNet peered with the spoke holds Azure Firewall; a route
// table sends the training and scoring subnets' default route to the firewall's private IP; the
// firewall policy allows only what Microsoft documents as required (egress-data.ts) and default-
// denies the rest. Seeds 002 and 004; https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall.
// The firewall takes minutes: it depends only on the hub, its public IP and its policy, so it runs
// beside the vault, storage and workspace; only compute and AKS wait for the route.
import type {
  AzureFirewall, FirewallPolicy, FirewallPolicyRuleCollectionGroup, NetworkManagementClient, PublicIPAddress, RouteTable, VirtualNetwork, VirtualNetworkPeering,
} from '@azure/arm-network';
import { z } from 'zod';
import { carve, contains, overlaps, parseCidr } from '../src/config/cidr.js';
import { cidr, resourceName } from '../src/config/fields.js';
import { type Finding, quote } from '../src/config/problems.js';
import type { Config } from '../src/config/schema.js';
import { type AzureStep, type Ctx, rgId, type StepEnv, tagsFor } from './env.js';
import { diffSubset } from '../src/engine/diff.js';
import { SecureAmlError } from '../src/errors.js';
import { deleteIfExists, readOrUndefined, runLro } from './support/lro.js';
import type { ResourceModule } from './module.js';
import { firewallRuleCollections } from './support/egress-data.js';
import { isBastion } from './access.js';
import { rgName, sdkSetStep, sdkStep, type SetMember } from './support/sdk-step.js';
import { subnetAssociationStep } from './support/subnet-association.js';
import { vnetId } from './vnet.js';

export const FIREWALL_SKUS = ['Basic', 'Standard', 'Premium'] as const;
const FIREWALL_SUBNET = 'AzureFirewallSubnet';
const MANAGEMENT_SUBNET = 'AzureFirewallManagementSubnet';
const RULE_GROUP = 'secure-aml';

const firewallMode = (env: StepEnv) => env.config.network.egress === 'firewall';
/** Our own hub and firewall, or one the organisation already runs (firewall.existingFirewallId). */
const newHub = (env: StepEnv) => firewallMode(env) && !env.config.firewall.existingFirewallId;
const existingHub = (env: StepEnv) => firewallMode(env) && !!env.config.firewall.existingFirewallId;

/** Resource group and name of an ARM id (…/resourceGroups/{rg}/…/{name}). */
function rgAndName(id: string): { rg: string; name: string } {
  const parts = id.split('/');
  const i = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  return { rg: parts[i + 1] ?? '', name: parts[parts.length - 1] ?? '' };
}

/** The firewall step whose outputs (privateIp, hubVnetId) the route and the peering use. */
const firewallStepOf = (env: StepEnv) => (existingHub(env) ? 'firewall-existing' : 'firewall');
const isBasic = (c: Config) => c.firewall.sku === 'Basic';
const net = (env: StepEnv) => `${rgId(env)}/providers/Microsoft.Network`;
const hubId = (env: StepEnv) => `${net(env)}/virtualNetworks/${env.names.hubVnet}`;
const pipId = (env: StepEnv, name: string) => `${net(env)}/publicIPAddresses/${name}`;

/** AzureFirewallSubnet is the hub's first /26; Basic's management subnet the second ("/26 or larger", Learn "Azure Firewall FAQ"). */
export function hubSubnets(c: Config): { firewall?: string; management?: string } {
  const hub = parseCidr(c.firewall.hubAddressSpace);
  if (!hub) return {};
  return { firewall: carve(hub, 26, 0), management: isBasic(c) ? carve(hub, 26, 1) : undefined };
}

const hubVnetStep = sdkStep<NetworkManagementClient, VirtualNetwork, VirtualNetwork>({
  id: 'hub-vnet',
  title: 'Hub virtual network (AzureFirewallSubnet)',
  dependsOn: ['resource-group'],
  enabled: newHub,
  typicalSeconds: 8,
  resourceId: hubId,
  client: (c) => c.network(),
  body: (ctx): VirtualNetwork => {
    const { firewall, management } = hubSubnets(ctx.env.config);
    return {
      location: ctx.env.config.location,
      tags: tagsFor(ctx.env),
      addressSpace: { addressPrefixes: [ctx.env.config.firewall.hubAddressSpace] },
      // No NSG: Azure Firewall subnets do not take one (Learn "Azure Firewall FAQ"). Private subnets:
      // the firewall leaves through its own public IP, never an implicit one (policy "Subnets should be private").
      subnets: [
        { name: FIREWALL_SUBNET, addressPrefix: firewall, defaultOutboundAccess: false },
        ...(management ? [{ name: MANAGEMENT_SUBNET, addressPrefix: management, defaultOutboundAccess: false }] : []),
      ],
    };
  },
  read: (c, env) => c.virtualNetworks.get(rgName(env), env.names.hubVnet),
  put: (c, env, body, o) => c.virtualNetworks.beginCreateOrUpdate(rgName(env), env.names.hubVnet, body, o),
  del: (c, env, o) => c.virtualNetworks.beginDeleteAndWait(rgName(env), env.names.hubVnet, o),
});

const publicIpNames = (env: StepEnv) => [env.names.firewallPublicIp, ...(isBasic(env.config) ? [`${env.names.firewallPublicIp}-mgmt`] : [])];

const firewallPublicIpStep = sdkSetStep<NetworkManagementClient, SetMember<PublicIPAddress>, PublicIPAddress>({
  id: 'firewall-public-ip',
  title: 'Firewall public IP (Standard, static)',
  dependsOn: ['resource-group'],
  enabled: newHub,
  typicalSeconds: 5,
  scopeId: (ctx) => pipId(ctx.env, ctx.env.names.firewallPublicIp),
  members: (ctx) => publicIpNames(ctx.env).map((name) => ({
    id: pipId(ctx.env, name),
    body: { location: ctx.env.config.location, tags: tagsFor(ctx.env), sku: { name: 'Standard', tier: 'Regional' }, publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' },
  })),
  member: (m) => {
    const name = m.id.split('/').pop()!;
    return {
      client: (c) => c.network(),
      read: (c, env) => c.publicIPAddresses.get(rgName(env), name),
      put: (c, env, body, o) => c.publicIPAddresses.beginCreateOrUpdate(rgName(env), name, body, o),
      del: (c, env, o) => c.publicIPAddresses.beginDeleteAndWait(rgName(env), name, o),
    };
  },
});

const firewallPolicyStep = sdkStep<NetworkManagementClient, FirewallPolicy, FirewallPolicy>({
  id: 'firewall-policy',
  title: 'Firewall policy',
  dependsOn: ['resource-group'],
  enabled: newHub,
  typicalSeconds: 10,
  resourceId: (env) => `${net(env)}/firewallPolicies/${env.names.firewallPolicy}`,
  client: (c) => c.network(),
  body: (ctx): FirewallPolicy => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    sku: { tier: ctx.env.config.firewall.sku },
    // Deny known-malicious destinations; Basic offers alert mode only (Learn "Azure Firewall Basic features").
    threatIntelMode: isBasic(ctx.env.config) ? 'Alert' : 'Deny',
  }),
  read: (c, env) => c.firewallPolicies.get(rgName(env), env.names.firewallPolicy),
  put: (c, env, body, o) => c.firewallPolicies.beginCreateOrUpdate(rgName(env), env.names.firewallPolicy, body, o),
  del: (c, env, o) => c.firewallPolicies.beginDeleteAndWait(rgName(env), env.names.firewallPolicy, o),
});

/** The rules this environment needs (egress-data.ts), as one rule collection group. */
function ruleGroupBody(ctx: Ctx): FirewallPolicyRuleCollectionGroup {
  const c = ctx.env.config;
  return {
    priority: 200,
    ruleCollections: firewallRuleCollections({
      region: c.location,
      training: [c.network.subnets.training],
      scoring: c.aks.enabled ? [c.network.subnets.scoring] : undefined,
      jumpbox: isBastion(c) ? { sources: [c.network.subnets.jumpbox], os: c.access.jumpbox.os } : undefined,
      groups: c.network.outboundGroups,
    }),
  };
}

const firewallRulesStep = sdkStep<NetworkManagementClient, FirewallPolicyRuleCollectionGroup, FirewallPolicyRuleCollectionGroup>({
  id: 'firewall-rules',
  title: 'Firewall rules (Azure ML, AKS, chosen package indexes)',
  dependsOn: ['firewall-policy'],
  enabled: newHub,
  typicalSeconds: 15,
  resourceId: (env) => `${net(env)}/firewallPolicies/${env.names.firewallPolicy}/ruleCollectionGroups/${RULE_GROUP}`,
  client: (c) => c.network(),
  body: ruleGroupBody,
  read: (c, env) => c.firewallPolicyRuleCollectionGroups.get(rgName(env), env.names.firewallPolicy, RULE_GROUP),
  put: (c, env, body, o) => c.firewallPolicyRuleCollectionGroups.beginCreateOrUpdate(rgName(env), env.names.firewallPolicy, RULE_GROUP, body, o),
  del: (c, env, o) => c.firewallPolicyRuleCollectionGroups.beginDeleteAndWait(rgName(env), env.names.firewallPolicy, RULE_GROUP, o),
});

const firewallStep = sdkStep<NetworkManagementClient, AzureFirewall, AzureFirewall>({
  id: 'firewall',
  title: 'Azure Firewall in the hub',
  dependsOn: ['hub-vnet', 'firewall-public-ip', 'firewall-policy', 'firewall-rules'],
  enabled: newHub,
  typicalSeconds: 360,
  resourceId: (env) => `${net(env)}/azureFirewalls/${env.names.firewall}`,
  client: (c) => c.network(),
  body: (ctx): AzureFirewall => {
    const env = ctx.env;
    const subnet = (name: string) => ({ id: `${hubId(env)}/subnets/${name}` });
    return {
      location: env.config.location,
      tags: tagsFor(env),
      sku: { name: 'AZFW_VNet', tier: env.config.firewall.sku },
      firewallPolicy: { id: ctx.outputs('firewall-policy').id },
      ipConfigurations: [{ name: 'ipconfig', subnet: subnet(FIREWALL_SUBNET), publicIPAddress: { id: pipId(env, env.names.firewallPublicIp) } }],
      // Basic needs a management NIC in its own subnet with its own public IP (Learn "Deploy and configure Azure Firewall Basic").
      ...(isBasic(env.config) ? { managementIpConfiguration: { name: 'mgmt', subnet: subnet(MANAGEMENT_SUBNET), publicIPAddress: { id: pipId(env, `${env.names.firewallPublicIp}-mgmt`) } } } : {}),
    };
  },
  read: (c, env) => c.azureFirewalls.get(rgName(env), env.names.firewall),
  put: (c, env, body, o) => c.azureFirewalls.beginCreateOrUpdate(rgName(env), env.names.firewall, body, o),
  del: (c, env, o) => c.azureFirewalls.beginDeleteAndWait(rgName(env), env.names.firewall, o),
  outputs: (o) => ({ privateIp: o.ipConfigurations?.[0]?.privateIPAddress ?? '' }),
});

/** An organisation's hub firewall, read only: never changed or deleted by secure-aml. */
const existingFirewallStep: AzureStep<Record<string, never>, AzureFirewall> = {
  id: 'firewall-existing',
  title: 'Existing hub firewall (read only)',
  dependsOn: [],
  enabled: existingHub,
  attachment: true,
  resourceId: (ctx) => ctx.env.config.firewall.existingFirewallId!,
  desired: () => ({}),
  read: async (ctx) => {
    const { rg, name } = rgAndName(ctx.env.config.firewall.existingFirewallId!);
    return readOrUndefined(async () => (await ctx.env.clients.network()).azureFirewalls.get(rg, name));
  },
  diff: (_d, observed) => (observed ? [] : [{ path: '(resource)', kind: 'add', after: {} }]),
  preflight: async (ctx) => {
    const id = ctx.env.config.firewall.existingFirewallId!;
    if (!id.toLowerCase().startsWith(`/subscriptions/${ctx.env.subscriptionId.toLowerCase()}/`)) {
      return [{ path: 'firewall.existingFirewallId', message: `${quote(id)} is in another subscription; secure-aml peers and routes within one subscription: give a firewall in ${ctx.env.subscriptionId}` }];
    }
    const { rg, name } = rgAndName(id);
    const fw = await readOrUndefined(async () => (await ctx.env.clients.network()).azureFirewalls.get(rg, name));
    if (!fw) return [{ path: 'firewall.existingFirewallId', message: `${quote(id)} does not exist (or is not readable with this identity)` }];
    if (!fw.firewallPolicy?.id) return [{ path: 'firewall.existingFirewallId', message: `${quote(id)} has no firewall policy; secure-aml adds its rule collection group to the firewall's policy (classic rules are not supported)` }];
    return [];
  },
  apply: async (ctx) => { throw new SecureAmlError(`The existing firewall ${ctx.env.config.firewall.existingFirewallId} was not found; check firewall.existingFirewallId.`); },
  remove: async () => {},
  outputs: (o, ctx) => {
    const subnet = o.ipConfigurations?.[0]?.subnet?.id ?? '';
    return {
      id: o.id ?? ctx.env.config.firewall.existingFirewallId!,
      privateIp: o.ipConfigurations?.[0]?.privateIPAddress ?? '',
      hubVnetId: subnet.slice(0, subnet.toLowerCase().lastIndexOf('/subnets/')),
      policyId: o.firewallPolicy?.id ?? '',
    };
  },
};

/** secure-aml's rule collection group in the existing firewall's policy (removed again by teardown). */
const existingRulesName = (env: StepEnv) => `secure-aml-${env.config.name}-${env.config.environment}`;
const existingPolicy = (ctx: Ctx) => rgAndName(ctx.outputs('firewall-existing').policyId);

const existingFirewallRulesStep: AzureStep<FirewallPolicyRuleCollectionGroup, FirewallPolicyRuleCollectionGroup> = {
  id: 'firewall-rules-existing',
  title: 'Rules for this environment in the existing firewall policy',
  dependsOn: ['firewall-existing'],
  enabled: existingHub,
  typicalSeconds: 15,
  resourceId: (ctx) => `${ctx.outputs('firewall-existing').policyId}/ruleCollectionGroups/${existingRulesName(ctx.env)}`,
  desired: (ctx) => ({ ...ruleGroupBody(ctx), priority: ctx.env.config.firewall.ruleCollectionGroupPriority }),
  read: async (ctx) => {
    const { rg, name } = existingPolicy(ctx);
    return readOrUndefined(async () => (await ctx.env.clients.network()).firewallPolicyRuleCollectionGroups.get(rg, name, existingRulesName(ctx.env)));
  },
  diff: (desired, observed) => (observed ? diffSubset(desired, { priority: observed.priority, ruleCollections: observed.ruleCollections }) : [{ path: '(resource)', kind: 'add', after: desired }]),
  apply: async (ctx, desired, observed) => {
    const { rg, name } = existingPolicy(ctx);
    const client = await ctx.env.clients.network();
    return runLro(ctx, observed ? 'update' : 'create', `${ctx.outputs('firewall-existing').policyId}/ruleCollectionGroups/${existingRulesName(ctx.env)}`,
      (o) => client.firewallPolicyRuleCollectionGroups.beginCreateOrUpdate(rg, name, existingRulesName(ctx.env), desired, o));
  },
  remove: async (ctx) => {
    const { rg, name } = existingPolicy(ctx);
    const client = await ctx.env.clients.network();
    await deleteIfExists(async () => client.firewallPolicyRuleCollectionGroups.beginDeleteAndWait(rg, name, existingRulesName(ctx.env), { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal }));
  },
  outputs: (o, ctx) => ({ id: o.id ?? `${ctx.outputs('firewall-existing').policyId}/ruleCollectionGroups/${existingRulesName(ctx.env)}` }),
};

const peeringToHub = 'peer-to-hub';
const peeringToSpoke = (env: StepEnv) => `peer-to-${env.names.vnet}`;

const hubPeeringStep = sdkSetStep<NetworkManagementClient, SetMember<VirtualNetworkPeering>, VirtualNetworkPeering>({
  id: 'hub-peering',
  title: 'VNet peering, spoke ⇄ hub',
  dependsOn: ['vnet', 'hub-vnet', 'firewall-existing'],
  enabled: firewallMode,
  typicalSeconds: 10,
  scopeId: (ctx) => `${vnetId(ctx.env)}/virtualNetworkPeerings/${peeringToHub}`,
  // Forwarded traffic allowed both ways: spoke flows reach the internet through the firewall and its
  // answers come back forwarded by it.
  members: (ctx) => {
    const hub = existingHub(ctx.env) ? ctx.outputs('firewall-existing').hubVnetId : hubId(ctx.env);
    return [
      { id: `${vnetId(ctx.env)}/virtualNetworkPeerings/${peeringToHub}`, body: { remoteVirtualNetwork: { id: hub }, allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: false } },
      { id: `${hub}/virtualNetworkPeerings/${peeringToSpoke(ctx.env)}`, body: { remoteVirtualNetwork: { id: vnetId(ctx.env) }, allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: false } },
    ];
  },
  member: (m) => {
    // The hub side may live in another resource group (an existing hub).
    const vnetIdOfPeering = m.id.slice(0, m.id.toLowerCase().lastIndexOf('/virtualnetworkpeerings/'));
    const { rg, name: vnet } = rgAndName(vnetIdOfPeering);
    const name = m.id.split('/').pop()!;
    return {
      client: (c) => c.network(),
      read: (c) => c.virtualNetworkPeerings.get(rg, vnet, name),
      put: (c, _env, body, o) => c.virtualNetworkPeerings.beginCreateOrUpdate(rg, vnet, name, body, o),
      del: (c, _env, o) => c.virtualNetworkPeerings.beginDeleteAndWait(rg, vnet, name, o),
    };
  },
});

const routeTableStep = sdkStep<NetworkManagementClient, RouteTable, RouteTable>({
  id: 'egress-route-table',
  title: 'Route table: default route to the firewall',
  dependsOn: ['resource-group', 'firewall', 'firewall-existing'],
  enabled: firewallMode,
  typicalSeconds: 8,
  resourceId: (env) => `${net(env)}/routeTables/${env.names.routeTable}`,
  client: (c) => c.network(),
  body: (ctx): RouteTable => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    // No learned route may bypass the firewall.
    disableBgpRoutePropagation: true,
    routes: [{ name: 'default-to-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: ctx.outputs(firewallStepOf(ctx.env)).privateIp }],
  }),
  read: (c, env) => c.routeTables.get(rgName(env), env.names.routeTable),
  put: (c, env, body, o) => c.routeTables.beginCreateOrUpdate(rgName(env), env.names.routeTable, body, o),
  del: (c, env, o) => c.routeTables.beginDeleteAndWait(rgName(env), env.names.routeTable, o),
});

/** The subnets whose traffic leaves through the chosen egress: training, scoring when AKS is on, the jumpbox's with Bastion. */
export const egressSubnets = (env: StepEnv) => ['training', ...(env.config.aks.enabled ? ['scoring'] : []), ...(isBastion(env.config) ? ['jumpbox'] : [])];

const routeAssociationStep = subnetAssociationStep({
  id: 'egress-route-association',
  title: 'Route table on the compute subnets',
  // Compute waits on this: the rules must be in the policy before traffic takes the route.
  dependsOn: ['vnet', 'egress-route-table', 'hub-peering', 'firewall-rules-existing'],
  enabled: firewallMode,
  subnets: egressSubnets,
  property: 'routeTable',
  value: (ctx) => ({ id: ctx.outputs('egress-route-table').id }),
});

// ---- module ----
export const config = {
  firewall: z
    .strictObject({
      sku: z.enum(FIREWALL_SKUS, { error: (iss) => `${quote(iss.input)} is not an Azure Firewall SKU; expected ${FIREWALL_SKUS.join(', ')}` }).default('Standard')
        .describe('Azure Firewall tier (network.egress firewall). Standard (default, ~USD 900/month + data); Basic (~USD 300/month, up to 250 Mbit/s, threat intelligence alert only); Premium (TLS inspection, IDPS, ~USD 1,300/month).'),
      hubAddressSpace: cidr('10.100.0.0/24', 'Hub VNet address space: AzureFirewallSubnet is its first /26 (Basic also uses the second /26 for AzureFirewallManagementSubnet). Must not overlap network.addressSpace.'),
      name: resourceName('networkResource', 'Azure Firewall name (default afw-<name>-<environment>).').optional(),
      existingFirewallId: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/azureFirewalls\/[^/]+$/i, {
        error: (iss) => `${quote(iss.input)} is not an Azure Firewall id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/azureFirewalls/<name>)`,
      }).optional()
        .describe('Use the hub firewall your organisation already runs (same subscription, with a firewall policy) instead of creating one: secure-aml peers with its VNet, routes to it and adds one rule collection group to its policy; it never changes or deletes the firewall.'),
      ruleCollectionGroupPriority: z.number().int().min(100).max(65000).default(500)
        .describe('Priority of secure-aml\'s rule collection group in an existing firewall policy (100-65000; must not clash with the policy\'s other groups).'),
    })
    .prefault({})
    .describe('Hub VNet and Azure Firewall (network.egress firewall).'),
};

function firewallFindings(c: Config): Finding[] {
  if (c.network.egress !== 'firewall' || c.firewall.existingFirewallId) return [];
  const hub = parseCidr(c.firewall.hubAddressSpace);
  const spoke = parseCidr(c.network.addressSpace);
  if (!hub) return [];
  const out: Finding[] = [];
  const need = isBasic(c) ? 25 : 26;
  if (hub.prefix > need) {
    out.push({ path: 'firewall.hubAddressSpace', message: `${quote(c.firewall.hubAddressSpace)} is too small: AzureFirewallSubnet needs a /26${isBasic(c) ? ' and Basic also AzureFirewallManagementSubnet (/26)' : ''}; use a /${need} or larger`, involves: ['firewall.hubAddressSpace', 'firewall.sku'] });
  }
  if (spoke && (overlaps(hub, spoke) || contains(spoke, hub))) {
    out.push({ path: 'firewall.hubAddressSpace', message: `${quote(c.firewall.hubAddressSpace)} overlaps network.addressSpace (${quote(c.network.addressSpace)}); peered VNets need distinct address spaces`, involves: ['firewall.hubAddressSpace', 'network.addressSpace'] });
  }
  return out;
}

const nr = (key: string, label: string, derive: (c: Config, b: { name: string; environment: string }) => string) =>
  ({ key, kind: 'networkResource' as const, label, derive });

export const definition: ResourceModule = {
  id: 'egress: Azure Firewall',
  config,
  names: [
    nr('hubVnet', 'hub virtual network', (_c, b) => `vnet-${b.name}-${b.environment}-hub`),
    { key: 'firewall', kind: 'networkResource', label: 'Azure Firewall', path: 'firewall.name', explicit: (c) => c.firewall.name, derive: (c, b) => c.firewall.name ?? `afw-${b.name}-${b.environment}` },
    nr('firewallPolicy', 'firewall policy', (_c, b) => `afwp-${b.name}-${b.environment}`),
    nr('firewallPublicIp', 'public IP address', (_c, b) => `pip-afw-${b.name}-${b.environment}`),
    nr('routeTable', 'route table', (_c, b) => `rt-${b.name}-${b.environment}-egress`),
  ],
  findings: firewallFindings,
  steps: [hubVnetStep, firewallPublicIpStep, firewallPolicyStep, firewallRulesStep, firewallStep, existingFirewallStep, existingFirewallRulesStep, hubPeeringStep, routeTableStep, routeAssociationStep],
  summary: ({ state }) => {
    const fw = state.steps.firewall;
    if (fw?.status !== 'done' || !fw.outputs?.privateIp) return [];
    return [{ key: 'egress', json: { mode: 'firewall', firewallPrivateIp: fw.outputs.privateIp }, lines: [`firewall ${fw.outputs.privateIp} (default route of the compute subnets)`] }];
  },
};
