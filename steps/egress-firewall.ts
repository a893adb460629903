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
import { rgId, type StepEnv, tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { firewallRuleCollections } from './support/egress-data.js';
import { rgName, sdkSetStep, sdkStep, type SetMember } from './support/sdk-step.js';
import { subnetAssociationStep } from './support/subnet-association.js';
import { vnetId } from './vnet.js';

export const FIREWALL_SKUS = ['Basic', 'Standard', 'Premium'] as const;
const FIREWALL_SUBNET = 'AzureFirewallSubnet';
const MANAGEMENT_SUBNET = 'AzureFirewallManagementSubnet';
const RULE_GROUP = 'secure-aml';

const firewallMode = (env: StepEnv) => env.config.network.egress === 'firewall';
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
  enabled: firewallMode,
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
  enabled: firewallMode,
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
  enabled: firewallMode,
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

const firewallRulesStep = sdkStep<NetworkManagementClient, FirewallPolicyRuleCollectionGroup, FirewallPolicyRuleCollectionGroup>({
  id: 'firewall-rules',
  title: 'Firewall rules (Azure ML, AKS, chosen package indexes)',
  dependsOn: ['firewall-policy'],
  enabled: firewallMode,
  typicalSeconds: 15,
  resourceId: (env) => `${net(env)}/firewallPolicies/${env.names.firewallPolicy}/ruleCollectionGroups/${RULE_GROUP}`,
  client: (c) => c.network(),
  body: (ctx): FirewallPolicyRuleCollectionGroup => {
    const c = ctx.env.config;
    return {
      priority: 200,
      ruleCollections: firewallRuleCollections({
        region: c.location,
        training: [c.network.subnets.training],
        scoring: c.aks.enabled ? [c.network.subnets.scoring] : undefined,
        groups: c.network.outboundGroups,
      }),
    };
  },
  read: (c, env) => c.firewallPolicyRuleCollectionGroups.get(rgName(env), env.names.firewallPolicy, RULE_GROUP),
  put: (c, env, body, o) => c.firewallPolicyRuleCollectionGroups.beginCreateOrUpdate(rgName(env), env.names.firewallPolicy, RULE_GROUP, body, o),
  del: (c, env, o) => c.firewallPolicyRuleCollectionGroups.beginDeleteAndWait(rgName(env), env.names.firewallPolicy, RULE_GROUP, o),
});

const firewallStep = sdkStep<NetworkManagementClient, AzureFirewall, AzureFirewall>({
  id: 'firewall',
  title: 'Azure Firewall in the hub',
  dependsOn: ['hub-vnet', 'firewall-public-ip', 'firewall-policy', 'firewall-rules'],
  enabled: firewallMode,
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

const peeringToHub = 'peer-to-hub';
const peeringToSpoke = (env: StepEnv) => `peer-to-${env.names.vnet}`;

const hubPeeringStep = sdkSetStep<NetworkManagementClient, SetMember<VirtualNetworkPeering>, VirtualNetworkPeering>({
  id: 'hub-peering',
  title: 'VNet peering, spoke ⇄ hub',
  dependsOn: ['vnet', 'hub-vnet'],
  enabled: firewallMode,
  typicalSeconds: 10,
  scopeId: (ctx) => `${vnetId(ctx.env)}/virtualNetworkPeerings/${peeringToHub}`,
  // Forwarded traffic allowed both ways: spoke flows reach the internet through the firewall and its
  // answers come back forwarded by it.
  members: (ctx) => [
    { id: `${vnetId(ctx.env)}/virtualNetworkPeerings/${peeringToHub}`, body: { remoteVirtualNetwork: { id: hubId(ctx.env) }, allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: false } },
    { id: `${hubId(ctx.env)}/virtualNetworkPeerings/${peeringToSpoke(ctx.env)}`, body: { remoteVirtualNetwork: { id: vnetId(ctx.env) }, allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: false } },
  ],
  member: (m) => {
    const parts = m.id.split('/');
    const vnet = parts[parts.length - 3];
    const name = parts[parts.length - 1];
    return {
      client: (c) => c.network(),
      read: (c, env) => c.virtualNetworkPeerings.get(rgName(env), vnet, name),
      put: (c, env, body, o) => c.virtualNetworkPeerings.beginCreateOrUpdate(rgName(env), vnet, name, body, o),
      del: (c, env, o) => c.virtualNetworkPeerings.beginDeleteAndWait(rgName(env), vnet, name, o),
    };
  },
});

const routeTableStep = sdkStep<NetworkManagementClient, RouteTable, RouteTable>({
  id: 'egress-route-table',
  title: 'Route table: default route to the firewall',
  dependsOn: ['resource-group', 'firewall'],
  enabled: firewallMode,
  typicalSeconds: 8,
  resourceId: (env) => `${net(env)}/routeTables/${env.names.routeTable}`,
  client: (c) => c.network(),
  body: (ctx): RouteTable => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    // No learned route may bypass the firewall.
    disableBgpRoutePropagation: true,
    routes: [{ name: 'default-to-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: ctx.outputs('firewall').privateIp }],
  }),
  read: (c, env) => c.routeTables.get(rgName(env), env.names.routeTable),
  put: (c, env, body, o) => c.routeTables.beginCreateOrUpdate(rgName(env), env.names.routeTable, body, o),
  del: (c, env, o) => c.routeTables.beginDeleteAndWait(rgName(env), env.names.routeTable, o),
});

/** The subnets whose traffic leaves through the chosen egress: training, and scoring when AKS is on. */
export const egressSubnets = (env: StepEnv) => ['training', ...(env.config.aks.enabled ? ['scoring'] : [])];

const routeAssociationStep = subnetAssociationStep({
  id: 'egress-route-association',
  title: 'Route table on the compute subnets',
  dependsOn: ['vnet', 'egress-route-table', 'hub-peering'],
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
    })
    .prefault({})
    .describe('Hub VNet and Azure Firewall (network.egress firewall).'),
};

function firewallFindings(c: Config): Finding[] {
  if (c.network.egress !== 'firewall') return [];
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
  steps: [hubVnetStep, firewallPublicIpStep, firewallPolicyStep, firewallRulesStep, firewallStep, hubPeeringStep, routeTableStep, routeAssociationStep],
  summary: ({ state }) => {
    const fw = state.steps.firewall;
    if (fw?.status !== 'done' || !fw.outputs?.privateIp) return [];
    return [{ key: 'egress', json: { mode: 'firewall', firewallPrivateIp: fw.outputs.privateIp }, lines: [`firewall ${fw.outputs.privateIp} (default route of the compute subnets)`] }];
  },
};
