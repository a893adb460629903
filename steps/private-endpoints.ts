// Private endpoints in the private-endpoint subnet, each with a DNS zone group that writes its A
// records into the right zones: workspace (amlworkspace), storage (blob, file), vault, registry.
import type { GenericResource } from '@azure/arm-resources';
import { tagsFor, type StepEnv } from './env.js';
import { armPairStep } from './support/arm-pair.js';
import { props } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';
import { zonesFor, zoneStepId } from './support/private-dns.js';
import { subnetId } from './vnet.js';

interface EndpointSpec {
  /** Short key: pe-<key> is the step id and part of the endpoint's name. */
  key: string;
  targetStep: string;
  target: (env: StepEnv) => string;
  group: string;
}

const ENDPOINTS: EndpointSpec[] = [
  { key: 'workspace', targetStep: 'workspace', target: ids.workspace, group: 'amlworkspace' },
  { key: 'blob', targetStep: 'storage', target: ids.storage, group: 'blob' },
  { key: 'file', targetStep: 'storage', target: ids.storage, group: 'file' },
  { key: 'vault', targetStep: 'key-vault', target: ids.keyVault, group: 'vault' },
  { key: 'registry', targetStep: 'registry', target: ids.registry, group: 'registry' },
];

export const endpointName = (env: StepEnv, key: string) => `pe-${env.config.name}-${env.config.environment}-${key}`;

/** The FQDN → private IP pairs of an endpoint, as ARM reports them (for the summary and hosts file). */
export function dnsRecordsOf(pe: GenericResource): { fqdn: string; ip: string }[] {
  const configs = (props(pe).customDnsConfigs ?? []) as { fqdn?: string; ipAddresses?: string[] }[];
  return configs.flatMap((c) => (c.fqdn ? (c.ipAddresses ?? []).map((ip) => ({ fqdn: c.fqdn!, ip })) : []));
}

export const privateEndpointSteps = ENDPOINTS.map((e) => {
  const zones = zonesFor(e.group);
  return armPairStep({
    id: `pe-${e.key}`,
    title: `Private endpoint ${e.key} (${e.group})`,
    dependsOn: ['vnet', e.targetStep, ...zones.map(zoneStepId)],
    typicalSeconds: 35,
    apiVersion: API.network,
    parentId: (ctx) => ids.privateEndpoint(ctx.env, endpointName(ctx.env, e.key)),
    childId: (ctx) => `${ids.privateEndpoint(ctx.env, endpointName(ctx.env, e.key))}/privateDnsZoneGroups/default`,
    parent: (ctx) => ({
      location: ctx.env.config.location,
      tags: tagsFor(ctx.env),
      properties: {
        subnet: { id: subnetId(ctx.env, 'privateEndpoints') },
        privateLinkServiceConnections: [{ name: endpointName(ctx.env, e.key), properties: { privateLinkServiceId: e.target(ctx.env), groupIds: [e.group] } }],
      },
    }),
    child: (ctx) => ({
      properties: {
        privateDnsZoneConfigs: zones.map((zone) => ({ name: zone.replace(/\./g, '-'), properties: { privateDnsZoneId: ids.privateDnsZone(ctx.env, zone) } })),
      },
    }),
    outputs: (pe) => ({ dns: JSON.stringify(dnsRecordsOf(pe)) }),
  });
});
