// One private DNS zone per private-link service, each linked to the VNet so names resolve to
// private endpoint addresses inside it (and, through a DNS forwarder, for VPN users).
import { tagsFor } from './env.js';
import { armPairStep } from './support/arm-pair.js';
import { API, ids } from './support/ids.js';
import { PRIVATE_DNS_ZONES, zoneStepId } from './support/private-dns.js';
import { vnetId } from './vnet.js';

export const privateDnsSteps = PRIVATE_DNS_ZONES.map(({ zone }) =>
  armPairStep({
    id: zoneStepId(zone),
    title: `Private DNS zone ${zone}`,
    dependsOn: ['resource-group', 'vnet'],
    typicalSeconds: 95,
    apiVersion: API.privateDns,
    parentId: (ctx) => ids.privateDnsZone(ctx.env, zone),
    childId: (ctx) => `${ids.privateDnsZone(ctx.env, zone)}/virtualNetworkLinks/${ctx.env.names.vnet}-link`,
    parent: (ctx) => ({ location: 'global', tags: tagsFor(ctx.env) }),
    child: (ctx) => ({
      location: 'global',
      tags: tagsFor(ctx.env),
      properties: { virtualNetwork: { id: vnetId(ctx.env) }, registrationEnabled: false },
    }),
  }),
);
