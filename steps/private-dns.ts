// One private DNS zone per private-link service, each linked to the VNet so names resolve to
// private endpoint addresses inside it (and, through a DNS forwarder, for VPN users). Private DNS
// client 3.2.0: it sends 2020-06-01, the version of the contract's spec and the simulator.
import type { PrivateDnsManagementClient, PrivateZone, VirtualNetworkLink } from '@azure/arm-privatedns';
import { type StepEnv, tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { ids } from './support/ids.js';
import { PRIVATE_DNS_ZONES, zoneStepId } from './support/private-dns.js';
import { rgName, sdkPairStep } from './support/sdk-step.js';
import { vnetId } from './vnet.js';

const linkName = (env: StepEnv) => `${env.names.vnet}-link`;

const privateDnsSteps = PRIVATE_DNS_ZONES.map(({ zone }) =>
  sdkPairStep<PrivateDnsManagementClient, PrivateZone, PrivateZone, PrivateDnsManagementClient, VirtualNetworkLink, VirtualNetworkLink>({
    id: zoneStepId(zone),
    title: `Private DNS zone ${zone}`,
    dependsOn: ['resource-group', 'vnet'],
    typicalSeconds: 95,
    parent: {
      resourceId: (env) => ids.privateDnsZone(env, zone),
      client: (c) => c.privateDns(),
      body: (ctx): PrivateZone => ({ location: 'global', tags: tagsFor(ctx.env) }),
      read: (c, env) => c.privateZones.get(rgName(env), zone),
      put: (c, env, body, o) => c.privateZones.beginCreateOrUpdate(rgName(env), zone, body, o),
      del: (c, env, o) => c.privateZones.beginDeleteAndWait(rgName(env), zone, o),
    },
    child: {
      resourceId: (env) => `${ids.privateDnsZone(env, zone)}/virtualNetworkLinks/${linkName(env)}`,
      client: (c) => c.privateDns(),
      body: (ctx): VirtualNetworkLink => ({
        location: 'global',
        tags: tagsFor(ctx.env),
        virtualNetwork: { id: vnetId(ctx.env) },
        registrationEnabled: false,
      }),
      read: (c, env) => c.virtualNetworkLinks.get(rgName(env), zone, linkName(env)),
      put: (c, env, body, o) => c.virtualNetworkLinks.beginCreateOrUpdate(rgName(env), zone, linkName(env), body, o),
      del: (c, env, o) => c.virtualNetworkLinks.beginDeleteAndWait(rgName(env), zone, linkName(env), o),
    },
  }),
);

// ---- module ----
export const definition: ResourceModule = { id: 'private DNS zones', steps: privateDnsSteps };
