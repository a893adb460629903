// egress: nat. A NAT gateway with one static public IP on the training subnet; the NSG allow-list and
// the service endpoint policy do all the filtering. Weaker than the firewall: NSGs match service
// tags and addresses, never host names, so public package indexes stay closed and AKS is not
// offered ("AKS outbound dependencies are almost entirely defined with FQDNs ... you can't use
// network security groups (NSGs) to lock down the outbound traffic", https://learn.microsoft.com/azure/aks/outbound-rules-control-egress).
// Explicit outbound for private subnets: https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access.
import type { NatGateway, NetworkManagementClient, PublicIPAddress } from '@azure/arm-network';
import { rgId, type StepEnv, tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { rgName, sdkStep } from './support/sdk-step.js';
import { subnetAssociationStep } from './support/subnet-association.js';

const natMode = (env: StepEnv) => env.config.network.egress === 'nat';
const net = (env: StepEnv) => `${rgId(env)}/providers/Microsoft.Network`;

const natPublicIpStep = sdkStep<NetworkManagementClient, PublicIPAddress, PublicIPAddress>({
  id: 'nat-public-ip',
  title: 'NAT gateway public IP (Standard, static)',
  dependsOn: ['resource-group'],
  enabled: natMode,
  typicalSeconds: 5,
  resourceId: (env) => `${net(env)}/publicIPAddresses/${env.names.natPublicIp}`,
  client: (c) => c.network(),
  body: (ctx): PublicIPAddress => ({ location: ctx.env.config.location, tags: tagsFor(ctx.env), sku: { name: 'Standard', tier: 'Regional' }, publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' }),
  read: (c, env) => c.publicIPAddresses.get(rgName(env), env.names.natPublicIp),
  put: (c, env, body, o) => c.publicIPAddresses.beginCreateOrUpdate(rgName(env), env.names.natPublicIp, body, o),
  del: (c, env, o) => c.publicIPAddresses.beginDeleteAndWait(rgName(env), env.names.natPublicIp, o),
  outputs: (o) => ({ ipAddress: o.ipAddress ?? '' }),
});

const natGatewayStep = sdkStep<NetworkManagementClient, NatGateway, NatGateway>({
  id: 'nat-gateway',
  title: 'NAT gateway',
  dependsOn: ['resource-group', 'nat-public-ip'],
  enabled: natMode,
  typicalSeconds: 10,
  resourceId: (env) => `${net(env)}/natGateways/${env.names.natGateway}`,
  client: (c) => c.network(),
  body: (ctx): NatGateway => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    sku: { name: 'Standard' },
    idleTimeoutInMinutes: 4,
    publicIpAddresses: [{ id: ctx.outputs('nat-public-ip').id }],
  }),
  read: (c, env) => c.natGateways.get(rgName(env), env.names.natGateway),
  put: (c, env, body, o) => c.natGateways.beginCreateOrUpdate(rgName(env), env.names.natGateway, body, o),
  del: (c, env, o) => c.natGateways.beginDeleteAndWait(rgName(env), env.names.natGateway, o),
});

const natAssociationStep = subnetAssociationStep({
  id: 'nat-association',
  title: 'NAT gateway on the training subnet',
  dependsOn: ['vnet', 'nat-gateway'],
  enabled: natMode,
  subnets: () => ['training'],
  property: 'natGateway',
  value: (ctx) => ({ id: ctx.outputs('nat-gateway').id }),
});

// ---- module ----
export const definition: ResourceModule = {
  id: 'egress: NAT gateway',
  names: [
    { key: 'natGateway', kind: 'networkResource', label: 'NAT gateway', derive: (_c, b) => `ng-${b.name}-${b.environment}` },
    { key: 'natPublicIp', kind: 'networkResource', label: 'public IP address', derive: (_c, b) => `pip-ng-${b.name}-${b.environment}` },
  ],
  findings: (c) => {
    if (c.network.egress !== 'nat') return [];
    const out = [];
    if (c.aks.enabled) {
      out.push({
        path: 'network.egress',
        message: '"nat" cannot carry AKS: its required outbound is defined by host names, which NSGs cannot filter, so the scoring subnet would be open to the internet; use egress firewall, or set aks.enabled false',
        involves: ['network.egress', 'aks.enabled'],
      });
    }
    if (c.network.outboundGroups.length) {
      out.push({
        path: 'network.outboundGroups',
        message: `${c.network.outboundGroups.join(', ')} need FQDN filtering, which egress "nat" has not (NSGs match addresses and service tags only); use egress firewall or managed, or remove them`,
        involves: ['network.outboundGroups', 'network.egress'],
      });
    }
    return out;
  },
  steps: [natPublicIpStep, natGatewayStep, natAssociationStep],
  summary: ({ state }) => {
    const ip = state.steps['nat-public-ip'];
    if (ip?.status !== 'done' || !ip.outputs?.ipAddress) return [];
    return [{ key: 'egress', json: { mode: 'nat', publicIp: ip.outputs.ipAddress }, lines: [`NAT gateway, outbound address ${ip.outputs.ipAddress} (allow it in the firewalls of services compute calls)`] }];
  },
};
