// Private endpoints in the private-endpoint subnet, each with a DNS zone group that writes its A
// records into the right zones: workspace (amlworkspace), storage (blob, file), vault, registry.
import type { NetworkManagementClient, PrivateDnsZoneGroup, PrivateEndpoint } from '@azure/arm-network';
import { type StepEnv, tagsFor } from './env.js';
import type { ResourceModule, SubnetSpec } from './module.js';
import { ids } from './support/ids.js';
import { privateEndpointRules } from './support/nsg-rules.js';
import { conditionalForwarders, zonesFor, zoneStepId } from './support/private-dns.js';
import { rgName, sdkPairStep } from './support/sdk-step.js';
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
  // After the scope holds Log Analytics and App Insights, so their ingestion names get records.
  { key: 'monitor', targetStep: 'monitor-scoped-resources', target: ids.privateLinkScope, group: 'azuremonitor' },
];

const endpointName = (env: StepEnv, key: string) => `pe-${env.config.name}-${env.config.environment}-${key}`;

/** The FQDN → private IP pairs of an endpoint, as ARM reports them (for the summary and hosts file). */
function dnsRecordsOf(pe: PrivateEndpoint): { fqdn: string; ip: string }[] {
  const configs = pe.customDnsConfigs ?? [];
  return configs.flatMap((c) => (c.fqdn ? (c.ipAddresses ?? []).map((ip) => ({ fqdn: c.fqdn!, ip })) : []));
}

const ZONE_GROUP = 'default';

const privateEndpointSteps = ENDPOINTS.map((e) => {
  const zones = zonesFor(e.group);
  const name = (env: StepEnv) => endpointName(env, e.key);
  return sdkPairStep<NetworkManagementClient, PrivateEndpoint, PrivateEndpoint, NetworkManagementClient, PrivateDnsZoneGroup, PrivateDnsZoneGroup>({
    id: `pe-${e.key}`,
    title: `Private endpoint ${e.key} (${e.group})`,
    dependsOn: ['vnet', e.targetStep, ...zones.map(zoneStepId)],
    typicalSeconds: 35,
    parent: {
      resourceId: (env) => ids.privateEndpoint(env, name(env)),
      client: (c) => c.network(),
      body: (ctx): PrivateEndpoint => ({
        location: ctx.env.config.location,
        tags: tagsFor(ctx.env),
        subnet: { id: subnetId(ctx.env, 'privateEndpoints') },
        privateLinkServiceConnections: [{ name: name(ctx.env), privateLinkServiceId: e.target(ctx.env), groupIds: [e.group] }],
      }),
      read: (c, env) => c.privateEndpoints.get(rgName(env), name(env)),
      put: (c, env, body, o) => c.privateEndpoints.beginCreateOrUpdate(rgName(env), name(env), body, o),
      del: (c, env, o) => c.privateEndpoints.beginDeleteAndWait(rgName(env), name(env), o),
    },
    child: {
      resourceId: (env) => `${ids.privateEndpoint(env, name(env))}/privateDnsZoneGroups/${ZONE_GROUP}`,
      client: (c) => c.network(),
      body: (ctx): PrivateDnsZoneGroup => ({
        privateDnsZoneConfigs: zones.map((zone) => ({ name: zone.replace(/\./g, '-'), privateDnsZoneId: ids.privateDnsZone(ctx.env, zone) })),
      }),
      read: (c, env) => c.privateDnsZoneGroups.get(rgName(env), name(env), ZONE_GROUP),
      put: (c, env, body, o) => c.privateDnsZoneGroups.beginCreateOrUpdate(rgName(env), name(env), ZONE_GROUP, body, o),
      del: (c, env, o) => c.privateDnsZoneGroups.beginDeleteAndWait(rgName(env), name(env), ZONE_GROUP, o),
    },
    outputs: (pe) => ({ dns: JSON.stringify(dnsRecordsOf(pe)) }),
  });
});

// ---- module ----
/** The subnet every private endpoint lives in: reachable from inside the VNet only. */
const privateEndpointsSubnet: SubnetSpec = {
  key: 'privateEndpoints',
  name: 'snet-pe',
  nsgKey: 'private-endpoints',
  nsgNameSuffix: 'pe',
  defaultCidr: '10.0.3.0/24',
  minPrefix: 28,
  purpose: 'private endpoints',
  description: 'Subnet for the private endpoints of the workspace, storage, key vault and registry (/28 or larger).',
  nsgRules: () => privateEndpointRules(),
};

interface EndpointRecord { endpoint: string; fqdn: string; ip: string }

export const definition: ResourceModule = {
  id: 'private endpoints',
  subnets: [privateEndpointsSubnet],
  steps: privateEndpointSteps,
  // What a user needs to reach the private workspace: each endpoint's FQDNs and private IPs, and the
  // hosts-file lines a VPN user without a DNS forwarder needs (seed 001 §4).
  summary: ({ state, env }) => {
    const records: EndpointRecord[] = [];
    for (const step of privateEndpointSteps) {
      const rec = state.steps[step.id];
      if (rec?.status !== 'done' || !rec.outputs?.dns) continue;
      for (const r of JSON.parse(rec.outputs.dns) as { fqdn: string; ip: string }[]) records.push({ endpoint: step.id.replace(/^pe-/, ''), ...r });
    }
    if (!records.length) return [];
    records.sort((a, b) => a.endpoint.localeCompare(b.endpoint) || a.fqdn.localeCompare(b.fqdn));
    // A hosts file cannot hold wildcards (the inference endpoint): those need the private DNS zone.
    const hosts = records.filter((p) => !p.fqdn.startsWith('*')).map((p) => `${p.ip.padEnd(15)} ${p.fqdn}`);
    // Each compute instance answers at <name>.<region>.instances.azureml.ms on the workspace endpoint's
    // address (Learn how-to-custom-dns, hosts file example).
    const region = env.config.location.toLowerCase();
    const api = records.find((r) => r.fqdn.toLowerCase().endsWith(`.workspace.${region}.api.azureml.ms`));
    if (api) for (const ci of env.config.compute.instances) hosts.push(`${api.ip.padEnd(15)} ${ci.name}.${region}.instances.azureml.ms`);
    const forwarders = conditionalForwarders();
    return [
      { key: 'privateEndpoints', json: records, lines: records.map((p) => `${p.endpoint.padEnd(9)} ${p.ip.padEnd(15)} ${p.fqdn}`) },
      { key: 'hostsFile', json: hosts, lines: hosts },
      {
        key: 'dnsForwarders',
        json: forwarders.map((f) => ({ ...f, forwardTo: 'a DNS server in the VNet that asks Azure DNS (168.63.129.16)' })),
        lines: [
          'With your own DNS servers, forward these zones (conditional forwarders) to a DNS server in the VNet',
          'that asks Azure DNS (168.63.129.16); the hosts-file lines above are then not needed:',
          ...forwarders.map((f) => `  ${f.zone}`),
        ],
      },
    ];
  },
};
